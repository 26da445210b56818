/**
 * Paraglide's compiler options, shared by the Vite plugin (vite.config.ts) and `npm run i18n`,
 * which compiles the messages without Vite (type checks on a fresh clone need them).
 */
import { compile, type CompilerOptions } from '@inlang/paraglide-js';

export const paraglideOptions = {
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
} satisfies CompilerOptions;

if (process.argv[1]?.endsWith('paraglide.config.ts')) {
	await compile(paraglideOptions);
}
