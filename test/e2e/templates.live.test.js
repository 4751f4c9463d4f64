// @ts-check
'use strict';
/**
 * The templates that need a running n8n (`n8n start`): a real webhook call into alert
 * forwarding, the real Error Trigger of the error workflow, the disable flow switching off a
 * published usage sync through the n8n API — with nothing lost in Synthesize —, and the
 * integration watch's polling trigger noticing a status change.
 */
const axios = require('axios').default;
const { createE2e, nodeOutput } = require('../../tools/lib/e2e');
const { startVendorFixture } = require('../../sandbox/vendors');
const { configureTemplate } = require('../../tools/lib/templates');
const { scanForSecrets } = require('./secrets');
const { recordFigures } = require('./reliability/common');
const { secondIn, reschedulePolls } = require('./helpers');

jest.setTimeout(6 * 60_000);

/** @type {Awaited<ReturnType<typeof createE2e>>} */
let e2e;
/** @type {import('../../sandbox').Sandbox} */
let sb;
/** @type {import('../../sandbox/vendors/http').VendorFixture} */
let source;
/** @type {Record<string, any>} */
const wf = {};

const partner = () => sb.snapshot().partners[0];
/** @param {() => boolean | Promise<boolean>} check @param {number} ms */
async function eventually(check, ms) {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return true;
}

beforeAll(async () => {
	// The run's shared n8n: imports and publishing through its APIs.
	e2e = await createE2e({ name: 'templates-live', shared: true });
	const handle = await e2e.addSandbox('live', { alertTicketDelayMs: 300 });
	sb = handle.sandbox;
	source = await startVendorFixture('generic');
	await axios.post(
		`${sb.url}/api/vendor-api/organization/accounts`,
		[
			{ id: '1001', name: 'Northwind Traders' },
			{ id: 'MSP-INTERNAL', name: 'Contoso MSP (internal)' },
		],
		{ headers: { 'GRADIENT-TOKEN': sb.token } },
	);
	await axios.post(`${sb.url}/sandbox/map`, { accounts: 'all' });
	const ids = { httpHeaderAuth: 'liveCredSourceKey1' };
	/**
	 * A template with an id of its own (templates.test.js imports the same files into the shared n8n).
	 * @param {string} file
	 */
	const template = (file) => {
		const loaded = e2e.workflow(`workflows/${file}`, { sandbox: handle });
		loaded.id = `live${loaded.id.slice(4)}`;
		return loaded;
	};
	wf.error = configureTemplate(template('gradient-error-workflow.json'), { alertAccountId: 'MSP-INTERNAL', notifyWebhookUrl: `${source.url}/notify/error` }, ids);
	wf.alerts = configureTemplate(template('gradient-alert-forwarding.json'), {}, ids);
	wf.alerts.settings.errorWorkflow = wf.error.id;
	wf.usage = configureTemplate(template('gradient-usage-sync.json'), { usageUrl: `${source.url}/api/v1/usage` }, ids);
	wf.disable = template('gradient-disable.json');
	wf.watch = configureTemplate(template('gradient-integration-watch.json'), { notifyWebhookUrl: `${source.url}/notify/watch` }, ids);
	await e2e.importAll(
		[wf.error, wf.alerts, wf.usage, wf.watch],
		[{ id: ids.httpHeaderAuth, name: 'Source', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: source.credentials.apiKey } }],
	);
	// n8n 2.x runs the published version of an error workflow: an unpublished one is skipped.
	for (const id of [wf.error.id, wf.alerts.id, wf.usage.id, wf.watch.id]) await e2e.activate(id);
	// activate() waited for the webhook. A GET on a POST webhook says "Did you mean to make a POST
	// request?" once it is registered.
	const registered = await eventually(
		async () => JSON.stringify((await e2e.n8n.webhook('gradient-vendor-incident')).data).includes('POST'),
		60_000,
	);
	if (!registered) throw new Error('the alert forwarding webhook was never registered');
});

afterAll(async () => {
	await source?.close();
	await e2e?.close(); // n8n and the sandbox
});

it('alert forwarding: a vendor webhook call becomes a PSA ticket and the webhook answers with it', async () => {
	const incident = { id: 4242, organization_id: 1001, severity: 'critical', subject: 'Ransomware canary tripped', summary: 'Canary file encrypted on FS-01.' };
	const answer = await e2e.n8n.webhook('gradient-vendor-incident', { method: 'POST', data: incident });
	expect(answer.status).toBe(200);
	expect(answer.data).toMatchObject({ ticketed: true, status: 'success', ticketId: expect.stringMatching(/^\d+$/) });
	const [alert] = partner().alerts;
	expect(alert).toMatchObject({ accountId: '1001', title: '[CRITICAL] Ransomware canary tripped', tickets: 1 });
	expect(alert.messages[0].priority).toBe(4);

	const again = await e2e.n8n.webhook('gradient-vendor-incident', { method: 'POST', data: incident });
	expect(again.data.alertId).toBe(answer.data.alertId);
	expect(partner().alerts).toHaveLength(1);
});

it('error workflow: a failed execution (an incident without an account) is posted and raised on the MSP account', async () => {
	const answer = await e2e.n8n.webhook('gradient-vendor-incident', {
		method: 'POST',
		data: { id: 77, severity: 'low', subject: 'Agent offline', summary: 'The vendor changed its payload: no organization_id.' },
	});
	expect(answer.status).toBeGreaterThanOrEqual(500);
	const raised = await eventually(() => partner().alerts.some((/** @type {any} */ a) => a.accountId === 'MSP-INTERNAL'), 30_000);
	expect(raised).toBe(true);
	const alert = partner().alerts.find((/** @type {any} */ a) => a.accountId === 'MSP-INTERNAL');
	expect(alert?.title).toBe(`n8n sync failed: ${wf.alerts.name}`);
	expect(await eventually(() => source.received.some((r) => r.path === '/notify/error'), 10_000)).toBe(true);
	const message = source.received.find((r) => r.path === '/notify/error');
	expect(message?.body.text).toMatch(/\nNode: Create alert\n/);
});

it('disable: sets the integration inactive and unpublishes the usage sync through the n8n API, losing nothing', async () => {
	// The usage sync has pushed counts before it is disabled.
	expect((await e2e.n8n.execute(wf.usage.id)).ok).toBe(true);
	await axios.post(`${sb.url}/sandbox/map`, { accounts: 'all', services: 'all' });
	expect((await e2e.n8n.execute(wf.usage.id)).ok).toBe(true);
	const before = partner();
	expect(before.status).toBe('active');
	expect(before.counts.length).toBeGreaterThan(5);
	const api = e2e.n8n.api;
	expect((await api.get(`/workflows/${wf.usage.id}`)).data.active).toBe(true);

	// What the user does: an API key for the template's n8n API credential.
	const scopes = (await e2e.n8n.rest('GET', '/rest/api-keys/scopes')).data.data;
	const key = (await e2e.n8n.rest('POST', '/rest/api-keys', { label: 'disable template', scopes, expiresAt: null })).data.data.rawApiKey;
	const credential = await api.post('/credentials', { name: 'n8n API', type: 'n8nApi', data: { apiKey: key, baseUrl: `${e2e.n8n.url}/api/v1` } });
	expect(credential.status).toBe(200);
	const disable = configureTemplate(wf.disable, { syncWorkflowIds: wf.usage.id }, { n8nApi: credential.data.id });
	const created = await api.post('/workflows', { name: disable.name, nodes: disable.nodes, connections: disable.connections, settings: disable.settings });
	expect(created.status).toBe(200);

	const run = await e2e.n8n.execute(created.data.id);
	expect(run.ok).toBe(true);
	const [report] = nodeOutput(run.run, 'Disable report');
	expect(report).toMatchObject({ integrationStatus: 'inactive', deactivated: [{ id: wf.usage.id, active: false }] });

	expect((await api.get(`/workflows/${wf.usage.id}`)).data.active).toBe(false);
	const after = partner();
	expect(after.status).toBe('inactive');
	expect(after.accounts).toEqual(before.accounts);
	expect(after.counts).toEqual(before.counts);
});

it('integration watch: the trigger sees the status change at its next poll and posts what to do', async () => {
	// Its next scheduled poll a few seconds from now (the template says every 15 minutes): once a
	// minute at a chosen second. Published again to take it, its activation poll reports what
	// changed until now (the disable flow's inactive).
	await reschedulePolls(e2e, wf.watch.id, secondIn(6_000));
	// The MSP reconnects: Synthesize shows pending again.
	await axios.post(`${sb.url}/sandbox/status`, { status: 'pending' });
	const isPending = (/** @type {any} */ r) => r.path === '/notify/watch' && / → pending\./.test(r.body.text);
	expect(await eventually(() => source.received.some(isPending), 150_000)).toBe(true);
	expect(source.received.find(isPending)?.body.text).toMatch(
		/^Gradient Synthesize: Contoso MSP \(sandbox\) integration \w+ → pending\. The MSP connected/,
	);
	expect(source.received.filter(isPending)).toHaveLength(1);
});

it("no Synthesize key or token in these templates' execution data (public API and database file), n8n's log or the sandbox log", async () => {
	const report = await scanForSecrets(e2e, { secrets: e2e.secrets() });
	expect(report.executions).toBeGreaterThan(0);
	expect(report.hits).toEqual([]);
	recordFigures('secrets-templates-live', { executions: report.executions, secretsSearched: e2e.secrets().length, hits: report.hits.length, scannedBytes: report.scanned });
});
