// @ts-check
'use strict';
/**
 * The partners workflows (workflows/partners/) in a running n8n for a fleet of MSP partners:
 * credentials, the workflows with their Settings filled in, and the partners table filled through
 * n8n's public API with keys sealed by the package's own code (dist/nodes/shared/seal.js), the
 * way the connect page would have stored them — no plain key in a row.
 *
 * The dispatcher gets one node more, a Webhook "Run now (test)" in front of its Settings, so a
 * test or the scale tool starts a run at a known instant (the schedule path is the same from
 * Settings on; test/e2e/queue/partners.test.js also fires the real Schedule Trigger once).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('../package');

const WORKFLOWS = {
	connect: { file: 'workflows/partners/gradient-partners-connect.json', id: 'gsPartnersConnect1' },
	dispatcher: { file: 'workflows/partners/gradient-partners-sync.json', id: 'gsPartnersSync1' },
	lane: {
		file: 'workflows/partners/gradient-partners-sync-lane.json',
		id: 'gsPartnersLane1',
		path: 'gradient-partners-lane',
		syncOnePath: 'gradient-partners-sync-one',
	},
};
/** The webhook path of the dispatcher's test trigger. */
const RUN_PATH = 'gs-fleet-run';
const TABLE = 'gradient_partners';
const RUNS_TABLE = 'gradient_partner_runs';
const REGISTRY_SECRET = 'fleet-partner-registry-secret-0123456789';
const LINK_SECRET = 'fleet-portal-link-secret-0123456789';

/** @param {string} file @returns {any} */
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

/**
 * The three credentials the partners workflows use, in the shape importCredentials() takes.
 * @param {{ synthesizeUrl: string, vendorKey: string, sourceApiKey: string }} options
 */
function fleetCredentials(options) {
	return [
		{
			id: 'gsFleetVendor01',
			name: 'Gradient Synthesize (vendor)',
			type: 'gradientSynthesizeApi',
			data: {
				vendorApiKey: options.vendorKey,
				partnerApiKey: '',
				partnerRegistrySecret: REGISTRY_SECRET,
				baseUrl: options.synthesizeUrl,
			},
		},
		{
			id: 'gsFleetSource01',
			name: 'Vendor platform API key',
			type: 'httpHeaderAuth',
			data: { name: 'X-API-Key', value: options.sourceApiKey },
		},
		{ id: 'gsFleetLink0001', name: 'Portal link secret', type: 'crypto', data: { hmacSecret: LINK_SECRET } },
	];
}

/**
 * A copy of a partners workflow (a file, or an object) for this instance: every credential
 * reference pointed at fleetCredentials()'s of its type, the Settings fields given set (each must
 * exist), and on the dispatcher the "Run now (test)" webhook.
 * @param {string | any} source
 * @param {Record<string, string | number>} [settings]
 */
function prepareWorkflow(source, settings = {}) {
	const workflow = structuredClone(typeof source === 'string' ? readJson(source) : source);
	const byType = Object.fromEntries(
		fleetCredentials({ synthesizeUrl: '', vendorKey: '', sourceApiKey: '' }).map((c) => [c.type, c]),
	);
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!byType[type]) throw new Error(`${workflow.id}: no fleet credential of type ${type}`);
			node.credentials[type] = { id: byType[type].id, name: byType[type].name };
		}
	}
	const settingsNode = workflow.nodes.find((/** @type {any} */ n) => n.name === 'Settings');
	for (const [name, value] of Object.entries(settings)) {
		const field = settingsNode?.parameters.assignments.assignments.find(
			(/** @type {any} */ f) => f.name === name,
		);
		if (!field) throw new Error(`${workflow.id}: Settings has no field ${name}`);
		field.value = value;
	}
	if (settingsNode) {
		workflow.nodes.push({
			id: 'f1ee7000-0000-4000-8000-000000000001',
			name: 'Run now (test)',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [-400, 900],
			webhookId: 'f1ee7000-0000-4000-8000-0000000000aa',
			parameters: { httpMethod: 'POST', path: RUN_PATH, responseMode: 'lastNode', options: {} },
		});
		workflow.connections['Run now (test)'] = {
			main: [[{ node: 'Settings', type: 'main', index: 0 }]],
		};
	}
	return workflow;
}

/** The partners table's columns, as the connect workflow creates them. */
function tableColumns() {
	const connect = readJson(WORKFLOWS.connect.file);
	const node = connect.nodes.find((/** @type {any} */ n) => n.name === 'Ensure partners table');
	return /** @type {Array<{ name: string, type: string }>} */ (node.parameters.columns.column);
}

/** @param {import('axios').AxiosResponse} response @param {string} what */
function expectOk(response, what) {
	if (response.status < 200 || response.status > 299)
		throw new Error(`${what}: ${response.status} ${JSON.stringify(response.data)}`);
	return response.data;
}

/**
 * Create the partners table (the connect workflow's columns) through the public API.
 * @param {import('axios').AxiosInstance} api
 * @returns {Promise<string>} its id
 */
async function createPartnersTable(api) {
	const created = expectOk(
		await api.post('/data-tables', { name: TABLE, columns: tableColumns() }),
		`create ${TABLE}`,
	);
	return created.id;
}

/**
 * The rows of the partners table for a fleet: connected, the key sealed for the partner ID with
 * the credential's Partner Registry Secret by the package's own seal, a free lease.
 * @param {Array<{ partnerId: string, name: string, organizationId: string, partnerKey: string }>} partners
 */
function sealedRows(partners) {
	const seal = require(path.join(ROOT, 'dist', 'nodes', 'shared', 'seal.js'));
	const now = new Date().toISOString();
	return partners.map((partner) => ({
		partnerId: partner.partnerId,
		name: partner.name,
		organizationId: partner.organizationId,
		status: 'connected',
		sealedKey: seal.sealPartnerKey(REGISTRY_SECRET, partner.partnerId, partner.partnerKey),
		connectedAt: now,
		lastError: '',
		leaseOwner: '',
		leaseUntil: 0,
	}));
}

/**
 * @param {import('axios').AxiosInstance} api
 * @param {string} tableId
 * @param {any[]} rows
 */
async function insertRows(api, tableId, rows) {
	for (let i = 0; i < rows.length; i += 100) {
		expectOk(
			await api.post(`/data-tables/${tableId}/rows`, { data: rows.slice(i, i + 100), returnType: 'count' }),
			`insert rows into ${tableId}`,
		);
	}
}

/**
 * Update the rows of a data table that match every filter (public API).
 * @param {import('axios').AxiosInstance} api
 * @param {string} tableId
 * @param {Array<{ columnName: string, condition: string, value?: unknown }>} filters
 * @param {Record<string, unknown>} data
 */
async function updateRows(api, tableId, filters, data) {
	expectOk(
		await api.patch(`/data-tables/${tableId}/rows/update`, { filter: { type: 'and', filters }, data, returnData: false }),
		`update rows of ${tableId}`,
	);
}

/**
 * A field's value in a template's Settings node, as shipped (e.g. the dispatcher's
 * partnersPerExecution), so a tool reports the default it ran with instead of repeating it.
 * @param {string} file
 * @param {string} name
 */
function templateSetting(file, name) {
	const fields = readJson(file).nodes.find((/** @type {any} */ n) => n.name === 'Settings').parameters.assignments.assignments;
	const field = fields.find((/** @type {any} */ f) => f.name === name);
	if (!field) throw new Error(`${file}: Settings has no field ${name}`);
	return field.value;
}

/**
 * Change fields of a workflow's Settings node (public API update; publish it again afterwards).
 * @param {import('axios').AxiosInstance} api
 * @param {string} workflowId
 * @param {Record<string, string | number>} values
 */
async function updateSettings(api, workflowId, values) {
	const workflow = expectOk(await api.get(`/workflows/${workflowId}`), `GET workflow ${workflowId}`);
	const fields = workflow.nodes.find((/** @type {any} */ n) => n.name === 'Settings').parameters.assignments.assignments;
	for (const [name, value] of Object.entries(values)) {
		const field = fields.find((/** @type {any} */ f) => f.name === name);
		if (!field) throw new Error(`${workflowId}: Settings has no field ${name}`);
		field.value = value;
	}
	const { name, nodes, connections, settings } = workflow;
	expectOk(await api.put(`/workflows/${workflowId}`, { name, nodes, connections, settings }), `PUT workflow ${workflowId}`);
}

/**
 * A data table by name: `{ id, name, sizeBytes }` (n8n's cached size), or undefined.
 * @param {import('axios').AxiosInstance} api
 * @param {string} [name]
 */
async function dataTable(api, name = TABLE) {
	const list = expectOk(await api.get('/data-tables', { params: { limit: 100 } }), 'list data tables');
	return /** @type {{ id: string, name: string, sizeBytes: number } | undefined} */ (
		list.data.find((/** @type {any} */ t) => t.name === name)
	);
}

/**
 * Every row of a data table, by partnerId (public API, page by page).
 * @param {import('axios').AxiosInstance} api
 * @param {string} [name]
 * @returns {Promise<Record<string, any>>}
 */
async function readTable(api, name = TABLE) {
	const table = await dataTable(api, name);
	if (!table) return {};
	/** @type {any[]} */
	const rows = [];
	/** @type {string | undefined} */
	let cursor;
	do {
		const page = expectOk(
			await api.get(`/data-tables/${table.id}/rows`, { params: cursor ? { cursor } : { limit: 250 } }),
			`rows of ${name}`,
		);
		rows.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return Object.fromEntries(rows.map((row) => [row.partnerId ?? String(row.id), row]));
}

module.exports = {
	WORKFLOWS,
	RUN_PATH,
	TABLE,
	RUNS_TABLE,
	REGISTRY_SECRET,
	fleetCredentials,
	prepareWorkflow,
	createPartnersTable,
	sealedRows,
	insertRows,
	updateRows,
	updateSettings,
	templateSetting,
	dataTable,
	readTable,
};
