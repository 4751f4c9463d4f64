// @ts-check
'use strict';
/**
 * docs/performance.md, written from one run's result: every figure and every met/missed is read
 * from the rows (tools/bench/goals.js), none is typed here.
 */
const { MODELS, LATENCY_MS, PER_SECOND, BURST, REBUILD_DEBOUNCE_MS, GOALS } = require('./config');
const { describeBatching, seconds } = require('./goals');

/**
 * @typedef {import('./scenarios').Row} Row
 * @typedef {import('./goals').Goal} Goal
 * @typedef {object} Result
 * @property {string} size
 * @property {number} pairs
 * @property {number} accounts
 * @property {ReturnType<typeof import('./config').plan>} plan
 * @property {Array<import('./config').Model>} models
 * @property {Row[]} rows
 * @property {Goal[]} goals
 * @property {{ batchSize: number, batchInterval: number }} batching the hand workflow's, as committed
 * @property {boolean} calibrate
 * @property {string} machine
 * @property {string} date
 * @property {number} totalMs
 */

const KIND_LABELS = /** @type {Record<string, string>} */ ({
	package: 'Sync Usage',
	hand: 'well-built hand workflow',
	handFaster: 'hand workflow, one step faster (one pass, no Retry On Fail)',
	calibration: 'hand workflow (one pass, no Retry On Fail)',
	naive: 'naive (no batching)',
	sequential: 'one request at a time',
	memory: 'Sync Usage',
	memoryPerPair: 'Sync Usage',
});
const n = (/** @type {number} */ value) => value.toLocaleString('en');
const mark = (/** @type {boolean} */ met) => (met ? '**met**' : '**missed**');
const pairsOf = (/** @type {number} */ count) => `${n(count)} pair${count === 1 ? '' : 's'}`;
const duration = (/** @type {number} */ ms) => (ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : `${Math.round(ms / 60_000)} minutes`);

/** @param {Result} result @param {Row} row */
function scenarioLabel(result, row) {
	const p = result.plan;
	switch (row.scenario) {
		case 'first':
			return `first sync of ${n(result.pairs)} pairs`;
		case 'again':
			return 'the same data again';
		case 'changed':
			return `1 % changed (${pairsOf(p.changed)})`;
		case 'vanished':
			return `${n(p.vanishedAccounts)} customer${p.vanishedAccounts === 1 ? '' : 's'} gone (${pairsOf(row.expectedPushes)} to zero)`;
		case 'again2':
			return 'the same data again (zeros not repeated)';
		case 'burst':
			return `10 % changed (${pairsOf(p.burstChanged)}), ${p.burst.count} × 429 after ${n(p.burst.skip)} pushes`;
		default:
			return `${n(row.rows ?? 0)} rows into ${n(row.expectedPushes)} pairs`;
	}
}

/** @param {Row} row */
const outcome = (row) => (row.status === 200 ? 'succeeded' : `failed (${row.status})`);

/** @param {Row} row */
const cell = (row) => `${seconds(row.ms)} · ${n(row.requests)} req · ${n(row.rateLimited)} × 429${row.status === 200 ? '' : ' · failed'}`;

/** @param {Result} result */
function sideBySide(result) {
	const lines = ['| Scenario | Limiter | Sync Usage | Well-built hand workflow | Hand ÷ Sync Usage (time) |', '|---|---|---|---|---:|'];
	for (const scenario of ['first', 'again', 'changed', 'vanished', 'again2', 'burst']) {
		for (const model of result.models) {
			const pkg = result.rows.find((row) => row.model === model && row.kind === 'package' && row.scenario === scenario);
			const hand = result.rows.find((row) => row.model === model && row.kind === 'hand' && row.scenario === scenario);
			if (!pkg || !hand) continue;
			lines.push(`| ${scenarioLabel(result, pkg)} | ${model} | ${cell(pkg)} | ${cell(hand)} | ${(hand.ms / Math.max(1, pkg.ms)).toFixed(1)}× |`);
		}
	}
	return lines.join('\n');
}

/** @param {Result} result @param {Row[]} rows */
function detail(result, rows) {
	const lines = [
		'| Workflow | Limiter | Scenario | Wall time | Requests | 429s | Stored | Zeros | Max in any 1 s (arrived / accepted) | Pairs wrong | Rebuilds | Result |',
		'|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	for (const row of rows) {
		const label = row.batching ? `${KIND_LABELS[row.kind]}, ${describeBatching(row.batching)}` : KIND_LABELS[row.kind];
		lines.push(
			`| ${label} | ${row.model} | ${scenarioLabel(result, row)} | ${seconds(row.ms)} | ${n(row.requests)} | ${n(row.rateLimited)} | ${n(row.stored)} | ${n(row.zeroPushes)} | ${row.maxArrived} / ${row.maxAccepted} | ${n(row.lost)} | ${row.rebuilds} | ${outcome(row)} |`,
		);
	}
	return lines.join('\n');
}

/** @param {Result} result */
function goalTable(result) {
	const lines = ['| Goal | Limiter | Target | Measured | |', '|---|---|---|---|---|'];
	for (const goal of result.goals) lines.push(`| ${goal.text} | ${goal.model ?? ''} | ${goal.target} | ${goal.value} | ${mark(goal.met)} |`);
	return lines.join('\n');
}

/** @param {Result} result */
function memoryReading(result) {
	const rows = result.rows.find((row) => row.scenario === 'memory');
	const pushes = result.rows.find((row) => row.scenario === 'memoryPerPair');
	if (!rows || !pushes || rows.rssGrowthMb === undefined || pushes.rssGrowthMb === undefined) return '';
	const perRequestKb = Math.round((pushes.rssGrowthMb * 1024) / Math.max(1, pushes.requests));
	return `Scenario 5b sends the same ${n(pushes.expectedPushes)} pushes from one row per pair, on n8n restarted: the ${n((rows.rows ?? 0) / Math.max(1, pushes.rows ?? 1))} times as many rows of scenario 5 cost ${rows.rssGrowthMb - pushes.rssGrowthMb} MB more at the peak; the rest (${pushes.rssGrowthMb} MB for ${n(pushes.requests)} requests, about ${perRequestKb} KB a request) comes with the requests, each of which goes through n8n's \`httpRequestWithAuthentication\` (credential read and decrypted, then the HTTP client). A while after the runs the resident set was ${rows.rssAfterMb} MB and ${pushes.rssAfterMb} MB, against baselines of ${rows.rssBaselineMb} MB and ${pushes.rssBaselineMb} MB.`;
}

/** @param {Result} result */
function memoryTable(result) {
	const lines = ['| Scenario | Wall time | Requests | Pairs wrong | Rebuilds | n8n RSS before | Growth at the peak | RSS after |', '|---|---:|---:|---:|---:|---:|---:|---:|'];
	for (const row of result.rows.filter((r) => r.rssGrowthMb !== undefined)) {
		const name = row.scenario === 'memory' ? '5.' : '5b.';
		lines.push(`| ${name} Sync Usage, ${scenarioLabel(result, row)} | ${seconds(row.ms)} | ${n(row.requests)} | ${n(row.lost)} | ${row.rebuilds} | ${row.rssBaselineMb} MB | +${row.rssGrowthMb} MB | ${row.rssAfterMb} MB |`);
	}
	return lines.join('\n');
}

/** @param {Result} result */
function performanceDoc(result) {
	const b = result.batching;
	const byKind = (/** @type {string[]} */ kinds) => result.rows.filter((row) => kinds.includes(row.kind));
	const sizeNote =
		result.size === 'full'
			? ''
			: `\n> **Size ${result.size}** (${n(result.pairs)} pairs): a development run. Fixed costs (n8n starting the execution, Get Vendor) weigh more on small runs, so time goals at this size say little; the published figures come from \`npm run bench\` at full size.\n`;
	return `# Performance

Measured by \`npm run bench\` (\`tools/bench.js\`, \`tools/bench/\`) on ${result.date}, size **${result.size}**: real n8n 2.41.1
(\`n8n start\`, webhook-triggered production workflows, the packed package) against the sandbox with ${LATENCY_MS} ms latency
and ${PER_SECOND} requests a second per token. Every workflow runs for its own MSP partner (own token, accounts,
counts and rebuild counter), one scenario at a time; every figure is read from the sandbox's request log and state.
The run took ${duration(result.totalMs)}.

Machine: ${result.machine}.
${sizeNote}
## Emulator choices

Gradient documents only "100 requests a second" (docs/synthesize-api.md §13.1), not how it is counted, so every
workflow runs under both of the sandbox's rate-limit models (sandbox/README.md § Rate limiter), each per token:

${result.models.map((model) => `- **${model}**: ${MODELS[model].label}. Why: ${MODELS[model].why}.`).join('\n')}

## Goals

Each computed by \`tools/bench/goals.js\` from the rows below.

${goalTable(result)}

## Sync Usage and a well-built hand workflow, side by side

Wall time · count requests · answers 429 (both workflows' pushes of the same pairs, on their own partners).

${sideBySide(result)}

Every run in detail (**Stored**: count requests answered 201; **Zeros**: of them, zeros; **Max in any 1 s**: the
partner's requests in the busiest 1,000 ms, 429s included, then only those accepted; **Pairs wrong**: pairs whose
count in the sandbox differs from the input after the run, a gone customer's pair counting as wrong unless 0;
**Rebuilds**: billing rebuilds the sandbox ran, its debounce being ${REBUILD_DEBOUNCE_MS} ms):

${detail(result, byKind(['package', 'hand']))}

### The well-built hand workflow

\`tools/bench/workflows/http-batched.json\`, core n8n nodes only, as a competent user would build it:

- **Plan** (Code node) keeps a ledger of the counts it last pushed in the workflow's static data and sends only
  the pairs whose count differs, plus a 0 for every pair pushed before that is missing now (a customer that left).
  **Save ledger** (Code node) writes the ledger only after every push succeeded, so a failed run is pushed again.
- **All but the last?** (If node on a \`last\` flag that **Plan** sets on its last item) sends
  every push but the last to **Push counts (no_build)**: HTTP Request with \`no_build=true\` and **Batching
  ${describeBatching(b)}**, Retry On Fail (3 tries, 1 s apart). Then the last pair goes alone, without \`no_build\`,
  in **Last push (rebuild)** (n8n's v1 execution order finishes the upper branch first), so the one rebuild
  includes every count.
- **The Batching setting**, ${describeBatching(b)}, is meant to be the fastest that stays free of 429s. HTTP
  Request sends a batch, sleeps, sends the next, without waiting for answers; n8n's own time per item adds to the
  interval, so the right value depends on the machine. It was found with \`npm run bench -- --calibrate\` (the
  candidates of \`tools/bench/config.js\`, fastest first, one pass each with Retry On Fail off, under both models:
  the fastest with 0 × 429 under both), and every run checks it again: the two "Fairness" goals above say whether
  it stayed clean in this run and whether one step faster
  (${describeBatching({ batchSize: b.batchSize, batchInterval: Number(byKind(['handFaster'])[0]?.batching?.batchInterval ?? 0) })}) was refused.
- **What the hand workflow cannot do well**: Retry On Fail replays the whole node, every request of it, after one
  429 (the burst scenario); HTTP Request cannot slow down when refused. Static data is the only ledger a Code node
  has, and in queue mode workers neither keep nor accumulate it (test/e2e/queue/static-data.test.js): there the
  skip-unchanged and zero logic silently turns into a full push every run, and a gone customer is never zeroed.
  Duplicate rows of one pair would need a Summarize node first (the bench sends one row per pair).

## Other baselines

A first sync of the same ${n(result.pairs)} pairs. **Naive (no batching)** (\`http-naive.json\`): one HTTP Request
per row with the default options, so n8n sends every request at once, and Retry On Fail, which replays the whole
node; no \`no_build\`, no ledger. **One request at a time** (\`http-sequential.json\`): Loop Over Items with a batch of 1
and Retry On Fail; latency-bound. Neither uses \`no_build\`, so every push asks for a rebuild (the sandbox runs one
${REBUILD_DEBOUNCE_MS} ms after the last request). The one-step-faster hand workflow is the fairness check above.

${detail(result, byKind(['naive', 'sequential', 'handFaster', 'calibration']))}

## Memory

Sync Usage only, under the ${result.rows.find((row) => row.scenario === 'memory')?.model ?? ''} limiter: growth of the resident set of the \`n8n start\` main process (where
the node runs), sampled every 200 ms, over its idle baseline on a freshly started n8n; goal < ${GOALS.memoryMb} MB (see Goals).

${memoryTable(result)}

${memoryReading(result)}

## Commands

- \`npm run bench\`: every scenario at full size (10,000 pairs); writes this file. This run (size ${result.size}) took
  ${duration(result.totalMs)}.
- \`npm run bench -- --size small --out .tmp/bench/performance-small.md\`: the same at 500 pairs, written elsewhere.
- \`npm run bench -- --calibrate [--size small]\`: the Batching candidates of \`tools/bench/config.js\`, under both models.
- \`test/e2e/bench.test.js\` (in \`npm test\`) runs size \`test\` (100 pairs) and checks what these tables claim.
`;
}

module.exports = { performanceDoc, scenarioLabel, KIND_LABELS };
