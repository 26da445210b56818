/**
 * The Data API stand-in talks to Postgres in as few round trips as PostgREST: no catalog query per
 * request (schema cache), and BEGIN, the per-request settings, the query and COMMIT written
 * together. Measured with a TCP proxy between a stand-in started here and the test database that
 * holds every server reply back for a moment: a round trip is the client writing again after a
 * reply reached it. (Counts only, never times.)
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startApiServer, type ApiServer } from './server.ts';

const DB_URL = process.env.CV_DB_URL!;
/** Replies are held back this long, so everything the client writes without waiting arrives first. */
const REPLY_DELAY_MS = 40;

let proxy: net.Server;
let api: ApiServer;
let turns = 0;
const sockets = new Set<net.Socket>();
const anonKey = process.env.PUBLIC_SUPABASE_ANON_KEY!;
const serviceKey = process.env.SUPABASE_SERVICE_ROLE_KEY!;

function startProxy(target: URL): Promise<number> {
	proxy = net.createServer((client) => {
		const upstream = net.connect(Number(target.port), target.hostname);
		let replied = true; // the startup message is a turn too
		sockets.add(client).add(upstream);
		client.on('data', (d) => {
			if (replied) {
				turns++;
				replied = false;
			}
			upstream.write(d);
		});
		upstream.on('data', (d) => {
			setTimeout(() => {
				replied = true;
				if (!client.destroyed) client.write(d);
			}, REPLY_DELAY_MS);
		});
		const close = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('close', close).on('error', close);
		upstream.on('close', close).on('error', close);
	});
	return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => resolve((proxy.address() as net.AddressInfo).port)));
}

const FN = 'conformance_rt_rows';

beforeAll(async () => {
	const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
	await sql.unsafe(`
		create or replace function public.${FN}(p_n integer) returns table (n integer)
		language sql volatile as $$ select g from generate_series(1, p_n) g $$;
		create or replace function public.conformance_rt_touch(p_n integer) returns integer
		language sql volatile as $$ select p_n + 1 $$;`);
	await sql.end();
	const target = new URL(DB_URL);
	const port = await startProxy(target);
	const viaProxy = new URL(DB_URL);
	viaProxy.port = String(port);
	api = await startApiServer({
		port: await freePort(),
		dbUrl: viaProxy.toString(),
		keys: { jwtSecret: process.env.SUPABASE_JWT_SECRET!, anonKey, serviceRoleKey: serviceKey },
		storageDir: path.join(tmpdir(), `cv-round-trips-storage-${process.pid}`),
		log: () => {}
	});
});

afterAll(async () => {
	await api?.stop();
	for (const s of sockets) s.destroy();
	await new Promise((r) => proxy?.close(r));
	const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
	await sql.unsafe(`drop function if exists public.${FN}(integer); drop function if exists public.conformance_rt_touch(integer);`);
	await sql.end();
});

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const p = (s.address() as net.AddressInfo).port;
			s.close(() => resolve(p));
		});
	});
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
	const headers = new Headers(init.headers);
	headers.set('apikey', anonKey);
	headers.set('Authorization', `Bearer ${serviceKey}`);
	return fetch(`${api.url}${path}`, { ...init, headers });
}

/** Round trips of the second of two identical requests (the first prepares its statement). */
async function roundTrips(path: string, init: RequestInit = {}, expectStatus = 200): Promise<number> {
	expect((await call(path, init)).status).toBe(expectStatus);
	turns = 0;
	const r = await call(path, init);
	await r.arrayBuffer();
	expect(r.status).toBe(expectStatus);
	return turns;
}

const post = (body: unknown, accept?: string): RequestInit => ({
	method: 'POST',
	headers: { 'Content-Type': 'application/json', ...(accept ? { Accept: accept } : {}) },
	body: JSON.stringify(body)
});

describe('round trips to Postgres per Data API request', () => {
	it('a table read with filters, order and count is one round trip', async () => {
		expect(await roundTrips('/rest/v1/ledger_goals?select=id,code&category=eq.space&order=code&limit=5')).toBe(1);
		expect(await roundTrips('/rest/v1/ledger_goals?select=id&order=code', { headers: { Prefer: 'count=exact' } })).toBe(1);
	});

	it('a read that fails in Postgres is one round trip too (the COMMIT behind it rolls back)', async () => {
		expect(await roundTrips('/rest/v1/ledger_goals?select=no_such_column', {}, 400)).toBe(1);
	});

	it('an unknown table costs no round trip: the schema cache answers PGRST205', async () => {
		expect(await roundTrips('/rest/v1/no_such_table', {}, 404)).toBe(0);
	});

	it('an rpc call of a volatile function is one round trip', async () => {
		expect(await roundTrips('/rest/v1/rpc/conformance_rt_touch', post({ p_n: 1 }))).toBe(1);
		expect(await roundTrips(`/rest/v1/rpc/${FN}`, post({ p_n: 3 }))).toBe(1);
	});

	it('a singular response of a volatile set function is two: COMMIT or ROLLBACK waits for the row count', async () => {
		expect(await roundTrips(`/rest/v1/rpc/${FN}`, post({ p_n: 1 }, 'application/vnd.pgrst.object+json'))).toBe(2);
		expect(await roundTrips(`/rest/v1/rpc/${FN}`, post({ p_n: 2 }, 'application/vnd.pgrst.object+json'), 406)).toBe(2);
	});

	it('the schema was read once at start, not per request', () => {
		expect(api.schemaLoads()).toBe(1);
	});
});
