import { describe, expect, it } from 'vitest';
import { formatCalendarLines, parseCalendarLines } from './calendar-lines';

describe('parseCalendarLines', () => {
	it('reads holidays and adjusted working days in either language, full-width and with commas', () => {
		const text = ['# 2027', '2027-01-01 休 元旦', '', '２０２７－０２－２０，班，春节（调休上班）', '2027/2/6\tholiday\tSpring Festival', '2027年10月1日 off National Day'].join('\n');
		expect(parseCalendarLines(text, 2027)).toEqual({
			days: [
				{ day: '2027-01-01', working: false, name: '元旦' },
				{ day: '2027-02-06', working: false, name: 'Spring Festival' },
				{ day: '2027-02-20', working: true, name: '春节（调休上班）' },
				{ day: '2027-10-01', working: false, name: 'National Day' }
			],
			problems: []
		});
	});

	it('names each bad line and its problem', () => {
		const lines = [
			'2027-02-30 休 坏日子', // no such day
			'2026-12-31 休 元旦', // another year
			'2027-01-01 maybe 元旦', // unknown kind
			'2027-01-01 休', // no name
			`2027-01-01 休 ${'长'.repeat(41)}`,
			'2027-01-04 班 周一上班', // a Monday is a working day already
			'2027-01-02 休 元旦',
			'2027-01-02 休 元旦' // twice
		];
		const got = parseCalendarLines(lines.join('\n'), 2027);
		expect(got.problems).toEqual([
			{ line: 1, problem: 'date' },
			{ line: 2, problem: 'other_year' },
			{ line: 3, problem: 'kind' },
			{ line: 4, problem: 'name' },
			{ line: 5, problem: 'name_too_long' },
			{ line: 6, problem: 'weekday_work' },
			{ line: 8, problem: 'twice' }
		]);
		expect(got.days).toEqual([{ day: '2027-01-02', working: false, name: '元旦' }]);
	});

	it('reads back what it formats', () => {
		const days = [
			{ day: '2027-01-01', working: false, name: '元旦' },
			{ day: '2027-02-20', working: true, name: '春节（调休上班）' }
		];
		for (const en of [true, false]) expect(parseCalendarLines(formatCalendarLines(days, en), 2027).days).toEqual(days);
	});
});
