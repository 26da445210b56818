import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// A page's CSS (the whole app's is ~8 KB before gzip) goes into its HTML: a separate
		// stylesheet blocks the first paint for a round trip of its own, which on a school
		// tablet's slow connection is most of the LCP budget (issue 9 §6, BENCHMARKS.md).
		inlineStyleThreshold: 16 * 1024,
		// Forms post from the same origin; keep SvelteKit's CSRF origin check on.
		csrf: { trustedOrigins: [] },
		// A nonce per response on SvelteKit's own inline scripts (hashes on prerendered pages):
		// no other script runs. Styles may be inline (Svelte's transitions, style attributes).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'base-uri': ['self'],
				'object-src': ['none'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
