/**
 * Street reports (街巷小管家) on the app server: the child's text screened by the safety layer,
 * the report's fields and photos read as the person asking (RLS decides), photos uploaded to and
 * served from the private Storage bucket with short-lived signed URLs made as that person.
 */
import { redact, screen, type Locale, type PersonalDetailType, type SafeguardingType } from '$lib/safety';
import type { RequestClient } from './supabase';
import { textLocale } from './screening';
import type { CleanPhoto } from './photos';
import { storageObjectBytes } from './storage';
import { removeQueuedPhotos } from './photo-removals';
import { createAdminClient } from './supabase';

/** The private Storage bucket (migration 20261130050200). */
export const PHOTO_BUCKET = 'street-report-photos';

export const TOPICS = ['broken_facility', 'safety_hazard', 'rubbish', 'noise', 'traffic', 'trees_green', 'accessibility', 'other'] as const;
export type Topic = (typeof TOPICS)[number];
export const URGENCIES = ['normal', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const PLACE_KINDS = ['park', 'playground', 'crossing', 'street', 'square', 'underpass', 'waterside', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The screened text fields of a report, by the names the database's flags use. */
export const REPORT_FIELDS = ['title', 'problem', 'suggestions', 'place_text'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];
export type ReportText = Record<ReportField, string>;

export interface ReportFinding<T extends string = string> {
	field: ReportField;
	type: T;
	start: number;
	end: number;
	text: string;
}

/** submit_street_report's p_flags (private.street_report_flags). */
export interface ReportFlags {
	personal_details: ReportFinding<PersonalDetailType>[];
	safeguarding: ReportFinding<SafeguardingType>[];
	confirmed: boolean;
}

/**
 * Screen a report's trimmed text with $lib/safety, as proposals are screened.
 *
 * @param text the fields as they will be stored ('' for an empty optional one)
 * @param locale the page's language (both languages' rules run regardless)
 */
export function screenReport(text: ReportText, locale: Locale): ReportFlags {
	const found = screen({ ...text }, { locale });
	return {
		personal_details: found.personalDetails.map(({ field, detail }) => ({ field: field as ReportField, ...detail })),
		safeguarding: found.safeguarding.map(({ field, signal }) => ({ field: field as ReportField, ...signal })),
		confirmed: false
	};
}

/**
 * The child's send decision, as for proposals (screening.ts childScreening): a safeguarding signal
 * sends at once (the database escalates it); personal details not yet warned about stop the form
 * with a warning; otherwise send with the flags.
 */
export function reportScreening(
	text: ReportText,
	locale: Locale,
	sendAnyway: boolean
): { flags: ReportFlags; warn?: undefined } | { flags?: undefined; warn: { text: ReportText; details: ReportFinding<PersonalDetailType>[] } } {
	const flags = screenReport(text, locale);
	if (flags.safeguarding.length === 0 && flags.personal_details.length > 0 && !sendAnyway) {
		return { warn: { text, details: flags.personal_details } };
	}
	return { flags: { ...flags, confirmed: sendAnyway && flags.personal_details.length > 0 } };
}

/** A field's text with the personal details found in it masked, in the text's own language. */
export function redactField(text: string, details: ReportFinding<PersonalDetailType>[], field: ReportField): string {
	return redact(
		text,
		details.filter((d) => d.field === field).map((d) => ({ type: d.type, start: d.start, end: d.end, text: d.text })),
		textLocale(text)
	);
}

/** One photo of a report as the reader may see it. */
export interface ReportPhoto {
	id: string;
	position: number;
	width: number;
	height: number;
	/** A teacher confirmed it may be public (nothing identifying in it). */
	confirmed: boolean;
}

/** A report's own fields, as the reader may read them (street_report_details + photos). */
export interface ReportFacts {
	topic: Topic;
	urgency: Urgency;
	place_id: string | null;
	place_kind: PlaceKind | null;
	place_name_zh: string | null;
	place_name_en: string | null;
	community_name_zh: string | null;
	community_name_en: string | null;
	/** The child's own words (author, class teachers, admins; null for anyone else). */
	place_text: string | null;
	public_place_text: string | null;
	photos: ReportPhoto[];
}

/**
 * A street report's fields and photos as the caller may read them.
 *
 * @returns null when the submission is no street report or the caller may not read it
 */
export async function loadReportFacts(supabase: RequestClient, submissionId: string): Promise<ReportFacts | null> {
	const [details, photos] = await Promise.all([
		supabase.from('street_report_details').select('*').eq('submission_id', submissionId).maybeSingle(),
		supabase
			.from('street_report_photos')
			.select('id, position, width, height, confirmed_at')
			.eq('submission_id', submissionId)
			.order('position')
			.limit(3)
	]);
	if (details.error) throw details.error;
	if (photos.error) throw photos.error;
	if (!details.data) return null;
	const d = details.data;
	return {
		topic: d.topic as Topic,
		urgency: d.urgency as Urgency,
		place_id: d.place_id,
		place_kind: d.place_kind as PlaceKind | null,
		place_name_zh: d.place_name_zh,
		place_name_en: d.place_name_en,
		community_name_zh: d.community_name_zh,
		community_name_en: d.community_name_en,
		place_text: d.place_text,
		public_place_text: d.public_place_text,
		photos: (photos.data ?? []).map((p) => ({ id: p.id, position: p.position, width: p.width, height: p.height, confirmed: !!p.confirmed_at }))
	};
}

/** A neighbourhood place as a picker shows it. */
export interface Place {
	id: string;
	kind: PlaceKind;
	name_zh: string;
	name_en: string | null;
}

/** The active places of the district of the signed-in child's school, by name. */
export async function childPlaces(supabase: RequestClient): Promise<Place[]> {
	const { data: membership, error: e1 } = await supabase.from('class_students').select('class_id').maybeSingle();
	if (e1) throw e1;
	if (!membership) return [];
	const { data: cls, error: e2 } = await supabase.from('classes').select('school_id').eq('id', membership.class_id).single();
	if (e2) throw e2;
	const { data: school, error: e3 } = await supabase.from('schools').select('district_id').eq('id', cls.school_id).single();
	if (e3) throw e3;
	const { data, error: e4 } = await supabase
		.from('neighbourhood_places')
		.select('id, kind, name_zh, name_en')
		.eq('district_id', school.district_id)
		.is('retired_at', null)
		.order('name_zh')
		.limit(500);
	if (e4) throw e4;
	return (data ?? []) as Place[];
}

/**
 * Upload a new report's cleaned photos as the child (Storage's RLS admits only the object names
 * submit_street_report made for their own report). An object already there (a repeated form)
 * is left as it is.
 *
 * @returns how many could not be stored (the report stands without them)
 */
export async function uploadPhotos(supabase: RequestClient, names: string[], photos: CleanPhoto[]): Promise<number> {
	let failed = 0;
	for (const [i, name] of names.entries()) {
		const photo = photos[i];
		if (!photo) continue;
		const { error } = await supabase.storage.from(PHOTO_BUCKET).upload(name, photo.data, { contentType: 'image/jpeg', upsert: false });
		if (error && !/exists|duplicate/i.test(error.message)) {
			console.error('A street-report photo could not be stored:', error);
			failed++;
		}
	}
	return failed;
}

/**
 * The bytes of a photo for whoever asks, if they may see it: the photo row read as them (inside
 * the school every photo of a report they read; staff confirmed ones; anyone the confirmed
 * photos of published reports), then a signed URL made as them (Storage's RLS checks again),
 * fetched at once.
 *
 * @returns the JPEG, or null (no such photo, or not theirs to see)
 */
export async function photoBytes(supabase: RequestClient, photoId: string, signedIn: boolean): Promise<ArrayBuffer | null> {
	let name: string | null = null;
	if (signedIn) {
		const { data, error } = await supabase.from('street_report_photos').select('object_name').eq('id', photoId).maybeSingle();
		if (error) throw error;
		name = data?.object_name ?? null;
	}
	if (!name) {
		const { data, error } = await supabase.from('published_street_report_photos').select('object_name').eq('photo_id', photoId).maybeSingle();
		if (error) throw error;
		name = data?.object_name ?? null;
	}
	return name ? storageObjectBytes(supabase, PHOTO_BUCKET, name) : null;
}

/**
 * Remove the Storage objects of deleted photo rows now (the child took one away): the queue is
 * emptied as the service role ($lib/server/photo-removals.ts). A failure is logged and the names
 * stay queued for the server's periodic run (hooks.server.ts).
 */
export async function removeQueuedPhotosNow(fetch: typeof globalThis.fetch): Promise<void> {
	await removeQueuedPhotos(createAdminClient(fetch)).catch((e) => console.error('Removed photos stay queued for removal:', e));
}
