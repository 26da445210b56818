/**
 * What happened to an item after a teacher forwarded it (issue 11 §2–§3, the teachers' side): the
 * status path in a teacher's words (sent → approved and forwarded → routed → answered → progress →
 * done) and whether the answer is on time, by the due date the database set in working days.
 *
 * Pure: the page reads the rows and passes them in; the words are chosen by the component.
 */
import type { PathEvent } from './status-path';

/** The city's time zone: due dates are Shanghai days, and a day ends at Shanghai midnight. */
const CITY_TIME_ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: string | Date): string {
	return dayFormat.format(typeof at === 'string' ? new Date(at) : at);
}

/**
 * Where the answer stands against its due date.
 * - `due`: forwarded, not answered, the due day not over yet (due today is not late);
 * - `late`: forwarded, not answered, and the due day is over in Shanghai;
 * - `on_time` / `answered_late`: answered on or before / after the due day (Shanghai days).
 */
export type AnswerTiming = { kind: 'due' | 'late' | 'on_time' | 'answered_late'; dueOn: string };

/**
 * The answer's timing, the rule of the database's overdue lists (`state = 'approved' and due_on <
 * today in Asia/Shanghai`): the due date is the last working day to answer (counted with the
 * working calendar when it was forwarded), and it is late from the next Shanghai midnight, whatever
 * kind of day follows (a holiday does not add time: the working days were counted already).
 *
 * @param state the submission's state (only `approved` and `answered` have a timing)
 * @param dueOn the due date (YYYY-MM-DD, a Shanghai day), null when none was set
 * @param answeredAt when it was answered (ISO), for `answered`
 * @param now the instant to judge at (tests pass one)
 * @returns the timing, or null when there is none to show
 */
export function answerTiming(state: string, dueOn: string | null, answeredAt: string | null, now: Date = new Date()): AnswerTiming | null {
	if (!dueOn) return null;
	if (state === 'approved') return { kind: shanghaiDay(now) > dueOn ? 'late' : 'due', dueOn };
	if (state === 'answered' && answeredAt) return { kind: shanghaiDay(answeredAt) > dueOn ? 'answered_late' : 'on_time', dueOn };
	return null;
}

export type TeacherStepKey = 'sent' | 'forwarded' | 'routed' | 'answered' | 'progress' | 'done';

/** done: reached (with its date); current: where it is now; next: still to come. */
export type TeacherStepStatus = 'done' | 'current' | 'next';

export interface TeacherStep {
	key: TeacherStepKey;
	status: TeacherStepStatus;
	/** When it was reached (ISO), null when not yet. */
	at: string | null;
	/** For `progress` and `done`: the stage reached (`planned`, `in_progress`, `done`, `not_possible`). */
	stage: string | null;
}

/** A progress update as the path needs it (oldest first). */
export interface PathProgress {
	stage: string;
	created_at: string;
}

export interface TeacherPathInput {
	state: string;
	events: PathEvent[];
	forwardedAt: string | null;
	answeredAt: string | null;
	/** The answer's decision; progress follows only adopted, partly adopted and under study. */
	decision: string | null;
	progress: PathProgress[];
}

const FOLLOWED_UP = ['adopted', 'partly_adopted', 'under_study'];
const FINAL = ['done', 'not_possible'];

/**
 * The steps of a forwarded item (state `approved` or `answered`), oldest first. The routing to a
 * district, department and street office happens when it is forwarded (the database's trigger), so
 * `routed` carries the forwarding time. An answer that is not followed by work (not feasible,
 * referred) ends the path at `answered`.
 */
export function teacherPath(input: TeacherPathInput): TeacherStep[] {
	const { state, events, forwardedAt, answeredAt, decision, progress } = input;
	const sentAt = events.find((e) => e.to_state === 'submitted')?.created_at ?? null;
	let approvedAt: string | null = null;
	for (const e of events) if (e.to_state === 'approved') approvedAt = e.created_at;
	approvedAt ??= forwardedAt;
	const step = (key: TeacherStepKey, status: TeacherStepStatus, at: string | null, stage: string | null = null): TeacherStep => ({ key, status, at, stage });
	const head = [step('sent', 'done', sentAt), step('forwarded', 'done', approvedAt), step('routed', 'done', forwardedAt ?? approvedAt)];
	if (state === 'approved') return [...head, step('answered', 'current', null), step('progress', 'next', null), step('done', 'next', null)];
	if (state !== 'answered') return head;
	const answered = step('answered', 'done', answeredAt);
	if (!FOLLOWED_UP.includes(decision ?? '')) return [...head, answered];
	const final = progress.find((p) => FINAL.includes(p.stage)) ?? null;
	const working = progress.filter((p) => !FINAL.includes(p.stage)).at(-1) ?? null;
	if (final) {
		return [...head, answered, step('progress', 'done', working?.created_at ?? null, working?.stage ?? null), step('done', 'done', final.created_at, final.stage)];
	}
	if (working) return [...head, answered, step('progress', 'current', working.created_at, working.stage), step('done', 'next', null)];
	return [...head, answered, step('progress', 'current', null), step('done', 'next', null)];
}
