/**
 * The bytes of Storage objects on the local disk (the stand-in's S3), and the reading of upload
 * bodies into them with a size cap.
 *
 * Every upload is one *version* (a random UUID, the `version` column of storage.objects) and is
 * kept at `<root>/<first two hex digits>/<version>`. Object names never become file paths, so no
 * name (`../x`, `a/%2e%2e/b`, absolute paths, NUL) can reach outside the root: a name is only a
 * database value, as it is only an S3 key on a project. Bodies stream to `<root>/tmp/` through a
 * counter that stops at the limit, so an upload is never held in memory, and are renamed into
 * place when the upload completes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STORAGE_ERRORS } from './storage-errors.ts';

/** A version id as the stand-in writes them; anything else (e.g. a row inserted by SQL) has no bytes. */
const VERSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A body received into a temporary file. */
export interface ReceivedBody {
	/** Temporary file; {@link ObjectFiles.commit} moves it into place, {@link ObjectFiles.discard} removes it. */
	tmp: string;
	/** Bytes written. */
	size: number;
	/** MD5 of the bytes, hex (S3's ETag of a single-part object, without the quotes). */
	md5: string;
}

/** Thrown by the counting stream when a body passes its limit. */
export class TooLargeError extends Error {}

class Limit extends Transform {
	size = 0;
	readonly hash = createHash('md5');
	constructor(private readonly max: number) {
		super();
	}
	override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
		this.size += chunk.length;
		if (this.size > this.max) {
			done(new TooLargeError());
			return;
		}
		this.hash.update(chunk);
		done(null, chunk);
	}
}

/** The byte store under one root directory. */
export class ObjectFiles {
	/** @param root directory of the store (created on first write) */
	constructor(readonly root: string) {}

	/** Where a version's bytes live, or null when the version is not one the stand-in wrote. */
	pathOf(version: string | null | undefined): string | null {
		if (!version || !VERSION.test(version)) return null;
		return path.join(this.root, version.slice(0, 2), version);
	}

	/** A new version id. */
	newVersion(): string {
		return randomUUID();
	}

	/**
	 * Stream a body into a temporary file, at most `maxBytes` bytes.
	 *
	 * @throws StorageApiError EntityTooLarge past the limit (the partial file is removed); the
	 *   stream's own error otherwise
	 */
	async receive(body: Readable, maxBytes: number): Promise<ReceivedBody> {
		const dir = path.join(this.root, 'tmp');
		await mkdir(dir, { recursive: true });
		const tmp = path.join(dir, randomUUID());
		const limit = new Limit(maxBytes);
		try {
			await pipeline(body, limit, createWriteStream(tmp, { flags: 'wx' }));
		} catch (err) {
			await rm(tmp, { force: true });
			if (err instanceof TooLargeError) throw STORAGE_ERRORS.entityTooLarge();
			throw err;
		}
		return { tmp, size: limit.size, md5: limit.hash.digest('hex') };
	}

	/** Move a received body into place as `version`. */
	async commit(received: ReceivedBody, version: string): Promise<void> {
		const target = this.pathOf(version);
		if (!target) throw new Error(`not a version id: ${version}`);
		await mkdir(path.dirname(target), { recursive: true });
		await rename(received.tmp, target);
	}

	/** Remove a temporary body (after a refused upload). */
	async discard(received: ReceivedBody | null | undefined): Promise<void> {
		if (received) await rm(received.tmp, { force: true });
	}

	/** Delete a version's bytes; a version without bytes is fine. */
	async remove(version: string | null | undefined): Promise<void> {
		const file = this.pathOf(version);
		if (file) await rm(file, { force: true });
	}

	/** Size of a version's bytes, or null when they are missing. */
	async size(version: string | null | undefined): Promise<number | null> {
		const file = this.pathOf(version);
		if (!file) return null;
		try {
			return (await stat(file)).size;
		} catch {
			return null;
		}
	}

	/** A read stream over a version's bytes (`start`/`end` inclusive). */
	open(version: string, range?: { start: number; end: number }): ReadStream {
		const file = this.pathOf(version);
		if (!file) throw new Error(`not a version id: ${version}`);
		return createReadStream(file, range);
	}

	/** Every version with bytes in the store (tests: a removed object's bytes are gone). */
	async versions(): Promise<string[]> {
		const out: string[] = [];
		let dirs: string[];
		try {
			dirs = await readdir(this.root);
		} catch {
			return out;
		}
		for (const d of dirs) {
			if (!/^[0-9a-f]{2}$/.test(d)) continue;
			for (const f of await readdir(path.join(this.root, d))) if (VERSION.test(f)) out.push(f);
		}
		return out;
	}
}

/** Discard whatever is left of a request body without keeping it (after an early answer). */
export function drain(req: IncomingMessage): void {
	req.resume();
}
