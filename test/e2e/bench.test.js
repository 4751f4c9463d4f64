// @ts-check
'use strict';
/**
 * Keeps `npm run bench` working: the small size in real n8n, asserting what the benchmark is
 * about (nothing lost, one rebuild, nothing re-pushed, only the changes pushed) but no timings.
 * The full-size figures are in docs/performance.md.
 */
const { runBench } = require('../../tools/bench');

jest.setTimeout(10 * 60_000);

it('the small benchmark runs end to end with the properties the full one measures', async () => {
	const result = await runBench({ size: 'small', write: false, log: () => {} });
	const [first, again, changed, byHand, sequential, memory, memoryPerPair] = result.rows;
	expect(first).toMatchObject({ stored: result.pairs, lost: 0, rebuilds: 1 });
	expect(again).toMatchObject({ requests: 0, stored: 0, lost: 0, rebuilds: 0 });
	expect(changed).toMatchObject({ stored: result.bump, lost: 0, rebuilds: 1 });
	expect(memory).toMatchObject({ stored: memory.stored, lost: 0, rebuilds: 1 });
	expect(/** @type {{ rssGrowthMb: number }} */ (memory).rssGrowthMb).toBeGreaterThanOrEqual(0);
	// The memory comparison: the same pairs from one row each, on a restarted n8n.
	expect(memoryPerPair.scenario).toMatch(/^5b\. /);
	expect(memoryPerPair).toMatchObject({ stored: memory.stored, lost: 0, rebuilds: 1 });
	// The baselines ran against the same sandbox (their losses and 429s are what they measure).
	expect(byHand.requests).toBeGreaterThanOrEqual(result.pairs);
	expect(sequential.requests).toBeGreaterThanOrEqual(result.pairs);
});
