import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** The picture of each topic card (emoji: no image files to load on old tablets). */
export const TOPIC_ICONS: Record<string, string> = {
	broken_facility: '🛝',
	safety_hazard: '⚠️',
	rubbish: '🗑️',
	noise: '🔊',
	traffic: '🚦',
	trees_green: '🌳',
	accessibility: '♿',
	other: '💬'
};

/** A topic in words a child reads. */
export function topicText(topic: string): string {
	switch (topic) {
		case 'broken_facility':
			return m.report_topic_broken_facility();
		case 'safety_hazard':
			return m.report_topic_safety_hazard();
		case 'rubbish':
			return m.report_topic_rubbish();
		case 'noise':
			return m.report_topic_noise();
		case 'traffic':
			return m.report_topic_traffic();
		case 'trees_green':
			return m.report_topic_trees_green();
		case 'accessibility':
			return m.report_topic_accessibility();
		default:
			return m.report_topic_other();
	}
}

/** How urgent, as the child said it. */
export function urgencyText(urgency: string): string {
	switch (urgency) {
		case 'urgent':
			return m.report_urgency_urgent();
		case 'soon':
			return m.report_urgency_soon();
		default:
			return m.report_urgency_normal();
	}
}

/** A kind of place. */
export function placeKindText(kind: string): string {
	switch (kind) {
		case 'park':
			return m.report_place_kind_park();
		case 'playground':
			return m.report_place_kind_playground();
		case 'crossing':
			return m.report_place_kind_crossing();
		case 'street':
			return m.report_place_kind_street();
		case 'square':
			return m.report_place_kind_square();
		case 'underpass':
			return m.report_place_kind_underpass();
		case 'waterside':
			return m.report_place_kind_waterside();
		default:
			return m.report_place_kind_other();
	}
}

/** A name with its zh-CN and optional en spelling, in the page's language. */
export function localName(zh: string | null, en: string | null): string {
	return (getLocale() === 'en' ? en || zh : zh) ?? '';
}

/** A photo refusal or other photo field error, naming the limit. */
export function photoErrorText(code: string, max?: number): string | undefined {
	switch (code) {
		case 'photo_too_many':
			return m.report_photo_too_many({ max: max ?? 3 });
		case 'photo_too_large':
			return m.report_photo_too_large({ max: max ?? 10 });
		case 'photo_not_a_photo':
			return m.report_photo_not_a_photo();
		case 'photo_wrong_type':
			return m.photos_wrong_type();
		case 'photo_heic_unsupported':
			return m.report_photo_heic_unsupported();
		case 'photo_too_many_pixels':
			return m.report_photo_too_many_pixels();
		case 'photo_none':
			return m.child2_photo_none();
		case 'photo_unreadable':
			return m.report_photo_unreadable();
		default:
			return undefined;
	}
}
