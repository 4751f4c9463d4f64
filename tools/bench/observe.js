// @ts-check
'use strict';
/**
 * One scenario run: call the workflow's webhook, then read what it did from the sandbox alone —
 * its own request log (every request of the partner's token, 429s included) and its live state
 * (counts, rebuilds) — and compare with what the input says Synthesize must hold.
 */
const { maxInAnyWindow } = require('../../sandbox/ratehistogram');
const { expectedCounts, changedPairs } = require('./data');
const { SERVICES } = require('./config');

/**
 * @typedef {import('./setup').Bench} Bench
 * @typedef {{ present: number, changes: import('./data').Change[], zeroed: boolean }} DataState
 * @typedef {object} Observed
 * @property {number} ms wall time of the webhook call
 * @property {number} status the webhook's HTTP status (200: the workflow succeeded)
 * @property {number} requests count requests of this partner, 429s included
 * @property {number} rateLimited requests of this partner answered 429 (any route)
 * @property {number} stored of them answered 201 (stored)
 * @property {number} zeroPushes stored zeros
 * @property {number} expectedPushes pairs whose count changed (what a run must push at least)
 * @property {boolean} pushedExactly the pairs stored are exactly the changed pairs
 * @property {number} storedTwice pairs stored more than once in this run
 * @property {number} lost pairs whose count in Synthesize differs from the input after the run
 * @property {number} rebuilds billing rebuilds Synthesize ran for this run
 * @property {number} maxArrived most requests of the partner that arrived in any 1,000 ms
 * @property {number} maxAccepted most of them accepted in any 1,000 ms
 * @property {any} summary what the workflow answered (Sync Usage: its Summary)
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The partner's live billing state. @param {Bench} bench */
const billingOf = (bench) => bench.sandbox.state.partners[bench.partnerId].billing;

/**
 * @param {import('../lib/e2e').E2e} e2e
 * @param {Bench} bench
 * @param {{ body: Record<string, unknown>, before: DataState, after: DataState }} run
 * @returns {Promise<Observed>}
 */
async function runAndObserve(e2e, bench, run) {
	const since = bench.sandbox.log.nextSeq - 1;
	const rebuildsBefore = billingOf(bench).rebuilds;
	const started = Date.now();
	const response = await e2e.n8n.webhook(bench.path, {
		method: 'POST',
		data: { accounts: { prefix: bench.prefix, count: run.after.present }, services: SERVICES, ...run.body },
		timeoutMs: 60 * 60_000,
	});
	const ms = Date.now() - started;
	// The last rebuild runs 250 ms after the last request that asked for one.
	const deadline = Date.now() + 10_000;
	while (billingOf(bench).pending && Date.now() < deadline) await sleep(50);
	return { ms, status: response.status, summary: response.data, ...observe(bench, since, run.before, run.after, rebuildsBefore) };
}

/**
 * @param {Bench} bench
 * @param {number} since the last log sequence number before the run
 * @param {DataState} before
 * @param {DataState} after
 * @param {number} rebuildsBefore
 */
function observe(bench, since, before, after, rebuildsBefore) {
	const serviceIds = SERVICES.map((name) => bench.serviceIds[name]);
	const mine = bench.sandbox.log.list({ since }).filter((entry) => entry.budget?.token === bench.partnerId);
	const pushes = mine.filter((entry) => entry.routeId === 'setUnitCount');
	const stored = pushes.filter((entry) => entry.status === 201);
	/** @type {Map<string, number>} */
	const storedPairs = new Map();
	for (const entry of stored) {
		const serviceId = /\/service\/([^/?]+)\/count/.exec(entry.path)?.[1];
		const key = `${/** @type {any} */ (entry.body)?.accountId}|${serviceId}`;
		storedPairs.set(key, (storedPairs.get(key) ?? 0) + 1);
	}
	const changed = changedPairs(bench, before, after, serviceIds);
	const pushedExactly = storedPairs.size === changed.size && [...changed].every((key) => storedPairs.has(key));

	const partner = bench.sandbox.state.partners[bench.partnerId];
	let lost = 0;
	for (const [key, count] of expectedCounts(bench, after, serviceIds)) {
		const [accountId, serviceId] = key.split('|');
		if (partner.counts[JSON.stringify([accountId, serviceId])]?.unitCount !== count) lost++;
	}
	const arrivals = (/** @type {typeof mine} */ entries) => entries.map((entry) => entry.arrivedMs).sort((a, b) => a - b);
	return {
		requests: pushes.length,
		rateLimited: mine.filter((entry) => entry.status === 429).length,
		stored: stored.length,
		zeroPushes: stored.filter((entry) => /** @type {any} */ (entry.body)?.unitCount === 0).length,
		expectedPushes: changed.size,
		pushedExactly,
		storedTwice: [...storedPairs.values()].filter((times) => times > 1).length,
		lost,
		rebuilds: partner.billing.rebuilds - rebuildsBefore,
		maxArrived: maxInAnyWindow(arrivals(mine)),
		maxAccepted: maxInAnyWindow(arrivals(mine.filter((entry) => entry.status !== 429))),
	};
}

module.exports = { runAndObserve, billingOf };
