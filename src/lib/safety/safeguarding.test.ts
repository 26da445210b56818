/**
 * Safeguarding rules: each type's direct and indirect wordings, and the ordinary talk that uses the
 * same words. The labelled set (evaluate.test.ts) measures the same rules on more texts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { piecesText } from './arbitraries.test-helpers';
import { findSafeguardingSignals, type SafeguardingType } from './index';

const types = (text: string) => [...new Set(findSafeguardingSignals(text).map((s) => s.type))].sort();

const POSITIVE: [SafeguardingType, string][] = [
	['self_harm', '我不想活了'],
	['self_harm', '活着没意思'],
	['self_harm', '我想消失'],
	['self_harm', '我不想醒来'],
	['self_harm', '没有我，大家会更好'],
	['self_harm', 'I want to disappear'],
	['self_harm', 'nobody would miss me'],
	['self_harm', 'I keep hurting myself'],
	['abuse_at_home', '我爸爸喝醉了就打我'],
	['abuse_at_home', '继父经常踢我'],
	['abuse_at_home', '后妈用衣架打我'],
	['abuse_at_home', 'my stepdad hurts me when he drinks'],
	['abuse_at_home', "I don't feel safe at home"],
	['sexual_abuse', '邻居叔叔摸我的下面'],
	['sexual_abuse', '叔叔给我糖，还不让我告诉妈妈'],
	['sexual_abuse', 'my uncle touches me in places I don’t like'],
	['neglect', '家里没饭吃'],
	['neglect', '没人管我'],
	['neglect', '我经常被锁在门外'],
	['neglect', 'I got locked out again'],
	['bullying', '他们天天打我'],
	['bullying', '抢我的钱'],
	['bullying', '他们勒索我'],
	['bullying', '全班都孤立我'],
	['bullying', 'they take my money'],
	['running_away', '我想离家出走'],
	['running_away', 'I want to run away from home']
];

describe('flags', () => {
	it.each(POSITIVE)('%s: %s', (type, text) => expect(types(text)).toContain(type));
});

describe('does not flag ordinary talk', () => {
	it.each([
		'反对校园欺凌的海报',
		'热死了',
		'笑死我了',
		'累死了',
		'游戏里我的角色死了',
		'我们去打篮球',
		'我喜欢打游戏',
		'我们一起打扫教室',
		'有事打我妈妈电话13912345678',
		'我想死你了，奶奶',
		'我怎么这么热，热死了',
		'摔了一跤，疼得死去活来',
		'历史课讲了项羽自杀的故事',
		'新闻里说有人离家出走了',
		'我家的猫离家出走了',
		'商场跳楼价',
		'学校食堂周末不开，住校生没饭吃',
		'路灯坏了没人管',
		'防性侵讲座',
		'the heat is killing me',
		'my character died in the game',
		'an anti-bullying poster',
		'we learned about a king who killed himself in history',
		'the news said a boy in another city ran away',
		'I got locked out of the computer room',
		'my phone died'
	])('%s', (text) => expect(types(text)).toEqual([]));
});

describe('spans', () => {
	it('are offsets into the original text after full-width characters and emoji', () => {
		const text = '😀😀ＩＮ ＴＨＥ ＥＮＤ： I want to die';
		for (const s of findSafeguardingSignals(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
		expect(types(text)).toEqual(['self_harm']);
	});
	it('full-width English is read as English', () => {
		expect(types('ｔｈｅｙ ｔａｋｅ ｍｙ ｍｏｎｅｙ')).toEqual(['bullying']);
	});
});

describe('properties and bounds', () => {
	const PIECES = ['打我', '不想活', '我', '爸爸', '他们', '海报', '游戏', 'hits me', 'my dad', 'I want to', 'die', '。', '.', ' ', '😀', '想', '死', '家'];
	it('never throws; spans are inside the text', () => {
		fc.assert(
			fc.property(piecesText(PIECES), (text) => {
				return findSafeguardingSignals(text).every((s) => s.start >= 0 && s.end <= text.length && text.slice(s.start, s.end) === s.text);
			}),
			{ numRuns: 300 }
		);
	});
	const N = 10_000;
	for (const [name, text] of Object.entries({
		'打我 repeated': '打我'.repeat(N / 2),
		'用 then 打我': '用'.repeat(N - 2) + '打我',
		'no sentence end': '我'.repeat(N),
		'hits me repeated': 'hits me '.repeat(N / 8),
		'dots': '.'.repeat(N)
	})) {
		it(`bounded on 10,000 characters: ${name}`, () => {
			for (const s of findSafeguardingSignals(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
		});
	}
});
