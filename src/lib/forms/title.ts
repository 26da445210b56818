import { m } from '$lib/paraglide/messages';

/**
 * A page's <title>: "Error: " first while the page shows a failed form (screen readers read the
 * title first after a page load), then the page and the app's name.
 */
export function pageTitle(title: string, failed = false): string {
	return `${failed ? m.error_title_prefix() : ''}${title} · ${m.app_name()}`;
}
