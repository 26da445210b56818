import { describe, expect, it } from 'vitest';
import { findPersonalDetails, findSafeguardingSignals, screen } from './index';

describe('screen', () => {
	it('screens every named field, with offsets into that field', () => {
		const fields = { title: '请帮帮我', problem: '他们天天打我。电话13912345678', suggestions: '', who_should_act: '老师' };
		const s = screen(fields, { locale: 'zh-CN' });
		expect(s.personalDetails).toEqual([{ field: 'problem', detail: { type: 'phone', start: 9, end: 20, text: '13912345678' } }]);
		expect(s.safeguarding.map((x) => [x.field, x.signal.type])).toEqual([['problem', 'bullying']]);
		for (const { field, detail } of s.personalDetails) expect(fields[field as keyof typeof fields].slice(detail.start, detail.end)).toBe(detail.text);
	});
	it('an empty submission has nothing', () => {
		expect(screen({})).toEqual({ personalDetails: [], safeguarding: [] });
		expect(findPersonalDetails('')).toEqual([]);
		expect(findSafeguardingSignals('')).toEqual([]);
	});
});

describe('wordings added from the blind batches', () => {
	const types = (t: string) => [...new Set(findSafeguardingSignals(t).map((s) => s.type))];
	const details = (t: string, locale: 'zh-CN' | 'en' = 'zh-CN') => findPersonalDetails(t, { locale }).map((d) => [d.type, d.text]);
	it.each([
		['作者：初二(5)班 钱多多', [['name', '钱多多']]],
		['我叫 陈一一，是四年级的学生。', [['name', '陈一一']]],
		['一五八，零零一二，三四五六', [['phone', '一五八，零零一二，三四五六']]]
	])('%s', (t, want) => expect(details(t)).toEqual(want));
	it('English cue words', () => {
		expect(details('Written by Sophie Wang, Year 6.', 'en')).toEqual([['name', 'Sophie Wang']]);
		expect(details('My email is jz2010 at 163 dot com.', 'en')).toEqual([['email', 'jz2010 at 163 dot com']]);
		expect(details('We met at 3 and went home.', 'en')).toEqual([]);
	});
	it.each([
		['爸爸又打妈妈了，我很害怕。', 'abuse_at_home'],
		['继母说我是多余的。', 'abuse_at_home'],
		['我是多余的，没人需要我。', 'self_harm'],
		['An older boy on the game chat asked me to video call him without my clothes.', 'sexual_abuse'],
		['I have been taking more of my mum’s pills than I should.', 'self_harm'],
		['同学们都叫我"胖猪"。', 'bullying']
	])('%s', (t, type) => expect(types(t)).toContain(type));
	it.each(['我们排练的话剧里，主角离家出走了。', 'I packed my bag for the school trip.', 'Nobody is at home at lunchtime so I eat at school.', '放学后家里没人，我会先去图书馆写作业。'])(
		'ordinary: %s',
		(t) => expect(types(t)).toEqual([])
	);
});
