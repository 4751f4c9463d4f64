// @ts-check
'use strict';
/**
 * How late each request of the vendor-wide run arrived after its lane's slot. The lanes take turns
 * on one clock grid (nodes/shared/transport/rateLimiter.ts): lane i of n, each at the share the
 * dispatcher gives it, starts requests only in slots i, i + n, i + 2n… of n × share a second,
 * aligned to the epoch. The sandbox stamps arrivals on the same clock, so an arrival's distance from
 * the last slot of its lane is the time between its start and its arrival, plus up to one slot when
 * the worker woke up late: what carries a request into a second other than its slot's.
 */

/**
 * A lane's share of the vendor budget, as the dispatcher computes it (Lane settings).
 * @param {number} requestsPerSecond
 * @param {number} lanes
 */
function laneShare(requestsPerSecond, lanes) {
	return Math.max(1, Math.floor((requestsPerSecond / lanes) * 100) / 100);
}

/**
 * @param {{ arrivedMs: number, partnerId: string | null }[]} requests in arrival order
 * @param {object} grid
 * @param {Map<string, number>} grid.laneOf partner → its lane (0-based)
 * @param {number} grid.lanes
 * @param {number} grid.requestsPerSecond the vendor budget the dispatcher divides
 * @param {{ from: number, count: number }} busiest the busiest 1,000 ms: index of its first request, and how many
 */
function slotDelays(requests, { laneOf, lanes, requestsPerSecond }, busiest) {
	const share = laneShare(requestsPerSecond, lanes);
	const period = 1000 / share;
	const slotMs = period / lanes;
	const delayOf = (/** @type {{ arrivedMs: number, partnerId: string | null }} */ r) => {
		const lane = r.partnerId === null ? undefined : laneOf.get(r.partnerId);
		if (lane === undefined) return undefined;
		const since = (r.arrivedMs - lane * slotMs) % period;
		return since < 0 ? since + period : since;
	};
	const delays = /** @type {number[]} */ (
		requests.map(delayOf).filter((d) => d !== undefined)
	).sort((a, b) => a - b);
	const at = (/** @type {number} */ q) =>
		Math.round((delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0) * 10) / 10;
	const window = requests.slice(busiest.from, busiest.from + busiest.count);
	return {
		slotMs: Math.round(slotMs * 100) / 100,
		measured: delays.length,
		p50: at(0.5),
		p99: at(0.99),
		p999: at(0.999),
		max: at(1),
		overOneSlot: delays.filter((d) => d > slotMs).length,
		busiestOverOneSlot: window.filter((r) => (delayOf(r) ?? 0) > slotMs).length,
	};
}

module.exports = { laneShare, slotDelays };
