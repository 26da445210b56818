import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** A poll's question in the page's language (English falls back to the Chinese text). */
export function questionText(p: { question_zh: string; question_en: string | null }): string {
	return getLocale() === 'en' ? (p.question_en ?? p.question_zh) : p.question_zh;
}

/** A poll's explanation in the page's language, or null. */
export function explanationText(p: { explanation_zh: string | null; explanation_en: string | null }): string | null {
	return getLocale() === 'en' ? (p.explanation_en ?? p.explanation_zh) : (p.explanation_zh ?? p.explanation_en);
}

/** An option's label in the page's language. */
export function optionText(o: { label: string; label_en: string | null }): string {
	return getLocale() === 'en' ? (o.label_en ?? o.label) : o.label;
}

/** A poll's state in words. */
export function pollStateText(state: string): string {
	switch (state) {
		case 'draft':
			return m.poll_state_draft();
		case 'scheduled':
			return m.poll_state_scheduled();
		case 'open':
			return m.poll_state_open();
		case 'closed':
			return m.poll_state_closed();
		default:
			return state;
	}
}

/** A poll's scope in words. */
export function pollScopeText(scope: string): string {
	switch (scope) {
		case 'class':
			return m.poll_scope_class();
		case 'school':
			return m.poll_scope_school();
		case 'community':
			return m.poll_scope_community();
		case 'district':
			return m.poll_scope_district();
		case 'city':
			return m.poll_scope_city();
		default:
			return scope;
	}
}

/** What an option's picture shows, in the page's language ('' when only the option's words say it: the image is then decorative). */
export function pictureAltText(p: { alt_zh: string | null; alt_en: string | null }): string {
	return (getLocale() === 'en' ? (p.alt_en ?? p.alt_zh) : (p.alt_zh ?? p.alt_en)) ?? '';
}
