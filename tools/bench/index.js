// @ts-check
'use strict';
/**
 * runBench(): the benchmark in real n8n (tools/bench.js is its command line).
 *
 *   setup.js      sandboxes (one per rate-limit model), partners, workflows, n8n
 *   scenarios.js  what runs, in order
 *   observe.js    what each run did, read from the sandbox
 *   memory.js     n8n's resident set during the memory scenarios
 *   goals.js      every goal, computed and marked met or missed
 *   report.js     docs/performance.md
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createE2e } = require('../lib/e2e');
const { SIZES, MODELS, SERVICES, handBatching, plan } = require('./config');
const { setUp } = require('./setup');
const { specsFor, runScenarios } = require('./scenarios');
const { computeGoals, describeBatching, seconds } = require('./goals');
const { performanceDoc } = require('./report');

/**
 * @typedef {object} BenchOptions
 * @property {'full' | 'small' | 'test'} [size] default full
 * @property {boolean} [calibrate] only the Batching candidates of the hand workflow
 * @property {Array<{ batchSize: number, batchInterval: number }>} [candidates] with calibrate: these instead of config.js's
 * @property {string} [out] write the report here (performance document, or the calibration table)
 * @property {(line: string) => void} [log]
 */

/**
 * @param {BenchOptions} [options]
 * @returns {Promise<import('./report').Result>}
 */
async function runBench(options = {}) {
	const sizeName = options.size ?? 'full';
	const size = SIZES[sizeName];
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const models = /** @type {Array<import('./config').Model>} */ (Object.keys(MODELS));
	const started = Date.now();
	const e2e = await createE2e({ name: `bench-${sizeName}`, log });
	/** @type {import('./report').Result} */
	let result;
	try {
		const benches = await setUp(e2e, specsFor(size, { models, calibrate: options.calibrate, candidates: options.candidates }), log);
		const rows = await runScenarios(e2e, benches, size, log);
		const pairs = size.accounts * SERVICES.length;
		const p = plan(size);
		result = {
			size: sizeName,
			pairs,
			accounts: size.accounts,
			plan: p,
			models,
			rows,
			goals: options.calibrate ? [] : computeGoals(rows, { models, pairs, plan: p, accounts: size.accounts }),
			batching: handBatching(),
			calibrate: Boolean(options.calibrate),
			machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version} (n8n on Node 24.21.0)`,
			date: new Date().toISOString().slice(0, 10),
			totalMs: 0,
		};
	} finally {
		await e2e.close();
	}
	result.totalMs = Date.now() - started;
	const text = result.calibrate ? calibrationTable(result) : performanceDoc(result);
	if (options.out) {
		fs.mkdirSync(path.dirname(options.out), { recursive: true });
		fs.writeFileSync(options.out, text);
		log(`[bench] wrote ${path.relative(process.cwd(), options.out)}`);
	}
	for (const goal of result.goals) log(`[bench] ${goal.met ? 'met   ' : 'MISSED'} ${goal.model ?? ''} ${goal.text}: ${goal.value} (${goal.target})`);
	return result;
}

/** The calibration's answer: per model, each candidate's first sync. @param {import('./report').Result} result */
function calibrationTable(result) {
	const lines = [
		`# Batching calibration (${result.size}, ${result.pairs.toLocaleString('en')} pairs, ${result.date})`,
		'',
		'`npm run bench -- --calibrate`: the hand workflow (tools/bench/workflows/http-batched.json) with each candidate',
		'Batching, one pass, Retry On Fail off. The fastest candidate (configured rate, then wall time) with 0 × 429 under every',
		'model is the one to commit in that file.',
		'',
		'| Batching | Limiter | Wall time | Requests | 429s | Max in any 1 s (arrived / accepted) | Pairs wrong | Result |',
		'|---|---|---:|---:|---:|---:|---:|---|',
	];
	for (const row of result.rows) {
		const batching = row.batching ? describeBatching(row.batching) : '';
		lines.push(`| ${batching} | ${row.model} | ${seconds(row.ms)} | ${row.requests} | ${row.rateLimited} | ${row.maxArrived} / ${row.maxAccepted} | ${row.lost} | ${row.status === 200 ? 'succeeded' : `failed (${row.status})`} |`);
	}
	// The fastest clean one: the highest configured rate with 0 × 429 under every model; at equal
	// rates, the least total wall time.
	/** @type {Map<string, import('./scenarios').Row[]>} */
	const byCandidate = new Map();
	for (const row of result.rows) if (row.batching) byCandidate.set(describeBatching(row.batching), [...(byCandidate.get(describeBatching(row.batching)) ?? []), row]);
	const fastest = [...byCandidate.values()]
		.filter((rows) => rows.every((row) => row.rateLimited === 0 && row.status === 200))
		.sort((a, b) => {
			const rate = (/** @type {import('./scenarios').Row[]} */ rows) => (rows[0].batching ? rows[0].batching.batchSize / rows[0].batching.batchInterval : 0);
			const time = (/** @type {import('./scenarios').Row[]} */ rows) => rows.reduce((sum, row) => sum + row.ms, 0);
			return rate(b) - rate(a) || time(a) - time(b);
		})[0]?.[0];
	lines.push('', fastest?.batching ? `Fastest clean under every model: **${describeBatching(fastest.batching)}**.` : 'No candidate stayed clean under every model.', '');
	return lines.join('\n');
}

module.exports = { runBench, calibrationTable };
