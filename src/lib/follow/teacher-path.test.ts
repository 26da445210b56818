import { findWorkday, isHoliday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { answerTiming, shanghaiDay, teacherPath } from './teacher-path';

// Due dates are counted in working days (China's holidays and 调休, the database's working
// calendar; chinese-days is the same source) from the forwarding day in Asia/Shanghai. Forwarded
// on 2023-09-28, the 15th working day is 2023-10-25 (the 1st is the 调休 Saturday 2023-10-07).
const forwardedOn = '2023-09-28';
const dueOn = findWorkday(15, forwardedOn);

describe('answerTiming: late from the Shanghai midnight after the due day', () => {
	it('the due day comes from the working calendar', () => {
		expect(dueOn).toBe('2023-10-25');
	});

	it('not late through the last second of the due day in Shanghai (15:59:59 UTC)', () => {
		expect(answerTiming('approved', dueOn, null, new Date('2023-10-25T15:59:59.999Z'))).toEqual({ kind: 'due', dueOn });
	});

	it('late at Shanghai midnight, while it is still the due day in UTC', () => {
		expect(answerTiming('approved', dueOn, null, new Date('2023-10-25T16:00:00Z'))).toEqual({ kind: 'late', dueOn });
		expect(answerTiming('approved', dueOn, null, new Date('2023-10-25T23:30:00Z'))).toEqual({ kind: 'late', dueOn });
	});

	it('a due day on the eve of a holiday: the holiday adds no time', () => {
		// Due 2023-09-28 (a Thursday); 2023-09-29 is the Mid-Autumn Festival holiday.
		const eve = findWorkday(0, '2023-09-28');
		expect(eve).toBe('2023-09-28');
		expect(isHoliday('2023-09-29')).toBe(true);
		expect(answerTiming('approved', eve, null, new Date('2023-09-28T15:59:59Z'))?.kind).toBe('due');
		expect(answerTiming('approved', eve, null, new Date('2023-09-28T16:00:00Z'))?.kind).toBe('late');
	});

	it('an answer is on time until Shanghai midnight ends the due day', () => {
		expect(answerTiming('answered', dueOn, '2023-10-25T15:59:59Z', new Date('2024-01-01T00:00:00Z'))).toEqual({ kind: 'on_time', dueOn });
		expect(answerTiming('answered', dueOn, '2023-10-25T16:00:01Z', new Date('2024-01-01T00:00:00Z'))).toEqual({ kind: 'answered_late', dueOn });
		// Answering late is judged by when it was answered, not by today.
		expect(answerTiming('answered', dueOn, '2023-10-20T02:00:00Z', new Date('2030-01-01T00:00:00Z'))?.kind).toBe('on_time');
	});

	it('nothing to show without a due date or before forwarding', () => {
		expect(answerTiming('approved', null, null)).toBeNull();
		expect(answerTiming('submitted', dueOn, null)).toBeNull();
	});

	it('shanghaiDay turns at 16:00 UTC', () => {
		expect(shanghaiDay('2023-10-25T15:59:59Z')).toBe('2023-10-25');
		expect(shanghaiDay('2023-10-25T16:00:00Z')).toBe('2023-10-26');
	});
});

describe('teacherPath', () => {
	const events = [
		{ from_state: null, to_state: 'submitted', created_at: '2023-09-26T01:00:00Z' },
		{ from_state: 'submitted', to_state: 'approved', created_at: '2023-09-28T02:00:00Z' }
	];
	const base = { events, forwardedAt: '2023-09-28T02:00:00Z', answeredAt: null, decision: null, progress: [] };

	it('forwarded, waiting for the answer: the answer is where it is now', () => {
		const steps = teacherPath({ ...base, state: 'approved' });
		expect(steps.map((s) => `${s.key}:${s.status}`)).toEqual(['sent:done', 'forwarded:done', 'routed:done', 'answered:current', 'progress:next', 'done:next']);
		expect(steps[0]!.at).toBe('2023-09-26T01:00:00Z');
		expect(steps[2]!.at).toBe('2023-09-28T02:00:00Z');
	});

	it('answered and in progress, then done', () => {
		const answered = { ...base, state: 'answered', answeredAt: '2023-10-20T02:00:00Z', decision: 'adopted' };
		const planned = { stage: 'planned', created_at: '2023-11-01T02:00:00Z' };
		const working = { stage: 'in_progress', created_at: '2023-11-10T02:00:00Z' };
		expect(teacherPath({ ...answered, progress: [planned, working] }).slice(3)).toEqual([
			{ key: 'answered', status: 'done', at: '2023-10-20T02:00:00Z', stage: null },
			{ key: 'progress', status: 'current', at: working.created_at, stage: 'in_progress' },
			{ key: 'done', status: 'next', at: null, stage: null }
		]);
		const done = { stage: 'not_possible', created_at: '2023-12-01T02:00:00Z' };
		expect(teacherPath({ ...answered, progress: [planned, working, done] }).slice(4)).toEqual([
			{ key: 'progress', status: 'done', at: working.created_at, stage: 'in_progress' },
			{ key: 'done', status: 'done', at: done.created_at, stage: 'not_possible' }
		]);
	});

	it('an answer not followed by work ends the path', () => {
		const steps = teacherPath({ ...base, state: 'answered', answeredAt: '2023-10-20T02:00:00Z', decision: 'not_feasible' });
		expect(steps.map((s) => s.key)).toEqual(['sent', 'forwarded', 'routed', 'answered']);
	});
});
