// @ts-check
'use strict';
/**
 * Shared by the reliability suite (test/e2e/reliability/*.test.js): the two sizes, the fault
 * profile, the usage rows, reading a Sync Usage execution, and where the figures go.
 *
 * `npm test` runs the small size; `npm run chaos` (tools/chaos.js) sets RELIABILITY_SIZE=full and
 * turns the figures the tests write into docs/reliability.md.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SIZE_NAME = process.env.RELIABILITY_SIZE === 'full' ? 'full' : 'small';

/**
 * @typedef {object} Size
 * @property {number} rows usage rows of the sync under faults
 * @property {number} accounts accounts × 10 services = the ordinary pairs
 * @property {number} unmapped accounts the MSP has not mapped (the last ones)
 * @property {number} outage accounts with a row for the service whose pushes all fail in run 1
 * @property {number} duplicates extra rows of existing pairs (summed)
 * @property {number} invalid rows refused before sending
 * @property {number} rebuildTrials small syncs whose rebuilds are counted one by one
 * @property {number} alerts alert events under faults
 * @property {number} loadWorkflows workflows syncing at once against one token
 * @property {number} loadAccounts accounts per load workflow (× 10 services)
 */
/** @type {Record<'full' | 'small', Size>} */
const SIZES = {
	full: {
		rows: 5000,
		accounts: 480,
		unmapped: 10,
		outage: 20,
		duplicates: 170,
		invalid: 10,
		rebuildTrials: 200,
		alerts: 200,
		loadWorkflows: 10,
		loadAccounts: 50,
	},
	small: {
		rows: 500,
		accounts: 45,
		unmapped: 2,
		outage: 5,
		duplicates: 40,
		invalid: 5,
		rebuildTrials: 20,
		alerts: 20,
		loadWorkflows: 10,
		loadAccounts: 10,
	},
};
const SIZE = SIZES[SIZE_NAME];

const SERVICES = Array.from({ length: 10 }, (_, index) => `Chaos Service ${index + 1}`);
const OUTAGE_SERVICE = 'Chaos Outage';
/** Values a row may carry that Sync Usage must refuse (JSON can carry them from any source). */
const INVALID_COUNTS = [-1, 'abc', null, '', '12abc', -0.5, true, { n: 1 }, '1e400', 'NaN'];

/**
 * The random faults of the issue, as sandbox rules: 10 % 500/502/503 and 2 % connection resets
 * (half before Synthesize processed the request, half after), 1–3 s latency spikes on 1 %,
 * a few malformed bodies and proxy HTML pages, and, when `pushes` is given, two bursts of
 * twenty 429s (with and without Retry-After) in the middle of the pushes.
 * @param {{ pushes?: number, route?: string }} [options]
 */
function faultProfile(options = {}) {
	const route = options.route;
	/** @type {any[]} */
	const rules = [];
	if (options.pushes) {
		rules.push(
			{ type: 'burst429', route: route ?? 'setUnitCount', count: 20, skip: Math.round(options.pushes * 0.3), retryAfter: true },
			{ type: 'burst429', route: route ?? 'setUnitCount', count: 20, skip: Math.round(options.pushes * 0.6), retryAfter: false },
		);
	}
	rules.push(
		{ type: 'status', statuses: [500, 502, 503], rate: 0.05, phase: 'before', route },
		{ type: 'status', statuses: [500, 502, 503], rate: 0.05, phase: 'after', route },
		{ type: 'reset', rate: 0.01, phase: 'before', route },
		{ type: 'reset', rate: 0.01, phase: 'after', route },
		{ type: 'latency', rate: 0.01, minMs: 1000, maxMs: 3000, route },
		{ type: 'malformed', rate: 0.002, phase: 'before', route },
		{ type: 'malformed', rate: 0.002, phase: 'after', route },
		{ type: 'html', rate: 0.002, phase: 'before', route },
		{ type: 'html', rate: 0.002, phase: 'after', route },
	);
	return rules.map((rule) => Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)));
}

/**
 * The usage rows of the sync under faults, exactly `size.rows` of them, and what each valid
 * (account, service) pair must total. Outage rows come first, so the last pair pushed (the one
 * that asks for the rebuild) is an ordinary one.
 * @param {Size} size
 * @param {string} prefix account id prefix
 */
function usageRows(size, prefix) {
	/** @type {Array<{ accountId: string, service: string, unitCount: unknown }>} */
	const rows = [];
	for (let a = 0; a < size.outage; a++) rows.push({ accountId: `${prefix}${a}`, service: OUTAGE_SERVICE, unitCount: 5 + a });
	const first = rows.length;
	for (let a = 0; a < size.accounts; a++) {
		for (let s = 0; s < SERVICES.length; s++) rows.push({ accountId: `${prefix}${a}`, service: SERVICES[s], unitCount: 1 + ((a * 7 + s * 3) % 50) });
	}
	const pairs = rows.length - first;
	for (let d = 0; d < size.duplicates; d++) {
		const row = rows[first + ((d * 37) % pairs)];
		rows.push({ accountId: row.accountId, service: row.service, unitCount: 1 + (d % 4) });
	}
	for (let i = 0; i < size.invalid; i++) {
		// On a pair that also has valid rows: those must still be pushed.
		const row = rows[first + ((i * 53 + 11) % pairs)];
		rows.push({ accountId: row.accountId, service: row.service, unitCount: INVALID_COUNTS[i % INVALID_COUNTS.length] });
	}
	if (rows.length !== size.rows) throw new Error(`usageRows: ${rows.length} rows, expected ${size.rows}`);
	/** @type {Map<string, number>} `${accountId}|${service}` → expected count */
	const expected = new Map();
	const invalidFrom = rows.length - size.invalid;
	rows.forEach((row, index) => {
		if (index >= invalidFrom) return;
		const key = `${row.accountId}|${row.service}`;
		expected.set(key, (expected.get(key) ?? 0) + Number(row.unitCount));
	});
	const unmappedAccounts = Array.from({ length: size.unmapped }, (_, index) => `${prefix}${size.accounts - size.unmapped + index}`);
	return { rows, expected, invalidFrom, unmappedAccounts };
}

/** @param {any} pairedItem @returns {number[]} */
function pairedIndexes(pairedItem) {
	if (pairedItem === undefined || pairedItem === null) return [];
	if (typeof pairedItem === 'number') return [pairedItem];
	if (Array.isArray(pairedItem)) return pairedItem.flatMap(pairedIndexes);
	return [pairedItem.item];
}

/**
 * The four outputs of a Sync Usage node in an execution from the public API, each item with the
 * input rows it stands for.
 * @param {any} execution
 * @param {string} node
 */
function syncOutputs(execution, node = 'Sync usage') {
	const run = execution.data.resultData.runData[node]?.[0];
	if (!run) throw new Error(`${node} did not run in execution ${execution.id}`);
	if (run.error) throw new Error(`${node} failed in execution ${execution.id}: ${run.error.message}`);
	const [summary, results, unmapped, failed] = [0, 1, 2, 3].map((output) =>
		(run.data.main[output] ?? []).map((/** @type {any} */ item) => ({ json: item.json, rows: pairedIndexes(item.pairedItem) })),
	);
	return { summary, results, unmapped, failed };
}

/**
 * The faults that fired, by type and phase, read from the sandbox's request log (each logged
 * request names the fault it got and whether it was processed first), plus the latency spikes,
 * which change no answer and are only counted by the faults API. Also checks the faults API's
 * own count against the log, type by type.
 * @param {Array<{ fault?: string, faultPhase?: 'before' | 'after' }>} entries the log since the faults were set
 * @param {Record<string, number>} fired what DELETE /sandbox/faults answered
 * @returns {{ byType: Record<string, { before: number, after: number }>, latency: number, total: number }}
 */
function faultsFired(entries, fired) {
	/** @type {Record<string, { before: number, after: number }>} */
	const byType = {};
	for (const entry of entries) {
		if (!entry.fault) continue;
		const counts = (byType[entry.fault] ??= { before: 0, after: 0 });
		counts[entry.faultPhase === 'after' ? 'after' : 'before']++;
	}
	const fromLog = Object.fromEntries(Object.entries(byType).map(([type, counts]) => [type, counts.before + counts.after]));
	const { latency = 0, ...rest } = fired;
	expect(fromLog).toEqual(rest);
	return { byType, latency, total: Object.values(fromLog).reduce((sum, count) => sum + count, 0) + latency };
}

/**
 * Writes one scenario's figures for docs/reliability.md (tools/chaos.js reads them).
 * @param {string} name
 * @param {Record<string, unknown>} figures
 */
function recordFigures(name, figures) {
	const dir = path.join(ROOT, '.tmp', 'reliability', SIZE_NAME);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ size: SIZE_NAME, at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ids of a workflow's executions so far. @param {import('../../../tools/lib/e2e').E2e} e2e @param {string} workflowId */
async function executionIds(e2e, workflowId) {
	return new Set((await e2e.n8n.executions({ workflowId, includeData: false })).map((execution) => String(execution.id)));
}

/**
 * The first finished execution of a workflow that is not in `known`, with its data, from the
 * public API (a webhook answers a moment before n8n saves the execution).
 * @param {import('../../../tools/lib/e2e').E2e} e2e
 * @param {string} workflowId
 * @param {Set<string>} known
 */
async function newExecution(e2e, workflowId, known) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const fresh = (await e2e.n8n.executions({ workflowId, includeData: false })).filter(
			(execution) => !known.has(String(execution.id)) && (execution.finished || execution.stoppedAt),
		);
		if (fresh.length > 0) {
			const response = await e2e.n8n.api.get(`/executions/${fresh[0].id}`, { params: { includeData: true } });
			if (response.status !== 200) throw new Error(`GET /executions/${fresh[0].id}: ${response.status}`);
			return response.data;
		}
		if (Date.now() > deadline) throw new Error(`no new execution of ${workflowId}`);
		await sleep(300);
	}
}

/**
 * Waits until every published webhook answers (they register a little after n8n is ready).
 * @param {import('../../../tools/lib/e2e').E2e} e2e
 * @param {string[]} paths
 * @param {unknown} probe body of the probing POST (it runs the workflow once)
 */
async function waitForWebhooks(e2e, paths, probe) {
	for (const path of paths) {
		const deadline = Date.now() + 60_000;
		while ((await e2e.n8n.webhook(path, { method: 'POST', data: probe })).status === 404) {
			if (Date.now() > deadline) throw new Error(`webhook ${path} never registered`);
			await sleep(500);
		}
	}
}

module.exports = {
	ROOT,
	SIZE,
	SIZE_NAME,
	SIZES,
	SERVICES,
	OUTAGE_SERVICE,
	INVALID_COUNTS,
	faultProfile,
	usageRows,
	pairedIndexes,
	syncOutputs,
	recordFigures,
	faultsFired,
	sleep,
	executionIds,
	newExecution,
	waitForWebhooks,
};
