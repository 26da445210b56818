/**
 * The production server: adapter-node's request handler (build/handler.js) behind `compression`
 * (gzip or brotli, as the browser's Accept-Encoding asks), on Node's own http server.
 *
 *   npm run build && node server.js
 *
 * Reads HOST (default 0.0.0.0), PORT (3000), KEEP_ALIVE_TIMEOUT and HEADERS_TIMEOUT (seconds),
 * SHUTDOWN_TIMEOUT (seconds, default 30) and WEB_CONCURRENCY (processes sharing the port, default
 * 1: the app keeps no state between requests, so a machine with several cores runs several); the handler itself reads ORIGIN, PROTOCOL_HEADER,
 * HOST_HEADER, PORT_HEADER, ADDRESS_HEADER, XFF_DEPTH and BODY_SIZE_LIMIT (README, Production).
 * `node build` still works, without compression (then let the proxy compress).
 */
import cluster from 'node:cluster';
import http from 'node:http';
import process from 'node:process';
import compression from 'compression';

// adapter-node reads BODY_SIZE_LIMIT when its handler loads. Its 512K default is below a street
// report with photos (3 × 10 MiB); the smaller per-route limits of src/lib/server/request-limits.ts
// apply first, so raising the server-wide ceiling lets only that route take more.
process.env.BODY_SIZE_LIMIT ??= '31M';

const workers = Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY ?? 1)) || 1);
if (workers > 1 && cluster.isPrimary) {
	// The primary only forks and passes on SIGTERM/SIGINT; each worker stops gracefully itself.
	for (let i = 0; i < workers; i++) cluster.fork();
	const stop = (signal) => {
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
	cluster.on('exit', () => {
		if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
	});
} else {
	await serve();
}

/** One server process: the handler behind compression on Node's http server. */
async function serve() {
	const { handler } = await import('./build/handler.js');
	const host = process.env.HOST ?? '0.0.0.0';
	const port = Number(process.env.PORT ?? 3000);
	const shutdownTimeout = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);

	// Static files (sirv) are precompressed at build time and sent as .br/.gz; compression leaves a
	// response that already has a Content-Encoding alone, so this compresses pages and data.
	const compress = compression();

	const server = http.createServer((req, res) => {
		// Pages get these from hooks.server.ts; static files and the handler's own errors here.
		res.setHeader('x-content-type-options', 'nosniff');
		res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
		res.setHeader('x-frame-options', 'DENY');
		compress(req, res, () => {
			handler(req, res, () => {
				res.statusCode = 404;
				res.end('Not Found');
			});
		});
	});

	const keepAlive = process.env.KEEP_ALIVE_TIMEOUT;
	if (keepAlive) server.keepAliveTimeout = Number(keepAlive) * 1000;
	const headersTimeout = process.env.HEADERS_TIMEOUT;
	if (headersTimeout) server.headersTimeout = Number(headersTimeout) * 1000;

	server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

	/** Finish the requests in flight, then stop; after SHUTDOWN_TIMEOUT seconds drop the rest. */
	function shutdown() {
		server.closeIdleConnections();
		server.close(() => process.exit(0));
		setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000).unref();
	}
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}
