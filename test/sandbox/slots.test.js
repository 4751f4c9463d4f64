// @ts-check
'use strict';
/**
 * The vendor-wide run's arrivals against the lanes' clock grid (tools/scale/slots.js). The grid
 * must be the rate limiter's (lane i's slots at i × slot + k × period from the epoch) and each
 * lane's share the dispatcher's, or every delay it reports is off by a lane's offset.
 */
const { laneShare, slotDelays } = require('../../tools/scale/slots');

it("gives each lane the dispatcher's share: the budget divided, kept to the hundredth", () => {
	expect(laneShare(95, 20)).toBe(4.75);
	expect(laneShare(95, 12)).toBe(7.91);
	expect(laneShare(5, 20)).toBe(1);
});

it('measures each arrival from the last slot of its own lane', () => {
	// 4 lanes sharing 40 requests a second: 10 each, a period of 100 ms, slots of 25 ms.
	const laneOf = new Map([
		['p0', 0],
		['p1', 1],
		['p2', 2],
		['p3', 3],
	]);
	const start = 1_796_000_000_000; // a multiple of the period: slot 0 of lane 0
	/** @type {{ arrivedMs: number, partnerId: string | null }[]} */
	const requests = [];
	for (let k = 0; k < 50; k++)
		for (let lane = 0; lane < 4; lane++)
			requests.push({ arrivedMs: start + k * 100 + lane * 25 + 2, partnerId: `p${lane}` });
	// Lane 1 late in its period 20: 30 ms after its slot, into lane 2's.
	requests.push({ arrivedMs: start + 20 * 100 + 25 + 30, partnerId: 'p1' });
	requests.push({ arrivedMs: start + 20 * 100 + 40, partnerId: null }); // not a partner's request: not measured
	requests.sort((a, b) => a.arrivedMs - b.arrivedMs);
	const late = requests.findIndex((r) => r.arrivedMs === start + 2055);
	const result = slotDelays(
		requests,
		{ laneOf, lanes: 4, requestsPerSecond: 40 },
		{ from: late - 3, count: 40 },
	);
	expect(result).toEqual({
		slotMs: 25,
		measured: 201,
		p50: 2,
		p99: 2,
		p999: 30,
		max: 30,
		overOneSlot: 1,
		busiestOverOneSlot: 1,
	});
	// The same arrivals attributed to the wrong lanes are 25 ms off (and so over one slot).
	const shifted = new Map([...laneOf].map(([p, lane]) => [p, (lane + 3) % 4]));
	expect(
		slotDelays(
			requests,
			{ laneOf: shifted, lanes: 4, requestsPerSecond: 40 },
			{ from: 0, count: 0 },
		).p50,
	).toBe(27);
});
