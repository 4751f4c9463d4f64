// @ts-check
'use strict';
/**
 * Deterministic fault injection. A rule set plus a seed: every API request that matches a rule
 * draws from one mulberry32 PRNG (in request order, one draw per matching rule), so the same
 * seed and the same request sequence give the same faults.
 *
 * Rule types:
 *   status    respond with one of `statuses` (default [500, 502, 503]) as { statusCode, message }
 *   reset     destroy the connection without answering
 *   malformed answer with a truncated (invalid) JSON body
 *   latency   wait minMs..maxMs before processing (adds to the configured latency)
 *   forbidden 403 { statusCode: 403, message: "Forbidden" } — Gradient's "anomalous usage" answer
 *   burst429  the next `count` matching requests get the rate-limit 429 (with Retry-After unless retryAfter:false)
 *   html      a 502 HTML error page, as a proxy in front of the API would send
 * phase: 'before' (default) = the request is NOT processed; 'after' = the request IS processed (state
 * changes) and then its response is replaced — how a 502 after a successful write looks to a client.
 * Optional on every rule: `route` (routeId, "METHOD /path/glob" or "/path/glob"; omitted or "*" = every
 * API route; `*` matches within one path segment, `**` across segments), `rate` (0..1, default 1;
 * burst429 always fires while its count lasts), `count` (stop after firing that many times), `skip`
 * (let the first N matching requests through untouched: a 429 burst in the middle of a run), `partner`
 * (only requests whose token is this partner's: one partner's failure among many running at once).
 */
const { mulberry32 } = require('./ids');

const TYPES = ['status', 'reset', 'malformed', 'latency', 'forbidden', 'burst429', 'html'];

/**
 * @typedef {{ type: string, route?: string, rate?: number, phase?: 'before' | 'after', statuses?: number[],
 *   minMs?: number, maxMs?: number, count?: number, skip?: number, retryAfter?: boolean | number,
 *   partner?: string }} FaultRule
 * @typedef {{ rule: FaultRule, index: number, status?: number }} Firing
 * @typedef {{ latencyMs: number, before: Firing | null, after: Firing | null }} FaultPlan
 */

/** @param {string} glob */
function globToRegExp(glob) {
	let re = '';
	for (let i = 0; i < glob.length; i++) {
		const ch = glob[i];
		if (ch === '*') {
			if (glob[i + 1] === '*') {
				re += '.*';
				i++;
			} else re += '[^/]*';
		} else re += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${re}$`);
}

/**
 * Validate and normalise the body of POST /sandbox/faults.
 * @param {unknown} body
 * @returns {{ seed: number, rules: FaultRule[] }}
 */
function parseFaultConfig(body) {
	if (!body || typeof body !== 'object') throw new Error('body must be an object { seed?, rules: [...] }');
	const b = /** @type {Record<string, any>} */ (body);
	const rules = Array.isArray(b.rules) ? b.rules : b.type ? [b] : null;
	if (!rules) throw new Error('rules must be an array');
	rules.forEach((r, i) => {
		if (!r || typeof r !== 'object') throw new Error(`rules[${i}] must be an object`);
		if (!TYPES.includes(r.type)) throw new Error(`rules[${i}].type must be one of ${TYPES.join(', ')}`);
		if (r.phase !== undefined && r.phase !== 'before' && r.phase !== 'after') throw new Error(`rules[${i}].phase must be before or after`);
		if (r.rate !== undefined && !(typeof r.rate === 'number' && r.rate >= 0 && r.rate <= 1)) throw new Error(`rules[${i}].rate must be a number in [0, 1]`);
		if (r.statuses !== undefined && !(Array.isArray(r.statuses) && r.statuses.length && r.statuses.every((s) => Number.isInteger(s) && s >= 100 && s <= 599))) {
			throw new Error(`rules[${i}].statuses must be a non-empty array of HTTP status codes`);
		}
		if (r.type === 'burst429' && !(Number.isInteger(r.count) && r.count > 0)) throw new Error(`rules[${i}].count must be a positive integer for burst429`);
		if (r.route !== undefined && typeof r.route !== 'string') throw new Error(`rules[${i}].route must be a string`);
		if (r.skip !== undefined && !(Number.isInteger(r.skip) && r.skip >= 0)) throw new Error(`rules[${i}].skip must be a non-negative integer`);
		if (r.partner !== undefined && typeof r.partner !== 'string') throw new Error(`rules[${i}].partner must be a partner id`);
	});
	const seed = b.seed === undefined ? 1 : Number(b.seed);
	if (!Number.isFinite(seed)) throw new Error('seed must be a number');
	return { seed, rules: rules.map((r) => ({ ...r })) };
}

class FaultInjector {
	constructor() {
		/** @type {FaultRule[]} */
		this.rules = [];
		this.seed = 1;
		this.rng = mulberry32(1);
		/** @type {number[]} */
		this.ruleFired = [];
		/** @type {number[]} matching requests seen per rule (for `skip`) */
		this.ruleSeen = [];
		/** @type {Record<string, number>} */
		this.fired = {};
		/** @type {Array<{ test: (routeId: string, method: string, path: string) => boolean }>} */
		this.matchers = [];
	}

	/** Back to no rules, seed 1, nothing fired: the fields of a new injector. */
	clear() {
		Object.assign(this, new FaultInjector());
	}

	/** @param {{ seed: number, rules: FaultRule[] }} cfg */
	configure(cfg) {
		this.clear();
		this.seed = cfg.seed;
		this.rng = mulberry32(cfg.seed);
		this.rules = cfg.rules;
		this.ruleFired = cfg.rules.map(() => 0);
		this.ruleSeen = cfg.rules.map(() => 0);
		this.matchers = cfg.rules.map((r) => compileRoute(r.route));
	}

	get active() {
		return this.rules.length > 0;
	}

	/**
	 * Decide the faults for one request.
	 * @param {string} routeId
	 * @param {string} method
	 * @param {string} pathname
	 * @param {() => string | undefined} [partnerOf] the partner the request's token belongs to
	 * @returns {FaultPlan}
	 */
	plan(routeId, method, pathname, partnerOf = () => undefined) {
		/** @type {FaultPlan} */
		const plan = { latencyMs: 0, before: null, after: null };
		for (let i = 0; i < this.rules.length; i++) {
			const rule = this.rules[i];
			if (!this.matchers[i].test(routeId, method, pathname)) continue;
			if (rule.partner !== undefined && partnerOf() !== rule.partner) continue;
			this.ruleSeen[i] += 1;
			if (rule.skip !== undefined && this.ruleSeen[i] <= rule.skip) continue;
			if (rule.count !== undefined && this.ruleFired[i] >= rule.count) continue;
			const draw = this.rng();
			const rate = rule.type === 'burst429' ? 1 : rule.rate ?? 1;
			if (draw >= rate) continue;
			if (rule.type === 'latency') {
				const min = rule.minMs ?? 0;
				const max = Math.max(min, rule.maxMs ?? min);
				plan.latencyMs += min + Math.floor(this.rng() * (max - min + 1));
				this.fire(i, rule);
				continue;
			}
			const phase = rule.phase === 'after' && rule.type !== 'burst429' && rule.type !== 'forbidden' ? 'after' : 'before';
			if (plan.before || (phase === 'after' && plan.after)) continue;
			/** @type {Firing} */
			const firing = { rule, index: i };
			if (rule.type === 'status') {
				const statuses = rule.statuses || [500, 502, 503];
				firing.status = statuses[Math.floor(this.rng() * statuses.length)];
			}
			if (phase === 'before') {
				// Nothing is processed, so an 'after' fault drawn for this request never fires.
				plan.before = firing;
				plan.after = null;
				this.fire(i, rule);
			} else plan.after = firing;
		}
		// Counted once the plan is final: `fired` (and a rule's `count`) only hold faults that fired.
		if (plan.after) this.fire(plan.after.index, plan.after.rule);
		return plan;
	}

	/** @param {number} i @param {FaultRule} rule */
	fire(i, rule) {
		this.ruleFired[i] += 1;
		this.fired[rule.type] = (this.fired[rule.type] || 0) + 1;
	}

	snapshot() {
		return {
			seed: this.seed,
			rules: this.rules.map((r, i) => ({ ...r, fired: this.ruleFired[i] })),
			fired: { ...this.fired },
			total: Object.values(this.fired).reduce((a, b) => a + b, 0),
		};
	}
}

/**
 * @param {string | undefined} route
 * @returns {{ test: (routeId: string, method: string, path: string) => boolean }}
 */
function compileRoute(route) {
	if (!route || route === '*') return { test: () => true };
	const m = /^([A-Za-z*]+)\s+(\/.*)$/.exec(route.trim());
	if (m) {
		const method = m[1].toUpperCase();
		const re = globToRegExp(m[2]);
		return { test: (_id, meth, p) => (method === '*' || method === meth) && re.test(p) };
	}
	if (route.startsWith('/')) {
		const re = globToRegExp(route);
		return { test: (_id, _m, p) => re.test(p) };
	}
	return { test: (id) => id === route };
}

module.exports = { FaultInjector, parseFaultConfig, globToRegExp, FAULT_TYPES: TYPES };
