// @ts-check
'use strict';
/**
 * The MSP's (and Gradient staff's) side of the sandbox: an admin API under /sandbox/ that needs
 * no token and answers only on loopback (checked in server.js). Not part of the real API.
 * Partner-scoped endpoints take an optional `partner` (partner id) in the JSON body or the query
 * string and default to the default partner.
 */
const { INTEGRATION_STATUSES, SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES, DEFAULT_CONFIG } = require('./defaults');
const { HttpError, mergeConfig } = require('./state');
const { parseFaultConfig } = require('./faults');

/**
 * @typedef {import('./server').Runtime} Runtime
 * @typedef {{ status: number, body?: unknown, text?: string, contentType?: string }} AdminResult
 * @typedef {{ rt: Runtime, body: Record<string, any>, query: URLSearchParams }} AdminCtx
 */

/** @param {string} message */
const bad = (message) => new HttpError(400, message, 'Bad Request');

/** @param {AdminCtx} ctx */
function partnerOf(ctx) {
	return ctx.rt.store.partnerFor(ctx.body.partner ?? ctx.query.get('partner') ?? undefined);
}

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
	rateLimit: (v) => typeof v === 'boolean' || v === null || (typeof v === 'object' && !Array.isArray(v)),
	clientsPageSize: (v) => Number.isInteger(v) && v >= 1,
	unknownVendorStatus: (v) => v === 401 || v === 404,
	maxBodyBytes: (v) => Number.isInteger(v) && v >= 1024,
	historyLimit: (v) => Number.isInteger(v) && v >= 1,
	requestLogSize: () => false,
	autoMapByName: (v) => typeof v === 'boolean',
});

/** @type {Record<string, (ctx: AdminCtx) => AdminResult>} */
const HANDLERS = {
	'GET /sandbox': () => ({
		status: 200,
		body: {
			sandbox: 'Gradient Synthesize vendor API emulator — admin API (loopback only, no token)',
			endpoints: Object.keys(HANDLERS),
		},
	}),

	'GET /sandbox/state': ({ rt }) => ({ status: 200, body: fullState(rt) }),

	'GET /sandbox/requests': ({ rt, query }) => {
		const since = query.get('since');
		const limit = query.get('limit');
		const requests = rt.log.list({
			since: since === null ? undefined : Number(since),
			route: query.get('route') || undefined,
			limit: limit === null ? undefined : Number(limit),
		});
		return { status: 200, body: { lastSeq: rt.log.nextSeq - 1, count: requests.length, requests } };
	},

	'POST /sandbox/map': (ctx) => ({ status: 200, body: ctx.rt.store.setMapping(partnerOf(ctx), ctx.body, true) }),
	'POST /sandbox/unmap': (ctx) => ({ status: 200, body: ctx.rt.store.setMapping(partnerOf(ctx), ctx.body, false) }),

	'GET /sandbox/partners': ({ rt }) => ({
		status: 200,
		body: rt.store.partners().map((p) => ({
			id: p.id,
			name: p.name,
			status: p.status,
			lastSyncedAt: p.lastSyncedAt,
			isDefault: p.id === rt.store.data.defaultPartnerId,
			accounts: p.accounts.length,
			clients: p.clients.length,
		})),
	}),

	'POST /sandbox/partners': ({ rt, body }) => {
		if (body.name !== undefined && typeof body.name !== 'string') throw bad('name must be a string');
		if (body.partnerKey !== undefined && (typeof body.partnerKey !== 'string' || !body.partnerKey)) throw bad('partnerKey must be a non-empty string');
		return { status: 201, body: rt.store.addPartner({ name: body.name, partnerKey: body.partnerKey }) };
	},

	'POST /sandbox/disconnect': (ctx) => ({ status: 200, body: ctx.rt.store.disconnect(partnerOf(ctx)) }),

	'POST /sandbox/regenerate-partner-key': (ctx) => {
		const key = ctx.body.partnerKey;
		if (key !== undefined && (typeof key !== 'string' || !key)) throw bad('partnerKey must be a non-empty string');
		return { status: 200, body: ctx.rt.store.regeneratePartnerKey(partnerOf(ctx), key) };
	},

	'POST /sandbox/status': (ctx) => {
		const { status, lastSyncedAt } = ctx.body;
		if (status !== undefined && !(/** @type {readonly string[]} */ (INTEGRATION_STATUSES).includes(status))) {
			throw bad(`status must be one of: ${INTEGRATION_STATUSES.join(', ')}`);
		}
		if (lastSyncedAt !== undefined && (typeof lastSyncedAt !== 'string' || Number.isNaN(Date.parse(lastSyncedAt)))) {
			throw bad('lastSyncedAt must be an ISO 8601 date string');
		}
		if (status === undefined && lastSyncedAt === undefined) throw bad('status or lastSyncedAt is required');
		const partner = partnerOf(ctx);
		ctx.rt.store.setStatus(partner, status ?? partner.status, lastSyncedAt === undefined ? undefined : new Date(lastSyncedAt).toISOString());
		return { status: 200, body: ctx.rt.store.integrationData(partner) };
	},

	'POST /sandbox/clients': (ctx) => {
		const names = ctx.body.clients ?? (ctx.body.name !== undefined ? [ctx.body.name] : undefined);
		if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== 'string' || !n)) {
			throw bad('body must be { name } or { clients: [names] }');
		}
		return { status: 201, body: ctx.rt.store.addClients(partnerOf(ctx), names) };
	},

	'POST /sandbox/services': ({ rt, body }) => {
		const store = rt.store;
		const add = body.add ?? (body.name !== undefined ? [body] : []);
		const rename = body.rename ?? [];
		const remove = body.remove ?? [];
		if (!Array.isArray(add) || !Array.isArray(rename) || !Array.isArray(remove)) throw bad('add, rename and remove must be arrays');
		for (const s of add) {
			if (!s || typeof s.name !== 'string' || !s.name) throw bad('every service to add needs a name');
			if (s.category !== undefined && !(/** @type {readonly string[]} */ (SERVICE_CATEGORIES).includes(s.category))) throw bad(`unknown category: ${s.category}`);
			if (s.subcategory !== undefined && !(/** @type {readonly string[]} */ (SERVICE_SUBCATEGORIES).includes(s.subcategory))) throw bad(`unknown subcategory: ${s.subcategory}`);
		}
		for (const r of rename) {
			if (!r || typeof r.id !== 'string' || typeof r.name !== 'string') throw bad('rename items are { id, name }');
			if (!store.findSku(r.id)) throw new HttpError(404, `No service found with id: ${r.id}`);
		}
		for (const id of remove) if (typeof id !== 'string' || !store.findSku(id)) throw new HttpError(404, `No service found with id: ${id}`);
		const added = add.map((s) => store.createSku({ description: s.name, ...s }));
		for (const r of rename) store.updateSku(/** @type {any} */ (store.findSku(r.id)), { name: r.name });
		for (const id of remove) store.removeSku(id);
		return { status: 200, body: { added, renamed: rename.map((r) => r.id), removed: remove, skus: store.data.vendor.skus } };
	},

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
