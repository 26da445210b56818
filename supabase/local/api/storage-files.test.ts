/** Unit tests of the Storage stand-in's byte store (no server needed). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ObjectFiles } from './storage-files.ts';
import { StorageApiError } from './storage-errors.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cv-storage-files-'));
const files = new ObjectFiles(root);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ObjectFiles', () => {
	it('keeps bytes under the root by version only; anything but a version id has no path', () => {
		const v = files.newVersion();
		expect(files.pathOf(v)).toBe(path.join(root, v.slice(0, 2), v));
		fc.assert(
			fc.property(fc.string(), (s) => {
				const p = files.pathOf(s);
				return p === null || (p.startsWith(root + path.sep) && /^[0-9a-f-]{36}$/.test(path.basename(p)));
			})
		);
		for (const bad of ['../x', '/etc/passwd', '1', null, undefined, '', `${v}/../../x`]) expect(files.pathOf(bad)).toBeNull();
	});

	it('receives a body within the limit, counting bytes and hashing them', async () => {
		const r = await files.receive(Readable.from([Buffer.from('hello '), Buffer.from('world')]), 11);
		expect(r.size).toBe(11);
		expect(r.md5).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3');
		const v = files.newVersion();
		await files.commit(r, v);
		expect(await files.size(v)).toBe(11);
		expect(await files.versions()).toContain(v);
		await files.remove(v);
		expect(await files.size(v)).toBeNull();
	});

	it('stops a body past the limit with EntityTooLarge and leaves no temporary file', async () => {
		let pulled = 0;
		const endless = new Readable({
			read() {
				pulled++;
				this.push(Buffer.alloc(1024));
			}
		});
		const err = await files.receive(endless, 10 * 1024).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(StorageApiError);
		expect((err as StorageApiError).body()).toMatchObject({ statusCode: '413', error: 'Payload too large' });
		expect(pulled).toBeLessThan(100);
		expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
	});
});
