// @ts-check
'use strict';
/**
 * The sandbox's request log (sandbox/requestlog.js): a ring of the last N requests, listed by
 * sequence number. Every figure npm run scale and the e2e read from it (pushes, the per-vendor
 * windows) selects with `since` and `route`; after the ring wraps, a wrong selection would drop or
 * repeat requests in them silently.
 */
const { RequestLog } = require('../../sandbox/requestlog');

/** @param {number} i @param {string} [routeId] */
const request = (i, routeId = i % 2 ? 'setUnitCount' : 'getAccounts') => ({
	at: new Date(1_000_000 + i).toISOString(),
	arrivedMs: 1_000_000 + i,
	method: 'POST',
	path: `/service/s/count?i=${i}`,
	routeId,
	status: i % 5 === 0 ? 429 : 201,
	partnerId: `p${i % 3}`,
	budget: { token: `p${i % 3}`, vendor: 'v' },
	body: { unitCount: i },
	durationMs: 1,
});

it('lists what it holds oldest first, with every field as added', () => {
	const log = new RequestLog(10);
	const added = [1, 2, 3].map((i) => log.add(request(i)));
	expect(log.list()).toEqual(added);
	expect(added.map((e) => e.seq)).toEqual([1, 2, 3]);
	expect(log.oldestSeq()).toBe(1);
});

it('after wrapping: holds the newest N, and since, route and limit select from them', () => {
	const log = new RequestLog(7);
	for (let i = 1; i <= 20; i++) log.add(request(i));
	expect(log.entries).toHaveLength(7);
	expect(log.oldestSeq()).toBe(14);
	expect(log.list().map((e) => e.seq)).toEqual([14, 15, 16, 17, 18, 19, 20]);
	// since: only later requests; a since older than the ring gives what it holds
	expect(log.list({ since: 17 }).map((e) => e.seq)).toEqual([18, 19, 20]);
	expect(log.list({ since: 3 }).map((e) => e.seq)).toEqual([14, 15, 16, 17, 18, 19, 20]);
	expect(log.list({ since: 20 })).toEqual([]);
	// route, and limit (the newest ones) with and without it
	expect(log.list({ route: 'setUnitCount' }).map((e) => e.seq)).toEqual([15, 17, 19]);
	expect(log.list({ limit: 2 }).map((e) => e.seq)).toEqual([19, 20]);
	expect(log.list({ since: 14, route: 'getAccounts', limit: 2 }).map((e) => e.seq)).toEqual([18, 20]);
	expect(log.list({ since: 15 })[0]).toEqual({ seq: 16, ...request(16) });
	// the counters count every request, held or not
	expect(log.counts()).toMatchObject({ total: 20, nextSeq: 21, byStatus: { 429: 4, 201: 16 } });
	expect(log.counts().byRoute.setUnitCount.total).toBe(10);
});

it('starts numbering again when cleared, and goes on from restored counters', () => {
	const log = new RequestLog(5);
	for (let i = 1; i <= 8; i++) log.add(request(i));
	log.clear();
	expect(log.list()).toEqual([]);
	expect(log.counts()).toMatchObject({ total: 0, nextSeq: 1 });
	expect(log.add(request(1)).seq).toBe(1);
	const restored = new RequestLog(5);
	restored.restoreCounts({ total: 40, nextSeq: 41 });
	expect(restored.oldestSeq()).toBe(41);
	expect(restored.add(request(2)).seq).toBe(41);
	expect(restored.list({ since: 40 }).map((e) => e.seq)).toEqual([41]);
	expect(restored.counts().total).toBe(41);
});
