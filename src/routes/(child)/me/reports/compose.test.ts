import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeCount } from '$lib/text';
import { REPORT_LIMITS } from './limits';
import { youngReportTitle } from './compose';
import { reportSchema } from './schema';

describe('youngReportTitle (6–9 street reports)', () => {
	it('is the topic word and the start of "what is wrong", in the page language', () => {
		expect(youngReportTitle('坏了的设施', '秋千坏了。')).toBe('坏了的设施：秋千坏了。');
		expect(youngReportTitle('Rubbish', '  The bin\n is full. ')).toBe('Rubbish: The bin is full.');
	});

	it('is cut to the short name limit with "…", and empty without a description', () => {
		const title = youngReportTitle('坏了的设施', '秋'.repeat(100));
		expect(graphemeCount(title)).toBe(REPORT_LIMITS.title);
		expect(title.endsWith('…')).toBe(true);
		expect(youngReportTitle('Rubbish', '   ')).toBe('');
	});

	it('always passes the one report schema when the rest of the report does', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('坏了的设施', 'Something broken', '其他'),
				fc.array(fc.constantFrom('树', 'a', '👨‍👩‍👧', '。', ' b', '\n'), { minLength: 1, maxLength: 400 }).map((a) => `x${a.join('')}`),
				(word, description) => {
					const parsed = reportSchema.safeParse({
						topic: 'other',
						title: youngReportTitle(word, description),
						description: description.slice(0, 500),
						urgency: 'normal',
						place_text: 'east gate'
					});
					expect(parsed.success ? null : parsed.error.issues.filter((i) => i.path[0] === 'title')).toEqual(parsed.success ? null : []);
				}
			)
		);
	});
});
