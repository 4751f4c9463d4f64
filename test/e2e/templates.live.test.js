// @ts-check
'use strict';
/**
 * The templates that need a running n8n (`n8n start`): a real webhook call into alert
 * forwarding, the real Error Trigger of the error workflow, and the disable flow switching off a
 * published usage sync through the n8n API — with nothing lost in Synthesize.
 */
const axios = require('axios').default;
const { startSandbox } = require('../../sandbox');
const { startVendorFixture } = require('../../sandbox/vendors');
const { createN8n, prepareTemplate, loadTemplate } = require('./templates/runner');

jest.setTimeout(6 * 60_000);

/** @type {import('./templates/runner').createN8n extends () => Promise<infer T> ? T : never} */
let n8n;
/** @type {Awaited<ReturnType<typeof n8n.start>>} */
let live;
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
	n8n = await createN8n();
	sb = await startSandbox({ port: 0, quiet: true, seed: 'demo', alertTicketDelayMs: 300 });
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
	const ids = { gradientSynthesizeApi: 'liveCredGradient1', httpHeaderAuth: 'liveCredSourceKey1' };
	await n8n.importCredentials([
		{ id: ids.gradientSynthesizeApi, name: 'Gradient', type: 'gradientSynthesizeApi', data: { vendorApiKey: sb.vendorKey, partnerApiKey: sb.partnerKey, baseUrl: sb.url } },
		{ id: ids.httpHeaderAuth, name: 'Source', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: source.credentials.apiKey } },
	]);
	wf.error = prepareTemplate(loadTemplate('gradient-error-workflow.json'), { alertAccountId: 'MSP-INTERNAL', notifyWebhookUrl: `${source.url}/notify/error` }, ids);
	wf.alerts = prepareTemplate(loadTemplate('gradient-alert-forwarding.json'), {}, ids);
	wf.alerts.settings.errorWorkflow = wf.error.id;
	wf.usage = prepareTemplate(loadTemplate('gradient-usage-sync.json'), { usageUrl: `${source.url}/api/v1/usage` }, ids);
	await n8n.importWorkflows([wf.error, wf.alerts, wf.usage]);
	// n8n 2.x runs the published version of an error workflow: an unpublished one is skipped.
	await n8n.publish([wf.error.id, wf.alerts.id, wf.usage.id]);
	live = await n8n.start();
	// Ready is not active: n8n registers published webhooks after /healthz/readiness answers. A GET
	// on a POST webhook says "Did you mean to make a POST request?" once it is registered.
	const registered = await eventually(async () => {
		const probe = await axios.get(`${live.url}/webhook/gradient-vendor-incident`, { validateStatus: () => true });
		return JSON.stringify(probe.data).includes('POST');
	}, 60_000);
	if (!registered) throw new Error('the alert forwarding webhook was never registered');
});

afterAll(async () => {
	await live?.stop();
	await source?.close();
	await sb?.close();
	await n8n?.close();
});

it('alert forwarding: a vendor webhook call becomes a PSA ticket and the webhook answers with it', async () => {
	const incident = { id: 4242, organization_id: 1001, severity: 'critical', subject: 'Ransomware canary tripped', summary: 'Canary file encrypted on FS-01.' };
	const answer = await axios.post(`${live.url}/webhook/gradient-vendor-incident`, incident);
	expect(answer.status).toBe(200);
	expect(answer.data).toMatchObject({ ticketed: true, status: 'success', ticketId: expect.stringMatching(/^\d+$/) });
	const [alert] = partner().alerts;
	expect(alert).toMatchObject({ accountId: '1001', title: '[CRITICAL] Ransomware canary tripped', tickets: 1 });
	expect(alert.messages[0].priority).toBe(4);

	const again = await axios.post(`${live.url}/webhook/gradient-vendor-incident`, incident);
	expect(again.data.alertId).toBe(answer.data.alertId);
	expect(partner().alerts).toHaveLength(1);
});

it('error workflow: a failed execution (an incident without an account) is posted and raised on the MSP account', async () => {
	const answer = await axios.post(
		`${live.url}/webhook/gradient-vendor-incident`,
		{ id: 77, severity: 'low', subject: 'Agent offline', summary: 'The vendor changed its payload: no organization_id.' },
		{ validateStatus: () => true },
	);
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
	expect((await n8n.execute(wf.usage.id)).status).toBe(0);
	await axios.post(`${sb.url}/sandbox/map`, { accounts: 'all', services: 'all' });
	expect((await n8n.execute(wf.usage.id)).status).toBe(0);
	const before = partner();
	expect(before.status).toBe('active');
	expect(before.counts.length).toBeGreaterThan(5);
	expect((await live.api.get(`/workflows/${wf.usage.id}`)).data.active).toBe(true);

	const credential = await live.api.post('/credentials', { name: 'n8n API', type: 'n8nApi', data: { apiKey: live.apiKey, baseUrl: `${live.url}/api/v1` } });
	expect(credential.status).toBe(200);
	const disable = prepareTemplate(loadTemplate('gradient-disable.json'), { syncWorkflowIds: wf.usage.id }, {
		gradientSynthesizeApi: 'liveCredGradient1',
		n8nApi: credential.data.id,
	});
	const created = await live.api.post('/workflows', { name: disable.name, nodes: disable.nodes, connections: disable.connections, settings: disable.settings });
	expect(created.status).toBe(200);

	const run = await n8n.execute(created.data.id);
	expect(run.status).toBe(0);
	const report = run.run.data.resultData.runData['Disable report'][0].data.main[0][0].json;
	expect(report).toMatchObject({ integrationStatus: 'inactive', deactivated: [{ id: wf.usage.id, active: false }] });

	expect((await live.api.get(`/workflows/${wf.usage.id}`)).data.active).toBe(false);
	const after = partner();
	expect(after.status).toBe('inactive');
	expect(after.accounts).toEqual(before.accounts);
	expect(after.counts).toEqual(before.counts);
});
