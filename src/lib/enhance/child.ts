/**
 * The only JavaScript of the children's pages (route group (child), server-rendered with
 * `csr = false`): a few kilobytes instead of SvelteKit's client (issue 9 §6: ≤ 50 KB gzip per
 * child page, for old school tablets). Everything here is an enhancement of plain HTML forms that
 * work without it; it is bundled on its own (`?worker&url`, an IIFE) and loaded by
 * $lib/components/child-script.svelte. It reads what it needs from data attributes the server
 * renders (limits from $lib/forms/limits, texts from the message files), so the browser and the
 * server apply the same numbers and words.
 *
 * 1. Character counters (`.field[data-max]`): the count as typed; the live region speaks only
 *    when over the limit.
 * 2. Errors clear as fields are fixed (GOV.UK error summary): a field in error whose value is now
 *    valid (checkText, the server's rules) loses its error and its summary line; the summary and
 *    the title's "Error:" go when nothing is left.
 * 3. A sending form ignores a second press; its button stays focusable (aria-disabled).
 * 4. Drafts (`form[data-draft-url]`): saved on the server as the child writes (1.5 s after the last
 *    key, and when the page is left or hidden), with a status line.
 * 5. Read-aloud (`[data-read-aloud]`): a button that reads a question or hint with the browser's
 *    speech synthesis in the page's language; rendered only when the browser has such a voice.
 * 6. Held text on the sign-in page (`form[data-held-language]`): the header's language link posts
 *    that form instead, so the text rides along (without JavaScript the form's own button does).
 */
import { checkText } from '$lib/forms/checks';
import { graphemeCount, trimInvisible } from '$lib/text';

type Control = HTMLInputElement | HTMLTextAreaElement;

const fill = (template: string | undefined, values: Record<string, string | number>) =>
	(template ?? '').replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

// 1. Counters -----------------------------------------------------------------------------------
function updateCount(field: HTMLElement, control: Control): void {
	const max = Number(field.dataset.max);
	if (!max) return;
	const count = graphemeCount(trimInvisible(control.value));
	const counter = field.querySelector<HTMLElement>('.count');
	if (counter) {
		counter.textContent = fill(counter.dataset.template, { count, max });
		counter.classList.toggle('over', count > max);
	}
	const live = field.querySelector<HTMLElement>('[aria-live]');
	if (live) {
		const text = count > max ? (live.dataset.over ?? '') : '';
		if (live.textContent !== text) live.textContent = text;
	}
}

// 2. Errors clear as fields are fixed ---------------------------------------------------------------
function recheck(form: HTMLFormElement, field: HTMLElement, control: Control): void {
	if (!field.classList.contains('has-error')) return;
	const name = field.dataset.field!;
	let error = checkText(control.value, Number(field.dataset.max) || 100_000, field.dataset.required !== 'false');
	const pattern = field.dataset.pattern;
	if (!error && pattern && control.value.trim() !== '' && !new RegExp(pattern).test(control.value.trim().normalize('NFKC'))) {
		error = { code: 'invalid' };
	}
	const message = field.querySelector<HTMLElement>('.error');
	const summary = form.querySelector<HTMLElement>('.error-summary');
	const line = summary?.querySelector<HTMLElement>(`li[data-field="${name}"]`);
	if (error) {
		const text = field.dataset[error.code === 'too_long' ? 'tooLongText' : error.code === 'invalid' ? 'invalidText' : 'requiredText'];
		if (message && text) message.textContent = text;
		return;
	}
	field.classList.remove('has-error');
	message?.remove();
	control.removeAttribute('aria-invalid');
	const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== `${control.id}-error`);
	if (described.length) control.setAttribute('aria-describedby', described.join(' '));
	else control.removeAttribute('aria-describedby');
	if (!summary || !line) return;
	line.remove();
	const left = summary.querySelectorAll('li').length;
	const fieldLines = summary.querySelectorAll('li[data-field]').length;
	const countText = summary.querySelector<HTMLElement>('[data-count-template]');
	if (countText) countText.textContent = fill(countText.dataset.countTemplate, { count: fieldLines });
	if (fieldLines === 0) countText?.remove();
	if (left === 0) {
		summary.remove();
		const prefix = summary.dataset.titlePrefix ?? '';
		if (prefix && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
	}
}

// 4. Drafts ------------------------------------------------------------------------------------------
function drafts(form: HTMLFormElement): void {
	const url = form.dataset.draftUrl!;
	const status = form.querySelector<HTMLElement>('[data-draft-status]');
	const version = form.querySelector<HTMLInputElement>('input[name="draft_version"]');
	let timer: ReturnType<typeof setTimeout> | undefined;
	let dirty = false;
	let saving = false;
	const say = (key: 'saved' | 'failed' | 'signedOut' | 'saving') => {
		if (status) status.textContent = status.dataset[key] ?? '';
	};
	const body = () => {
		const data = new FormData(form);
		data.delete('send_anyway');
		// Photos are never part of a draft: never upload them with every save.
		for (const [name, value] of [...data]) if (typeof value !== 'string') data.delete(name);
		return data;
	};
	async function save(): Promise<void> {
		// Once the form is being sent, the server deletes its draft: never save it again after.
		if (!dirty || saving || form.dataset.sending) return;
		saving = true;
		dirty = false;
		say('saving');
		try {
			const response = await fetch(url, { method: 'POST', body: body(), headers: { accept: 'application/json' }, redirect: 'manual' });
			if (response.type === 'opaqueredirect' || response.status === 401) say('signedOut');
			else if (response.status === 204) say('saved');
			else if (!response.ok) {
				const answer = (await response.json().catch(() => ({}))) as { error?: string; version?: number };
				if (answer.error === 'stale_version') say('failed');
				else {
					dirty = true;
					say('failed');
				}
			} else {
				const answer = (await response.json()) as { version: number };
				if (version) version.value = String(answer.version);
				say('saved');
			}
		} catch {
			dirty = true;
			say('failed');
		} finally {
			saving = false;
		}
	}
	form.addEventListener('input', () => {
		dirty = true;
		clearTimeout(timer);
		timer = setTimeout(save, 1500);
	});
	// Leaving the page (a link, the language switch, closing the tab): send what is not saved yet.
	const leave = () => {
		if (!dirty || form.dataset.sending) return;
		dirty = false;
		void fetch(url, { method: 'POST', body: body(), keepalive: true, headers: { accept: 'application/json' } }).catch(() => {});
	};
	addEventListener('pagehide', leave);
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'hidden') leave();
	});
}

// 5. Read-aloud --------------------------------------------------------------------------------------
function readAloud(): void {
	const targets = document.querySelectorAll<HTMLElement>('[data-read-aloud]');
	if (targets.length === 0 || !('speechSynthesis' in window)) return;
	const lang = document.documentElement.lang || 'zh-CN';
	const voiceFor = () => speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase().startsWith(lang.slice(0, 2).toLowerCase()));
	let added = false;
	const add = () => {
		const voice = voiceFor();
		if (added || !voice) return;
		added = true;
		for (const target of targets) {
			const button = document.createElement('button');
			button.type = 'button';
			button.className = 'read-aloud';
			button.textContent = '🔊';
			button.setAttribute('aria-label', target.dataset.readAloud ?? '');
			button.addEventListener('click', () => {
				speechSynthesis.cancel();
				const utterance = new SpeechSynthesisUtterance(target.textContent ?? '');
				utterance.lang = lang;
				utterance.voice = voice;
				utterance.rate = 0.9;
				speechSynthesis.speak(utterance);
			});
			target.after(button);
		}
	};
	add();
	speechSynthesis.addEventListener?.('voiceschanged', add);
}

// 6. Error summary links: focus the field itself and show its label at the top (a plain
// #fragment link only scrolls). As $lib/components/error-summary.svelte does on other pages.
function summaryLinks(): void {
	document.addEventListener('click', (event) => {
		const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('.error-summary a[href^="#field-"]');
		if (!link) return;
		const id = link.getAttribute('href')!.slice(1);
		const field = document.getElementById(id);
		if (!field) return;
		event.preventDefault();
		const label = document.querySelector(`label[for="${id}"]`) ?? field.closest('fieldset')?.querySelector('legend');
		(label ?? field).scrollIntoView({ block: 'start' });
		field.focus({ preventScroll: true });
	});
}

// Wiring ---------------------------------------------------------------------------------------------
function start(): void {
	summaryLinks();
	for (const form of document.querySelectorAll<HTMLFormElement>('form')) {
		form.addEventListener('input', (event) => {
			const control = event.target as Control;
			const field = control.closest<HTMLElement>('.field[data-field]');
			if (!field) return;
			updateCount(field, control);
			recheck(form, field, control);
		});
		form.addEventListener('submit', (event) => {
			if (form.dataset.sending) {
				event.preventDefault();
				return;
			}
			form.dataset.sending = 'yes';
			const button = (event as SubmitEvent).submitter;
			button?.setAttribute('aria-disabled', 'true');
			button?.setAttribute('aria-busy', 'true');
		});
		if (form.dataset.draftUrl) drafts(form);
	}
	// Back to a page from the browser's cache: it can be sent again.
	addEventListener('pageshow', (event) => {
		if (!event.persisted) return;
		for (const form of document.querySelectorAll<HTMLFormElement>('form[data-sending]')) {
			delete form.dataset.sending;
			form.querySelectorAll('[aria-disabled]').forEach((b) => b.removeAttribute('aria-disabled'));
			form.querySelectorAll('[aria-busy]').forEach((b) => b.removeAttribute('aria-busy'));
		}
	});
	readAloud();
	heldLanguage();
}

// 7. Held text and the language switch -----------------------------------------------------------------
function heldLanguage(): void {
	const form = document.querySelector<HTMLFormElement>('form[data-held-language]');
	if (!form) return;
	for (const link of document.querySelectorAll<HTMLAnchorElement>('a[hreflang]')) {
		link.addEventListener('click', (event) => {
			if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
			event.preventDefault();
			form.requestSubmit();
		});
	}
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
