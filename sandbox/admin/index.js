// @ts-check
'use strict';
/**
 * The MSP's (and Gradient staff's) side of the sandbox: an admin API under /sandbox/ that needs
 * no token and answers only on loopback (checked in server.js). Not part of the real API.
 * By topic: partners.js (partners, keys, mapping, clients, services), observe.js (request log,
 * rates, billing summary), this file (state, config, faults, rebuild, reset).
 * Partner-scoped endpoints take an optional `partner` (partner id) in the JSON body or the query
 * string and default to the default partner.
 */
const { DEFAULT_CONFIG } = require('../defaults');
const { HttpError, mergeConfig } = require('../state');
const { parseFaultConfig } = require('../faults');
const { RATE_MODELS, RATE_SCOPES } = require('../ratelimit');
const { bad, partnerOf } = require('./common');
const { PARTNER_HANDLERS } = require('./partners');
const { OBSERVE_HANDLERS } = require('./observe');

/**
 * @typedef {import('./common').Runtime} Runtime
 * @typedef {import('./common').AdminResult} AdminResult
 * @typedef {import('./common').Handlers} Handlers
 */

/** @param {Runtime} rt */
function fullState(rt) {
	const counts = rt.log.counts();
	return {
		...rt.store.snapshot(),
		requests: { total: counts.total, byRoute: counts.byRoute, byStatus: counts.byStatus, lastSeq: counts.nextSeq - 1 },
		faults: rt.faults.snapshot(),
	};
}

const CONFIG_CHECKS = /** @type {Record<string, (v: any) => boolean>} */ ({
	alertDedupe: (v) => typeof v === 'boolean',
	alertTicketDelayMs: (v) => Number.isFinite(v) && v >= 0,
	alertOutcome: (v) => ['auto', 'success', 'failed', 'pending'].includes(v),
	rebuildDebounceMs: (v) => Number.isFinite(v) && v >= 0,
	latency: (v) => (Number.isFinite(v) && v >= 0) || (v !== null && typeof v === 'object' && !Array.isArray(v)),
	rateLimit: (v) =>
		typeof v === 'boolean' ||
		v === null ||
		(typeof v === 'object' &&
			!Array.isArray(v) &&
			(v.model === undefined || RATE_MODELS.includes(v.model)) &&
			(v.scope === undefined || RATE_SCOPES.includes(v.scope))),
	clientsPageSize: (v) => Number.isInteger(v) && v >= 1,
	unknownVendorStatus: (v) => v === 401 || v === 404,
	maxBodyBytes: (v) => Number.isInteger(v) && v >= 1024,
	historyLimit: (v) => Number.isInteger(v) && v >= 1,
	requestLogSize: () => false,
	autoMapByName: (v) => typeof v === 'boolean',
});

/** @type {Handlers} */
const HANDLERS = {
	'GET /sandbox': () => ({
		status: 200,
		body: {
			sandbox: 'Gradient Synthesize vendor API emulator — admin API (loopback only, no token)',
			endpoints: Object.keys(HANDLERS),
		},
	}),

	'GET /sandbox/state': ({ rt }) => ({ status: 200, body: fullState(rt) }),
	...OBSERVE_HANDLERS,
	...PARTNER_HANDLERS,

	'GET /sandbox/config': ({ rt }) => ({ status: 200, body: rt.store.config }),

	'POST /sandbox/config': ({ rt, body }) => {
		for (const [k, v] of Object.entries(body)) {
			const okFn = CONFIG_CHECKS[k];
			if (!okFn) throw bad(`unknown config key: ${k} (known: ${Object.keys(CONFIG_CHECKS).filter((x) => x !== 'requestLogSize').join(', ')})`);
			if (!okFn(v)) throw bad(`invalid value for ${k}`);
		}
		mergeConfig(rt.store.config, body);
		if ('rateLimit' in body) rt.limiter.configure(rt.store.config.rateLimit);
		rt.store.changed();
		return { status: 200, body: rt.store.config };
	},

	'GET /sandbox/faults': ({ rt }) => ({ status: 200, body: rt.faults.snapshot() }),

	'POST /sandbox/faults': ({ rt, body }) => {
		let cfg;
		try {
			cfg = parseFaultConfig(body);
		} catch (err) {
			throw bad(/** @type {Error} */ (err).message);
		}
		rt.faults.configure(cfg);
		rt.store.changed();
		return { status: 200, body: rt.faults.snapshot() };
	},

	'DELETE /sandbox/faults': ({ rt }) => {
		const before = rt.faults.snapshot();
		rt.faults.clear();
		rt.store.changed();
		return { status: 200, body: { cleared: true, fired: before.fired } };
	},

	'POST /sandbox/rebuild': (ctx) => {
		const partner = partnerOf(ctx);
		ctx.rt.store.rebuild(partner.id);
		return { status: 200, body: ctx.rt.store.partnerSnapshot(partner).billing };
	},

	'POST /sandbox/reset': ({ rt, body }) => {
		if (body.seed !== undefined && body.seed !== 'demo' && body.seed !== 'empty') throw bad('seed must be demo or empty');
		rt.reset(body.seed);
		return { status: 200, body: { reset: true, seed: rt.store.data.seed, defaultPartnerId: rt.store.data.defaultPartnerId } };
	},
};

/**
 * @param {Runtime} rt
 * @param {string} method
 * @param {string} pathname
 * @param {URLSearchParams} query
 * @param {unknown} body
 * @returns {AdminResult}
 */
function handleAdmin(rt, method, pathname, query, body) {
	const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
	const handler = HANDLERS[`${method} ${path}`];
	if (!handler) {
		const known = Object.keys(HANDLERS).some((k) => k.endsWith(` ${path}`));
		return known
			? { status: 405, body: { statusCode: 405, message: `Method ${method} not allowed on ${path}` } }
			: { status: 404, body: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' } };
	}
	if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
		return { status: 400, body: { statusCode: 400, message: 'admin request bodies are JSON objects', error: 'Bad Request' } };
	}
	try {
		return handler({ rt, body: /** @type {Record<string, any>} */ (body || {}), query });
	} catch (err) {
		if (err instanceof HttpError) return { status: err.status, body: err.body };
		throw err;
	}
}

module.exports = { handleAdmin, fullState, DEFAULT_CONFIG };
