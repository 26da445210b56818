import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import { deLocalizeHref, localizeHref } from '$lib/paraglide/runtime';
import { loadList } from './list';
import type { RequestClient } from './supabase';

/**
 * In-app notifications (issue 9 §5): the bell's unread count, a paged list per role, mark one or
 * all as read. The database decides who is told what (supabase/README.md, *Notifications*).
 */

/**
 * The signed-in person's unread notifications: one primary-key row of `notification_counts`
 * (RLS gives each person their own), so every page can afford it. Null when it cannot be read
 * (the header then shows the bell without a number rather than failing the page).
 */
export async function unreadCount(supabase: RequestClient): Promise<number | null> {
	const { data, error: err } = await supabase.from('notification_counts').select('unread').maybeSingle();
	if (err) {
		console.error('Could not read the notification counter:', err);
		return null;
	}
	return Number(data?.unread ?? 0);
}

export const NOTIFICATION_FILTERS = ['unread', 'all'] as const;

export interface NotificationRow {
	id: string;
	submission_id: string;
	kind: string;
	created_at: string;
	read_at: string | null;
	submission_kind: string | null;
	state: string | null;
	title: string | null;
	/** For kind `cosigned`: how many children co-signed since the line was last read. */
	cosigns: number;
}

/**
 * One page of the caller's notifications, newest first; `?show=unread|all` (unread first).
 * Totals from the counter (no count over the list). `shownAt` bounds "mark all as read" to what
 * existed when the page was made.
 */
export async function loadNotifications(supabase: RequestClient, url: URL) {
	const list = await loadList<(typeof NOTIFICATION_FILTERS)[number], NotificationRow>({
		url,
		spec: { filters: NOTIFICATION_FILTERS, defaultFilter: 'unread', param: 'show' },
		counts: async () => {
			const { data, error: err } = await supabase.from('notification_counts').select('unread, total').maybeSingle();
			if (err) throw err;
			return { unread: Number(data?.unread ?? 0), all: Number(data?.total ?? 0) };
		},
		rows: (filter, from, to) => {
			const q = supabase.from('my_notifications').select('id, submission_id, kind, created_at, read_at, submission_kind, state, title, cosigns');
			return (filter === 'unread' ? q.is('read_at', null) : q)
				.order('created_at', { ascending: false })
				.order('id')
				.range(from, to) as unknown as PromiseLike<{ data: NotificationRow[] | null; error: { code?: string; message: string } | null }>;
		}
	});
	return { ...list, shownAt: new Date().toISOString() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The form actions of every role's notification page: `?/read` (one, field `id`) and `?/readAll` (field `shown_at`). */
export const notificationActions = {
	read: async ({ request, locals, url }: RequestEvent) => {
		const form = await request.formData();
		const id = String(form.get('id') ?? '');
		if (!UUID.test(id)) return fail(400, { formError: 'not_found' });
		const { error: err } = await locals.supabase.rpc('mark_notifications_read', { p_ids: [id] });
		if (err) error(500, err.message);
		redirect(303, back(url, 'read'));
	},
	readAll: async ({ request, locals, url }: RequestEvent) => {
		const form = await request.formData();
		const raw = String(form.get('shown_at') ?? '');
		// A bad or missing time marks nothing newer than now.
		const upTo = Number.isNaN(Date.parse(raw)) ? new Date().toISOString() : new Date(raw).toISOString();
		const { error: err } = await locals.supabase.rpc('mark_notifications_read', { p_up_to: upTo });
		if (err) error(500, err.message);
		redirect(303, back(url, 'read'));
	}
};

/** The list again (same tab and page) with a flash. */
function back(url: URL, done: string): string {
	const params = new URLSearchParams();
	for (const key of ['show', 'page']) {
		const v = url.searchParams.get(key);
		if (v) params.set(key, v);
	}
	params.set('done', done);
	return localizeHref(`${deLocalizeHref(url.pathname)}?${params}`);
}
