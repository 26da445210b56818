import { describe, expect, it } from 'vitest';
import { nextKey, statusPath, type PathEvent } from './status-path';

const ev = (from: string | null, to: string, day: number): PathEvent => ({
	from_state: from,
	to_state: to,
	created_at: `2026-03-${String(day).padStart(2, '0')}T02:00:00Z`
});

describe('statusPath', () => {
	it('a proposal that went the whole way: every step done with its own date', () => {
		const events = [ev(null, 'submitted', 1), ev('submitted', 'approved', 3), ev('approved', 'answered', 10)];
		const path = statusPath('answered', events, '2026-03-20T02:00:00Z');
		expect(path.map((s) => [s.key, s.status, s.at?.slice(8, 10)])).toEqual([
			['sent', 'done', '01'],
			['approved', 'done', '03'],
			['answered', 'done', '10'],
			['done', 'done', '20']
		]);
		expect(nextKey('answered', '2026-03-20T02:00:00Z')).toBe('done');
	});

	it('answered but not done yet: done is the current step', () => {
		const path = statusPath('answered', [ev(null, 'submitted', 1), ev('submitted', 'approved', 3), ev('approved', 'answered', 10)]);
		expect(path.map((s) => s.status)).toEqual(['done', 'done', 'done', 'current']);
		expect(nextKey('answered')).toBe('answered');
	});

	it('returned then resubmitted: sent keeps the first date, and it waits with the teacher again', () => {
		const events = [ev(null, 'submitted', 1), ev('submitted', 'returned', 2), ev('returned', 'submitted', 4)];
		const path = statusPath('submitted', events);
		expect(path[0]).toEqual({ key: 'sent', status: 'current', at: events[2]!.created_at, detour: null });
		expect(path.slice(1).map((s) => s.status)).toEqual(['next', 'next', 'next']);
	});

	it('returned: the teacher’s step is current, with the return’s date', () => {
		const path = statusPath('returned', [ev(null, 'submitted', 1), ev('submitted', 'returned', 2)]);
		expect(path[1]).toMatchObject({ status: 'current', detour: 'returned', at: '2026-03-02T02:00:00Z' });
	});

	it('rejected and withdrawn stop the path; escalated waits at the teacher’s step', () => {
		expect(statusPath('rejected', [ev(null, 'submitted', 1), ev('submitted', 'rejected', 2)]).map((s) => s.status)).toEqual([
			'done',
			'stopped',
			'stopped',
			'stopped'
		]);
		const withdrawn = statusPath('withdrawn', [ev(null, 'submitted', 1), ev('submitted', 'withdrawn', 2)]);
		expect(withdrawn[0]).toMatchObject({ status: 'stopped', detour: 'withdrawn', at: '2026-03-02T02:00:00Z' });
		expect(statusPath('escalated', [ev(null, 'escalated', 1)])[1]).toMatchObject({ status: 'current', detour: 'escalated' });
		expect(statusPath('escalated', [ev(null, 'escalated', 1)])[0]!.at).toBe('2026-03-01T02:00:00Z');
	});

	it('approved: answered is current; an unknown state invents nothing', () => {
		expect(statusPath('approved', [ev(null, 'submitted', 1), ev('submitted', 'approved', 3)]).map((s) => s.status)).toEqual([
			'done',
			'done',
			'current',
			'next'
		]);
		expect(statusPath('mystery', []).map((s) => s.at)).toEqual([null, null, null, null]);
		expect(nextKey('mystery')).toBe('unknown');
	});
});
