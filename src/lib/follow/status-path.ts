/**
 * The status path a child sees on each of their submissions: sent to teacher → teacher approved →
 * answered → done, with the date each step was reached (from submission_events) and where the
 * submission left the path (returned, rejected, withdrawn, a safeguarding concern).
 *
 * Pure: the page reads the events and passes them in; the words are chosen by the component.
 */

/** One row of submission_events as the child can read it. */
export interface PathEvent {
	from_state: string | null;
	to_state: string;
	/** ISO timestamp (timestamptz). */
	created_at: string;
}

export type StepKey = 'sent' | 'approved' | 'answered' | 'done';

/**
 * done: reached (with its date); current: where it is now; next: still to come; stopped: the
 * path ended before this step (rejected or withdrawn).
 */
export type StepStatus = 'done' | 'current' | 'next' | 'stopped';

/** What happened at a step that is not the plain forward move (shown instead of the usual words). */
export type StepDetour = 'returned' | 'rejected' | 'withdrawn' | 'escalated' | null;

export interface PathStep {
	key: StepKey;
	status: StepStatus;
	/** When the step was reached (ISO), or for a detour when it happened; null when not reached. */
	at: string | null;
	detour: StepDetour;
}

/** The latest event that moved the submission into `state`. */
function latest(events: PathEvent[], state: string): string | null {
	let at: string | null = null;
	for (const e of events) if (e.to_state === state) at = e.created_at;
	return at;
}

/** The first event that moved it into `state`. */
function first(events: PathEvent[], state: string): string | null {
	return events.find((e) => e.to_state === state)?.created_at ?? null;
}

/**
 * The four steps for a submission now in `state`, given its events in order (oldest first).
 *
 * @param state the submission's current state (submission_state)
 * @param events its events, oldest first
 * @param doneAt when its follow-up was reported done (the routing work's progress updates); null
 *   while not done
 */
export function statusPath(state: string, events: PathEvent[], doneAt: string | null = null): PathStep[] {
	const sentAt = first(events, 'submitted') ?? first(events, 'escalated');
	const approvedAt = latest(events, 'approved');
	const answeredAt = latest(events, 'answered');
	const step = (key: StepKey, status: StepStatus, at: string | null, detour: StepDetour = null): PathStep => ({
		key,
		status,
		at,
		detour
	});
	switch (state) {
		case 'submitted':
			return [step('sent', 'current', latest(events, 'submitted') ?? sentAt), step('approved', 'next', null), step('answered', 'next', null), step('done', 'next', null)];
		case 'returned':
			// Back with the child: the teacher's step is where it waits.
			return [step('sent', 'done', sentAt), step('approved', 'current', latest(events, 'returned'), 'returned'), step('answered', 'next', null), step('done', 'next', null)];
		case 'escalated':
			return [step('sent', 'done', sentAt), step('approved', 'current', latest(events, 'escalated'), 'escalated'), step('answered', 'next', null), step('done', 'next', null)];
		case 'rejected':
			return [step('sent', 'done', sentAt), step('approved', 'stopped', latest(events, 'rejected'), 'rejected'), step('answered', 'stopped', null), step('done', 'stopped', null)];
		case 'withdrawn':
			return [step('sent', 'stopped', latest(events, 'withdrawn'), 'withdrawn'), step('approved', 'stopped', null), step('answered', 'stopped', null), step('done', 'stopped', null)];
		case 'approved':
			return [step('sent', 'done', sentAt), step('approved', 'done', approvedAt), step('answered', 'current', null), step('done', 'next', null)];
		case 'answered':
			return doneAt
				? [step('sent', 'done', sentAt), step('approved', 'done', approvedAt), step('answered', 'done', answeredAt), step('done', 'done', doneAt)]
				: [step('sent', 'done', sentAt), step('approved', 'done', approvedAt), step('answered', 'done', answeredAt), step('done', 'current', null)];
		default:
			// A state this page does not know yet: show where it started, nothing invented.
			return [step('sent', 'done', sentAt), step('approved', 'next', null), step('answered', 'next', null), step('done', 'next', null)];
	}
}

/** Which "what happens next" text a state gets (a message key suffix), with how long it usually takes. */
export type NextKey = 'submitted' | 'returned' | 'approved' | 'answered' | 'done' | 'rejected' | 'withdrawn' | 'escalated' | 'unknown';

export function nextKey(state: string, doneAt: string | null = null): NextKey {
	if (state === 'answered' && doneAt) return 'done';
	switch (state) {
		case 'submitted':
		case 'returned':
		case 'approved':
		case 'answered':
		case 'rejected':
		case 'withdrawn':
		case 'escalated':
			return state;
		default:
			return 'unknown';
	}
}
