import { describe, expect, it } from 'vitest';
import { notificationHref } from './links';

describe('notificationHref', () => {
	it('leads each role to its own page of the item', () => {
		expect(notificationHref('student', 'approved', 'x', true)).toBe('/me/proposals/x');
		expect(notificationHref('teacher', 'submitted', 'x', true)).toBe('/teacher/submissions/x');
		expect(notificationHref('staff', 'forwarded', 'x', true)).toBe('/staff/submissions/x');
	});

	it('a safeguarding concern opens on the logged safeguarding page, even though the lead cannot read the row', () => {
		expect(notificationHref('teacher', 'escalated', 'x', false)).toBe('/safeguarding/x');
	});

	it('nothing to open: admins, and items the reader can no longer read', () => {
		expect(notificationHref('admin', 'approved', 'x', true)).toBeNull();
		expect(notificationHref('staff', 'forwarded', 'x', false)).toBeNull();
		expect(notificationHref(null, 'approved', 'x', true)).toBeNull();
	});

	it('leads to the street-report pages of the child and the teacher, staff to their usual page', () => {
		expect(notificationHref('student', 'returned', 'x', true, 'street_report')).toBe('/me/reports/x');
		expect(notificationHref('teacher', 'submitted', 'x', true, 'street_report')).toBe('/teacher/reports/x');
		expect(notificationHref('staff', 'forwarded', 'x', true, 'street_report')).toBe('/staff/submissions/x');
		expect(notificationHref('student', 'returned', 'x', true, 'proposal')).toBe('/me/proposals/x');
		expect(notificationHref('teacher', 'escalated', 'x', true, 'street_report')).toBe('/safeguarding/x');
	});
});
