import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// Both locales carry a URL prefix; an unprefixed URL is negotiated (cookie, then
			// Accept-Language, see src/lib/i18n/negotiate.ts) and redirected to its prefix.
			strategy: ['url', 'custom-negotiate', 'baseLocale'],
			urlPatterns: [
				{
					pattern: ':protocol://:domain(.*)::port?/:path(.*)?',
					localized: [
						['zh-CN', ':protocol://:domain(.*)::port?/zh-CN/:path(.*)?'],
						['en', ':protocol://:domain(.*)::port?/en/:path(.*)?']
					]
				}
			],
			emitGitIgnore: false
		}),
		sveltekit()
	]
});
