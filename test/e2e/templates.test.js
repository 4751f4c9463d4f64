// @ts-check
'use strict';
/**
 * Every template imported and run in real n8n 2.41 against the Synthesize sandbox and its vendor
 * fixture, with assertions on what arrived in the sandbox.
 *
 * Usage templates (6 vendors, 3 generic sources, the core usage sync) run five rounds, each one
 * `n8n execute-batch` over all of them:
 *   1. fresh: accounts created, every count refused as unmapped, the unmapped digest posted;
 *   2. the MSP mapped everything: every count arrives, equal to the counting policy applied to
 *      the vendor data (computed here independently), one billing rebuild, every page walked;
 *   3. nothing changed at the vendor: nothing is pushed;
 *   4. one customer left the vendor: its counts are pushed as zero, once; nothing else moves;
 *   5. again nothing changed: the zero is not pushed again.
 * Core flows (onboard, test alert, alert forwarding, unmapped digest, error workflow) run in
 * rounds 1 and 2 beside them. The disable flow needs a running n8n and its API: templates.live.test.js.
 */
const axios = require('axios').default;
const { createE2e, nodeOutput } = require('../../tools/lib/e2e');
const { startVendorFixture, startPostgresFixture } = require('../../sandbox/vendors');
const { configureTemplate } = require('../../tools/lib/templates');
const { scanForSecrets } = require('./secrets');
const { recordFigures } = require('./reliability/common');

jest.setTimeout(10 * 60_000);

const DAY = 86_400_000;
/** @typedef {Map<string, number>} Counts `${accountId}|${service}` → units */

/** @param {Array<[string, string, number]>} rows @returns {Counts} */
function sum(rows) {
	/** @type {Counts} */
	const counts = new Map();
	for (const [account, service, units] of rows) {
		if (!(units > 0)) continue;
		const key = `${account}|${service}`;
		counts.set(key, (counts.get(key) ?? 0) + units);
	}
	return counts;
}
/** @param {Record<string, string>} table @param {string} value */
const bucket = (table, value) => table[value];

// The counting policy of each template, restated from docs/templates.md and applied to the
// fixture's data. Default Settings of each template.
/** @type {Record<string, (data: any) => Counts>} */
const EXPECTED = {
	huntress: (d) =>
		sum(
			d.organizations.flatMap((/** @type {any} */ o) => [
				[String(o.id), 'Huntress Managed EDR', d.agents.filter((/** @type {any} */ a) => a.organization_id === o.id && Date.parse(a.last_callback_at) >= Date.now() - 30 * DAY).length],
				[String(o.id), 'Huntress Managed ITDR', o.billable_identity_count],
				[String(o.id), 'Huntress Managed SAT', o.sat_learner_count],
			]),
		),
	ninjaone: (d) => {
		/** @type {Record<string, string>} */
		const table = {};
		for (const c of ['WINDOWS_WORKSTATION', 'MAC', 'LINUX_WORKSTATION']) table[c] = 'NinjaOne Workstations';
		for (const c of ['WINDOWS_SERVER', 'LINUX_SERVER', 'MAC_SERVER', 'VMWARE_VM_HOST', 'HYPERV_VMM_HOST']) table[c] = 'NinjaOne Servers';
		for (const c of ['NMS_SWITCH', 'NMS_ROUTER', 'NMS_FIREWALL', 'NMS_WAP']) table[c] = 'NinjaOne Network Devices';
		return sum(
			d.devices
				.filter((/** @type {any} */ x) => x.approvalStatus === 'APPROVED' && bucket(table, x.nodeClass))
				.map((/** @type {any} */ x) => [String(x.organizationId), bucket(table, x.nodeClass), 1]),
		);
	},
	dattormm: (d) => {
		const table = { Desktop: 'Datto RMM Workstations', Laptop: 'Datto RMM Workstations', Server: 'Datto RMM Servers', 'ESXi Host': 'Datto RMM Servers', 'Network Device': 'Datto RMM Network Devices' };
		return sum(
			d.devices
				.filter((/** @type {any} */ x) => !x.deleted && !x.suspended && x.siteName !== 'Deleted Devices' && bucket(table, x.deviceType.category))
				.map((/** @type {any} */ x) => [x.siteUid, bucket(table, x.deviceType.category), 1]),
		);
	},
	sentinelone: (d) =>
		sum(
			d.sites
				.filter((/** @type {any} */ s) => s.state === 'active' && s.siteType === 'Paid')
				.map((/** @type {any} */ s) => [s.id, `SentinelOne Singularity ${s.sku}`, s.activeLicenses]),
		),
	auvik: (d) => {
		const billable = ['switch', 'l3Switch', 'voipSwitch', 'stack', 'router', 'firewall', 'controller'];
		return sum(
			d.devices
				.filter((/** @type {any} */ x) => billable.includes(x.attributes.deviceType))
				.map((/** @type {any} */ x) => [x.relationships.tenant.data.id, 'Auvik Billable Devices', 1]),
		);
	},
	pax8: (d) =>
		sum(
			d.subscriptions
				.filter((/** @type {any} */ s) => s.status === 'Active')
				.map((/** @type {any} */ s) => [s.companyId, s.productName, s.quantity]),
		),
	rest: (d) => {
		const table = { workstation: 'Managed Workstation', server: 'Managed Server', mailbox: 'Hosted Mailbox' };
		return sum(d.assets.filter((/** @type {any} */ a) => !a.retired).map((/** @type {any} */ a) => [a.customerId, bucket(table, a.kind), 1]));
	},
	csv: (d) => sum(d.licenceLines.map((/** @type {any} */ l) => [l.customer_id, l.product, l.quantity])),
};
EXPECTED.usage = EXPECTED.rest;

/**
 * @typedef {object} UsageSpec
 * @property {string} key
 * @property {string} template file in workflows/
 * @property {string} [fixture] vendor fixture name (default: key)
 * @property {string} [setting] the Settings field holding the vendor base URL
 * @property {string} [path] appended to the fixture URL for that setting
 * @property {number} [pageCap]
 * @property {(f: any) => Record<string, object>} credentials vendor credential data by type
 * @property {Record<string, number>} [pages] list path → requests per run (every page walked)
 * @property {number} customers accounts the first run creates
 */
/** @type {UsageSpec[]} */
const USAGE = [
	{
		key: 'huntress',
		template: 'gradient-huntress-usage-sync.json',
		setting: 'huntressBaseUrl',
		credentials: (f) => ({ httpBasicAuth: { user: f.credentials.publicKey, password: f.credentials.privateKey } }),
		pages: { '/v1/organizations': 1, '/v1/agents': 3 },
		customers: 10,
	},
	{
		key: 'ninjaone',
		template: 'gradient-ninjaone-usage-sync.json',
		setting: 'ninjaBaseUrl',
		credentials: (f) => ({
			oAuth2Api: { grantType: 'clientCredentials', accessTokenUrl: `${f.url}/ws/oauth/token`, clientId: f.credentials.clientId, clientSecret: f.credentials.clientSecret, scope: 'monitoring', authentication: 'body' },
		}),
		pages: { '/v2/organizations': 2, '/v2/devices': 4 },
		customers: 12,
	},
	{
		key: 'dattormm',
		template: 'gradient-dattormm-usage-sync.json',
		setting: 'dattoApiUrl',
		credentials: (f) => ({
			httpCustomAuth: {
				json: JSON.stringify({
					headers: { Authorization: 'Basic cHVibGljLWNsaWVudDpwdWJsaWM=', 'Content-Type': 'application/x-www-form-urlencoded' },
					body: { grant_type: 'password', username: f.credentials.apiKey, password: f.credentials.apiSecret },
				}),
			},
		}),
		pages: { '/auth/oauth/token': 1, '/api/v2/account/sites': 1, '/api/v2/account/devices': 3 },
		customers: 14,
	},
	{
		key: 'sentinelone',
		template: 'gradient-sentinelone-usage-sync.json',
		setting: 'sentinelOneUrl',
		pageCap: 7,
		credentials: (f) => ({ httpHeaderAuth: { name: 'Authorization', value: `ApiToken ${f.credentials.apiToken}` } }),
		pages: { '/web/api/v2.1/sites': 3 },
		customers: 18,
	},
	{
		key: 'auvik',
		template: 'gradient-auvik-usage-sync.json',
		setting: 'auvikApiUrl',
		credentials: (f) => ({ httpBasicAuth: { user: f.credentials.username, password: f.credentials.apiKey } }),
		pages: { '/v1/tenants': 1, '/v1/inventory/device/info': 3 },
		customers: 9,
	},
	{
		key: 'pax8',
		template: 'gradient-pax8-usage-sync.json',
		setting: 'pax8ApiUrl',
		credentials: (f) => ({
			oAuth2Api: {
				grantType: 'clientCredentials',
				accessTokenUrl: `${f.url}/v1/token`,
				clientId: f.credentials.clientId,
				clientSecret: f.credentials.clientSecret,
				scope: '',
				authentication: 'body',
				sendAdditionalBodyProperties: true,
				additionalBodyProperties: '{"audience":"https://api.pax8.com"}',
			},
		}),
		pages: { '/v1/companies': 1, '/v1/subscriptions': 3 },
		customers: 25,
	},
	{
		key: 'rest',
		fixture: 'generic',
		template: 'gradient-rest-json-usage-sync.json',
		setting: 'apiBaseUrl',
		credentials: (f) => ({ httpHeaderAuth: { name: 'X-API-Key', value: f.credentials.apiKey } }),
		pages: { '/api/v1/customers': 1, '/api/v1/assets': 3 },
		customers: 9,
	},
	{
		key: 'usage',
		fixture: 'generic',
		template: 'gradient-usage-sync.json',
		setting: 'usageUrl',
		path: '/api/v1/usage',
		credentials: (f) => ({ httpHeaderAuth: { name: 'X-API-Key', value: f.credentials.apiKey } }),
		pages: { '/api/v1/usage': 1 },
		customers: 9,
	},
	{
		key: 'csv',
		fixture: 'generic',
		template: 'gradient-csv-usage-sync.json',
		setting: 'csvUrl',
		path: '/exports/usage.csv',
		credentials: () => ({}),
		pages: { '/exports/usage.csv': 1 },
		customers: 8,
	},
	{ key: 'postgres', template: 'gradient-postgres-usage-sync.json', credentials: () => ({}), customers: 10 },
];

/** @type {Awaited<ReturnType<typeof createE2e>>} */
let e2e;
/** @type {import('../../sandbox/vendors/http').VendorFixture} */
let sink;
/**
 * @typedef {object} Env
 * @property {string} key
 * @property {import('../../sandbox').Sandbox} sb
 * @property {any} fixture vendor fixture or PostgresFixture
 * @property {string} workflowId
 * @property {UsageSpec} [spec]
 * @property {() => Counts} [expected]
 */
/** @type {Record<string, Env>} */
const envs = {};
/**
 * @typedef {object} RunResult
 * @property {string | undefined} error undefined when the execution succeeded
 * @property {(node: string, output?: number) => any[]} json the items a node put on an output
 */
/** @type {Record<string, RunResult>[]} */
const rounds = [];
/** @type {Record<string, Counts>} */
const afterMapping = {};
/** @type {Record<string, Record<string, number>>} */
const pushesBefore = {};

/** What the sandbox holds for the default partner: `${accountId}|${service name}` → units. @param {Env} env */
function sandboxCounts(env) {
	const state = env.sb.snapshot();
	const names = new Map(state.vendor.skus.map((/** @type {any} */ s) => [s.id, s.name]));
	/** @type {Counts} */
	const counts = new Map();
	for (const c of state.partners[0].counts) counts.set(`${c.accountId}|${names.get(c.serviceId)}`, c.unitCount);
	return counts;
}
/** @param {Env} env */
const pushesPerPair = (env) => {
	const state = env.sb.snapshot();
	const names = new Map(state.vendor.skus.map((/** @type {any} */ s) => [s.id, s.name]));
	return Object.fromEntries(state.partners[0].counts.map((/** @type {any} */ c) => [`${c.accountId}|${names.get(c.serviceId)}`, c.pushes]));
};
/** Count pushes Synthesize answered (a 429 is answered "later": the node retries it). @param {Env} env */
const setUnitCountRequests = (env) => {
	const route = env.sb.snapshot().requests.byRoute.setUnitCount;
	return (route?.total ?? 0) - (route?.byStatus?.['429'] ?? 0);
};
/** @param {Env} env */
const partner = (env) => env.sb.snapshot().partners[0];
/** @param {Counts} counts */
const sorted = (counts) => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));

/** @param {Env} env @param {string} token */
async function createAccounts(env, token, /** @type {Array<[string, string]>} */ accounts) {
	await axios.post(`${env.sb.url}/api/vendor-api/organization/accounts`, accounts.map(([id, name]) => ({ id, name })), {
		headers: { 'GRADIENT-TOKEN': token },
	});
}

/** @param {'all' | 'usage'} which */
async function runRound(which) {
	const running = Object.values(envs).filter((e) => (which === 'usage' ? e.spec : true));
	const { results } = await e2e.n8n.executeBatch(
		running.map((e) => e.workflowId),
		{ allowFailures: true, concurrency: 2 },
	);
	/** @type {Record<string, RunResult>} */
	const byKey = {};
	for (const env of running) {
		const entry = results[env.workflowId];
		byKey[env.key] = {
			error: entry.ok ? undefined : String(entry.error ?? entry.status),
			json: (node, output = 0) => nodeOutput(entry.run, node, { output }),
		};
	}
	rounds.push(byKey);
	return byKey;
}

beforeAll(async () => {
	// The run's shared n8n: imports through its APIs; the rounds run by `n8n execute-batch`.
	e2e = await createE2e({ name: 'templates', shared: true });
	sink = await startVendorFixture('generic');
	/** @type {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} */
	const credentials = [];
	/** @type {any[]} */
	const workflows = [];
	let n = 0;
	/** @param {string} type @param {Record<string, unknown>} data */
	const vendorCredential = (type, data) => {
		const id = `vendCred${String(++n).padStart(8, '0')}`;
		credentials.push({ id, name: `vendor ${n}`, type, data });
		return id;
	};

	for (const spec of USAGE) {
		const handle = await e2e.addSandbox(spec.key);
		const sb = handle.sandbox;
		/** @type {Record<string, string>} */
		const ids = {};
		/** @type {Record<string, unknown>} */
		const settings = { notifyWebhookUrl: `${sink.url}/notify/${spec.key}` };
		/** @type {any} */
		let fixture;
		if (spec.key === 'postgres') {
			fixture = await startPostgresFixture();
			ids.postgres = vendorCredential('postgres', { host: fixture.host, port: fixture.port, database: fixture.database, user: fixture.user, password: fixture.password, ssl: 'disable' });
		} else {
			fixture = await startVendorFixture(spec.fixture ?? spec.key, { pageCap: spec.pageCap });
			for (const [type, data] of Object.entries(spec.credentials(fixture))) ids[type] = vendorCredential(type, data);
			if (spec.setting) settings[spec.setting] = fixture.url + (spec.path ?? '');
		}
		const wf = configureTemplate(e2e.workflow(`workflows/${spec.template}`, { sandbox: handle }), settings, ids);
		workflows.push(wf);
		const expected =
			spec.key === 'postgres'
				? () =>
						sum(
							fixture
								.query(
									"SELECT l.customer_id, l.product, SUM(l.seats) FROM licences l JOIN customers c ON c.id = l.customer_id WHERE NOT c.archived AND l.status = 'active' GROUP BY 1, 2",
								)
								.trim()
								.split('\n')
								.filter(Boolean)
								.map((/** @type {string} */ line) => {
									const [a, s, u] = line.split('|');
									return [a, s, Number(u)];
								}),
						)
				: () => EXPECTED[spec.key](fixture.dataset());
		envs[spec.key] = { key: spec.key, sb, fixture, workflowId: wf.id, spec, expected };
	}

	// Core flows, each with its own sandbox prepared as the flow expects to find it.
	/** @param {string} key @param {string} template @param {(env: Env) => Promise<Record<string, unknown>>} setup @param {(wf: any) => void} [patch] */
	const core = async (key, template, setup, patch) => {
		const handle = await e2e.addSandbox(key, { alertTicketDelayMs: 300 });
		const fixture = await startVendorFixture('generic');
		/** @type {Env} */
		const env = { key, sb: handle.sandbox, fixture, workflowId: '' };
		const settings = await setup(env);
		const ids = { httpHeaderAuth: vendorCredential('httpHeaderAuth', { name: 'X-API-Key', value: fixture.credentials.apiKey }) };
		const wf = configureTemplate(e2e.workflow(`workflows/${template}`, { sandbox: handle }), settings, ids);
		if (patch) patch(wf);
		env.workflowId = wf.id;
		workflows.push(wf);
		envs[key] = env;
	};
	await core('onboard', 'gradient-onboard.json', async (env) => ({ customersUrl: `${env.fixture.url}/api/v1/customers` }));
	await core('test-alert', 'gradient-test-alert.json', async (env) => {
		await createAccounts(env, env.sb.token, [['CUST-001', 'Northwind Traders']]);
		await axios.post(`${env.sb.url}/sandbox/map`, { accounts: 'all' });
		return { accountId: 'CUST-001', notifyWebhookUrl: `${sink.url}/notify/test-alert` };
	});
	await core(
		'alert-forwarding',
		'gradient-alert-forwarding.json',
		async (env) => {
			await createAccounts(env, env.sb.token, [['1001', 'Northwind Traders']]);
			await axios.post(`${env.sb.url}/sandbox/map`, { accounts: 'all' });
			return {};
		},
		(wf) => {
			const sample = wf.nodes.find((/** @type {any} */ x) => x.name === 'Sample incident');
			sample.parameters.jsonOutput = sample.parameters.jsonOutput.replace('REPLACE_WITH_ACCOUNT_ID', '1001');
		},
	);
	await core('unmapped-digest', 'gradient-unmapped-digest.json', async (env) => {
		await createAccounts(env, env.sb.token, [
			['CUST-001', 'Northwind Traders'],
			['CUST-002', 'Fabrikam Inc'],
			['CUST-003', 'Litware Inc'],
		]);
		await axios.post(`${env.sb.url}/sandbox/map`, { accounts: ['CUST-001'] });
		return { notifyWebhookUrl: `${sink.url}/notify/unmapped-digest` };
	});
	await core('error-workflow', 'gradient-error-workflow.json', async (env) => {
		await createAccounts(env, env.sb.token, [['MSP-INTERNAL', 'Contoso MSP (internal)']]);
		await axios.post(`${env.sb.url}/sandbox/map`, { accounts: 'all' });
		return { alertAccountId: 'MSP-INTERNAL', notifyWebhookUrl: `${sink.url}/notify/error-workflow` };
	});

	await core('integration-watch', 'gradient-integration-watch.json', async () => ({ notifyWebhookUrl: `${sink.url}/notify/integration-watch` }));

	await e2e.importAll(workflows, credentials);
});

afterAll(async () => {
	for (const env of Object.values(envs)) await env.fixture?.close();
	await sink?.close();
	await e2e?.close(); // n8n and every sandbox
});

/** @param {string} key */
const notifications = (key) => sink.received.filter((r) => r.path === `/notify/${key}`);

describe('round 1: a fresh MSP', () => {
	beforeAll(async () => {
		await runRound('all');
	});

	it.each(USAGE.map((s) => s.key))('%s: runs, creates every account, and every count waits on the mapping', (key) => {
		const env = envs[key];
		const run = rounds[0][key];
		expect(run.error).toBeUndefined();
		expect(partner(env).accounts).toHaveLength(/** @type {UsageSpec} */ (env.spec).customers);
		const [summary] = run.json('Sync usage', 0);
		const expected = /** @type {() => Counts} */ (env.expected)();
		expect(summary.pairs).toMatchObject({ total: expected.size, unmapped: expected.size, pushed: 0, failed: 0 });
		expect(partner(env).counts).toEqual([]);
		const digest = notifications(key);
		expect(digest).toHaveLength(1);
		expect(digest[0].body.text).toMatch(/not mapped yet/);
	});

	it.each(USAGE.filter((s) => s.pages).map((s) => s.key))('%s: walks every page of the vendor API', (key) => {
		const env = envs[key];
		for (const [path, pages] of Object.entries(/** @type {Record<string, number>} */ (/** @type {UsageSpec} */ (env.spec).pages)))
			expect([path, env.fixture.requestsTo(path).filter((/** @type {any} */ r) => r.status === 200).length]).toEqual([path, pages]);
	});

	it('onboard: credential checked, pending, services and accounts created, readiness says what to do next', () => {
		const env = envs.onboard;
		expect(rounds[0].onboard.error).toBeUndefined();
		const p = partner(env);
		expect(p.status).toBe('pending');
		expect(p.accounts.map((/** @type {any} */ a) => a.id).sort()).toEqual(env.fixture.dataset().customers.map((/** @type {any} */ c) => c.id).sort());
		expect(env.sb.snapshot().vendor.skus.map((/** @type {any} */ s) => s.name).sort()).toEqual(['Hosted Mailbox', 'Managed Server', 'Managed Workstation']);
		const [report] = rounds[0].onboard.json('Onboarding report');
		expect(report).toMatchObject({ status: 'pending', ready: false, accounts: { created: 9, failed: 0 }, services: { created: 3 } });
		expect(report.next).toMatch(/map the accounts/);
	});

	it('test alert: a labelled alert becomes a PSA ticket and the result is posted', () => {
		expect(rounds[0]['test-alert'].error).toBeUndefined();
		const [result] = rounds[0]['test-alert'].json('Test result');
		expect(result).toMatchObject({ passed: true, ticketStatus: 'success' });
		const alerts = partner(envs['test-alert']).alerts;
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({ accountId: 'CUST-001', tickets: 1, title: expect.stringMatching(/^\[TEST\]/) });
		expect(notifications('test-alert').map((r) => r.body.text)).toEqual([expect.stringMatching(/^PASS: .* ticket 5\d+/)]);
	});

	it('alert forwarding: the incident becomes one ticket, reported back', () => {
		expect(rounds[0]['alert-forwarding'].error).toBeUndefined();
		const [report] = rounds[0]['alert-forwarding'].json('Ticket report');
		expect(report).toMatchObject({ ticketed: true, status: 'success', ticketId: expect.stringMatching(/^\d+$/) });
		const [alert] = partner(envs['alert-forwarding']).alerts;
		expect(alert).toMatchObject({ accountId: '1001', title: '[HIGH] Suspicious PowerShell execution on WS-1001-7', tickets: 1, posts: 1 });
		expect(alert.messages[0].priority).toBe(3);
	});

	it('unmapped digest: lists the two unmapped accounts by name', () => {
		expect(rounds[0]['unmapped-digest'].error).toBeUndefined();
		const [message] = notifications('unmapped-digest');
		expect(message.body.text).toMatch(/^Gradient Synthesize: 2 of 3 account\(s\) not mapped/);
		expect(message.body.text).toContain('Fabrikam Inc (CUST-002)');
		expect(message.body.text).toContain('Litware Inc (CUST-003)');
		expect(message.body.text).not.toContain('Northwind Traders (CUST-001)');
	});

	it('error workflow: the failure is posted and raised as one alert on the MSP account', () => {
		expect(rounds[0]['error-workflow'].error).toBeUndefined();
		expect(notifications('error-workflow').map((r) => r.body.text)).toEqual([expect.stringMatching(/^n8n sync failed: .*\nNode: List agents\nError: Sample: List agents returned 401/)]);
		const alerts = partner(envs['error-workflow']).alerts;
		expect(alerts).toEqual([expect.objectContaining({ accountId: 'MSP-INTERNAL', posts: 1, title: expect.stringMatching(/^n8n sync failed/) })]);
		expect(alerts[0].messages[0].priority).toBe(3);
	});

	it('integration watch (sample event): the message says what changed and what to do', () => {
		expect(rounds[0]['integration-watch'].error).toBeUndefined();
		expect(notifications('integration-watch').map((r) => r.body.text)).toEqual([
			'Gradient Synthesize: Contoso MSP integration pending → active. Billing is live: counts are being accepted.',
		]);
	});
});

describe('round 2: the MSP mapped everything', () => {
	beforeAll(async () => {
		for (const env of Object.values(envs)) {
			if (env.spec) await axios.post(`${env.sb.url}/sandbox/map`, { accounts: 'all', services: 'all' });
			if (env.fixture.requests) env.fixture.requests.length = 0;
		}
		await runRound('all');
		await new Promise((resolve) => setTimeout(resolve, 600)); // the sandbox's debounced rebuild
	});

	it.each(USAGE.map((s) => s.key))('%s: every count arrives as the counting policy says, with one billing rebuild', (key) => {
		const env = envs[key];
		expect(rounds[1][key].error).toBeUndefined();
		const expected = /** @type {() => Counts} */ (env.expected)();
		expect(expected.size).toBeGreaterThan(5);
		expect(sorted(sandboxCounts(env))).toEqual(sorted(expected));
		expect(setUnitCountRequests(env)).toBe(expected.size * 2 /* refused in round 1, accepted now */);
		expect(partner(env).billing).toMatchObject({ rebuildRequests: 1, rebuilds: 1 });
		expect(partner(env).status).toBe('active');
		afterMapping[key] = sandboxCounts(env);
		pushesBefore[key] = pushesPerPair(env);
	});

	it.each(USAGE.filter((s) => s.pages).map((s) => s.key))('%s: walks every page again', (key) => {
		const env = envs[key];
		for (const [path, pages] of Object.entries(/** @type {Record<string, number>} */ (/** @type {UsageSpec} */ (env.spec).pages)))
			expect([path, env.fixture.requestsTo(path).filter((/** @type {any} */ r) => r.status === 200).length]).toEqual([path, pages]);
	});

	it('alert forwarding: the same incident again keeps one ticket (derived alertId)', () => {
		expect(rounds[1]['alert-forwarding'].error).toBeUndefined();
		const first = rounds[0]['alert-forwarding'].json('Ticket report')[0];
		const again = rounds[1]['alert-forwarding'].json('Ticket report')[0];
		expect(again.alertId).toBe(first.alertId);
		const alerts = partner(envs['alert-forwarding']).alerts;
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({ posts: 2, tickets: 1 });
	});

	it('error workflow: the same failure again does not open a second ticket', () => {
		const alerts = partner(envs['error-workflow']).alerts;
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({ posts: 2, tickets: 1 });
	});
});

describe('round 3: nothing changed at the vendor', () => {
	/** @type {Record<string, number>} */
	const before = {};
	beforeAll(async () => {
		for (const spec of USAGE) before[spec.key] = setUnitCountRequests(envs[spec.key]);
		await runRound('usage');
	});

	it.each(USAGE.map((s) => s.key))('%s: pushes nothing', (key) => {
		const env = envs[key];
		expect(rounds[2][key].error).toBeUndefined();
		expect(setUnitCountRequests(env)).toBe(before[key]);
		const [summary] = rounds[2][key].json('Sync usage', 0);
		expect(summary.pairs).toMatchObject({ pushed: 0, unchanged: afterMapping[key].size, zeroPushes: 0 });
		expect(rounds[2][key].json('Sync usage', 1)).toEqual([]);
	});
});

describe('round 4: a customer left the vendor', () => {
	/** @type {Record<string, number>} */
	const before = {};
	beforeAll(async () => {
		for (const spec of USAGE) {
			const env = envs[spec.key];
			before[spec.key] = setUnitCountRequests(env);
			env.fixture.setDataset('churned');
		}
		await runRound('usage');
		await new Promise((resolve) => setTimeout(resolve, 600));
	});

	it.each(USAGE.map((s) => s.key))('%s: its counts drop to zero, once, and nothing else is pushed', (key) => {
		const env = envs[key];
		expect(rounds[3][key].error).toBeUndefined();
		const now = /** @type {() => Counts} */ (env.expected)();
		const gone = [...afterMapping[key].keys()].filter((pair) => !now.has(pair));
		expect(gone.length).toBeGreaterThan(0);
		/** @type {Counts} */
		const expected = new Map(now);
		for (const pair of gone) expected.set(pair, 0);
		expect(sorted(sandboxCounts(env))).toEqual(sorted(expected));
		expect(setUnitCountRequests(env) - before[key]).toBe(gone.length);
		const pushes = pushesPerPair(env);
		for (const [pair, count] of Object.entries(pushes)) expect([pair, count]).toEqual([pair, pushesBefore[key][pair] + (gone.includes(pair) ? 1 : 0)]);
		expect(partner(env).billing.rebuildRequests).toBe(2);
	});
});

describe('round 5: still nothing changed', () => {
	/** @type {Record<string, number>} */
	const before = {};
	beforeAll(async () => {
		for (const spec of USAGE) before[spec.key] = setUnitCountRequests(envs[spec.key]);
		await runRound('usage');
	});

	it.each(USAGE.map((s) => s.key))('%s: the zero is not pushed again', (key) => {
		expect(rounds[4][key].error).toBeUndefined();
		expect(setUnitCountRequests(envs[key])).toBe(before[key]);
	});
});

describe('secrets', () => {
	it("no Synthesize key or token in any template's execution data (public API and database file), n8n's log or the sandbox logs", async () => {
		const report = await scanForSecrets(e2e, { secrets: e2e.secrets() });
		// Every execution of every round is there to be searched (and those of the other files on
		// the shared n8n).
		expect(report.executions).toBeGreaterThanOrEqual(rounds.reduce((sum, round) => sum + Object.keys(round).length, 0));
		expect(report.hits).toEqual([]);
		recordFigures('secrets-templates', { templates: Object.keys(envs).length, executions: report.executions, secretsSearched: e2e.secrets().length, hits: report.hits.length, scannedBytes: report.scanned });
	});
});
