// @ts-check
'use strict';
/**
 * The partners workflows (workflows/partners/*.json) made ready for a test instance, and the
 * few things a test does to them in a running n8n: sign a portal link, wait for a form, fire
 * the schedule once, read the partners table.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..', '..');
const CONNECT = {
	file: 'workflows/partners/gradient-partners-connect.json',
	id: 'gsPartnersConnect1',
	form: 'gradient-connect',
};
const SYNC = {
	file: 'workflows/partners/gradient-partners-sync.json',
	id: 'gsPartnersSync1',
	form: 'gradient-manage',
};
const LANE = {
	file: 'workflows/partners/gradient-partners-sync-lane.json',
	id: 'gsPartnersLane1',
	path: 'gradient-partners-lane',
	syncOnePath: 'gradient-partners-sync-one',
};
const TABLE = 'gradient_partners';

/** @param {string} file @returns {any} */
const readWorkflow = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

/**
 * A copy of a partners workflow with its credentials and Settings set for a test.
 * @param {any} workflow as loaded (the harness already pointed the Gradient credential at a sandbox)
 * @param {Record<string, { id: string, name: string }>} credentials credential type → credential
 * @param {Record<string, string | number>} settings values of the Settings node's fields (each must exist)
 */
function prepare(workflow, credentials, settings) {
	const wf = structuredClone(workflow);
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!credentials[type]) throw new Error(`${wf.id}: no test credential of type ${type}`);
			node.credentials[type] = credentials[type];
		}
	}
	// The lane has no Settings node: the dispatcher sends it its settings.
	const fields =
		wf.nodes.find((/** @type {any} */ n) => n.name === 'Settings')?.parameters.assignments
			.assignments ?? [];
	for (const [name, value] of Object.entries(settings)) {
		const field = fields.find((/** @type {any} */ f) => f.name === name);
		if (field) field.value = value;
	}
	return wf;
}

/**
 * The query string the vendor's portal puts on its links to the partner pages.
 * @param {string} secret the Portal link secret (Crypto credential's Hmac Secret)
 * @param {string} partnerId
 * @param {{ expires?: number, sign?: string }} [options] expires: unix seconds (default in a day); sign: sign this partner instead (a forged link)
 */
function portalLink(secret, partnerId, options = {}) {
	const expires = options.expires ?? Math.floor(Date.now() / 1000) + 86_400;
	const sig = crypto
		.createHmac('sha256', secret)
		.update(`${options.sign ?? partnerId}.${expires}`)
		.digest('hex');
	return `partner=${encodeURIComponent(partnerId)}&expires=${expires}&sig=${sig}`;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * n8n answers /healthz/readiness a few seconds before it registers published forms: wait for
 * the form itself.
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @param {string} formPath
 */
async function waitForForm(n8n, formPath, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await n8n.request('GET', `/form/${formPath}`);
		if (response.status === 200) return;
		if (Date.now() > deadline)
			throw new Error(`/form/${formPath} still ${response.status} after ${timeoutMs} ms`);
		await sleep(300);
	}
}

/**
 * Makes the published workflow's Schedule Trigger fire once, `inMs` from now (a UTC cron with
 * seconds, through the public API: update, then publish again), and waits for the execution
 * it starts. The forms of the workflow keep working meanwhile.
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @param {string} workflowId
 * @returns {Promise<any>} the execution, with its data
 */
async function fireScheduleOnce(n8n, workflowId, inMs = 6000) {
	const workflow = (await n8n.api.get(`/workflows/${workflowId}`)).data;
	const before = new Set(
		(await n8n.executions({ workflowId, includeData: false })).map((e) => e.id),
	);
	const at = new Date(Date.now() + inMs);
	const trigger = workflow.nodes.find(
		(/** @type {any} */ n) => n.type === 'n8n-nodes-base.scheduleTrigger',
	);
	trigger.parameters.rule = {
		interval: [
			{
				field: 'cronExpression',
				expression: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`,
			},
		],
	};
	const updated = await n8n.api.put(`/workflows/${workflowId}`, {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: { ...workflow.settings, timezone: 'UTC' },
	});
	if (updated.status !== 200)
		throw new Error(
			`PUT /workflows/${workflowId}: ${updated.status} ${JSON.stringify(updated.data)}`,
		);
	const published = await n8n.api.post(`/workflows/${workflowId}/activate`, {});
	if (published.status !== 200)
		throw new Error(
			`activate ${workflowId}: ${published.status} ${JSON.stringify(published.data)}`,
		);
	const deadline = Date.now() + inMs + 120_000;
	for (;;) {
		const fresh = (await n8n.executions({ workflowId, includeData: false })).find(
			(e) => !before.has(e.id) && e.mode === 'trigger',
		);
		if (fresh && (fresh.finished || fresh.stoppedAt)) {
			return (await n8n.api.get(`/executions/${fresh.id}`, { params: { includeData: true } })).data;
		}
		if (Date.now() > deadline)
			throw new Error(`${workflowId}: the schedule did not fire or finish`);
		await sleep(500);
	}
}

/**
 * The report of one run of the partners sync: the dispatcher's execution starts the lanes; the
 * lane that finishes last writes the report. Waits for it.
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @param {any} dispatcher the dispatcher's execution, with its data
 * @returns {Promise<any>} the Sync report item
 */
async function runReport(n8n, dispatcher, timeoutMs = 180_000) {
	const [started] = outputOf(dispatcher, 'Lanes started');
	if (!started) throw new Error('the dispatcher started no lane');
	const deadline = Date.now() + timeoutMs;
	const read = new Set();
	for (;;) {
		const executions = await n8n.executions({ workflowId: LANE.id, includeData: false });
		for (const execution of executions.filter((e) => (e.finished || e.stoppedAt) && !read.has(e.id))) {
			read.add(execution.id);
			const full = (await n8n.api.get(`/executions/${execution.id}`, { params: { includeData: true } })).data;
			const [report] = outputOf(full, 'Sync report');
			if (report?.runId === started.runId) return report;
		}
		if (Date.now() > deadline) throw new Error(`run ${started.runId}: no report after ${timeoutMs} ms`);
		await sleep(500);
	}
}

/**
 * The partners table's rows, by partner ID (public API, data tables).
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @returns {Promise<Record<string, any>>}
 */
async function partnersTable(n8n) {
	const tables = await n8n.api.get('/data-tables', { params: { limit: 100 } });
	const table = (tables.data.data ?? []).find((/** @type {any} */ t) => t.name === TABLE);
	if (!table) return {};
	const rows = await n8n.api.get(`/data-tables/${table.id}/rows`, { params: { limit: 250 } });
	if (rows.status !== 200)
		throw new Error(`rows of ${TABLE}: ${rows.status} ${JSON.stringify(rows.data)}`);
	return Object.fromEntries(rows.data.data.map((/** @type {any} */ row) => [row.partnerId, row]));
}

/**
 * The items a node put on an output in an execution read through the public API.
 * @param {any} execution
 * @param {string} node
 * @param {{ output?: number, run?: number }} [options]
 * @returns {any[]}
 */
function outputOf(execution, node, options = {}) {
	const runs = execution?.data?.resultData?.runData?.[node];
	if (!runs) return [];
	return (runs[options.run ?? 0]?.data?.main?.[options.output ?? 0] ?? []).map(
		(/** @type {any} */ item) => item.json,
	);
}

module.exports = {
	CONNECT,
	SYNC,
	LANE,
	runReport,
	TABLE,
	readWorkflow,
	prepare,
	portalLink,
	waitForForm,
	fireScheduleOnce,
	partnersTable,
	outputOf,
};
