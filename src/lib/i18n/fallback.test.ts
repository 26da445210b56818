import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from '@inlang/paraglide-js';

// A message missing in en must render the zh-CN text, not break the page. This compiles a small
// project with this repo's settings and one message translated only into the base locale.
describe('a message missing in a locale', () => {
	// Compiling takes seconds on a busy machine: a generous timeout, this is not a speed test.
	it('falls back to the base locale', { timeout: 60_000 }, async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cv-paraglide-'));
		try {
			const settings = JSON.parse(readFileSync(path.resolve('project.inlang/settings.json'), 'utf8'));
			settings.modules = settings.modules.map((m: string) => path.resolve(m));
			settings['plugin.inlang.messageFormat'].pathPattern = path.join(dir, 'messages/{locale}.json');
			mkdirSync(path.join(dir, 'project.inlang'), { recursive: true });
			mkdirSync(path.join(dir, 'messages'));
			writeFileSync(path.join(dir, 'project.inlang/settings.json'), JSON.stringify(settings));
			writeFileSync(path.join(dir, 'messages/zh-CN.json'), JSON.stringify({ only_base: '只有中文', both: '两种' }));
			writeFileSync(path.join(dir, 'messages/en.json'), JSON.stringify({ both: 'both' }));
			await compile({ project: path.join(dir, 'project.inlang'), outdir: path.join(dir, 'out'), emitGitIgnore: false });
			const m = await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'out/messages.js')).href);
			expect(m.both({}, { locale: 'en' })).toBe('both');
			expect(m.only_base({}, { locale: 'en' })).toBe('只有中文');
			expect(m.only_base({}, { locale: 'zh-CN' })).toBe('只有中文');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
