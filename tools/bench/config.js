// @ts-check
'use strict';
/**
 * What the benchmark measures, at which size, against which emulator settings, and its goals.
 * The sizes differ only in how many pairs; every size runs every scenario (the code paths of the
 * full run are the code paths of `npm test`'s run).
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {object} Size
 * @property {number} accounts accounts of each scenario's partner (× 10 services = the pairs)
 * @property {number} memoryAccounts accounts of the memory scenarios' partners
 * @property {number} memoryRowsPerPair rows per pair in memory scenario 5
 * @property {number} afterMs how long after a memory run the resident set is read again
 */
/** @type {Record<'full' | 'small' | 'test', Size>} */
const SIZES = {
	// The published figures (docs/performance.md): 10,000 pairs, 100,000 rows.
	full: { accounts: 1000, memoryAccounts: 1000, memoryRowsPerPair: 10, afterMs: 10_000 },
	// Development (500 pairs): every scenario in a few minutes.
	small: { accounts: 50, memoryAccounts: 50, memoryRowsPerPair: 10, afterMs: 5_000 },
	// test/e2e/bench.test.js (100 pairs), inside `npm test`.
	test: { accounts: 10, memoryAccounts: 10, memoryRowsPerPair: 10, afterMs: 2_000 },
};

const SERVICES = Array.from({ length: 10 }, (_, index) => `Bench Service ${index + 1}`);
const LATENCY_MS = 30;
const PER_SECOND = 100;
const BURST = 10;
const REBUILD_DEBOUNCE_MS = 250;

/**
 * The sandbox's two rate-limit models (sandbox/README.md § Rate limiter), both per token. The API
 * documents only "100 requests a second" (docs/synthesize-api.md §13.1), so each is a guess, and
 * every workflow runs under both.
 */
const MODELS = /** @type {const} */ ({
	bucket: {
		label: 'token bucket (100/s, burst 10)',
		why: 'the sandbox default: refills 100 a second, so short bunches of more than 10 requests are refused',
	},
	window: {
		label: 'rolling window (100 in any 1,000 ms)',
		why: 'the most literal reading of "100 requests a second": any 100 may come at once, the 101st within a second is refused',
	},
});
/** @typedef {keyof typeof MODELS} Model */

/** The well-built hand workflow's Batching, as committed in its workflow file. */
function handBatching() {
	const file = path.join(__dirname, 'workflows', 'http-batched.json');
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const push = workflow.nodes.find((/** @type {any} */ node) => node.name === 'Push counts (no_build)');
	const batch = push.parameters.options.batching.batch;
	return { batchSize: Number(batch.batchSize), batchInterval: Number(batch.batchInterval) };
}

/**
 * Candidates of `npm run bench -- --calibrate`, fastest first by their nominal rate (items per
 * second); at equal rates, the fewer items sent at once first.
 */
const CALIBRATION = [
	{ batchSize: 5, batchInterval: 35 },
	{ batchSize: 5, batchInterval: 40 },
	{ batchSize: 5, batchInterval: 45 },
	{ batchSize: 5, batchInterval: 50 },
	{ batchSize: 10, batchInterval: 100 },
	{ batchSize: 1, batchInterval: 10 },
];

/**
 * The candidate just faster than the committed Batching, checked in every run (one pass, Retry
 * On Fail off): if it stays free of 429s too, the committed setting is not the fastest clean one,
 * and the fairness goal says so.
 * @param {{ batchSize: number, batchInterval: number }} committed
 */
function fasterThan(committed) {
	const rate = (/** @type {{ batchSize: number, batchInterval: number }} */ b) => b.batchSize / b.batchInterval;
	const faster = CALIBRATION.filter((candidate) => rate(candidate) > rate(committed));
	return faster.length > 0
		? faster[faster.length - 1]
		: { batchSize: committed.batchSize, batchInterval: Math.max(1, committed.batchInterval - 5) };
}

/** Goals the script checks itself (docs/performance.md marks each met or missed). */
const GOALS = {
	/** Scenario 1 within this share of the ceiling (pairs at 100 a second). */
	ceilingShare: 0.9,
	/** Memory scenario 5: growth of n8n's resident set at the peak. */
	memoryMb: 500,
};

/**
 * The shape of one run of the scenarios, derived from the size.
 * @param {Size} size
 */
function plan(size) {
	const pairs = size.accounts * SERVICES.length;
	const changed = Math.max(1, Math.round(pairs / 100));
	const vanishedAccounts = Math.max(1, Math.round(size.accounts / 100));
	const burstChanged = Math.max(10, Math.round(pairs / 10));
	return {
		pairs,
		/** 1 % of the pairs change (+1). */
		changed,
		/** 1 % of the accounts leave (their pairs must be zeroed, once). */
		vanishedAccounts,
		/** Pairs changed (+2) in the run with a 429 burst. */
		burstChanged,
		/** The burst: this many 429s (Retry-After: 1) after half of that run's pushes. */
		burst: { count: Math.min(20, Math.max(3, Math.round(burstChanged / 5))), skip: Math.floor(burstChanged / 2) },
	};
}

module.exports = {
	SIZES,
	SERVICES,
	LATENCY_MS,
	PER_SECOND,
	BURST,
	REBUILD_DEBOUNCE_MS,
	MODELS,
	CALIBRATION,
	fasterThan,
	GOALS,
	handBatching,
	plan,
};
