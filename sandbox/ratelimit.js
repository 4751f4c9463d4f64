// @ts-check
'use strict';
/**
 * The rate limiter (synthesize-api.md §13.1: "100 requests a second"; its scope and its algorithm
 * are undocumented, §17.2). [emulator choice] Both are options, so that no result rests on one guess:
 *
 * - model `bucket` (default): a token bucket per key refilled continuously at perSecond tokens/s with
 *   a small capacity `burst` (default 10), so a client offering 200 req/s gets 100 ± a burst
 *   accepted per second and the rest 429.
 * - model `window`: a rolling one-second window, at most perSecond requests accepted in any
 *   1,000 ms interval per key (a sliding log of the accept times of each key; `burst` is unused).
 *
 * - scope `token` (default): the key is the GRADIENT-TOKEN value.
 * - scope `vendor`: the key is the vendor key inside the token (Base64 of vendorKey:partnerKey), so
 *   every partner of one vendor shares one budget; a token that does not decode keeps its own.
 *
 * Times are milliseconds; the server passes the arrival time it also logs (RequestLog arrivedMs),
 * so what the request log shows is what the limiter judged by. Behind the front (front.js) requests
 * stamped close together may be judged out of order: both models stay within their limit.
 */
const { decodeToken } = require('./defaults');

/** The two algorithms and the two scopes. */
const RATE_MODELS = /** @type {const} */ (['bucket', 'window']);
const RATE_SCOPES = /** @type {const} */ (['token', 'vendor']);
const WINDOW_MS = 1000;
/** Keys (and decoded tokens) kept at most; beyond it all are forgotten (bounds memory against random tokens). */
const MAX_KEYS = 10000;

/**
 * @typedef {{ perSecond: number, burst: number, enabled?: boolean, model?: 'bucket' | 'window', scope?: 'token' | 'vendor' }} RateOptions
 * @typedef {{ ok: true } | { ok: false, retryAfterSeconds: number }} Verdict
 * @typedef {{ tokens: number, at: number }} Bucket
 * @typedef {{ times: number[], head: number }} AcceptLog accept times; the live ones are times[head..]
 */

class RateLimiter {
	/** @param {RateOptions} opts */
	constructor(opts) {
		/** @type {Map<string, Bucket>} */
		this.buckets = new Map();
		/** @type {Map<string, AcceptLog>} */
		this.windows = new Map();
		/** @type {Map<string, string>} token → its key under scope `vendor` */
		this.vendorKeys = new Map();
		this.perSecond = 0;
		this.burst = 1;
		this.enabled = false;
		/** @type {'bucket' | 'window'} */
		this.model = 'bucket';
		/** @type {'token' | 'vendor'} */
		this.scope = 'token';
		this.configure(opts);
	}

	/** @param {RateOptions} opts */
	configure(opts) {
		const model = opts.model ?? 'bucket';
		const scope = opts.scope ?? 'token';
		if (!RATE_MODELS.includes(model)) throw new Error(`rateLimit.model must be ${RATE_MODELS.join(' or ')}, got "${model}"`);
		if (!RATE_SCOPES.includes(scope)) throw new Error(`rateLimit.scope must be ${RATE_SCOPES.join(' or ')}, got "${scope}"`);
		this.perSecond = Math.max(0, Number(opts.perSecond) || 0);
		this.burst = Math.max(1, Number(opts.burst) || 1);
		this.enabled = opts.enabled !== false && this.perSecond > 0;
		this.model = model;
		this.scope = scope;
		this.buckets.clear();
		this.windows.clear();
		this.vendorKeys.clear();
	}

	/**
	 * The budget a GRADIENT-TOKEN value draws from under the current scope.
	 * @param {string} token
	 */
	keyFor(token) {
		if (this.scope === 'token') return token;
		let key = this.vendorKeys.get(token);
		if (key === undefined) {
			const decoded = decodeToken(token);
			// an undecodable token (or one without a vendor key) keeps a budget of its own
			key = decoded && decoded.vendorKey ? `vendor:${decoded.vendorKey}` : `token:${token}`;
			if (this.vendorKeys.size >= MAX_KEYS) this.vendorKeys.clear();
			this.vendorKeys.set(token, key);
		}
		return key;
	}

	/**
	 * Take one request for a GRADIENT-TOKEN value (the scope decides which budget that is).
	 * @param {string} token
	 * @param {number} [now] milliseconds, never decreasing between calls
	 * @returns {Verdict}
	 */
	take(token, now = performance.now()) {
		if (!this.enabled) return { ok: true };
		const key = this.keyFor(token);
		return this.model === 'window' ? this.takeWindow(key, now) : this.takeBucket(key, now);
	}

	/** @param {string} key @param {number} now @returns {Verdict} */
	takeBucket(key, now) {
		let b = this.buckets.get(key);
		if (!b) {
			if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
			b = { tokens: this.burst, at: now };
			this.buckets.set(key, b);
		} else if (now > b.at) {
			// a request stamped before the last one judged (front.js) refills nothing
			b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
			b.at = now;
		}
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return { ok: true };
		}
		const waitMs = ((1 - b.tokens) / this.perSecond) * 1000;
		return { ok: false, retryAfterSeconds: retryAfter(waitMs) };
	}

	/**
	 * Accepted when fewer than perSecond requests of this key were accepted in the last 1,000 ms
	 * (accept times t with now - t < 1000). Each accept time is pushed once and dropped once: O(1) amortised.
	 * @param {string} key @param {number} now @returns {Verdict}
	 */
	takeWindow(key, now) {
		let w = this.windows.get(key);
		if (!w) {
			if (this.windows.size >= MAX_KEYS) this.windows.clear();
			w = { times: [], head: 0 };
			this.windows.set(key, w);
		}
		const { times } = w;
		while (w.head < times.length && now - times[w.head] >= WINDOW_MS) w.head++;
		if (w.head > 64 && w.head * 2 > times.length) {
			times.splice(0, w.head);
			w.head = 0;
		}
		if (times.length - w.head < this.perSecond) {
			// kept in order even when a request stamped earlier is judged later (front.js); counting
			// every accept after now - 1000, later ones too, never lets a window hold more than perSecond
			let at = times.length;
			while (at > w.head && times[at - 1] > now) at--;
			times.splice(at, 0, now);
			return { ok: true };
		}
		// the oldest accepted request of the window leaves it at times[head] + 1000
		return { ok: false, retryAfterSeconds: retryAfter(times[w.head] + WINDOW_MS - now) };
	}
}

/** Retry-After is in whole seconds, at least 1 (RFC 9110 delay-seconds). @param {number} waitMs */
function retryAfter(waitMs) {
	return Math.max(1, Math.ceil(waitMs / 1000));
}

module.exports = { RateLimiter, RATE_MODELS, RATE_SCOPES, WINDOW_MS };
