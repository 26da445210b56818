/**
 * A photo on a progress update (issue 11 §3; migration 20261201000000). Staff of the item attach
 * one when they add an update; the file is checked by content and re-encoded exactly as
 * street-report photos and poll pictures are ($lib/server/photos.ts: JPEG, no metadata, upright,
 * longest side ≤ 1600 px), recorded by add_progress_update_with_photo, then uploaded as the staff
 * member into the private bucket, where Storage's RLS admits only the name the database made.
 * Readers get the bytes through /progress-photos/<id>, made from a short-lived signed URL as them.
 */
import { fileTypeFromBuffer } from 'file-type';
import { cleanPhoto, PHOTO_LIMITS, type CleanPhoto } from './photos';
import { storageObjectBytes } from './storage';
import type { RequestClient } from './supabase';

/** The private Storage bucket of progress photos. */
export const PROGRESS_PHOTO_BUCKET = 'progress-photos';

/** The types a progress photo may be, by content (staff upload from a computer or phone). */
const PROGRESS_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** A progress update's photo as pages show it (the update's note is its alt text). */
export interface ProgressPhoto {
	id: string;
	width: number;
	height: number;
}

/** A progress update with its photo, if it has one. */
export interface ProgressUpdate {
	id: number;
	stage: string;
	note: string;
	created_at: string;
	photo: ProgressPhoto | null;
}

/**
 * Check an uploaded progress photo and re-encode it.
 *
 * @param file the form's file (any name, any declared type)
 * @returns `{ photo }` (JPEG ready to store) or `{ code }`, a field error code:
 *   `photo_too_large` (over PHOTO_LIMITS.bytes, checked before a byte is decoded),
 *   `photo_wrong_type` (an image, but not JPEG, PNG or WebP: a GIF, an iPhone HEIC, …),
 *   `photo_not_a_photo` (not an image at all), `photo_too_many_pixels`, `photo_unreadable`.
 */
export async function checkProgressPhoto(file: File): Promise<{ photo: CleanPhoto; code?: undefined } | { photo?: undefined; code: string }> {
	if (file.size > PHOTO_LIMITS.bytes) return { code: 'photo_too_large' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const type = await fileTypeFromBuffer(bytes);
	if (type && !PROGRESS_TYPES.has(type.mime)) return { code: type.mime.startsWith('image/') ? 'photo_wrong_type' : 'photo_not_a_photo' };
	const cleaned = await cleanPhoto(bytes);
	if (cleaned.refused) return { code: `photo_${cleaned.refused}` };
	return { photo: cleaned.photo };
}

/**
 * The progress updates of an item the caller can read (RLS decides), oldest first, each with its
 * photo: two reads by key, at most 100 updates.
 */
export async function loadProgress(supabase: RequestClient, submissionId: string): Promise<ProgressUpdate[]> {
	const [progress, photos] = await Promise.all([
		supabase.from('submission_progress').select('id, stage, note, created_at').eq('submission_id', submissionId).order('id').range(0, 99),
		supabase.from('progress_photos').select('id, progress_id, width, height').eq('submission_id', submissionId).range(0, 99)
	]);
	if (progress.error) throw progress.error;
	if (photos.error) throw photos.error;
	const byUpdate = new Map((photos.data ?? []).map((p) => [Number(p.progress_id), { id: p.id as string, width: p.width as number, height: p.height as number }]));
	return (progress.data ?? []).map((u) => ({ ...(u as Omit<ProgressUpdate, 'photo'>), photo: byUpdate.get(Number(u.id)) ?? null }));
}

/**
 * Store the re-encoded photo under the name the database made, as the staff member (Storage's
 * insert policy admits only that name, once).
 *
 * @returns null when stored, else Storage's error
 */
export async function uploadProgressPhoto(supabase: RequestClient, objectName: string, photo: CleanPhoto): Promise<unknown> {
	const { error } = await supabase.storage.from(PROGRESS_PHOTO_BUCKET).upload(objectName, photo.data, { contentType: 'image/jpeg', upsert: false });
	return error ?? null;
}

/**
 * The JPEG of a progress photo for whoever may see it, or null (no such photo, or not theirs).
 * Signed in: the row as RLS allows; otherwise (or not readable): the photo of the latest update of
 * a published answer (public_progress_photo_object).
 */
export async function progressPhotoBytes(supabase: RequestClient, photoId: string, signedIn: boolean): Promise<ArrayBuffer | null> {
	let name: string | null = null;
	if (signedIn) {
		const { data, error } = await supabase.from('progress_photos').select('object_name').eq('id', photoId).maybeSingle();
		if (error) throw error;
		name = data?.object_name ?? null;
	}
	if (!name) {
		const { data, error } = await supabase.rpc('public_progress_photo_object', { p_photo_id: photoId });
		if (error) throw error;
		name = (data as string | null) ?? null;
	}
	return name ? storageObjectBytes(supabase, PROGRESS_PHOTO_BUCKET, name) : null;
}
