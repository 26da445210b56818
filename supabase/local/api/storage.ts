/**
 * `/storage/v1`: the subset of Supabase Storage's REST API the app uses, with Storage's semantics
 * (supabase/storage `src/http/routes/{bucket,object}`, `src/storage/{storage,object,uploader}.ts`).
 *
 * Authorisation is Storage's: the Bearer JWT (verified with the project secret, no clock skew)
 * decides the role, and each request's database work runs in a transaction on a connection logged
 * in as `supabase_storage_admin` that first sets `role` (anon / authenticated / service_role),
 * `request.jwt.claims`, `request.jwt.claim.sub`, `request.headers`, `storage.operation` and
 * `storage.allow_delete_query`, so the project's RLS policies on storage.objects and
 * storage.buckets decide: insert for an upload (tested in a transaction that is rolled back before
 * any byte is read), insert + select + update for an upsert, select for download / info / sign /
 * list, delete for remove. Lookups Storage does "as super user" (the bucket of an upload or
 * download, a signed URL's object, public buckets) run as service_role. A signed URL's token is an
 * HS256 JWT `{ url: "<bucket>/<name>", scope: "download", iat, exp }` signed with the project's
 * JWT secret and checked without RLS.
 *
 * Bytes: {@link ObjectFiles} (one file per upload version under the data directory's storage
 * folder); uploads stream to disk through a size cap (global `[storage] file_size_limit`, lowered
 * by the bucket's `file_size_limit`); a replaced or removed object's bytes are deleted.
 *
 * Errors: Storage's body `{ statusCode, error, message, code }` with HTTP 400 for its 4xx
 * (see storage-errors.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import Busboy, { type BusboyFileStream } from '@fastify/busboy';
import { SignJWT, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { ALGORITHMS, keyFor, type JwtKeys } from './jwt.ts';
import type postgres from 'postgres';
import { corsHeaders } from './http.ts';
import { STORAGE_ERRORS as E, StorageApiError, fromPgError, isPgError } from './storage-errors.ts';
import type { ObjectFiles, ReceivedBody } from './storage-files.ts';

export interface StorageContext {
	/** Pool logged in as `supabase_storage_admin` (search_path storage, public, extensions). */
	sql: postgres.Sql;
	/** The project's JWT secret as bytes (verifies HS256 callers, signs and verifies signed URLs). */
	secret: Uint8Array;
	/** The secret and the ES256 public keys: verify callers (user access tokens are ES256). */
	keys: JwtKeys;
	/** The service-role key: Storage's "super user" for lookups that bypass RLS. */
	serviceRoleKey: string;
	/** Where object bytes live. */
	files: ObjectFiles;
	/** Largest object in bytes (`[storage] file_size_limit`, Storage's FILE_SIZE_LIMIT). */
	fileSizeLimit: number;
	/** Where unexpected (5xx) errors are reported. */
	log: (line: string) => void;
}

/** JSON bodies of the non-upload routes are capped like Fastify's default bodyLimit. */
const MAX_JSON_BODY = 1024 * 1024;
/** Storage caps `user_metadata` of a multipart upload at 1 MiB. */
const MAX_USER_METADATA = 1024 * 1024;
/** Most rows one list call returns (storage.search's cap). */
const MAX_LIST_LIMIT = 1500;
/** Most paths in one batch sign (Storage's MAX_OBJECTS_PER_REQUEST). */
const MAX_OBJECTS_PER_REQUEST = 1000;
/** Largest `expiresIn` a signed URL may have (seconds until exp would pass Number.MAX_SAFE_INTEGER ms). */
const MAX_EXPIRES_IN = () => Math.floor(Number.MAX_SAFE_INTEGER / 1000) - Math.floor(Date.now() / 1000);
/** After an early answer, an upload's remaining body is discarded for at most this long, then the connection is closed (Storage: 3 s; longer here for slow test machines). */
const DRAIN_GRACE_MS = 10_000;

const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Storage's operation names (ROUTE_OPERATIONS), set as `storage.operation` for policies. */
const OP = {
	createBucket: 'storage.bucket.create',
	deleteBucket: 'storage.bucket.delete',
	emptyBucket: 'storage.bucket.empty',
	listBuckets: 'storage.bucket.list',
	getBucket: 'storage.bucket.get',
	updateBucket: 'storage.bucket.update',
	upload: 'storage.object.upload',
	uploadUpdate: 'storage.object.upload_update',
	deleteObject: 'storage.object.delete',
	deleteObjects: 'storage.object.delete_many',
	getPublic: 'storage.object.get_public',
	getAuthenticated: 'storage.object.get_authenticated',
	infoPublic: 'storage.object.info_public',
	infoAuthenticated: 'object.get_authenticated_info',
	headAuthenticated: 'object.head_authenticated_info',
	getSigned: 'storage.object.get_signed',
	sign: 'storage.object.sign',
	signMany: 'storage.object.sign_many',
	list: 'storage.object.list'
} as const;

/** One request as the handlers see it. */
interface Req {
	raw: IncomingMessage;
	method: string;
	url: URL;
	/** The path after `/storage/v1`, still percent-encoded (what Storage's router sees). */
	sub: string;
	headers: Record<string, string>;
}

/** Who is asking: the role and claims every database step runs with. */
interface Caller {
	role: string;
	claims: Record<string, unknown>;
	jwt: string;
	sub: string | undefined;
	/** A verified JWT came with the request (Storage's `isAuthenticated`). */
	authenticated: boolean;
}

type Tx = postgres.TransactionSql;

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

function baseHeaders(req: Req): Record<string, string> {
	return corsHeaders({ method: req.method, headers: req.headers });
}

function sendJson(res: ServerResponse, req: Req, status: number, value: unknown, headers: Record<string, string> = {}): void {
	const body = JSON.stringify(value);
	res.writeHead(status, {
		...baseHeaders(req),
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(body)),
		...headers
	});
	res.end(req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, req: Req, err: StorageApiError): void {
	sendJson(res, req, err.httpStatus, err.body(), err.headers);
}

// ---------------------------------------------------------------------------------------------
// Validation (the routes' JSON schemas, with Ajv's wording as Fastify reports it)
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

function asObject(v: unknown, where: string): Json {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw E.validation(`${where} must be object`);
	return v as Json;
}

function required(o: Json, key: string, where: string): void {
	if (o[key] === undefined) throw E.validation(`${where} must have required property '${key}'`);
}

function optString(o: Json, key: string, where: string): string | undefined {
	const v = o[key];
	if (v === undefined) return undefined;
	// Ajv's coerceTypes turns numbers and booleans into strings.
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (typeof v !== 'string') throw E.validation(`${where}/${key} must be string`);
	return v;
}

function optInteger(o: Json, key: string, where: string, min?: number): number | undefined {
	let v = o[key];
	if (v === undefined) return undefined;
	if (typeof v === 'string' && /^-?\d+(\.0+)?$/.test(v.trim())) v = Number(v);
	if (typeof v === 'boolean') v = v ? 1 : 0;
	if (typeof v !== 'number' || !Number.isInteger(v)) throw E.validation(`${where}/${key} must be integer`);
	if (min !== undefined && v < min) throw E.validation(`${where}/${key} must be >= ${min}`);
	return v;
}

function optBoolean(o: Json, key: string, where: string): boolean | undefined {
	const v = o[key];
	if (v === undefined) return undefined;
	if (v === 'true' || v === 1) return true;
	if (v === 'false' || v === 0 || v === null) return false;
	if (typeof v !== 'boolean') throw E.validation(`${where}/${key} must be boolean`);
	return v;
}

function optEnum<T extends string>(o: Json, key: string, where: string, allowed: readonly T[]): T | undefined {
	const v = o[key];
	if (v === undefined) return undefined;
	if (typeof v !== 'string' || !allowed.includes(v as T)) throw E.validation(`${where}/${key} must be equal to one of the allowed values`);
	return v as T;
}

function optStringArray(o: Json, key: string, where: string, opts: { nullable?: boolean; min?: number; max?: number } = {}): string[] | null | undefined {
	const v = o[key];
	if (v === undefined) return undefined;
	if (v === null && opts.nullable) return null;
	const arr = typeof v === 'string' ? [v] : v; // coerceTypes: 'array'
	if (!Array.isArray(arr)) throw E.validation(`${where}/${key} must be array`);
	if (opts.min !== undefined && arr.length < opts.min) throw E.validation(`${where}/${key} must NOT have fewer than ${opts.min} items`);
	if (opts.max !== undefined && arr.length > opts.max) throw E.validation(`${where}/${key} must NOT have more than ${opts.max} items`);
	return arr.map((x, i) => {
		if (typeof x === 'number' || typeof x === 'boolean') return String(x);
		if (typeof x !== 'string') throw E.validation(`${where}/${key}/${i} must be string`);
		return x;
	});
}

/** `file_size_limit`: a non-negative integer, a size text such as "5MB", or null. */
function optFileSizeLimit(o: Json, where: string): number | string | null | undefined {
	const v = o.file_size_limit;
	if (v === undefined || v === null) return v;
	if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
	if (typeof v === 'string' && /^[0-9]+(?:\.[0-9]+)?(?:[gG][bB]|[mM][bB]|[kK][bB]|[bB])$/.test(v)) return v;
	if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
	throw E.validation(`${where}/file_size_limit must match a schema in anyOf`);
}

function mustBeValidBucketName(name: string | undefined): string {
	if (!name || name.length > 100 || !VALID_BUCKET_NAME.test(name)) throw E.invalidBucketName();
	return name;
}

function mustBeValidKey(key: string | undefined): string {
	if (!key || !VALID_OBJECT_KEY.test(key)) throw E.invalidKey(key ?? '');
	return key;
}

/** Storage's `parseFileSizeToBytes`: decimal units, three significant digits. */
function parseFileSizeToBytes(text: string): number {
	const m = /(^[0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(text);
	if (!m) throw E.invalidFileSizeLimit();
	const value = +parseFloat(m[1]!).toPrecision(3);
	const unit = m[2]!.toUpperCase();
	return unit === 'GB' ? value * 1e9 : unit === 'MB' ? value * 1e6 : unit === 'KB' ? value * 1000 : value;
}

function validateAllowedMimeTypes(types: string[]): void {
	for (const t of types) {
		if (t.length > 1000 || !/^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/.test(t)) throw E.invalidMimeType(t);
	}
}

/**
 * Storage's `validateMimeType`: `type/subtype` must equal an allowed entry or match `type/*`,
 * compared as written (so `text/plain;charset=UTF-8` does not match an allowed `text/plain`).
 */
function validateMimeType(mimeType: string, allowed: string[]): void {
	const [type, ext] = mimeType.split('/');
	if (ext === undefined) throw E.invalidMimeType(mimeType);
	for (const a of allowed) {
		const [aType, aExt] = a.split('/');
		if (aType === type && (aExt === '*' || aExt === ext)) return;
	}
	throw E.invalidMimeType(mimeType);
}

function isEmptyFolder(name: string): boolean {
	return name.endsWith('.emptyFolderPlaceholder');
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

async function readBody(raw: IncomingMessage, max: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of raw) {
		size += (chunk as Buffer).length;
		if (size > max) throw E.bodyTooLarge();
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** The body as Fastify hands it to Storage's routes: parsed JSON, or undefined for other types. */
async function jsonBody(req: Req, allowEmpty = false): Promise<unknown> {
	const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	const buf = await readBody(req.raw, MAX_JSON_BODY);
	if (type === 'application/json') {
		const text = buf.toString('utf8');
		if (text.trim() === '') {
			if (allowEmpty) return undefined;
			throw E.emptyJsonBody();
		}
		try {
			return JSON.parse(text) as unknown;
		} catch {
			throw E.invalidJsonBody();
		}
	}
	if (type === 'text/plain') return buf.toString('utf8');
	return undefined;
}

interface UploadBody {
	mimeType: string;
	cacheControl: string;
	userMetadata: Record<string, unknown> | undefined;
	/** Declared Content-Length of the request (what policies see as metadata.contentLength). */
	declaredLength: number | undefined;
	/** Read the bytes into a temporary file, within the cap. */
	receive(): Promise<ReceivedBody>;
	/** Give up on the body (the upload was refused before reading it): let the parser drop it. */
	abandon(): void;
}

function contentLength(req: Req): number | undefined {
	const n = Number(req.headers['content-length']);
	return Number.isFinite(n) && n >= 0 && req.headers['content-length'] !== undefined ? n : undefined;
}

/**
 * The request body as a stream that can fail without destroying the request: when the cap is
 * passed the proxy errors, the request is unpiped and left to drain, so the answer still reaches
 * the client. A client that hangs up mid-upload ends the proxy with an error.
 */
function bodyProxy(raw: IncomingMessage): Readable {
	const proxy = new PassThrough();
	const onClose = () => {
		if (!raw.readableEnded && !proxy.destroyed) proxy.destroy(new Error('Request stream closed before upload could complete'));
	};
	raw.on('close', onClose);
	raw.on('aborted', onClose);
	proxy.on('close', () => {
		raw.unpipe(proxy);
		raw.off('close', onClose);
		raw.off('aborted', onClose);
	});
	raw.pipe(proxy);
	return proxy;
}

/** A raw (non-multipart) upload body: headers say what it is; Content-Length is checked before reading. */
function binaryUpload(ctx: StorageContext, req: Req, maxBytes: number, allowed: string[], name: string): UploadBody {
	const mimeType = req.headers['content-type'] || 'application/octet-stream';
	const cacheControl = req.headers['cache-control'] ?? 'no-cache';
	if (allowed.length > 0 && !isEmptyFolder(name)) validateMimeType(mimeType, allowed);
	let userMetadata: Record<string, unknown> | undefined;
	const x = req.headers['x-metadata'];
	if (x !== undefined) {
		try {
			userMetadata = JSON.parse(Buffer.from(x, 'base64').toString('utf8')) as Record<string, unknown>;
		} catch {
			userMetadata = undefined;
		}
	}
	const declared = contentLength(req);
	if (declared !== undefined && declared > maxBytes) throw E.entityTooLarge();
	if (req.raw.readableEnded || req.raw.destroyed) throw E.noContentProvided('Request stream closed before upload could begin');
	return {
		mimeType,
		cacheControl,
		userMetadata,
		declaredLength: declared,
		receive: () => ctx.files.receive(bodyProxy(req.raw), maxBytes),
		abandon: () => {}
	};
}

/**
 * A multipart/form-data upload (what storage-js sends for a Blob or File): the fields before the
 * first file (`cacheControl`, `contentType`, `metadata`) and the file's stream, parsed by busboy
 * (the parser of Storage's @fastify/multipart) with the size cap as its fileSize limit.
 */
async function multipartUpload(ctx: StorageContext, req: Req, maxBytes: number, allowed: string[], name: string): Promise<UploadBody> {
	const fields: Record<string, string> = {};
	let bb: ReturnType<typeof Busboy>;
	try {
		bb = Busboy({ headers: req.headers as { 'content-type': string }, limits: { fields: 10, files: 1, fileSize: maxBytes } });
	} catch (err) {
		throw E.noContentProvided(err instanceof Error ? err.message : String(err));
	}
	const file = await new Promise<{ stream: BusboyFileStream; mimeType: string }>((resolve, reject) => {
		let got = false;
		bb.on('field', (key, value) => {
			if (!got) fields[key] = value;
		});
		bb.on('file', (_field, stream, _filename, _enc, mimeType) => {
			if (got) {
				stream.resume();
				return;
			}
			got = true;
			resolve({ stream, mimeType });
		});
		bb.on('finish', () => {
			if (!got) reject(E.noContentProvided());
		});
		bb.on('error', (err) => reject(E.noContentProvided(err instanceof Error ? err.message : String(err))));
		req.raw.pipe(bb);
	});
	const mimeType = fields.contentType || file.mimeType;
	const cacheControl = fields.cacheControl ? `max-age=${fields.cacheControl}` : 'no-cache';
	const discard = () => file.stream.resume();
	try {
		if (allowed.length > 0 && !isEmptyFolder(name)) validateMimeType(mimeType, allowed);
	} catch (err) {
		discard();
		throw err;
	}
	let userMetadata: Record<string, unknown> | undefined;
	const md = fields.metadata ?? fields.userMetadata;
	if (typeof md === 'string') {
		if (Buffer.byteLength(md, 'utf8') > MAX_USER_METADATA) {
			discard();
			throw E.entityTooLarge(undefined, 'user_metadata');
		}
		try {
			userMetadata = JSON.parse(md) as Record<string, unknown>;
		} catch {
			userMetadata = undefined;
		}
	}
	return {
		mimeType,
		cacheControl,
		userMetadata,
		declaredLength: contentLength(req),
		abandon: discard,
		async receive() {
			// busboy stops writing at the cap and marks the stream truncated; the rest of the request is read and dropped.
			const received = await ctx.files.receive(file.stream, Number.POSITIVE_INFINITY);
			if (file.stream.truncated) {
				await ctx.files.discard(received);
				throw E.entityTooLarge();
			}
			return received;
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Authentication and database scope
// ---------------------------------------------------------------------------------------------

const ANON: Omit<Caller, 'claims'> = { role: 'anon', jwt: '', sub: undefined, authenticated: false };

/**
 * Storage's JWT step: the Bearer token verified with the project secret (HS256) or the public
 * signing key of its `kid` (ES256), no clock skew.
 * With `allowInvalid` (routes that also serve public buckets) a missing or bad token is the
 * anonymous, unauthenticated caller; otherwise it is AccessDenied with jose's message.
 */
async function authenticate(ctx: StorageContext, req: Req, allowInvalid: boolean): Promise<Caller> {
	const jwt = (req.headers['authorization'] ?? '').replace(/^Bearer\s+/i, '');
	if (!jwt && allowInvalid) return { ...ANON, claims: { role: 'anon' } };
	try {
		const { payload } = await jwtVerify(jwt, keyFor(ctx.keys), { algorithms: ALGORITHMS });
		const role = typeof payload.role === 'string' && payload.role !== '' ? payload.role : 'anon';
		return { role, claims: payload as Record<string, unknown>, jwt, sub: typeof payload.sub === 'string' ? payload.sub : undefined, authenticated: true };
	} catch (err) {
		if (allowInvalid) return { ...ANON, claims: { role: 'anon' } };
		throw E.accessDenied(err instanceof Error ? err.message : 'Invalid JWT');
	}
}

function superUser(ctx: StorageContext): Caller {
	return { role: 'service_role', claims: decodeJwt(ctx.serviceRoleKey) as Record<string, unknown>, jwt: ctx.serviceRoleKey, sub: undefined, authenticated: true };
}

/** Storage's per-transaction scope (`buildScopeStatement`): the caller's role and claims, the request, the operation. */
async function setScope(tx: Tx, req: Req, caller: Caller, operation: string): Promise<void> {
	await tx.unsafe(
		`select set_config('role', $1, true), set_config('request.jwt.claim.role', $1, true),
		        set_config('request.jwt', $2, true), set_config('request.jwt.claim.sub', $3, true),
		        set_config('request.jwt.claims', $4, true), set_config('request.headers', $5, true),
		        set_config('request.method', $6, true), set_config('request.path', $7, true),
		        set_config('storage.operation', $8, true), set_config('storage.allow_delete_query', 'true', true)`,
		[caller.role, caller.jwt, caller.sub ?? '', JSON.stringify(caller.claims), JSON.stringify(req.headers), req.method, req.sub + req.url.search, operation]
	);
}

/** Run `fn` in one transaction scoped to `caller`; Postgres errors become Storage's errors. */
async function inScope<T>(ctx: StorageContext, req: Req, caller: Caller, operation: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
	try {
		return (await ctx.sql.begin(async (tx) => {
			await setScope(tx, req, caller, operation);
			return fn(tx);
		})) as T;
	} catch (err) {
		if (isPgError(err)) throw fromPgError(err);
		throw err;
	}
}

class Rollback extends Error {}

/** Storage's `testPermission`: run `fn` as the caller and roll it back whatever it did. */
async function testPermission(ctx: StorageContext, req: Req, caller: Caller, operation: string, fn: (tx: Tx) => Promise<void>): Promise<void> {
	try {
		await inScope(ctx, req, caller, operation, async (tx) => {
			await fn(tx);
			throw new Rollback();
		});
	} catch (err) {
		if (!(err instanceof Rollback)) throw err;
	}
}

// ---------------------------------------------------------------------------------------------
// Rows as Storage serialises them (fast-json-stringify: a null where the schema says string is "")
// ---------------------------------------------------------------------------------------------

interface BucketRow {
	id: string;
	name: string;
	owner: string | null;
	public: boolean | null;
	type?: string;
	file_size_limit: string | number | null;
	allowed_mime_types: string[] | null;
	created_at: Date | null;
	updated_at: Date | null;
}

interface ObjectRow {
	id: string | null;
	bucket_id: string | null;
	name: string;
	owner: string | null;
	owner_id: string | null;
	version: string | null;
	created_at: Date | null;
	updated_at: Date | null;
	last_accessed_at: Date | null;
	metadata: Record<string, unknown> | null;
	user_metadata: Record<string, unknown> | null;
}

const iso = (d: Date | null | undefined): string => (d instanceof Date ? d.toISOString() : d ? String(d) : '');
const isoOrNull = (d: Date | null | undefined): string | null => (d instanceof Date ? d.toISOString() : d ? String(d) : null);

function bucketJson(b: BucketRow): Json {
	const out: Json = { id: b.id, name: b.name, owner: b.owner ?? '', public: b.public ?? false };
	if (b.type !== undefined) out.type = b.type;
	out.file_size_limit = b.file_size_limit === null ? null : Number(b.file_size_limit);
	out.allowed_mime_types = b.allowed_mime_types;
	out.created_at = iso(b.created_at);
	out.updated_at = iso(b.updated_at);
	return out;
}

function objectJson(o: ObjectRow): Json {
	return {
		name: o.name,
		bucket_id: o.bucket_id ?? '',
		owner: o.owner ?? '',
		owner_id: o.owner_id ?? '',
		version: o.version ?? '',
		id: o.id,
		updated_at: isoOrNull(o.updated_at),
		created_at: isoOrNull(o.created_at),
		last_accessed_at: isoOrNull(o.last_accessed_at),
		metadata: o.metadata,
		user_metadata: o.user_metadata
	};
}

// ---------------------------------------------------------------------------------------------
// Buckets
// ---------------------------------------------------------------------------------------------

async function findBucket(tx: Tx, id: string, columns: string, opts: { isPublic?: boolean; forUpdate?: boolean } = {}): Promise<BucketRow | undefined> {
	const rows = await tx.unsafe<BucketRow[]>(
		`select ${columns} from storage.buckets where id = $1 ${opts.isPublic !== undefined ? 'and public = $2::boolean' : ''} limit 1 ${opts.forUpdate ? 'for update' : ''}`,
		opts.isPublic !== undefined ? [id, opts.isPublic] : [id]
	);
	return rows[0];
}

async function listBuckets(ctx: StorageContext, req: Req, res: ServerResponse): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const q: Json = Object.fromEntries(req.url.searchParams);
	const limit = optInteger(q, 'limit', 'querystring', 1);
	const offset = optInteger(q, 'offset', 'querystring', 0);
	const sortColumn = optEnum(q, 'sortColumn', 'querystring', ['id', 'name', 'created_at', 'updated_at'] as const);
	const sortOrder = optEnum(q, 'sortOrder', 'querystring', ['asc', 'desc'] as const);
	const search = optString(q, 'search', 'querystring');
	const params: unknown[] = [];
	let where = '';
	if (search !== undefined && search.length > 0) {
		params.push(`%${search.replace(/\\/g, '\\\\').replace(/([%_])/g, '\\$1')}%`);
		where = `where name ilike $${params.length}`;
	}
	let tail = sortColumn ? ` order by "${sortColumn}" ${sortOrder === 'desc' ? 'desc' : 'asc'}` : '';
	if (limit !== undefined) tail += ` limit $${params.push(limit)}::bigint`;
	if (offset !== undefined) tail += ` offset $${params.push(offset)}::bigint`;
	const rows = await inScope(ctx, req, caller, OP.listBuckets, (tx) =>
		tx.unsafe<BucketRow[]>(
			`select id, name, public, owner, created_at, updated_at, file_size_limit, allowed_mime_types, type::text as type
			   from storage.buckets ${where}${tail}`,
			params as string[]
		)
	);
	sendJson(res, req, 200, rows.map(bucketJson));
}

async function getBucket(ctx: StorageContext, req: Req, res: ServerResponse, id: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const row = await inScope(ctx, req, caller, OP.getBucket, (tx) =>
		findBucket(tx, id, 'id, name, owner, public, created_at, updated_at, file_size_limit, allowed_mime_types')
	);
	if (!row) throw E.noSuchBucket();
	sendJson(res, req, 200, bucketJson(row));
}

/** A bucket size limit in bytes; never above the global limit (Storage's parseMaxSizeLimit). */
function bucketSizeLimit(ctx: StorageContext, v: number | string): number {
	const bytes = typeof v === 'string' ? parseFileSizeToBytes(v) : v;
	if (bytes > ctx.fileSizeLimit) throw E.entityTooLarge();
	return bytes;
}

async function createBucket(ctx: StorageContext, req: Req, res: ServerResponse): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	required(body, 'name', 'body');
	const name = optString(body, 'name', 'body')!;
	const id = optString(body, 'id', 'body');
	const isPublic = optBoolean(body, 'public', 'body');
	const type = optEnum(body, 'type', 'body', ['STANDARD', 'ANALYTICS'] as const);
	const sizeLimit = optFileSizeLimit(body, 'body');
	const mimes = optStringArray(body, 'allowed_mime_types', 'body', { nullable: true });
	if (name.trim() !== name) throw E.invalidBucketName();
	mustBeValidBucketName(name);
	if (type === 'ANALYTICS') throw new StorageApiError('409', 'FeatureNotEnabled', 'FeatureNotEnabled', 'The feature iceberg_catalog is not enabled for this resource');
	const fileSizeLimit = sizeLimit === undefined || sizeLimit === null ? sizeLimit : bucketSizeLimit(ctx, sizeLimit);
	const allowed = mimes ? mimes.filter((m) => m) : mimes;
	if (allowed) validateAllowedMimeTypes(allowed);
	const cols = ['id', 'name', 'owner_id', 'public', 'type'];
	const vals: unknown[] = [id || name, name, caller.sub ?? null, isPublic ?? false, 'STANDARD'];
	const casts = ['$1', '$2', '$3', '$4::boolean', '$5::storage.buckettype'];
	if (caller.sub && UUID.test(caller.sub)) {
		cols.push('owner');
		vals.push(caller.sub);
		casts.push(`$${vals.length}::uuid`);
	}
	if (fileSizeLimit !== undefined) {
		cols.push('file_size_limit');
		vals.push(fileSizeLimit);
		casts.push(`$${vals.length}::bigint`);
	}
	if (allowed !== undefined) {
		cols.push('allowed_mime_types');
		vals.push(allowed);
		casts.push(`$${vals.length}::text[]`);
	}
	try {
		await inScope(ctx, req, caller, OP.createBucket, (tx) =>
			tx.unsafe(`insert into storage.buckets (${cols.join(', ')}) values (${casts.join(', ')})`, vals as string[])
		);
	} catch (err) {
		if (err instanceof StorageApiError && err.code === 'ResourceAlreadyExists') throw E.bucketAlreadyExists();
		throw err;
	}
	sendJson(res, req, 200, { name });
}

async function updateBucket(ctx: StorageContext, req: Req, res: ServerResponse, id: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	const isPublic = optBoolean(body, 'public', 'body');
	const sizeLimit = optFileSizeLimit(body, 'body');
	const mimes = optStringArray(body, 'allowed_mime_types', 'body', { nullable: true });
	if (isPublic === undefined && sizeLimit === undefined && mimes === undefined) {
		throw E.validation(Object.keys(body).length === 0 ? 'body must NOT have fewer than 1 properties' : 'body must match a schema in anyOf');
	}
	mustBeValidBucketName(id);
	const sets: string[] = [];
	const vals: unknown[] = [];
	if (isPublic !== undefined) sets.push(`public = $${vals.push(isPublic)}::boolean`);
	if (sizeLimit !== undefined) sets.push(`file_size_limit = $${vals.push(sizeLimit === null ? null : bucketSizeLimit(ctx, sizeLimit))}::bigint`);
	if (mimes !== undefined) {
		const allowed = mimes ? mimes.filter((m) => m) : mimes;
		if (allowed) validateAllowedMimeTypes(allowed);
		sets.push(`allowed_mime_types = $${vals.push(allowed)}::text[]`);
	}
	vals.push(id);
	const updated = await inScope(ctx, req, caller, OP.updateBucket, (tx) =>
		tx.unsafe(`update storage.buckets set ${sets.join(', ')} where id = $${vals.length}`, vals as string[])
	);
	if (updated.count === 0) throw E.noSuchBucket();
	sendJson(res, req, 200, { message: 'Successfully updated' });
}

async function deleteBucket(ctx: StorageContext, req: Req, res: ServerResponse, id: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	await jsonBody(req, true);
	const admin = superUser(ctx);
	await inScope(ctx, req, admin, OP.deleteBucket, async (tx) => {
		if (!(await findBucket(tx, id, 'id', { forUpdate: true }))) throw E.noSuchBucket();
		const any = await tx.unsafe(`select 1 from storage.objects where bucket_id = $1 limit 1`, [id]);
		if (any.length > 0) throw E.bucketNotEmpty();
		await setScope(tx, req, caller, OP.deleteBucket);
		const deleted = await tx.unsafe(`delete from storage.buckets where id = any($1::text[])`, [[id]] as unknown as string[]);
		if (deleted.count === 0) throw E.noSuchBucket();
	});
	sendJson(res, req, 200, { message: 'Successfully deleted' });
}

/**
 * Empty a bucket (service role only). Storage queues the deletion of every object created before
 * the request and answers at once; the stand-in deletes them (rows and bytes) before answering.
 */
async function emptyBucket(ctx: StorageContext, req: Req, res: ServerResponse, id: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	if (caller.role !== 'service_role') throw E.accessDenied('Access denied: Invalid role').withHttpStatus(403);
	await jsonBody(req, true);
	const before = new Date();
	const versions = await inScope(ctx, req, caller, OP.emptyBucket, async (tx) => {
		if (!(await findBucket(tx, id, 'name'))) throw E.noSuchBucket();
		const rows = await tx.unsafe<{ version: string | null }[]>(
			`delete from storage.objects where bucket_id = $1 and created_at < $2::timestamptz returning version`,
			[id, before.toISOString()]
		);
		return rows.map((r) => r.version);
	});
	for (const v of versions) await ctx.files.remove(v);
	sendJson(res, req, 200, { message: 'Empty bucket has been queued. Completion may take up to an hour.' });
}

// ---------------------------------------------------------------------------------------------
// Objects: upload
// ---------------------------------------------------------------------------------------------

/** Insert (or upsert) columns of an object, leaving out what is undefined as Storage's buildInsert does. */
function objectColumns(v: {
	bucketId: string;
	name: string;
	owner: string | undefined;
	metadata: Record<string, unknown> | undefined;
	userMetadata: Record<string, unknown> | undefined;
	version: string;
}): { cols: string[]; casts: string[]; vals: unknown[]; updatable: string[] } {
	const cols: string[] = [];
	const casts: string[] = [];
	const vals: unknown[] = [];
	const updatable: string[] = [];
	const add = (col: string, val: unknown, cast: string, update: boolean) => {
		if (val === undefined) return;
		cols.push(col);
		vals.push(val);
		casts.push(`$${vals.length}${cast}`);
		if (update) updatable.push(col);
	};
	add('name', v.name, '::text', false);
	add('owner', v.owner && UUID.test(v.owner) ? v.owner : undefined, '::uuid', true);
	add('owner_id', v.owner, '::text', true);
	add('bucket_id', v.bucketId, '::text', false);
	add('metadata', v.metadata === undefined ? undefined : JSON.stringify(v.metadata), '::text::jsonb', true);
	add('user_metadata', v.userMetadata === undefined ? undefined : JSON.stringify(v.userMetadata), '::text::jsonb', true);
	add('version', v.version, '::text', true);
	return { cols, casts, vals, updatable };
}

function upsertSql(c: ReturnType<typeof objectColumns>, returning: string): string {
	const set = c.updatable.map((col) => `"${col}" = excluded."${col}"`).join(', ');
	return `insert into storage.objects (${c.cols.join(', ')}) values (${c.casts.join(', ')})
	        on conflict (name, bucket_id) ${set ? `do update set ${set}` : 'do nothing'} returning ${returning}`;
}

async function upload(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string, isUpsert: boolean, operation: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	mustBeValidBucketName(bucketId);
	const admin = superUser(ctx);
	const bucket = await inScope(ctx, req, admin, operation, (tx) => findBucket(tx, bucketId, 'id, file_size_limit, allowed_mime_types'));
	if (!bucket) throw E.noSuchBucket();
	const bucketLimit = bucket.file_size_limit === null ? Number.POSITIVE_INFINITY : Number(bucket.file_size_limit);
	const maxBytes = isEmptyFolder(name) ? 0 : Math.min(ctx.fileSizeLimit, bucketLimit);
	const allowed = bucket.allowed_mime_types ?? [];
	const isMultipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
	const body = isMultipart ? await multipartUpload(ctx, req, maxBytes, allowed, name) : binaryUpload(ctx, req, maxBytes, allowed, name);
	try {
		mustBeValidKey(name);
		// RLS first, before a byte is stored: the caller's insert (upsert: insert/update + select) is tried and rolled back.
		const probe = objectColumns({
			bucketId,
			name,
			owner: caller.sub,
			metadata: { mimetype: body.mimeType, contentLength: body.declaredLength },
			userMetadata: body.userMetadata,
			version: '1'
		});
		await testPermission(ctx, req, caller, operation, async (tx) => {
			if (isUpsert) await tx.unsafe(upsertSql(probe, '*'), probe.vals as string[]);
			else await tx.unsafe(`insert into storage.objects (${probe.cols.join(', ')}) values (${probe.casts.join(', ')})`, probe.vals as string[]);
		});
	} catch (err) {
		body.abandon();
		if (err instanceof StorageApiError && err.code === 'ResourceAlreadyExists') throw E.keyAlreadyExists();
		throw err;
	}

	const received = await body.receive();
	const version = ctx.files.newVersion();
	await ctx.files.commit(received, version);
	let replaced: string | null | undefined;
	let id: string;
	try {
		const metadata = {
			eTag: `"${received.md5}"`,
			size: received.size,
			mimetype: body.mimeType,
			cacheControl: body.cacheControl,
			lastModified: new Date().toISOString(),
			contentLength: received.size,
			httpStatusCode: 200
		};
		const row = objectColumns({ bucketId, name, owner: caller.sub, metadata, userMetadata: { ...body.userMetadata }, version });
		const done = await inScope(ctx, req, admin, operation, async (tx) => {
			// One writer per name at a time (Storage's waitObjectLock), then the row is replaced.
			await tx.unsafe(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${bucketId}/${name}`]);
			const current = await tx.unsafe<{ version: string | null }[]>(
				`select version from storage.objects where name = $1 and bucket_id = $2 limit 1 for update`,
				[name, bucketId]
			);
			const saved = await tx.unsafe<{ id: string }[]>(upsertSql(row, 'id'), row.vals as string[]);
			return { id: saved[0]!.id, replaced: current[0]?.version };
		});
		id = done.id;
		replaced = done.replaced;
	} catch (err) {
		await ctx.files.remove(version);
		throw err;
	}
	if (replaced && replaced !== version) await ctx.files.remove(replaced);
	sendJson(res, req, 200, { Id: id, Key: `${bucketId}/${name}` });
}

// ---------------------------------------------------------------------------------------------
// Objects: read (download, head, info)
// ---------------------------------------------------------------------------------------------

const ASSET_COLUMNS = 'id, version, metadata';
const INFO_COLUMNS = 'id, name, version, bucket_id, metadata, user_metadata, updated_at, created_at';

async function findObject(tx: Tx, bucketId: string, name: string, columns: string): Promise<ObjectRow> {
	mustBeValidBucketName(bucketId);
	mustBeValidKey(name);
	const rows = await tx.unsafe<ObjectRow[]>(`select ${columns} from storage.objects where name = $1 and bucket_id = $2 limit 1`, [name, bucketId]);
	if (!rows[0]) throw E.noSuchKey();
	return rows[0];
}

type ReadKind = 'asset' | 'head' | 'info';

interface RenderOptions {
	download?: string | null;
	expires?: string;
}

function metaString(m: Record<string, unknown> | null, key: string): string | undefined {
	const v = m?.[key];
	return typeof v === 'string' ? v : undefined;
}

function metaNumber(m: Record<string, unknown> | null, key: string): number | undefined {
	const v = m?.[key];
	if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
	if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
	return undefined;
}

/** Storage never serves HTML as HTML from a bucket. */
function normalizeContentType(t: string | undefined): string | undefined {
	return t?.includes('text/html') ? 'text/plain' : t;
}

function lastModifiedOf(m: Record<string, unknown> | null): Date | undefined {
	const v = m?.lastModified;
	if (typeof v !== 'string' && typeof v !== 'number') return undefined;
	const d = new Date(v);
	return Number.isNaN(d.getTime()) ? undefined : d;
}

function cacheControlFor(req: Req, m: Record<string, unknown> | null, kind: ReadKind): string | undefined {
	const base = metaString(m, 'cacheControl') ?? (kind === 'asset' ? 'no-cache' : undefined);
	const values = [base];
	const etag = req.headers['if-none-match'];
	if (etag && kind === 'asset' && etag !== metaString(m, 'eTag')) values.push('stale-while-revalidate=30');
	if (etag && kind === 'head' && etag !== metaString(m, 'eTag')) values.push('must-revalidate');
	const out = values.filter((v): v is string => typeof v === 'string' && v.length > 0);
	return out.length ? out.join(', ') : undefined;
}

function dispositionFor(download: string | null | undefined): Record<string, string> {
	if (download === undefined || download === null) return {};
	if (download === '') return { 'Content-Disposition': 'attachment;' };
	const f = encodeURIComponent(download);
	return { 'Content-Disposition': `attachment; filename=${f}; filename*=UTF-8''${f}` };
}

/** Storage's single-range parser (`bytes=a-b`, `bytes=a-`, `bytes=-n`); anything else is 416. */
function parseRange(range: string, size: number): { start: number; end: number } {
	const m = /^bytes=(\d*)-(\d*)$/.exec(range);
	if (!m || size <= 0 || (!m[1] && !m[2])) throw E.invalidRange();
	if (!m[1]) {
		const n = Number(m[2]);
		if (!Number.isSafeInteger(n) || n <= 0) throw E.invalidRange();
		return { start: Math.max(size - n, 0), end: size - 1 };
	}
	const start = Number(m[1]);
	const end = m[2] ? Number(m[2]) : size - 1;
	if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= size) throw E.invalidRange();
	return { start, end: Math.min(end, size - 1) };
}

/** Headers of a stored object (Storage's renderer): type, ETag, Last-Modified, robots, caching. */
function objectHeaders(req: Req, obj: ObjectRow, kind: ReadKind, opts: RenderOptions): Record<string, string> {
	const m = obj.metadata;
	const h: Record<string, string> = {};
	if (kind !== 'info') {
		h['Accept-Ranges'] = 'bytes';
		const type = normalizeContentType(metaString(m, 'mimetype'));
		if (type) h['Content-Type'] = type;
	} else h['Content-Type'] = 'application/json';
	const etag = metaString(m, 'eTag');
	if (etag) h['ETag'] = etag;
	if (kind !== 'info') h['X-Robots-Tag'] = metaString(m, 'xRobotsTag') ?? 'none';
	const lm = lastModifiedOf(m);
	if (lm) h['Last-Modified'] = lm.toUTCString();
	if (opts.expires) h['Expires'] = opts.expires;
	else {
		const cc = cacheControlFor(req, m, kind);
		if (cc) h['Cache-Control'] = cc;
	}
	if (kind === 'asset') Object.assign(h, dispositionFor(opts.download));
	return h;
}

/** Render an object: its bytes (asset), its headers only (head) or its description (info). */
async function render(ctx: StorageContext, req: Req, res: ServerResponse, obj: ObjectRow, kind: ReadKind, opts: RenderOptions = {}): Promise<void> {
	const m = obj.metadata;
	if (kind === 'info') {
		const body = {
			id: obj.id,
			name: obj.name,
			version: obj.version,
			bucket_id: obj.bucket_id,
			size: metaNumber(m, 'size') ?? null,
			content_type: metaString(m, 'mimetype') ?? null,
			cache_control: metaString(m, 'cacheControl') ?? null,
			etag: metaString(m, 'eTag') ?? null,
			metadata: obj.user_metadata,
			last_modified: isoOrNull(obj.updated_at),
			created_at: isoOrNull(obj.created_at)
		};
		sendJson(res, req, metaNumber(m, 'httpStatusCode') ?? 200, body, objectHeaders(req, obj, kind, opts));
		return;
	}
	if (kind === 'head') {
		const h = objectHeaders(req, obj, kind, opts);
		const length = metaNumber(m, 'contentLength');
		if (length !== undefined) h['Content-Length'] = String(length);
		res.writeHead(metaNumber(m, 'httpStatusCode') ?? 200, { ...baseHeaders(req), ...h });
		res.end();
		return;
	}
	const size = obj.version ? await ctx.files.size(obj.version) : null;
	if (size === null) {
		// What Storage answers when the backend has no bytes for a row.
		sendJson(res, req, 400, { statusCode: '404', error: 'Not found', message: 'The resource was not found', code: 'NoSuchKey' }, { 'Cache-Control': 'no-store' });
		return;
	}
	const etag = metaString(m, 'eTag');
	const ims = req.headers['if-modified-since'];
	const lm = lastModifiedOf(m);
	if ((req.headers['if-none-match'] && req.headers['if-none-match'] === etag) || (ims && lm && lm <= new Date(ims))) {
		res.writeHead(304, baseHeaders(req));
		res.end();
		return;
	}
	const h = objectHeaders(req, obj, kind, opts);
	let status = 200;
	let range: { start: number; end: number } | undefined;
	if (req.headers['range']) {
		range = parseRange(req.headers['range'], size);
		status = 206;
		h['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
		h['Content-Length'] = String(range.end - range.start + 1);
	} else h['Content-Length'] = String(size);
	const stream = ctx.files.open(obj.version!, range);
	await new Promise<void>((resolve, reject) => {
		stream.once('open', () => {
			res.writeHead(status, { ...baseHeaders(req), ...h });
			stream.pipe(res);
		});
		stream.once('error', reject);
		res.once('close', () => {
			stream.destroy();
			resolve();
		});
	});
}

/**
 * GET/HEAD of `/object/{,authenticated/,info/,info/authenticated/}<bucket>/<name>` (Storage's
 * getObject / getObjectInfo): the bucket is looked up without RLS; an unauthenticated request
 * only reaches public buckets; a public bucket's object is read without RLS, a private one's as
 * the caller (RLS select).
 */
async function readObject(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string, kind: ReadKind, allowInvalidJwt: boolean): Promise<void> {
	const caller = await authenticate(ctx, req, allowInvalidJwt);
	const operation = kind === 'asset' ? OP.getAuthenticated : kind === 'info' ? OP.infoAuthenticated : OP.headAuthenticated;
	const admin = superUser(ctx);
	const bucket = await inScope(ctx, req, admin, operation, (tx) => findBucket(tx, bucketId, 'id, public'));
	if (!caller.authenticated && !bucket?.public) throw E.noSuchBucket();
	if (!bucket) throw E.noSuchBucket();
	const columns = kind === 'info' ? INFO_COLUMNS : ASSET_COLUMNS;
	const obj = await inScope(ctx, req, bucket.public ? admin : caller, operation, (tx) => findObject(tx, bucketId, name, columns));
	await render(ctx, req, res, obj, kind, { download: req.url.searchParams.get('download') });
}

/** `/object/public/<bucket>/<name>` and its info/HEAD: public buckets only, no RLS, no JWT needed. */
async function readPublicObject(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string, kind: ReadKind): Promise<void> {
	const admin = superUser(ctx);
	const operation = kind === 'asset' ? OP.getPublic : OP.infoPublic;
	const obj = await inScope(ctx, req, admin, operation, async (tx) => {
		const bucket = await findBucket(tx, bucketId, 'id, public', kind === 'asset' ? { isPublic: true } : {});
		if (!bucket || (kind !== 'asset' && !bucket.public)) throw E.noSuchBucket();
		return findObject(tx, bucketId, name, kind === 'info' ? INFO_COLUMNS : ASSET_COLUMNS);
	});
	await render(ctx, req, res, obj, kind, { download: req.url.searchParams.get('download') });
}

// ---------------------------------------------------------------------------------------------
// Objects: remove, list
// ---------------------------------------------------------------------------------------------

async function removeObjects(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	required(body, 'prefixes', 'body');
	const prefixes = optStringArray(body, 'prefixes', 'body', { min: 1 })!;
	mustBeValidBucketName(bucketId);
	const rows = await inScope(ctx, req, caller, OP.deleteObjects, (tx) =>
		tx.unsafe<ObjectRow[]>(`delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning *`, [bucketId, prefixes] as unknown as string[])
	);
	for (const r of rows) await ctx.files.remove(r.version);
	sendJson(res, req, 200, rows.map(objectJson));
}

async function removeObject(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	mustBeValidBucketName(bucketId);
	const admin = superUser(ctx);
	const version = await inScope(ctx, req, admin, OP.deleteObject, async (tx) => {
		const rows = await tx.unsafe<{ version: string | null }[]>(
			`select version from storage.objects where name = $1 and bucket_id = $2 limit 1 for update`,
			[name, bucketId]
		);
		if (!rows[0]) throw E.noSuchKey();
		await setScope(tx, req, caller, OP.deleteObject);
		const deleted = await tx.unsafe(`delete from storage.objects where name = $1 and bucket_id = $2 returning id`, [name, bucketId]);
		if (deleted.length === 0) throw E.accessDenied('Access denied');
		return rows[0].version;
	});
	await ctx.files.remove(version);
	sendJson(res, req, 200, { message: 'Successfully deleted' });
}

/**
 * `POST /object/list/<bucket>` (Storage's storage.search, as the caller so RLS filters): the
 * entries directly under `prefix` whose name starts with prefix + search (case-insensitively):
 * a "folder" (id and dates null) for every next path segment that has objects below it, and the
 * objects themselves; names relative to the prefix. Sorted by lower-case name (folders in place),
 * or by a date column with the folders first; `limit` (at most 1500) and `offset` over the whole.
 */
async function listObjects(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	required(body, 'prefix', 'body');
	let prefix = optString(body, 'prefix', 'body')!;
	const limit = optInteger(body, 'limit', 'body', 1) ?? 100;
	const offset = optInteger(body, 'offset', 'body', 0) ?? 0;
	const search = optString(body, 'search', 'body') ?? '';
	let column: 'name' | 'updated_at' | 'created_at' | 'last_accessed_at' = 'name';
	let order: 'asc' | 'desc' = 'asc';
	if (body.sortBy !== undefined) {
		const sortBy = asObject(body.sortBy, 'body/sortBy');
		required(sortBy, 'column', 'body/sortBy');
		column = optEnum(sortBy, 'column', 'body/sortBy', ['name', 'updated_at', 'created_at', 'last_accessed_at'] as const)!;
		order = optEnum(sortBy, 'order', 'body/sortBy', ['asc', 'desc'] as const) ?? 'asc';
	}
	mustBeValidBucketName(bucketId);
	if (prefix.length > 0 && !prefix.endsWith('/')) prefix = `${prefix}/`;
	const dir = order === 'desc' ? 'desc' : 'asc';
	const orderBy =
		column === 'name'
			? `sort_key collate "C" ${dir}, name collate "C" ${dir}`
			: `is_folder desc, case when is_folder then lower(name) end collate "C" ${dir}, "${column}" ${dir}, name collate "C" ${dir}`;
	const rows = await inScope(ctx, req, caller, OP.list, (tx) =>
		tx.unsafe(
			`with hits as (
			   select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
			          strpos(substr(o.name, char_length($3) + 1), '/') as slash
			     from storage.objects o
			    where o.bucket_id = $1 and starts_with(lower(o.name), lower($3))
			 ),
			 folders as (
			   select distinct on (lower(f.path)) f.path
			     from (select left(name, char_length($3) + slash - 1) as path, name from hits where slash > 0) f
			    order by lower(f.path), f.name
			 ),
			 entries as (
			   select substr(path, char_length($2) + 1) as name, null::uuid as id, null::timestamptz as updated_at,
			          null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata,
			          lower(path) || '/' as sort_key, true as is_folder
			     from folders
			   union all
			   select substr(name, char_length($2) + 1), id, updated_at, created_at, last_accessed_at, metadata,
			          lower(name), false
			     from hits where slash = 0
			 )
			 select name, id, updated_at, created_at, last_accessed_at, metadata
			   from entries order by ${orderBy} limit $4::int offset $5::int`,
			[bucketId, prefix, prefix + search, Math.min(limit, MAX_LIST_LIMIT), offset] as unknown as string[]
		)
	);
	sendJson(
		res,
		req,
		200,
		rows.map((r) => ({
			name: r.name as string,
			id: r.id as string | null,
			updated_at: isoOrNull(r.updated_at as Date | null),
			created_at: isoOrNull(r.created_at as Date | null),
			last_accessed_at: isoOrNull(r.last_accessed_at as Date | null),
			metadata: r.metadata as Record<string, unknown> | null
		}))
	);
}

// ---------------------------------------------------------------------------------------------
// Signed URLs
// ---------------------------------------------------------------------------------------------

function assertExpiresIn(expiresIn: number): number {
	const s = Math.floor(expiresIn);
	if (!Number.isFinite(expiresIn) || !Number.isSafeInteger(s) || s < 1 || s > MAX_EXPIRES_IN()) throw E.invalidParameter('expiresIn');
	return s;
}

/** A download token as Storage signs it: `{ url, scope: 'download', iat, exp }`, HS256 with the project secret. */
async function signToken(ctx: StorageContext, url: string, expiresIn: number): Promise<string> {
	return new SignJWT({ url, scope: 'download' }).setIssuedAt().setExpirationTime(`${expiresIn}s`).setProtectedHeader({ alg: 'HS256' }).sign(ctx.secret);
}

async function signUrl(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	required(body, 'expiresIn', 'body');
	const expiresIn = assertExpiresIn(optInteger(body, 'expiresIn', 'body', 1)!);
	if (body.transform !== undefined && Object.keys(asObject(body.transform, 'body/transform')).length > 0) {
		throw E.notImplemented('Image transformation (transform)');
	}
	mustBeValidBucketName(bucketId);
	await inScope(ctx, req, caller, OP.sign, (tx) => findObject(tx, bucketId, name, 'id'));
	// Storage signs the request path after /object/sign/, decoded with decodeURI (so %2F stays %2F).
	const urlToSign = decodeURI(req.sub.split('/').slice(3).join('/'));
	const token = await signToken(ctx, urlToSign, expiresIn);
	sendJson(res, req, 200, { signedURL: `/object/sign/${urlToSign}?token=${token}` });
}

async function signUrls(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string): Promise<void> {
	const caller = await authenticate(ctx, req, false);
	const body = asObject(await jsonBody(req), 'body');
	required(body, 'expiresIn', 'body');
	const expiresIn = assertExpiresIn(optInteger(body, 'expiresIn', 'body', 1)!);
	required(body, 'paths', 'body');
	const paths = optStringArray(body, 'paths', 'body', { min: 1, max: MAX_OBJECTS_PER_REQUEST })!;
	mustBeValidBucketName(bucketId);
	const found = await inScope(ctx, req, caller, OP.signMany, (tx) =>
		tx.unsafe<{ name: string }[]>(`select name from storage.objects where bucket_id = $1 and name = any($2::text[])`, [bucketId, paths] as unknown as string[])
	);
	const names = new Set(found.map((r) => r.name));
	const out = await Promise.all(
		paths.map(async (path) => {
			if (!names.has(path)) return { error: 'Either the object does not exist or you do not have access to it', path, signedURL: null };
			const url = `${bucketId}/${path}`;
			return { error: null, path, signedURL: `/object/sign/${url}?token=${await signToken(ctx, url, expiresIn)}` };
		})
	);
	sendJson(res, req, 200, out);
}

/**
 * `GET /object/sign/<bucket>/<name>?token=`: the token must verify with the project secret, be a
 * download token, name exactly this object and not have expired; then the object is served
 * without RLS, with `Expires` (the token's exp) instead of Cache-Control.
 */
async function getSigned(ctx: StorageContext, req: Req, res: ServerResponse, bucketId: string, name: string): Promise<void> {
	const token = req.url.searchParams.get('token');
	if (token === null) throw E.validation("querystring must have required property 'token'");
	mustBeValidBucketName(bucketId);
	let payload: JWTPayload & { url?: unknown; scope?: unknown };
	try {
		payload = (await jwtVerify(token, ctx.secret, { algorithms: ['HS256'] })).payload;
	} catch (err) {
		throw E.invalidJwt(err instanceof Error ? err.message : '');
	}
	const downloadScoped = payload.scope === 'download' || (payload.scope === undefined && !('upsert' in payload));
	if (!downloadScoped) throw E.invalidSignature('Token is not scoped for download');
	if (payload.url !== `${bucketId}/${name}`) throw E.invalidSignature();
	if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) throw E.expiredSignature();
	const [objBucket, ...parts] = String(payload.url).split('/');
	const obj = await inScope(ctx, req, superUser(ctx), OP.getSigned, (tx) => findObject(tx, objBucket!, parts.join('/'), ASSET_COLUMNS));
	const expires = typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toUTCString() : undefined;
	await render(ctx, req, res, obj, 'asset', { download: req.url.searchParams.get('download'), expires });
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

/** Decode the captured path parts as Storage's router does; broken percent-encoding is a 400. */
function decodeParts(req: Req, parts: (string | undefined)[]): string[] {
	try {
		return parts.map((p) => decodeURIComponent(p ?? ''));
	} catch {
		throw E.badUrl(req.sub);
	}
}

/** Parts of Storage the stand-in does not implement (answered 501 rather than as unknown routes). */
const NOT_IMPLEMENTED = /^\/(object\/(move|copy)\/?$|object\/upload\/sign\/|object\/list-v2\/[^/]+\/?$|render\/|upload\/resumable|s3(\/|$)|cdn\/|iceberg(\/|$)|vector(\/|$))/;

async function route(ctx: StorageContext, req: Req, res: ServerResponse): Promise<void> {
	const { method, sub } = req;
	let m: RegExpExecArray | null;
	const is = (re: RegExp) => (m = re.exec(sub)) !== null;
	const p = (...idx: number[]) => decodeParts(req, idx.map((i) => m![i]));

	if (is(/^\/bucket\/?$/)) {
		if (method === 'GET') return listBuckets(ctx, req, res);
		if (method === 'POST') return createBucket(ctx, req, res);
	} else if (is(/^\/bucket\/([^/]+)\/empty\/?$/)) {
		if (method === 'POST') return emptyBucket(ctx, req, res, p(1)[0]!);
	} else if (is(/^\/bucket\/([^/]+)\/?$/)) {
		const [id] = p(1);
		if (method === 'GET') return getBucket(ctx, req, res, id!);
		if (method === 'PUT') return updateBucket(ctx, req, res, id!);
		if (method === 'DELETE') return deleteBucket(ctx, req, res, id!);
	} else if (NOT_IMPLEMENTED.test(sub)) {
		throw E.notImplemented(`${method} /storage/v1${sub.split('/').slice(0, 3).join('/')}`);
	} else if (is(/^\/object\/list\/([^/]+)\/?$/)) {
		if (method === 'POST') return listObjects(ctx, req, res, p(1)[0]!);
	} else if (is(/^\/object\/sign\/([^/]+)\/?$/)) {
		if (method === 'POST') return signUrls(ctx, req, res, p(1)[0]!);
	} else if (is(/^\/object\/sign\/([^/]+)\/(.*)$/)) {
		const [b, n] = p(1, 2);
		if (method === 'POST') return signUrl(ctx, req, res, b!, n!);
		if (method === 'GET') return getSigned(ctx, req, res, b!, n!);
	} else if (is(/^\/object\/info\/authenticated\/([^/]+)\/(.*)$/)) {
		if (method === 'GET') return readObject(ctx, req, res, ...(p(1, 2) as [string, string]), 'info', false);
	} else if (is(/^\/object\/info\/public\/([^/]+)\/(.*)$/)) {
		if (method === 'GET') return readPublicObject(ctx, req, res, ...(p(1, 2) as [string, string]), 'info');
	} else if (is(/^\/object\/info\/([^/]+)\/(.*)$/)) {
		if (method === 'GET') return readObject(ctx, req, res, ...(p(1, 2) as [string, string]), 'info', true);
	} else if (is(/^\/object\/authenticated\/([^/]+)\/(.*)$/)) {
		const [b, n] = p(1, 2);
		if (method === 'GET') return readObject(ctx, req, res, b!, n!, 'asset', false);
		if (method === 'HEAD') return readObject(ctx, req, res, b!, n!, 'head', false);
	} else if (is(/^\/object\/public\/([^/]+)\/(.*)$/)) {
		const [b, n] = p(1, 2);
		if (method === 'GET') return readPublicObject(ctx, req, res, b!, n!, 'asset');
		if (method === 'HEAD') return readPublicObject(ctx, req, res, b!, n!, 'head');
	} else if (is(/^\/object\/([^/]+)\/?$/)) {
		if (method === 'DELETE') return removeObjects(ctx, req, res, p(1)[0]!);
	} else if (is(/^\/object\/([^/]+)\/(.*)$/)) {
		const [b, n] = p(1, 2);
		if (method === 'POST') return upload(ctx, req, res, b!, n!, req.headers['x-upsert'] === 'true', OP.upload);
		if (method === 'PUT') return upload(ctx, req, res, b!, n!, true, OP.uploadUpdate);
		if (method === 'GET') return readObject(ctx, req, res, b!, n!, 'asset', true);
		if (method === 'HEAD') return readObject(ctx, req, res, b!, n!, 'head', true);
		if (method === 'DELETE') return removeObject(ctx, req, res, b!, n!);
	}
	throw E.routeNotFound(method, sub + req.url.search);
}

/**
 * Handle one `/storage/v1/...` request on the raw Node request (uploads are streamed, never
 * buffered whole). Never throws: every failure becomes Storage's error response.
 *
 * @param url the parsed request URL (`/storage/v1/...`)
 */
export async function handleStorage(ctx: StorageContext, raw: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(raw.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	const req: Req = { raw, method: (raw.method ?? 'GET').toUpperCase(), url, sub: url.pathname.slice('/storage/v1'.length) || '/', headers };
	try {
		if (req.method === 'OPTIONS') {
			res.writeHead(200, baseHeaders(req));
			res.end();
			return;
		}
		await route(ctx, req, res);
	} catch (err) {
		let e: StorageApiError;
		if (err instanceof StorageApiError) e = err;
		else if (isPgError(err)) e = fromPgError(err);
		else {
			ctx.log(`[storage] ${req.method} ${url.pathname}${url.search}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
			e = E.internal();
		}
		if (e.httpStatus >= 500 && !(err instanceof StorageApiError && err.httpStatus === 501)) {
			ctx.log(`[storage] ${req.method} ${url.pathname}: ${e.statusCode} ${e.code} ${e.message}`);
		}
		if (!res.headersSent) sendError(res, req, e);
		else res.destroy();
	} finally {
		// An answer given before the body was read (a refused upload): drop the rest of the body,
		// and close the connection if the client keeps sending.
		if (!raw.readableEnded && !raw.destroyed) {
			raw.resume();
			const timer = setTimeout(() => {
				if (!raw.readableEnded) raw.destroy();
			}, DRAIN_GRACE_MS);
			timer.unref();
			raw.once('end', () => clearTimeout(timer));
		}
	}
}
