// @ts-check
'use strict';
/**
 * Every operation of the Gradient Synthesize node, in real n8n, against the sandbox: one workflow
 * per resource (test/e2e/workflows/*.json), a continueOnFail workflow, and a 404-unmapped push —
 * all in one `n8n execute-batch` boot, on the run's shared n8n. Each workflow has its own sandbox and credential, so what
 * each sandbox received is exactly what its workflow sent. Last: no key or token in the execution
 * data or in n8n's output.
 */
const { createE2e, nodeOutput } = require('../../tools/lib/e2e');
const { received, seed, defaultPartner } = require('./helpers');

const API = '/api/vendor-api';
const IDS = {
	vendor: 'gsE2eVendor0001',
	service: 'gsE2eService001',
	unitCount: 'gsE2eUnitCnt001',
	integration: 'gsE2eIntegr0001',
	client: 'gsE2eClient0001',
	account: 'gsE2eAccount001',
	organizationService: 'gsE2eOrgSvc0001',
	alert: 'gsE2eAlert00001',
	continueOnFail: 'gsE2eContFail01',
};
const PARTNER_B_KEY = 'e2e-partner-b-key';

/** @type {import('../../tools/lib/e2e').E2e} */
let e2e;
/** @type {Record<string, import('../../tools/lib/e2e').SandboxHandle>} */
const sb = {};
/** @type {Record<string, number>} request sequence number after each sandbox's set-up */
const since = {};
/** @type {Record<string, string>} */
let serviceIdOf = {};
/** @type {Record<string, import('../../tools/lib/n8n').BatchEntry>} execute-batch result per workflow key */
const batch = {};
/**
 * IRun snapshots by workflow key; reading one whose workflow failed throws n8n's error, so each
 * test fails on its own workflow only.
 * @type {Record<string, any>}
 */
const runs = new Proxy(
	{},
	{
		get(_target, key) {
			const entry = batch[String(key)];
			if (!entry) throw new Error(`workflow ${String(key)} was not run`);
			if (!entry.ok)
				throw new Error(`workflow ${String(key)} failed in n8n [${entry.status}]: ${entry.error}`);
			return entry.run;
		},
	},
);
let partnerB = { partnerId: '', name: '' };

beforeAll(async () => {
	// The run's shared n8n: imports through its APIs, the workflows run by `n8n execute-batch`.
	e2e = await createE2e({ name: 'resources', shared: true });
	for (const key of Object.keys(IDS)) {
		sb[key] = await e2e.addSandbox(key, { alertTicketDelayMs: 300, rebuildDebounceMs: 100 });
		since[key] = 0;
	}

	const unitCount = await seed(sb.unitCount, {
		services: [{ name: 'Backup (e2e)', category: 'backup' }],
		accounts: [
			{ id: 'e2e-uc-1', name: 'Northwind Traders' },
			{ id: 'e2e-uc-2', name: 'Fabrikam Inc' },
			{ id: 'e2e-uc-3', name: 'Contoso Ltd' },
		],
		mapAccounts: ['e2e-uc-1', 'e2e-uc-3'],
		mapServices: true,
	});
	since.unitCount = unitCount.since;
	const alert = await seed(sb.alert, {
		services: [{ name: 'Monitoring (e2e)' }],
		accounts: [{ id: 'e2e-alert-1', name: 'Northwind Traders' }],
		mapAccounts: ['e2e-alert-1'],
		mapServices: true,
	});
	since.alert = alert.since;
	serviceIdOf = { unitCount: unitCount.serviceIds[0], alert: alert.serviceIds[0] };
	partnerB = sb.integration.sandbox.addPartner({
		name: 'Fabrikam MSP (e2e)',
		partnerKey: PARTNER_B_KEY,
	});
	since.continueOnFail = (
		await seed(sb.continueOnFail, { accounts: [{ id: 'e2e-dup-1', name: 'Already there' }] })
	).since;
	// Gradient's "anomalous usage" answer for one route only.
	await sb.continueOnFail.client.faults({
		rules: [{ route: `PATCH ${API}/organization/status/disabled`, type: 'forbidden' }],
	});

	const files = {
		vendor: 'vendor',
		service: 'service',
		unitCount: 'unit-count',
		integration: 'integration',
		client: 'client',
		account: 'account',
		organizationService: 'organization-service',
		alert: 'alert',
		continueOnFail: 'continue-on-fail',
	};
	await e2e.importAll(
		Object.entries(files).map(([key, file]) =>
			e2e.workflow(file, {
				sandbox: sb[key],
				vars: { SERVICE_ID: serviceIdOf[key] ?? '', PARTNER_B_KEY },
			}),
		),
	);
	const { results } = await e2e.n8n.executeBatch(Object.values(IDS), { allowFailures: true });
	for (const [key, id] of Object.entries(IDS)) batch[key] = results[id];
});

afterAll(async () => {
	await e2e?.close();
});

/** @param {string} key */
const stateOf = async (key) => await sb[key].client.state();

describe('vendor', () => {
	it('get, update with every field, get raw: what n8n output', () => {
		const [vendor] = nodeOutput(runs.vendor, 'Get Vendor');
		expect(vendor).toMatchObject({ name: 'Acme RMM (sandbox)', serviceCount: 0 });
		expect(Object.keys(vendor).length).toBeLessThanOrEqual(10);
		expect(nodeOutput(runs.vendor, 'Update Vendor')[0]).toMatchObject({ name: 'Acme RMM (e2e)' });
		const [raw] = nodeOutput(runs.vendor, 'Read Back Vendor');
		expect(raw).toMatchObject({
			_id: vendor.id,
			name: 'Acme RMM (e2e)',
			vendorSupportPageUrl: 'https://support.example.com/acme-rmm',
			integrationPortalUrl: 'https://portal.example.com/acme-rmm',
		});
	});

	it('what Synthesize received: GET, PATCH with exactly the four fields, GET', async () => {
		expect(await received(sb.vendor)).toEqual([
			expect.objectContaining({ method: 'GET', path: API, status: 200 }),
			expect.objectContaining({
				method: 'PATCH',
				path: API,
				status: 200,
				body: {
					name: 'Acme RMM (e2e)',
					description: 'Vendor profile updated by the e2e test',
					vendorSupportPageUrl: 'https://support.example.com/acme-rmm',
					integrationPortalUrl: 'https://portal.example.com/acme-rmm',
				},
			}),
			expect.objectContaining({ method: 'GET', path: API, status: 200 }),
		]);
		expect((await stateOf('vendor')).vendor).toMatchObject({
			name: 'Acme RMM (e2e)',
			description: 'Vendor profile updated by the e2e test',
		});
	});
});

describe('service', () => {
	it('create, get by the returned id, update', async () => {
		const [created] = nodeOutput(runs.service, 'Create Service');
		expect(created).toMatchObject({ name: 'Managed EDR (e2e)', category: 'security' });
		expect(created.id).toMatch(/^[0-9a-f]{24}$/);
		expect(nodeOutput(runs.service, 'Get Service')[0]).toMatchObject({
			id: created.id,
			name: 'Managed EDR (e2e)',
		});
		expect(nodeOutput(runs.service, 'Update Service')[0]).toMatchObject({
			name: 'Managed EDR Plus (e2e)',
			description: 'EDR per protected endpoint',
		});
		expect(await received(sb.service)).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: `${API}/service`,
				status: 201,
				body: {
					name: 'Managed EDR (e2e)',
					description: 'EDR per endpoint',
					category: 'security',
					subcategory: 'priviledged access and identity management (PAM/PIM)',
					supportArticle: 'https://support.example.com/edr',
					supportContact: 'edr-support@example.com',
				},
			}),
			expect.objectContaining({ method: 'GET', path: `${API}/service/${created.id}`, status: 200 }),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/service/${created.id}`,
				status: 200,
				body: { name: 'Managed EDR Plus (e2e)', description: 'EDR per protected endpoint' },
			}),
		]);
		const skus = (await stateOf('service')).vendor.skus;
		expect(skus).toEqual([
			expect.objectContaining({ id: created.id, name: 'Managed EDR Plus (e2e)' }),
		]);
	});
});

describe('unit count', () => {
	it('set: pushed, an unmapped 404 reported as outcome "unmapped" (not fatal), pushed', () => {
		expect(runs.unitCount.status).toBe('success');
		const serviceId = serviceIdOf.unitCount;
		expect(nodeOutput(runs.unitCount, 'Set Unit Count')).toEqual([
			expect.objectContaining({
				outcome: 'pushed',
				serviceId,
				accountId: 'e2e-uc-1',
				unitCount: 42,
				noBuild: true,
			}),
			expect.objectContaining({
				outcome: 'unmapped',
				accountId: 'e2e-uc-2',
				unitCount: 7,
				message: 'Account or service not mapped in Synthesize [item 1]',
				apiMessage: 'No account map found with id: e2e-uc-2',
			}),
			expect.objectContaining({
				outcome: 'pushed',
				accountId: 'e2e-uc-3',
				unitCount: 0,
				noBuild: false,
			}),
		]);
		expect(nodeOutput(runs.unitCount, 'Count by Client ID')).toEqual([
			expect.objectContaining({ outcome: 'pushed', clientOId: 'e2e-uc-1', unitCount: 43 }),
		]);
	});

	it('what Synthesize received: the exact count route, no_build and bodies; one rebuild', async () => {
		const serviceId = serviceIdOf.unitCount;
		const count = `${API}/service/${serviceId}/count`;
		expect(await received(sb.unitCount, { since: since.unitCount })).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: `${count}?no_build=true`,
				status: 201,
				body: { unitCount: 42, accountId: 'e2e-uc-1' },
			}),
			expect.objectContaining({
				method: 'POST',
				path: `${count}?no_build=true`,
				status: 404,
				body: { unitCount: 7, accountId: 'e2e-uc-2' },
			}),
			expect.objectContaining({
				method: 'POST',
				path: `${count}?no_build=false`,
				status: 201,
				body: { unitCount: 0, accountId: 'e2e-uc-3' },
			}),
			expect.objectContaining({
				method: 'POST',
				path: `${count}?no_build=false`,
				status: 201,
				body: { unitCount: 43, clientOId: 'e2e-uc-1' },
			}),
		]);
		const state = await sb.unitCount.client.waitForState(
			(s) => defaultPartner(s).billing.rebuilds >= 1 && !defaultPartner(s).billing.pending,
			{ what: 'the billing rebuild' },
		);
		const partner = defaultPartner(state);
		expect(partner.status).toBe('active');
		expect(partner.lastSyncedAt).not.toMatch(/^1900/);
		expect(partner.billing.rebuilds).toBe(1);
		const latest = Object.fromEntries(
			partner.counts.map((/** @type {any} */ c) => [c.accountId, c.unitCount]),
		);
		expect(latest).toEqual({ 'e2e-uc-1': 43, 'e2e-uc-3': 0 });
	});
});

describe('integration', () => {
	it('get, set status pending, read back; another partner by a per-item key', async () => {
		expect(nodeOutput(runs.integration, 'Get Integration')[0]).toMatchObject({
			status: 'inactive',
		});
		expect(nodeOutput(runs.integration, 'Set Status Pending')[0]).toMatchObject({
			status: 'pending',
		});
		expect(nodeOutput(runs.integration, 'Read Back Integration')[0]).toMatchObject({
			status: 'pending',
		});
		const [other] = nodeOutput(runs.integration, 'Get Partner B Integration');
		expect(other).toMatchObject({ name: 'Fabrikam MSP (e2e)', status: 'inactive' });
		expect(JSON.stringify(runs.integration.data.resultData.runData)).not.toContain(PARTNER_B_KEY);

		const partnerA = sb.integration.sandbox.defaultPartnerId;
		expect(await received(sb.integration)).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: `${API}/organization`,
				status: 200,
				partnerId: partnerA,
			}),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/organization/status/pending`,
				status: 200,
				body: null,
				partnerId: partnerA,
			}),
			expect.objectContaining({
				method: 'GET',
				path: `${API}/organization`,
				status: 200,
				partnerId: partnerA,
			}),
			expect.objectContaining({
				method: 'GET',
				path: `${API}/organization`,
				status: 200,
				partnerId: partnerB.partnerId,
			}),
		]);
		const state = await stateOf('integration');
		expect(defaultPartner(state).status).toBe('pending');
		expect(state.partners.find((/** @type {any} */ p) => p.id === partnerB.partnerId).status).toBe(
			'inactive',
		);
	});
});

describe('client', () => {
	it('get all with Return All walks every page with the previousId cursor', async () => {
		const clients = defaultPartner(await stateOf('client')).clients;
		expect(clients).toHaveLength(25);
		const output = nodeOutput(runs.client, 'Get All Clients');
		expect(output.map((c) => c.id)).toEqual(clients.map((/** @type {any} */ c) => c.id));

		const pages = (await received(sb.client)).filter((r) => !r.path.includes('search='));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[0].path).toBe(`${API}/organization/clients`);
		expect(pages[1].path).toBe(`${API}/organization/clients?previousId=${clients[9].id}`);
		expect(pages[2].path).toBe(`${API}/organization/clients?previousId=${clients[19].id}`);
		for (const page of pages) expect(page.status).toBe(200);
	});

	it('search with a limit', async () => {
		const found = nodeOutput(runs.client, 'Search Clients');
		expect(found.length).toBeGreaterThan(0);
		expect(found.length).toBeLessThanOrEqual(3);
		for (const client of found) expect(client.name.toLowerCase()).toContain('in');
		const searches = (await received(sb.client)).filter((r) => r.path.includes('search='));
		expect(searches[0].path).toBe(`${API}/organization/clients?search=in`);
	});
});

describe('account', () => {
	it('create in bulk requests of two, update many in one request, update one, get all', async () => {
		expect(nodeOutput(runs.account, 'Create Accounts').map((a) => a.id)).toEqual([
			'e2e-acct-1',
			'e2e-acct-2',
			'e2e-acct-3',
		]);
		const listed = nodeOutput(runs.account, 'List Accounts');
		expect(listed.map((a) => [a.id, a.name])).toEqual([
			['e2e-acct-1', 'Northwind Traders Ltd'],
			['e2e-acct-2', 'Fabrikam Inc'],
			['e2e-acct-3', 'Contoso Ltd'],
		]);

		expect(await received(sb.account)).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: `${API}/organization/accounts`,
				status: 201,
				body: [
					{ id: 'e2e-acct-1', name: 'Northwind Traders', description: 'PSA 1001' },
					{ id: 'e2e-acct-2', name: 'Fabrikam Inc', description: 'PSA 1002' },
				],
			}),
			expect.objectContaining({
				method: 'POST',
				path: `${API}/organization/accounts`,
				status: 201,
				body: [{ id: 'e2e-acct-3', name: 'Contoso Ltd', description: 'PSA 1003' }],
			}),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/organization/accounts`,
				status: 200,
				body: [
					{ id: 'e2e-acct-1', isArrears: true },
					{ id: 'e2e-acct-2', isArrears: true },
					{ id: 'e2e-acct-3', isArrears: true },
				],
			}),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/organization/accounts/e2e-acct-1`,
				status: 200,
				body: { name: 'Northwind Traders Ltd' },
			}),
			expect.objectContaining({ method: 'GET', path: `${API}/organization/accounts`, status: 200 }),
		]);
		const accounts = defaultPartner(await stateOf('account')).accounts;
		expect(accounts.map((/** @type {any} */ a) => [a.id, a.name, a.isArrears])).toEqual([
			['e2e-acct-1', 'Northwind Traders Ltd', true],
			['e2e-acct-2', 'Fabrikam Inc', true],
			['e2e-acct-3', 'Contoso Ltd', true],
		]);
	});
});

describe('organization service', () => {
	it('create in one bulk request, update many, update one', async () => {
		expect(
			nodeOutput(runs.organizationService, 'Create Organization Services').map((s) => s.id),
		).toEqual(['e2e-os-1', 'e2e-os-2']);
		expect(nodeOutput(runs.organizationService, 'Rename Organization Service')[0]).toMatchObject({
			id: 'e2e-os-1',
			name: 'Backup 2TB',
		});
		expect(await received(sb.organizationService)).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: `${API}/organization/services`,
				status: 201,
				body: [
					{ id: 'e2e-os-1', name: 'Backup 1TB', description: 'Cloud backup, 1 TB' },
					{ id: 'e2e-os-2', name: 'Backup 5TB', description: 'Cloud backup, 5 TB' },
				],
			}),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/organization/services`,
				status: 200,
				body: [
					{ id: 'e2e-os-1', isArrears: true },
					{ id: 'e2e-os-2', isArrears: true },
				],
			}),
			expect.objectContaining({
				method: 'PATCH',
				path: `${API}/organization/services/e2e-os-1`,
				status: 200,
				body: { name: 'Backup 2TB' },
			}),
		]);
		const services = defaultPartner(await stateOf('organizationService')).services.filter(
			(/** @type {any} */ s) => s.kind === 'organization',
		);
		expect(services.map((/** @type {any} */ s) => [s.id, s.name, s.isArrears])).toEqual([
			['e2e-os-1', 'Backup 2TB', true],
			['e2e-os-2', 'Backup 5TB', true],
		]);
	});
});

describe('alert', () => {
	it('create with every field and wait for the ticket, get status, send test', async () => {
		const [created] = nodeOutput(runs.alert, 'Create Alert');
		expect(created).toMatchObject({
			accountId: 'e2e-alert-1',
			alertId: 'E2E-INC-1',
			ticketStatus: 'success',
		});
		expect(created.ticketId).toMatch(/^\d+$/);
		expect(nodeOutput(runs.alert, 'Get Alert Status')[0]).toMatchObject({
			messageId: created.messageId,
			status: 'success',
			ticketId: created.ticketId,
		});
		expect(nodeOutput(runs.alert, 'Send Test Alert')[0]).toMatchObject({ passed: true });

		const requests = await received(sb.alert, { since: since.alert });
		const posts = requests.filter((r) => r.route === 'createAlert');
		expect(posts).toHaveLength(2);
		expect(posts[0]).toMatchObject({
			method: 'POST',
			path: `${API}/alerting/e2e-alert-1`,
			status: 201,
			body: {
				title: 'Disk almost full on SRV-01',
				description: 'C: is at 97%',
				alertId: 'E2E-INC-1',
				priority: 3,
				status: 2,
				dueDateTime: '2030-01-01T12:00:00.000Z',
				serviceId: serviceIdOf.alert,
			},
		});
		expect(posts[1]).toMatchObject({ path: `${API}/alerting/e2e-alert-1`, status: 201 });
		expect(posts[1].body.title).toMatch(/^\[TEST\]/);
		const polls = requests.filter((r) => r.route === 'getAlertStatus');
		expect(polls.length).toBeGreaterThanOrEqual(3);
		for (const poll of polls)
			expect(poll.path).toMatch(new RegExp(`^${API}/alerting/debug/[0-9a-f-]{36}$`));
		expect(requests.every((r) => r.route === 'createAlert' || r.route === 'getAlertStatus')).toBe(
			true,
		);

		const alerts = defaultPartner(await stateOf('alert')).alerts;
		expect(alerts).toHaveLength(2);
		expect(alerts.every((/** @type {any} */ a) => a.tickets === 1)).toBe(true);
	});
});

describe('continueOnFail', () => {
	it('error items paired to their input; the workflow goes on', async () => {
		expect(runs.continueOnFail.status).toBe('success');
		const items = runs.continueOnFail.data.resultData.runData['Set Status'][0].data.main[0];
		expect(items.map((/** @type {any} */ i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(items[0].json).toMatchObject({ status: 'pending' });
		expect(items[1].json.error).toContain('[item 1]');
		expect(items[2].json.error).toContain('403');
		expect(nodeOutput(runs.continueOnFail, 'Get Integration After Errors')[0]).toMatchObject({
			status: 'pending',
		});

		// The wrong-case status never left n8n; the 403 did reach Synthesize.
		const statusCalls = await received(sb.continueOnFail, {
			route: 'updateIntegrationStatus',
			since: since.continueOnFail,
		});
		expect(statusCalls.map((r) => [r.path, r.status])).toEqual([
			[`${API}/organization/status/pending`, 200],
			[`${API}/organization/status/disabled`, 403],
		]);
	});

	it('a 409 sends every item of the request to the error output', async () => {
		expect(nodeOutput(runs.continueOnFail, 'Create Accounts', { output: 0 })).toEqual([]);
		const failures = nodeOutput(runs.continueOnFail, 'Create Accounts', { output: 1 });
		expect(failures).toHaveLength(2);
		for (const failure of failures) expect(failure.error).toContain('409');
		expect(nodeOutput(runs.continueOnFail, 'Handle Failures')).toHaveLength(2);
		const creates = await received(sb.continueOnFail, {
			route: 'createAccounts',
			since: since.continueOnFail,
		});
		expect(creates.map((r) => r.status)).toEqual([409]);
		const accounts = defaultPartner(await stateOf('continueOnFail')).accounts;
		expect(accounts.map((/** @type {any} */ a) => a.id)).toEqual(['e2e-dup-1']);
	});
});

describe('secrets', () => {
	it('no vendor key, partner key or token in any execution data or in n8n output', () => {
		const secrets = e2e.secrets();
		expect(secrets.length).toBeGreaterThanOrEqual(3);
		for (const [key, entry] of Object.entries(batch)) {
			expect([key, e2e.findSecrets(JSON.stringify(entry))]).toEqual([key, []]);
		}
		expect(e2e.findSecrets(e2e.n8n.log.text())).toEqual([]);
	});
});
