// @ts-check
'use strict';
/**
 * What arrived per second, from the request log: GET /sandbox/requests/rate. Counts every logged
 * API request by its arrival time (`arrivedMs`, the time the rate limiter judged it by), refused
 * (429) ones included, grouped by the rate budget it draws from under a scope (`budget.token` or
 * `budget.vendor`), with the most requests that arrived, and that were accepted, in any
 * 1,000 ms window: any interval [t, t + 1000), not only calendar seconds. That is the figure a
 * test uses to show that the vendor-wide rate never exceeded 100 requests in any second.
 */
const { WINDOW_MS } = require('./ratelimit');

/**
 * @typedef {import('./requestlog').LogEntry} LogEntry
 * @typedef {{ arrived: number, accepted: number, refused: number }} Counts
 * @typedef {Counts & { key: string, maxArrivedInAnyWindow: number, maxAcceptedInAnyWindow: number }} KeyRow
 */

/**
 * The most values of a sorted list inside one half-open window [t, t + WINDOW_MS): the same test
 * (later - earlier < 1000) the window limiter applies, so its guarantee shows here exactly.
 * @param {number[]} sorted ascending
 */
function maxInAnyWindow(sorted) {
	let max = 0;
	let j = 0;
	for (let i = 0; i < sorted.length; i++) {
		while (j < sorted.length && sorted[j] - sorted[i] < WINDOW_MS) j++;
		if (j - i > max) max = j - i;
	}
	return max;
}

/** @param {number} a @param {number} b */
const ascending = (a, b) => a - b;

/**
 * @param {LogEntry[]} entries the requests to count (already filtered by since / route)
 * @param {'token' | 'vendor'} scope which budget names group them
 * @param {string} [key] only the requests of this budget
 */
function rateHistogram(entries, scope, key) {
	/** @type {Map<string, { arrived: number[], accepted: number[], refused: number }>} */
	const groups = new Map();
	/** @type {Map<number, Counts>} */
	const seconds = new Map();
	/** @type {Counts} */
	const total = { arrived: 0, accepted: 0, refused: 0 };
	for (const e of entries) {
		const name = e.budget ? e.budget[scope] : 'none';
		if (key !== undefined && name !== key) continue;
		let g = groups.get(name);
		if (!g) groups.set(name, (g = { arrived: [], accepted: [], refused: 0 }));
		const second = Math.floor(e.arrivedMs / 1000);
		let s = seconds.get(second);
		if (!s) seconds.set(second, (s = { arrived: 0, accepted: 0, refused: 0 }));
		const refused = e.status === 429;
		g.arrived.push(e.arrivedMs);
		s.arrived++;
		total.arrived++;
		if (refused) {
			g.refused++;
			s.refused++;
			total.refused++;
		} else {
			g.accepted.push(e.arrivedMs);
			s.accepted++;
			total.accepted++;
		}
	}
	/** @type {KeyRow[]} */
	const keys = [...groups].map(([name, g]) => ({
		key: name,
		arrived: g.arrived.length,
		accepted: g.accepted.length,
		refused: g.refused,
		maxArrivedInAnyWindow: maxInAnyWindow(g.arrived.sort(ascending)),
		maxAcceptedInAnyWindow: maxInAnyWindow(g.accepted.sort(ascending)),
	}));
	keys.sort((a, b) => b.maxArrivedInAnyWindow - a.maxArrivedInAnyWindow || b.arrived - a.arrived);
	return {
		scope,
		key: key ?? null,
		total,
		perSecond: [...seconds]
			.sort((a, b) => a[0] - b[0])
			.map(([second, c]) => ({ second, ...c })),
		maxArrivedInAnyWindow: Math.max(0, ...keys.map((k) => k.maxArrivedInAnyWindow)),
		maxAcceptedInAnyWindow: Math.max(0, ...keys.map((k) => k.maxAcceptedInAnyWindow)),
		keys,
	};
}

module.exports = { rateHistogram, maxInAnyWindow };
