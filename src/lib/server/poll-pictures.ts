/**
 * Poll option pictures (issue 8; migration 20261130160000): a creator gives an option a picture
 * on the poll's page; the file is checked by content and re-encoded as street-report photos are
 * (no metadata, longest side ≤ 1600 px), recorded by set_poll_option_picture, then uploaded as the
 * creator into the private bucket, where Storage's RLS admits only the name the database made.
 * Readers get the bytes through /polls/pictures/<id>, made from a short-lived signed URL as them.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { dbFailure, formValues, formVersion } from './forms';
import { cleanPhoto, PHOTO_LIMITS } from './photos';
import { storageObjectBytes } from './storage';
import type { RequestClient } from './supabase';

/** The private Storage bucket of option pictures. */
export const PICTURE_BUCKET = 'poll-option-pictures';

/** An option's picture as a page shows it. */
export interface PollPicture {
	id: string;
	/** The option's position (1–12), which the picture belongs to. */
	position: number;
	width: number;
	height: number;
	alt_zh: string | null;
	alt_en: string | null;
}

/**
 * The pictures of a poll the caller can read: signed in, as RLS allows (the poll's readers);
 * signed out, those of a closed city or district poll (public_poll_pictures).
 *
 * @returns the pictures by position (at most 12)
 */
export async function loadPollPictures(supabase: RequestClient, pollId: string, signedIn: boolean): Promise<PollPicture[]> {
	const { data, error } = signedIn
		? await supabase.from('poll_option_pictures').select('id, position, width, height, alt_zh, alt_en').eq('poll_id', pollId).order('position').limit(12)
		: await supabase.rpc('public_poll_pictures', { p_poll_id: pollId });
	if (error) throw error;
	return (data ?? []) as PollPicture[];
}

/**
 * The JPEG of an option picture for whoever may see it, or null (no such picture, or not theirs).
 * Signed in: the row as RLS allows; signed out or not readable: a closed public poll's picture.
 */
export async function pollPictureBytes(supabase: RequestClient, pictureId: string, signedIn: boolean): Promise<ArrayBuffer | null> {
	let name: string | null = null;
	if (signedIn) {
		const { data, error } = await supabase.from('poll_option_pictures').select('object_name').eq('id', pictureId).maybeSingle();
		if (error) throw error;
		name = data?.object_name ?? null;
	}
	if (!name) {
		const { data, error } = await supabase.rpc('public_poll_picture_object', { p_picture_id: pictureId });
		if (error) throw error;
		name = (data as string | null) ?? null;
	}
	return name ? storageObjectBytes(supabase, PICTURE_BUCKET, name) : null;
}

/** Remove dropped pictures' objects as the creator (the delete policy admits only unreferenced ones). */
async function removeObjects(supabase: RequestClient, names: (string | null | undefined)[]) {
	const list = names.filter((n): n is string => !!n);
	if (list.length === 0) return;
	const { error } = await supabase.storage.from(PICTURE_BUCKET).remove(list);
	// The row is gone either way; the object stays queued in private.storage_object_removals.
	if (error) console.error('A dropped poll picture could not be removed from Storage:', error);
}

/** An option position from a form (1–12), or null. */
function positionOf(form: FormData): number | null {
	const raw = form.get('position');
	return typeof raw === 'string' && /^(?:[1-9]|1[0-2])$/.test(raw) ? Number(raw) : null;
}

/**
 * A failure of one option's picture form: its fields are named `<field>_<position>` on the page
 * (several forms, unique ids), so the errors are too.
 */
function forPosition<T extends { data: { errors?: Record<string, unknown> } }>(failure: T, position: number): T {
	const errors = failure.data.errors ?? {};
	failure.data.errors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}_${position}`, v]));
	return failure;
}

/** The form's optional alt text field, trimmed ('' → null); length is the database's rule. */
function altOf(form: FormData, name: string): string | null {
	const raw = form.get(name);
	return typeof raw === 'string' && raw.trim() !== '' ? raw.slice(0, 1000) : null;
}

/**
 * The poll page's picture actions (creator or admin; the database checks again).
 * - `picture`: `position` p, file `picture_<p>` (JPEG, PNG or WebP by content, ≤ PHOTO_LIMITS.bytes),
 *   `alt_zh_<p>`, `alt_en_<p>`, `version`. Refusals name what to do and keep the alt texts typed.
 * - `removePicture`: `position`, `version`.
 * Both return `{ done }` or a failure with `form: 'picture-<position>'`.
 */
export const pictureActions = {
	picture: async ({ request, locals, params }: RequestEvent) => {
		const form = await request.formData();
		const values = formValues(form);
		const position = positionOf(form);
		const name = `picture-${position ?? 0}`;
		if (position === null) return fail(400, { values, errors: {}, formError: 'not_found', form: name });
		const field = `picture_${position}`;
		const file = form.get(field);
		if (typeof file === 'string' || !file || file.size === 0) {
			return fail(400, { values, errors: { [field]: { code: 'required' } }, form: name });
		}
		if (file.size > PHOTO_LIMITS.bytes) {
			return fail(400, { values, errors: { [field]: { code: 'photo_too_large', max: PHOTO_LIMITS.bytes / (1024 * 1024) } }, form: name });
		}
		const cleaned = await cleanPhoto(new Uint8Array(await file.arrayBuffer()));
		if (cleaned.refused) return fail(400, { values, errors: { [field]: { code: `photo_${cleaned.refused}` } }, form: name });
		const picture = cleaned.photo;
		const { data, error } = await locals.supabase
			.rpc('set_poll_option_picture', {
				p_poll_id: params.id!,
				p_version: formVersion(form),
				p_position: position,
				p_width: picture.width,
				p_height: picture.height,
				p_bytes: picture.data.byteLength,
				p_alt_zh: altOf(form, `alt_zh_${position}`),
				p_alt_en: altOf(form, `alt_en_${position}`)
			})
			.single<{ object_name: string; replaced: string | null }>();
		if (error) return forPosition(dbFailure(values, error, name), position);
		const upload = await locals.supabase.storage
			.from(PICTURE_BUCKET)
			.upload(data.object_name, picture.data, { contentType: 'image/jpeg', upsert: false });
		if (upload.error) {
			// Without its bytes the picture row would show a broken image: take it back.
			console.error('A poll picture could not be stored:', upload.error);
			const { data: poll } = await locals.supabase.from('polls').select('version').eq('id', params.id!).maybeSingle();
			if (poll) await locals.supabase.rpc('remove_poll_option_picture', { p_poll_id: params.id!, p_version: poll.version, p_position: position });
			return fail(500, { values, errors: {}, formError: 'unexpected', form: name });
		}
		await removeObjects(locals.supabase, [data.replaced]);
		return { done: 'picture_added' };
	},
	removePicture: async ({ request, locals, params }: RequestEvent) => {
		const form = await request.formData();
		const values = formValues(form);
		const position = positionOf(form);
		const name = `picture-${position ?? 0}`;
		if (position === null) return fail(400, { values, errors: {}, formError: 'not_found', form: name });
		const { data, error } = await locals.supabase.rpc('remove_poll_option_picture', {
			p_poll_id: params.id!,
			p_version: formVersion(form),
			p_position: position
		});
		if (error) return dbFailure(values, error, name);
		await removeObjects(locals.supabase, [data as string]);
		return { done: 'picture_removed' };
	}
};
