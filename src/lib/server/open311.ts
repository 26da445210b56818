/**
 * Open311 GeoReport v2 (read only) over the published, redacted street reports, so a city's
 * hotline systems can read them: services (the report topics) and service requests. Only what
 * the public page shows leaves: the teacher's public copy, place, answer, confirmed photos — no
 * child, class or school. https://wiki.open311.org/GeoReport_v2
 *
 * Mapping: service_code = topic; service_request_id = the submission id; status `closed` when the
 * answer's decision ends the matter here (`not_feasible`, `referred`), `open` while work or study
 * is promised (`adopted`, `partly_adopted`, `under_study`); status_notes = the answer;
 * requested_datetime = the day it was forwarded (00:00 Asia/Shanghai: a day, never the time);
 * updated_datetime = answered; address = the place (and community), or the public words; no
 * lat/long (no location is collected); media_url = the first confirmed photo.
 */
import { m } from '$lib/paraglide/messages';
import type { RequestClient } from './supabase';
import { TOPICS } from './street-reports';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
/** The longest start_date..end_date span a query may ask for (the spec's default window). */
export const MAX_SPAN_DAYS = 90;
const DAY = 24 * 60 * 60 * 1000;
const SHANGHAI = 8 * 60 * 60 * 1000;

const CLOSED = ['not_feasible', 'referred'];
const OPEN = ['adopted', 'partly_adopted', 'under_study'];

/** An Open311 error list ([{code, description}]) as the spec answers a bad request. */
export class Open311Error extends Error {
	constructor(
		public status: number,
		description: string
	) {
		super(description);
	}
	body() {
		return [{ code: this.status, description: this.message }];
	}
}

/** The service list: one per topic, names in the requested language. */
export function services(locale: 'zh-CN' | 'en') {
	return TOPICS.map((code) => ({
		service_code: code,
		service_name: topicName(code, locale),
		description: topicName(code, locale),
		metadata: false,
		type: 'realtime',
		keywords: 'street_report',
		group: 'street_report'
	}));
}

function topicName(code: string, locale: 'zh-CN' | 'en'): string {
	const o = { locale };
	switch (code) {
		case 'broken_facility':
			return m.report_topic_broken_facility({}, o);
		case 'safety_hazard':
			return m.report_topic_safety_hazard({}, o);
		case 'rubbish':
			return m.report_topic_rubbish({}, o);
		case 'noise':
			return m.report_topic_noise({}, o);
		case 'traffic':
			return m.report_topic_traffic({}, o);
		case 'trees_green':
			return m.report_topic_trees_green({}, o);
		case 'accessibility':
			return m.report_topic_accessibility({}, o);
		default:
			return m.report_topic_other({}, o);
	}
}

/** A W3C datetime with its zone (the spec's format), or an Open311Error naming the parameter. */
function parseDate(name: string, value: string): number {
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
		throw new Open311Error(400, `${name} must be a W3C datetime such as 2026-11-30T08:00:00+08:00`);
	}
	const at = Date.parse(value.length === 10 ? `${value}T00:00:00+08:00` : value);
	if (Number.isNaN(at)) throw new Open311Error(400, `${name} is not a valid date`);
	return at;
}

/** The city's calendar day (Asia/Shanghai, no daylight saving) of an instant, YYYY-MM-DD. */
function cityDay(at: number): string {
	return new Date(at + SHANGHAI).toISOString().slice(0, 10);
}

export interface RequestQuery {
	ids: string[] | null;
	serviceCodes: string[] | null;
	statuses: ('open' | 'closed')[] | null;
	fromDay: string;
	toDay: string;
	page: number;
	pageSize: number;
}

/**
 * Read and bound the query of GET requests.json: service_request_id, service_code, status
 * (comma-separated lists), start_date / end_date (default: the last 90 days; at most 90 days
 * apart), page (from 1) and page_size (1–100, default 50; an extension, as many cities have).
 * @throws Open311Error 400 for anything malformed
 */
export function readRequestQuery(params: URLSearchParams, now = Date.now()): RequestQuery {
	const list = (name: string) => {
		const raw = params.get(name);
		if (raw === null || raw.trim() === '') return null;
		if (raw.length > 2000) throw new Open311Error(400, `${name} is too long`);
		return raw.split(',').map((s) => s.trim()).filter(Boolean);
	};
	const ids = list('service_request_id');
	if (ids && (ids.length > MAX_PAGE_SIZE || ids.some((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)))) {
		throw new Open311Error(400, 'service_request_id must be up to 100 request ids');
	}
	const serviceCodes = list('service_code');
	if (serviceCodes?.some((c) => !(TOPICS as readonly string[]).includes(c))) throw new Open311Error(400, 'unknown service_code');
	const statuses = list('status');
	if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
	const start = params.get('start_date');
	const end = params.get('end_date');
	const endAt = end ? parseDate('end_date', end) : start ? parseDate('start_date', start) + MAX_SPAN_DAYS * DAY : now;
	const startAt = start ? parseDate('start_date', start) : endAt - MAX_SPAN_DAYS * DAY;
	if (startAt > endAt) throw new Open311Error(400, 'start_date is after end_date');
	if (endAt - startAt > MAX_SPAN_DAYS * DAY) throw new Open311Error(400, `start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart`);
	const int = (name: string, fallback: number, max: number) => {
		const raw = params.get(name);
		if (raw === null || raw === '') return fallback;
		if (!/^[1-9][0-9]{0,5}$/.test(raw) || Number(raw) > max) throw new Open311Error(400, `${name} must be a whole number from 1 to ${max}`);
		return Number(raw);
	};
	return {
		ids,
		serviceCodes,
		statuses: statuses as ('open' | 'closed')[] | null,
		fromDay: cityDay(startAt),
		toDay: cityDay(endAt),
		page: int('page', 1, 10000),
		pageSize: int('page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
	};
}

type PublicReport = {
	submission_id: string;
	title: string;
	description: string;
	topic: string;
	place_name_zh: string | null;
	place_name_en: string | null;
	community_name_zh: string | null;
	community_name_en: string | null;
	place_text: string | null;
	decision: string;
	reply: string;
	district_name_zh: string;
	district_name_en: string;
	reported_on: string;
	answered_at: string;
};

/** One service request in the spec's shape. */
function toRequest(r: PublicReport, photoId: string | undefined, origin: string, locale: 'zh-CN' | 'en') {
	const en = locale === 'en';
	const place = en ? (r.place_name_en ?? r.place_name_zh) : r.place_name_zh;
	const community = en ? (r.community_name_en ?? r.community_name_zh) : r.community_name_zh;
	const address = [place, r.place_text, community, en ? r.district_name_en : r.district_name_zh].filter(Boolean).join(en ? ', ' : '，');
	return {
		service_request_id: r.submission_id,
		status: CLOSED.includes(r.decision) ? 'closed' : 'open',
		status_notes: r.reply,
		service_name: topicName(r.topic, locale),
		service_code: r.topic,
		description: `${r.title}\n${r.description}`,
		agency_responsible: en ? r.district_name_en : r.district_name_zh,
		service_notice: null,
		requested_datetime: `${r.reported_on}T00:00:00+08:00`,
		updated_datetime: new Date(r.answered_at).toISOString(),
		expected_datetime: null,
		address,
		address_id: null,
		zipcode: null,
		lat: null,
		long: null,
		media_url: photoId ? `${origin}/${locale}/photos/${photoId}` : null
	};
}

/** Service requests for a query (one page), newest answer first. */
export async function findRequests(supabase: RequestClient, q: RequestQuery, origin: string, locale: 'zh-CN' | 'en') {
	let query = supabase
		.from('public_street_reports')
		.select(
			'submission_id, title, description, topic, place_name_zh, place_name_en, community_name_zh, community_name_en, place_text, decision, reply, district_name_zh, district_name_en, reported_on, answered_at'
		)
		.gte('reported_on', q.fromDay)
		.lte('reported_on', q.toDay);
	if (q.ids) query = query.in('submission_id', q.ids);
	if (q.serviceCodes) query = query.in('topic', q.serviceCodes);
	if (q.statuses && q.statuses.length === 1) query = query.in('decision', q.statuses[0] === 'closed' ? CLOSED : OPEN);
	const from = (q.page - 1) * q.pageSize;
	const { data, error } = await query
		.order('answered_at', { ascending: false })
		.order('submission_id')
		.range(from, from + q.pageSize - 1);
	if (error) throw error;
	return withPhotos(supabase, (data ?? []) as PublicReport[], origin, locale);
}

/** One service request by id (an empty list when it is not published), as the spec answers it. */
export async function findRequest(supabase: RequestClient, id: string, origin: string, locale: 'zh-CN' | 'en') {
	const { data, error } = await supabase.from('public_street_reports').select('*').eq('submission_id', id).maybeSingle();
	if (error) throw error;
	return data ? withPhotos(supabase, [data as PublicReport], origin, locale) : [];
}

async function withPhotos(supabase: RequestClient, rows: PublicReport[], origin: string, locale: 'zh-CN' | 'en') {
	if (rows.length === 0) return [];
	const { data, error } = await supabase
		.from('published_street_report_photos')
		.select('photo_id, submission_id, position')
		.in('submission_id', rows.map((r) => r.submission_id))
		.order('position', { ascending: false })
		.limit(rows.length * 3);
	if (error) throw error;
	// Read from the last position down, so the lowest confirmed position wins.
	const first = new Map((data ?? []).map((p) => [p.submission_id as string, p.photo_id as string]));
	return rows.map((r) => toRequest(r, first.get(r.submission_id), origin, locale));
}
