// @ts-check
'use strict';
/**
 * (a) of npm run scale: today's sequential partners sync — the template as it was before the
 * lanes (commit fc0a71f, kept as tools/scale/baseline-sequential-sync.json) — on one regular-mode
 * n8n (`n8n start`, SQLite, the e2e harness's runtime and packed package): one execution walks
 * every partner one after another, each partner's ledger in static data (right in one process).
 * Same fleet shape, sandbox limit and latency as the fan-out it is compared with.
 */
const path = require('node:path');
const { createE2e } = require('../lib/e2e');
const { startFleet } = require('../lib/fleet');
const fleetN8n = require('../lib/fleet/n8n');
const { createRuns } = require('../lib/fleet/runs');
const { startSampler, pushPhase, requestsSince, lastSeq, sleep } = require('./measure');

const BASELINE = { file: 'tools/scale/baseline-sequential-sync.json', id: 'gsScaleBaseline1' };

/**
 * @param {object} options
 * @param {number} options.partners
 * @param {number} options.pairs
 * @param {Record<string, unknown>} options.sandbox startSandbox() options (limit, latency…)
 * @param {(message: string) => void} options.log
 */
async function runBaseline(options) {
	const fleet = await startFleet({ partners: options.partners, pairs: options.pairs, sandbox: options.sandbox });
	await fleet.client.config({ historyLimit: 2 });
	const e2e = await createE2e({ name: 'scale-baseline', log: options.log });
	try {
		await e2e.n8n.importCredentials(
			fleetN8n.fleetCredentials({
				synthesizeUrl: fleet.sandbox.url,
				vendorKey: fleet.sandbox.vendorKey,
				sourceApiKey: fleet.source.credentials.apiKey,
			}),
		);
		const workflow = fleetN8n.prepareWorkflow(BASELINE.file, {
			tenantApiUrl: fleet.source.tenantApiUrl,
			notifyWebhookUrl: `${fleet.notify.url}/report`,
		});
		// The walk takes long: the webhook answers at once, the report says when it is done.
		workflow.nodes.find((/** @type {any} */ n) => n.name === 'Run now (test)').parameters.responseMode = 'onReceived';
		await e2e.n8n.importWorkflows([workflow]);
		await e2e.n8n.publish(BASELINE.id);
		await e2e.n8n.start();
		const tableId = await fleetN8n.createPartnersTable(e2e.n8n.api);
		await fleetN8n.insertRows(e2e.n8n.api, tableId, fleetN8n.sealedRows(fleet.partners));
		const runs = createRuns({ n8n: e2e.n8n, notify: fleet.notify });

		options.log(`scale: (a) sequential baseline, ${options.partners} partners × ${options.pairs} pairs, one regular-mode n8n`);
		const since = lastSeq(fleet.sandbox);
		const sampler = startSampler(() => ({ main: e2e.n8n.processGroup }));
		const started = Date.now();
		const response = await e2e.n8n.webhook(fleetN8n.RUN_PATH, { method: 'POST', data: {} });
		// Done when the report is posted, or when the execution ended without one (it failed).
		/** @type {import('../lib/fleet/runs').PostedReport | undefined} */
		let report;
		for (let checked = Date.now(); !report; await sleep(1000)) {
			[report] = runs.reports();
			if (report || Date.now() - checked < 15_000) continue;
			checked = Date.now();
			const [execution] = await e2e.n8n.executions({ workflowId: BASELINE.id, includeData: false });
			if (execution && execution.status !== 'running' && execution.status !== 'new') {
				await sleep(2000);
				[report] = runs.reports();
				break;
			}
		}
		const ms = (report?.at ?? Date.now()) - started;
		const sampled = await sampler.stop();
		const phase = pushPhase(requestsSince(fleet.sandbox, since));
		const executions = await e2e.n8n.executions({ workflowId: BASELINE.id, includeData: false });
		const savedBytes = savedSize(e2e.userFolder, executions[0]?.id);
		const check = await fleet.compare(e2e.n8n.api);
		return {
			partners: options.partners,
			pairs: options.pairs,
			runMs: ms,
			webhookStatus: response.status,
			report: report ? { synced: report.synced, failed: report.failed } : null,
			executionStatus: executions[0]?.status ?? null,
			savedBytes,
			...phase,
			pairsLost: check.lost,
			...sampled,
		};
	} finally {
		await e2e.close();
		await fleet.close();
	}
}

/**
 * Bytes of an execution's saved data in the instance's SQLite database (node:sqlite, read-only).
 * @param {string} userFolder
 * @param {string | undefined} executionId
 */
function savedSize(userFolder, executionId) {
	if (!executionId) return 0;
	const { DatabaseSync } = require('node:sqlite');
	const db = new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), { readOnly: true });
	try {
		const row = /** @type {any} */ (db.prepare('SELECT length(data) AS bytes FROM execution_data WHERE executionId = ?').get(Number(executionId)));
		return Number(row?.bytes ?? 0);
	} finally {
		db.close();
	}
}

module.exports = { runBaseline, BASELINE };
