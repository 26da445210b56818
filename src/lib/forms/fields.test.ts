import { describe, expect, it, vi, beforeEach } from 'vitest';
import * as text from '$lib/text';
import { optionalText, requiredText } from './fields';

// Count the per-character work the schemas do, to show it never sees over-long input.
vi.mock('$lib/text', async (importOriginal) => {
	const actual = await importOriginal<typeof import('$lib/text')>();
	return {
		...actual,
		graphemeCount: vi.fn(actual.graphemeCount),
		trimInvisible: vi.fn(actual.trimInvisible),
		isBlank: vi.fn(actual.isBlank)
	};
});

const perCharacterCalls = () =>
	vi.mocked(text.graphemeCount).mock.calls.length +
	vi.mocked(text.trimInvisible).mock.calls.length +
	vi.mocked(text.isBlank).mock.calls.length;

beforeEach(() => vi.clearAllMocks());

const issues = (result: { success: boolean; error?: { issues: unknown[] } }) =>
	(result.error?.issues ?? []).map((i) => {
		const { message, params } = i as { message: string; params?: unknown };
		return { message, params };
	});

describe('raw length cap before per-character work', () => {
	const cases: [string, string][] = [
		['150,000 ASCII letters', 'a'.repeat(150_000)],
		['5 MB of spaces', ' '.repeat(5_000_000)],
		['one unit over the cap', '树'.repeat(text.rawCap(50) + 1)],
		['zero-width characters only', '\u200b'.repeat(text.rawCap(50) + 10)]
	];
	it.each(cases)('requiredText refuses %s as too_long without counting', (_name, value) => {
		const result = requiredText(50).safeParse(value);
		expect(result.success).toBe(false);
		expect(issues(result)).toEqual([{ message: 'too_long', params: { max: 50 } }]);
		expect(perCharacterCalls()).toBe(0);
	});
	it.each(cases)('optionalText refuses %s as too_long without counting', (_name, value) => {
		const result = optionalText(50).safeParse(value);
		expect(issues(result)).toEqual([{ message: 'too_long', params: { max: 50 } }]);
		expect(perCharacterCalls()).toBe(0);
	});
	it('text at the cap still gets the full checks (grapheme count decides)', () => {
		const atCap = 'a'.repeat(text.rawCap(50));
		expect(issues(requiredText(50).safeParse(atCap))).toEqual([{ message: 'too_long', params: { max: 50 } }]);
		expect(vi.mocked(text.graphemeCount)).toHaveBeenCalled();
	});
	it('accepts emoji with skin tones up to the grapheme limit', () => {
		const value = '👍🏽'.repeat(50); // 200 UTF-16 units, 50 graphemes
		expect(requiredText(50).safeParse(value)).toEqual({ success: true, data: value });
	});
	it('a blank required field is still `required`, not `too_long`', () => {
		expect(issues(requiredText(50).safeParse(' \u3000 '))).toEqual([{ message: 'required', params: undefined }]);
	});
});

describe('rawCap', () => {
	it('is a small multiple of the grapheme limit, in UTF-16 units', () => {
		expect(text.rawCap(100)).toBe(100 * text.RAW_UNITS_PER_GRAPHEME);
		expect(text.exceedsRawCap('a'.repeat(text.rawCap(10)), 10)).toBe(false);
		expect(text.exceedsRawCap('a'.repeat(text.rawCap(10) + 1), 10)).toBe(true);
	});
});
