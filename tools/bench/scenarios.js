// @ts-check
'use strict';
/**
 * The scenarios, in the order they run. Sync Usage and the well-built hand workflow each go
 * through the same six runs on their own partner, under each rate-limit model:
 *
 *   first      first sync: every pair
 *   again      the same data again
 *   changed    1 % of the pairs changed
 *   vanished   1 % of the customers left: their pairs must be zeroed
 *   again2     the same data again: the zeros must not be sent twice
 *   burst      10 % of the pairs changed, with a burst of 429s after half of the pushes
 *
 * The naive workflow, the one-at-a-time loop and the one-step-faster hand workflow run a first
 * sync. Memory scenario 5 (and 5b) run first, on a freshly started n8n.
 */
const { SERVICES, CALIBRATION, fasterThan, handBatching, plan } = require('./config');
const { runAndObserve } = require('./observe');
const { withMemory } = require('./memory');
const { webhooksRegistered } = require('./setup');

/**
 * @typedef {import('./setup').Spec} Spec
 * @typedef {import('./setup').Bench} Bench
 * @typedef {import('./observe').DataState} DataState
 * @typedef {'first' | 'again' | 'changed' | 'vanished' | 'again2' | 'burst' | 'memory' | 'memoryPerPair'} ScenarioId
 * @typedef {import('./observe').Observed & { model: import('./config').Model, kind: import('./setup').Kind, scenario: ScenarioId,
 *   batching?: import('./setup').Batching, faultsFired?: Record<string, number>, rows?: number,
 *   rssGrowthMb?: number, rssBaselineMb?: number, rssPeakMb?: number, rssAfterMb?: number }} Row
 */

/**
 * The workflows of a run.
 * @param {import('./config').Size} size
 * @param {{ models: Array<import('./config').Model>, calibrate?: boolean, candidates?: Array<{ batchSize: number, batchInterval: number }> }} options
 * @returns {Spec[]}
 */
function specsFor(size, options) {
	/** @type {Spec[]} */
	const specs = [];
	if (options.calibrate) {
		for (const model of options.models)
			for (const setting of options.candidates ?? CALIBRATION)
				specs.push({ key: `${model}/${setting.batchSize}per${setting.batchInterval}`, model, kind: 'calibration', accounts: size.accounts, batching: { ...setting, retry: false } });
		return specs;
	}
	const chosen = handBatching();
	specs.push({ key: 'memory/rows', model: options.models[0], kind: 'memory', accounts: size.memoryAccounts });
	specs.push({ key: 'memory/pairs', model: options.models[0], kind: 'memoryPerPair', accounts: size.memoryAccounts });
	for (const model of options.models) {
		specs.push({ key: `${model}/package`, model, kind: 'package', accounts: size.accounts });
		specs.push({ key: `${model}/hand`, model, kind: 'hand', accounts: size.accounts });
		specs.push({
			key: `${model}/hand-faster`,
			model,
			kind: 'handFaster',
			accounts: size.accounts,
			batching: { ...fasterThan(chosen), retry: false },
		});
		specs.push({ key: `${model}/sequential`, model, kind: 'sequential', accounts: size.accounts });
		specs.push({ key: `${model}/naive`, model, kind: 'naive', accounts: size.accounts });
	}
	return specs;
}

/** The webhook body: the hand-built workflows address services by id and need the base URL. @param {Bench} bench @param {import('./data').Change[]} changes */
function bodyFor(bench, changes) {
	const hand = !['package', 'memory', 'memoryPerPair'].includes(bench.kind);
	return hand ? { changes, serviceIds: bench.serviceIds, baseUrl: bench.sandbox.url } : { changes };
}

/**
 * Runs the scenarios of one run; returns a row per scenario.
 * @param {import('../lib/e2e').E2e} e2e
 * @param {Bench[]} benches
 * @param {import('./config').Size} size
 * @param {(line: string) => void} log
 */
async function runScenarios(e2e, benches, size, log) {
	const p = plan(size);
	/** @type {Row[]} */
	const rows = [];
	const of = (/** @type {import('./setup').Kind} */ kind) => benches.filter((bench) => bench.kind === kind);
	/** @type {DataState} */
	const empty = { present: 0, changes: [], zeroed: false };
	let step = 0;
	const total = benches.filter((b) => b.kind !== 'package' && b.kind !== 'hand').length + 6 * (of('package').length + of('hand').length);
	/**
	 * @param {Bench} bench @param {ScenarioId} scenario @param {DataState} before @param {DataState} after
	 * @param {{ rowsPerPair?: number, extra?: Partial<Row> }} [opts]
	 */
	const one = async (bench, scenario, before, after, opts = {}) => {
		step++;
		log(`[bench] ${step}/${total} ${bench.key}: ${scenario}`);
		const body = { ...bodyFor(bench, after.changes), ...(opts.rowsPerPair ? { rowsPerPair: opts.rowsPerPair } : {}) };
		const observed = await runAndObserve(e2e, bench, { body, before, after });
		/** @type {Row} */
		const row = { model: bench.model, kind: bench.kind, scenario, ...observed, ...(bench.batching ? { batching: bench.batching } : {}), ...opts.extra };
		rows.push(row);
		return row;
	};

	// Memory first, each on a freshly started n8n (the bench's own requests have not grown it yet).
	for (const bench of [...of('memory'), ...of('memoryPerPair')]) {
		if (bench.kind === 'memoryPerPair') {
			await e2e.n8n.restart();
			await webhooksRegistered(e2e, [bench]);
		}
		const rowsPerPair = bench.kind === 'memory' ? size.memoryRowsPerPair : 1;
		const all = { present: bench.accounts, changes: [], zeroed: true };
		const measured = await withMemory(e2e, () => one(bench, bench.kind === 'memory' ? 'memory' : 'memoryPerPair', empty, all, { rowsPerPair }), size.afterMs);
		Object.assign(measured.result, {
			rows: bench.accounts * SERVICES.length * rowsPerPair,
			rssGrowthMb: measured.rssGrowthMb,
			rssBaselineMb: measured.rssBaselineMb,
			rssPeakMb: measured.rssPeakMb,
			rssAfterMb: measured.rssAfterMb,
		});
	}

	for (const bench of benches.filter((b) => b.kind === 'package' || b.kind === 'hand')) {
		await settle(e2e);
		const all = { present: bench.accounts, changes: [], zeroed: true };
		const changes1 = [{ upTo: p.changed, add: 1 }];
		const changed = { ...all, changes: changes1 };
		const vanished = { ...changed, present: bench.accounts - p.vanishedAccounts };
		const burst = { ...vanished, changes: [...changes1, { upTo: p.burstChanged, add: 2 }] };
		await one(bench, 'first', empty, all);
		await one(bench, 'again', all, all);
		await one(bench, 'changed', all, changed);
		await one(bench, 'vanished', changed, vanished);
		await one(bench, 'again2', vanished, vanished);
		await bench.client.faults({ seed: 1, rules: [{ type: 'burst429', route: 'setUnitCount', count: p.burst.count, skip: p.burst.skip, retryAfter: true }] });
		let row;
		try {
			row = await one(bench, 'burst', vanished, burst);
		} finally {
			const cleared = await bench.client.clearFaults();
			if (row) row.faultsFired = cleared.fired ?? {};
		}
	}

	// First syncs only; the naive workflows last (their request storms keep n8n busy for a while).
	for (const kind of /** @type {const} */ (['handFaster', 'calibration', 'sequential', 'naive'])) {
		for (const bench of of(kind)) {
			await settle(e2e);
			await one(bench, 'first', empty, { present: bench.accounts, changes: [], zeroed: false });
		}
	}
	return rows;
}

/** Waits until n8n answers its readiness probe (a request storm can leave it busy). @param {import('../lib/e2e').E2e} e2e */
async function settle(e2e) {
	const deadline = Date.now() + 120_000;
	while ((await e2e.n8n.request('GET', '/healthz/readiness').catch(() => ({ status: 0 }))).status !== 200) {
		if (Date.now() > deadline) throw new Error('n8n did not become ready again');
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

module.exports = { specsFor, runScenarios };
