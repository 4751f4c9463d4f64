// @ts-check
'use strict';
/**
 * `npm run bench` at size `test` (100 pairs) in real n8n, inside `npm test`: every scenario of the
 * full run, under both rate-limit models, asserting what docs/performance.md claims — each claim
 * checked against the sandbox's own log and state — but no timings. The goals' met/missed are
 * recomputed here from the rows, so a goal marked without its numbers fails the test.
 * About a minute on a quiet 2-core machine.
 *
 * @e2e-alone The naive workflow must send its requests faster than the limiter refills: with
 * another e2e file on the 2 cores n8n sent them slower. npm test runs it after the other e2e files,
 * alone. Even alone, how many of its 100 are refused depends on how fast n8n sends them that hour
 * (the bucket lets 10 through, then 100 a second): 40 in one CI run, 41 beside another file, most
 * on a quiet machine; the well-built workflow gets none.
 */
const { runBench } = require('../../tools/bench/index');
const { performanceDoc } = require('../../tools/bench/report');
const { SERVICES, GOALS, MODELS } = require('../../tools/bench/config');

jest.setTimeout(10 * 60_000);

/** @type {import('../../tools/bench/report').Result} */
let result;
/** @param {string} model @param {string} kind @param {string} scenario */
function row(model, kind, scenario) {
	const found = result.rows.find((r) => r.model === model && r.kind === kind && r.scenario === scenario);
	if (!found) throw new Error(`no row ${model}/${kind}/${scenario}`);
	return found;
}

beforeAll(async () => {
	result = await runBench({ size: 'test', log: () => {} });
});

const models = Object.keys(MODELS);

describe.each(models)('Sync Usage under the %s limiter', (model) => {
	it('first sync: every pair stored exactly once, nothing wrong, one rebuild', () => {
		expect(row(model, 'package', 'first')).toMatchObject({ status: 200, stored: result.pairs, pushedExactly: true, storedTwice: 0, lost: 0, rebuilds: 1 });
	});

	it('the same data again sends nothing; 1 % changed pushes exactly the changed pairs, one rebuild', () => {
		expect(row(model, 'package', 'again')).toMatchObject({ status: 200, requests: 0, rebuilds: 0, lost: 0 });
		expect(row(model, 'package', 'changed')).toMatchObject({ status: 200, stored: result.plan.changed, expectedPushes: result.plan.changed, pushedExactly: true, lost: 0, rebuilds: 1 });
	});

	it('a customer that left is zeroed exactly once', () => {
		const zeros = result.plan.vanishedAccounts * SERVICES.length;
		expect(row(model, 'package', 'vanished')).toMatchObject({ status: 200, zeroPushes: zeros, stored: zeros, pushedExactly: true, lost: 0, rebuilds: 1 });
		expect(row(model, 'package', 'again2')).toMatchObject({ status: 200, requests: 0, lost: 0 });
	});

	it('a burst of 429s mid-run: every 429 waited out, every changed pair stored once, one rebuild', () => {
		const burst = row(model, 'package', 'burst');
		expect(burst.faultsFired).toEqual({ burst429: result.plan.burst.count });
		expect(burst).toMatchObject({ status: 200, stored: result.plan.burstChanged, pushedExactly: true, storedTwice: 0, lost: 0, rebuilds: 1 });
		expect(burst.rateLimited).toBeGreaterThanOrEqual(result.plan.burst.count);
	});
});

describe.each(models)('the hand-built workflows under the %s limiter', (model) => {
	it('well built: no 429 with its Batching, and the same pushes as Sync Usage where nothing fails', () => {
		expect(row(model, 'hand', 'first')).toMatchObject({ status: 200, stored: result.pairs, rateLimited: 0, lost: 0, rebuilds: 1 });
		expect(row(model, 'hand', 'again')).toMatchObject({ status: 200, requests: 0 });
		expect(row(model, 'hand', 'changed')).toMatchObject({ status: 200, requests: result.plan.changed, pushedExactly: true, lost: 0, rebuilds: 1 });
		const zeros = result.plan.vanishedAccounts * SERVICES.length;
		expect(row(model, 'hand', 'vanished')).toMatchObject({ status: 200, zeroPushes: zeros, pushedExactly: true, lost: 0 });
		expect(row(model, 'hand', 'again2')).toMatchObject({ status: 200, requests: 0 });
	});

	it('well built, under a 429 burst: Retry On Fail replays the whole push node', () => {
		const burst = row(model, 'hand', 'burst');
		expect(burst.faultsFired).toEqual({ burst429: result.plan.burst.count });
		expect(burst).toMatchObject({ status: 200, lost: 0, rebuilds: 1 });
		expect(burst.rateLimited).toBe(result.plan.burst.count);
		// Every push but the last sent twice: once into the burst, once again after it.
		expect(burst.requests).toBe(2 * (result.plan.burstChanged - 1) + 1);
		expect(burst.storedTwice).toBeGreaterThan(0);
	});

	it('one request at a time never comes near the limit', () => {
		const sequential = row(model, 'sequential', 'first');
		expect(sequential).toMatchObject({ status: 200, stored: result.pairs, rateLimited: 0, lost: 0 });
		expect(sequential.maxArrived).toBeLessThan(100);
		// No no_build: every push asks for a rebuild (debounced by the sandbox).
		expect(sequential.rebuilds).toBeGreaterThanOrEqual(1);
	});

	it('naive and one-step-faster workflows ran against the same sandbox', () => {
		expect(row(model, 'naive', 'first').requests).toBeGreaterThanOrEqual(result.pairs);
		expect(row(model, 'handFaster', 'first').requests).toBeGreaterThanOrEqual(result.pairs - 1);
	});
});

it('naive against the bucket: every request at once, so many are refused and the node replayed', () => {
	const naive = row('bucket', 'naive', 'first');
	expect(naive.rateLimited).toBeGreaterThan(result.pairs / 5);
	expect(naive.requests).toBeGreaterThan(result.pairs);
	expect(row('bucket', 'hand', 'first').rateLimited).toBe(0);
});

it('memory: n8n grows by less than a generous bound a leak per row or per request would break', () => {
	const memory = row('bucket', 'memory', 'memory');
	expect(memory).toMatchObject({ status: 200, stored: result.pairs, lost: 0, rebuilds: 1, rows: result.pairs * 10 });
	expect(memory.rssBaselineMb).toBeGreaterThan(100);
	expect(memory.rssGrowthMb).toBeLessThan(150);
	const perPair = row('bucket', 'memoryPerPair', 'memoryPerPair');
	expect(perPair).toMatchObject({ status: 200, stored: result.pairs, lost: 0, rows: result.pairs });
});

it('every goal is marked met or missed by its numbers, and the document says the same', () => {
	const ceilingMs = (result.pairs / 100 / GOALS.ceilingShare) * 1000;
	/** @type {Record<string, (model: string) => boolean>} */
	const recompute = {
		ceiling: (m) => row(m, 'package', 'first').status === 200 && row(m, 'package', 'first').ms <= ceilingMs,
		first: (m) => row(m, 'package', 'first').lost === 0 && row(m, 'package', 'first').stored === result.pairs && row(m, 'package', 'first').rebuilds === 1,
		again: (m) => row(m, 'package', 'again').requests === 0 && row(m, 'package', 'again').rebuilds === 0,
		changed: (m) => row(m, 'package', 'changed').pushedExactly && row(m, 'package', 'changed').rebuilds === 1,
		zeros: (m) => row(m, 'package', 'vanished').zeroPushes === result.plan.vanishedAccounts * 10 && row(m, 'package', 'again2').requests === 0,
		burst: (m) => row(m, 'package', 'burst').lost === 0 && row(m, 'package', 'burst').rebuilds === 1,
		handClean: (m) => row(m, 'hand', 'first').rateLimited === 0 && row(m, 'hand', 'first').status === 200,
		handLimit: (m) => row(m, 'handFaster', 'first').rateLimited > 0,
		memory: () => /** @type {number} */ (row('bucket', 'memory', 'memory').rssGrowthMb) < GOALS.memoryMb,
	};
	expect(result.goals.map((goal) => `${goal.id}/${goal.model}`).sort()).toEqual(
		[...models.flatMap((m) => Object.keys(recompute).filter((id) => id !== 'memory').map((id) => `${id}/${m}`)), 'memory/bucket'].sort(),
	);
	for (const goal of result.goals) expect([goal.id, goal.model, goal.met]).toEqual([goal.id, goal.model, recompute[goal.id](/** @type {string} */ (goal.model))]);

	const doc = performanceDoc(result);
	for (const heading of ['## Emulator choices', '## Goals', '## Sync Usage and a well-built hand workflow, side by side', '### The well-built hand workflow', '## Other baselines', '## Memory', '## Commands'])
		expect(doc).toContain(heading);
	for (const goal of result.goals) expect(doc).toContain(`| ${goal.text} | ${goal.model} | ${goal.target} | ${goal.value} | **${goal.met ? 'met' : 'missed'}** |`);
	expect(doc).not.toContain('PowerShell');
});
