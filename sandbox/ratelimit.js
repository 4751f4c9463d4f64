// @ts-check
'use strict';
/**
 * Token-bucket rate limiter, one bucket per GRADIENT-TOKEN value (synthesize-api.md §13.1: 100
 * requests a second; [emulator choice] scope = per token, algorithm = token bucket refilled
 * continuously at perSecond tokens/s with a small capacity `burst` (default 10), so a client
 * offering 200 req/s gets 100 ± a burst accepted per second and the rest 429).
 */

class RateLimiter {
	/** @param {{ perSecond: number, burst: number, enabled?: boolean }} opts */
	constructor(opts) {
		/** @type {Map<string, { tokens: number, at: number }>} */
		this.buckets = new Map();
		this.perSecond = 0;
		this.burst = 1;
		this.enabled = false;
		this.configure(opts);
	}

	/** @param {{ perSecond: number, burst: number, enabled?: boolean }} opts */
	configure(opts) {
		this.perSecond = Math.max(0, Number(opts.perSecond) || 0);
		this.burst = Math.max(1, Number(opts.burst) || 1);
		this.enabled = opts.enabled !== false && this.perSecond > 0;
		this.buckets.clear();
	}

	/**
	 * Take one token for `key`.
	 * @param {string} key
	 * @param {number} [now] milliseconds (performance clock)
	 * @returns {{ ok: true } | { ok: false, retryAfterSeconds: number }}
	 */
	take(key, now = performance.now()) {
		if (!this.enabled) return { ok: true };
		let b = this.buckets.get(key);
		if (!b) {
			if (this.buckets.size >= 10000) this.buckets.clear(); // bound memory against random tokens
			b = { tokens: this.burst, at: now };
			this.buckets.set(key, b);
		} else {
			b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
			b.at = now;
		}
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return { ok: true };
		}
		const waitMs = ((1 - b.tokens) / this.perSecond) * 1000;
		// Retry-After is in whole seconds, at least 1 (RFC 9110 delay-seconds)
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
	}
}

module.exports = { RateLimiter };
