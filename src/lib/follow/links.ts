import type { AppRole } from '$lib/server/viewer';

/**
 * Where a notification about a submission leads, by the reader's role and the notification's
 * kind (the safeguarding lead's item opens on the logged safeguarding page). Null: no page to
 * open (admins; or an item the reader can no longer read, `readable` false).
 * Every kind of submission shares the child's, teacher's and staff's submission pages; a kind with
 * pages of its own (e.g. street reports) adds its case here.
 */
export function notificationHref(
	role: AppRole | null,
	kind: string,
	submissionId: string,
	readable: boolean,
	submissionKind: string | null = null
): string | null {
	if (role === 'teacher' && kind === 'escalated') return `/safeguarding/${submissionId}`;
	if (!readable) return null;
	// Street reports have their own child's and teacher's pages (staff answer them on the usual one).
	const report = submissionKind === 'street_report';
	switch (role) {
		case 'student':
			return report ? `/me/reports/${submissionId}` : `/me/proposals/${submissionId}`;
		case 'teacher':
			return report ? `/teacher/reports/${submissionId}` : `/teacher/submissions/${submissionId}`;
		case 'staff':
			return `/staff/submissions/${submissionId}`;
		default:
			return null;
	}
}
