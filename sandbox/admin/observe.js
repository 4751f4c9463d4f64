// @ts-check
'use strict';
/** Admin API: what the sandbox received (the request log) and what it holds (billing, alerts). */
const { RATE_SCOPES } = require('../ratelimit');
const { rateHistogram } = require('../ratehistogram');
const { bad } = require('./common');

/** @param {string | null} v @param {string} name @returns {number | undefined} */
function intParam(v, name) {
	if (v === null) return undefined;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0) throw bad(`${name} must be a non-negative integer`);
	return n;
}

/** @type {import('./common').Handlers} */
const OBSERVE_HANDLERS = {
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

	// Arrivals per second and the most in any 1,000 ms window, refused requests included (ratehistogram.js).
	// `complete` is false when the log (requestLogSize) no longer holds every request since `since`.
	'GET /sandbox/requests/rate': ({ rt, query }) => {
		const scope = query.get('scope') ?? rt.limiter.scope;
		if (!(/** @type {readonly string[]} */ (RATE_SCOPES).includes(scope))) throw bad(`scope must be ${RATE_SCOPES.join(' or ')}`);
		const since = intParam(query.get('since'), 'since') ?? 0;
		const route = query.get('route') || undefined;
		const entries = rt.log.list({ since, route });
		const histogram = rateHistogram(entries, /** @type {'token' | 'vendor'} */ (scope), query.get('key') ?? undefined);
		return {
			status: 200,
			body: { since, route: route ?? null, lastSeq: rt.log.nextSeq - 1, complete: rt.log.oldestSeq() <= since + 1, ...histogram },
		};
	},

	// Per partner: stored (account, service) counts and their sum, the billing view's; totals (state/billing.js)
	'GET /sandbox/billing/summary': ({ rt, query }) => {
		const id = query.get('partner');
		const partners = id ? [rt.store.partnerFor(id)] : rt.store.partners();
		return { status: 200, body: rt.store.billingSummary(partners) };
	},

	// Per partner: alerts per alertId (POSTs, messages, tickets), duplicates, and per incident when
	// `incident` is a pattern whose first group picks the incident id out of a description (state/alerts.js)
	'GET /sandbox/alerts/summary': ({ rt, query }) => {
		const id = query.get('partner');
		const partners = id ? [rt.store.partnerFor(id)] : rt.store.partners();
		const source = query.get('incident');
		/** @type {RegExp | undefined} */
		let pattern;
		if (source) {
			try {
				pattern = new RegExp(source, 'm');
			} catch {
				throw bad('incident must be a regular expression with one capture group');
			}
		}
		return { status: 200, body: rt.store.alertSummary(partners, pattern) };
	},

	// Per partner: every stored pair's latest count, service id → account id → count (state/billing.js)
	'GET /sandbox/billing/counts': ({ rt, query }) => {
		const id = query.get('partner');
		const partners = id ? [rt.store.partnerFor(id)] : rt.store.partners();
		return { status: 200, body: rt.store.billingCounts(partners) };
	},
};

module.exports = { OBSERVE_HANDLERS };
