import { describe, expect, it } from 'vitest';
import { graphemeCount, isBlank, trimInvisible } from './text';

describe('graphemeCount', () => {
	it('counts a family emoji with a skin tone as one', () => {
		expect(graphemeCount('👨‍👩‍👧‍👦🏽')).toBe(1);
		expect('👨‍👩‍👧‍👦🏽'.length).toBeGreaterThan(10);
	});
	it('counts Chinese characters and emoji one each', () => {
		expect(graphemeCount('🌳🌳🌳关于增加公园树荫的建议👨‍👩‍👧‍👦🏽')).toBe(15);
	});
});

describe('isBlank', () => {
	it('treats zero-width and ideographic spaces as blank', () => {
		expect(isBlank('\u200b\u200b  \u3000 ')).toBe(true);
		expect(isBlank('\u200d')).toBe(true);
		expect(isBlank('')).toBe(true);
	});
	it('sees visible text', () => {
		expect(isBlank(' 树 ')).toBe(false);
		expect(isBlank('<b>')).toBe(false);
	});
});

describe('trimInvisible', () => {
	it('trims edges and keeps the inside', () => {
		expect(trimInvisible('\u200b 公园  树荫\u3000')).toBe('公园  树荫');
	});
});

describe('emoji at the ends survive trimming', () => {
	it.each(['我们喜欢公园❤️', 'Go England 🏴󠁧󠁢󠁥󠁮󠁧󠁿', '👍🏽', '👨‍👩‍👧‍👦'])('%s', (text) => {
		expect(trimInvisible(` ${text}\u200b `)).toBe(text);
		expect(isBlank(text)).toBe(false);
	});
	it('still treats lone variation selectors and tags as blank', () => {
		expect(isBlank('\uFE0F\u{E0067}\u2800')).toBe(true);
	});
});

describe('trimInvisible is linear on long runs of spaces', () => {
	it('keeps inner runs and trims the edges', () => {
		const inner = ' '.repeat(50_000);
		expect(trimInvisible(`\u3000a${inner}b `)).toBe(`a${inner}b`);
		expect(trimInvisible(' '.repeat(10))).toBe('');
		expect(trimInvisible('\u200d \uFE0F')).toBe('\uFE0F');
	});
});

describe('graphemeCount agrees with Intl.Segmenter', () => {
	const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
	const reference = (text: string) => [...segmenter.segment(text)].length;
	const samples = [
		'',
		'abc',
		'关于增加公园树荫的建议',
		'e\u0301 cafe\u0301',
		'a\u0301\u0301b',
		'\r\n\r\nx\r',
		'👍🏽a\u0301👍',
		'x👨‍👩‍👧‍👦🏽y👨‍👩‍👧‍👦',
		'🇨🇳🇬🇧🇺',
		'Go England 🏴󠁧󠁢󠁥󠁮󠁧󠁿!',
		'❤️❤️❤\uFE0F',
		'한국어 한글',
		'\u1100\u1161\u11A8',
		'\u0600\u0661 ١٢',
		'हिन्दी क्षत्रिय',
		'ไทย',
		'\u200d\u200b\uFEFF  \u3000',
		'ｱﾞｶﾞ',
		'か\u3099',
		'👍🏽'.repeat(200) + 'a' + '👨‍👩‍👧‍👦🏽'.repeat(70),
		('树🌳 a\u0301 ' + '😀'.repeat(7)).repeat(30),
		'🏳️‍🌈'.repeat(40) + '🇨🇳'.repeat(33)
	];
	it.each(samples.map((s) => [JSON.stringify(s).slice(0, 40), s]))('%s', (_name, text) => {
		expect(graphemeCount(text)).toBe(reference(text));
	});
});

describe('graphemeCount with stopAfter', () => {
	it('says "more than" without counting everything, and the exact count below the limit', () => {
		const long = '👍🏽'.repeat(5000);
		expect(graphemeCount(long, 100)).toBeGreaterThan(100);
		expect(graphemeCount(long, 100)).toBeLessThan(5000);
		expect(graphemeCount('👍🏽'.repeat(50), 50)).toBe(50);
		expect(graphemeCount('a'.repeat(80) + '👍🏽'.repeat(50), 200)).toBe(130);
	});
});
