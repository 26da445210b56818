/**
 * GoTrue's per-address rate limits (tollbooth over golang.org/x/time/rate): one token bucket per
 * key, full (`burst` tokens) when first seen, refilled continuously at `ratePerSecond` up to
 * `burst`; a request takes one token or is refused. A key's bucket is dropped `ttlMs` after it
 * was created (a full one next time), as tollbooth's expirable store does.
 */

/** One token bucket per key. */
export class TokenBucketLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number; created: number }>();

	/**
	 * @param ratePerSecond tokens added per second (GoTrue: the configured number per 5 minutes / 300)
	 * @param burst bucket capacity (GoTrue: 30 for /token, whatever the configured rate)
	 * @param ttlMs drop a key's bucket this long after it was made (GoTrue: 1 hour)
	 * @param now clock in milliseconds (tests)
	 */
	constructor(
		readonly ratePerSecond: number,
		readonly burst: number,
		private readonly ttlMs = 3_600_000,
		private readonly now: () => number = Date.now
	) {}

	/** Take one token for `key`; false when the bucket is empty (the request is refused). */
	allow(key: string): boolean {
		const t = this.now();
		if (this.buckets.size > 100_000) this.sweep(t);
		const old = this.buckets.get(key);
		const b = old && t - old.created < this.ttlMs ? old : { tokens: this.burst, at: t, created: t };
		const tokens = Math.min(this.burst, b.tokens + (Math.max(0, t - b.at) / 1000) * this.ratePerSecond);
		const allowed = tokens >= 1;
		this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: t, created: b.created });
		return allowed;
	}

	/** Drop expired buckets, then the oldest down to 50 000, so made-up addresses cannot grow memory without bound (amortised: runs past 100 000). */
	private sweep(t: number): void {
		for (const [k, b] of this.buckets) if (t - b.created >= this.ttlMs) this.buckets.delete(k);
		for (const k of this.buckets.keys()) {
			if (this.buckets.size <= 50_000) break;
			this.buckets.delete(k);
		}
	}
}

/**
 * The rate-limit key of a request as GoTrue takes it from `GOTRUE_RATE_LIMIT_HEADER`: the first
 * comma-separated value of that header, trimmed; null (no limiting) when no header is configured,
 * the request lacks it, or its first value is empty.
 *
 * @param headers request headers by lower-case name
 */
export function rateLimitKey(headers: Record<string, string>, headerName: string | null): string | null {
	if (!headerName) return null;
	const v = headers[headerName.toLowerCase()];
	if (v === undefined || v === '') return null;
	const first = v.split(',', 1)[0]!.trim();
	return first === '' ? null : first;
}
