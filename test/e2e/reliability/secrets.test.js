// @ts-check
'use strict';
/**
 * Secrets, in real n8n with known, distinctive keys and n8n logging at debug level: every
 * operation of the node (the resource fixtures of test/e2e/workflows plus the composite
 * operations, for the credential's partner and for a partner with a sealed key) and the polling
 * trigger run against the sandbox through a recording proxy. Then the vendor key, the partner
 * keys, the Partner Registry Secret and the tokens are searched for in:
 *   - every execution's data through the public API (includeData=true: output items, error
 *     messages and descriptions, the workflow), n8n's SQLite database file and its WAL;
 *   - n8n's log; the sandbox's request log;
 *   - everything on the wire (the proxy): a token only as the GRADIENT-TOKEN header, no key at all.
 * 0 hits. Every template gets the same search in test/e2e/templates*.test.js; the plain-http and
 * redirect refusals are proven against a listening "other host" in bad-input.test.js.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { createE2e, NODE_TYPE } = require('../../../tools/lib/e2e');
const { startRecorder } = require('../../../tools/lib/recorder');
const { makeToken } = require('../../../sandbox');
const { seed } = require('../helpers');
const { scanForSecrets, wireProblems } = require('../secrets');
const { recordFigures, SERVICES } = require('./common');

jest.setTimeout(10 * 60_000);

const hex = () => crypto.randomBytes(8).toString('hex');
const KEYS = {
	vendor: `rel-vendor-${hex()}`,
	partner: `rel-partner-${hex()}`,
	/** Partner B acts through a per-item key: by design that key is in the workflow and its items. */
	partnerB: `rel-partner-b-${hex()}`,
	/** Partner C acts through a sealed key: its plain key never enters n8n. */
	partnerC: `rel-partner-c-${hex()}`,
	registry: `rel-registry-secret-${hex()}`,
};

/** @type {import('../../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../../tools/lib/e2e').SandboxHandle} */
let handle;
/** @type {import('../../../tools/lib/recorder').Recorder} */
let proxy;
/** @type {{ partnerId: string }} */
let partnerC;
/** @type {Record<string, { ok: boolean, status: string }>} */
let batch = {};
/** @type {string[]} */
let serviceIds = [];
/** The sandbox's last request of the set-up (made directly, not through the proxy). */
let setupSeq = 0;
const RESOURCE_FIXTURES = ['vendor', 'service', 'unit-count', 'integration', 'client', 'account', 'organization-service', 'alert', 'continue-on-fail'];

/** @param {string} name @param {string} jsCode @param {[number, number]} position */
const code = (name, jsCode, position) => ({ id: `rel-sec-${name.toLowerCase().replace(/\W+/g, '-')}`, name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode } });

/**
 * The composite operations, chained: Service → Sync, Account → Sync, Sync Usage, Check Readiness,
 * and for partner C (sealed key) Partner Key → Verify, Integration → Get and Sync Usage.
 * @param {string} sealed partner C's sealed key
 */
function compositeWorkflow(sealed) {
	const credentials = { gradientSynthesizeApi: { id: handle.credential.id, name: handle.credential.name } };
	/** @type {Array<[string, Record<string, unknown>, string?]>} node name, parameters, Code before it */
	const steps = [
		['Sync services', { resource: 'service', operation: 'sync', output: 'items', options: {} }, `return ${JSON.stringify(SERVICES.slice(0, 2).map((name) => ({ name, description: 'Secrets test', category: 'other', subcategory: 'other' })))}.map((json) => ({ json }));`],
		['Sync accounts', { resource: 'account', operation: 'sync', idField: 'id', nameField: 'name', options: {} }, "return [1, 2, 3].map((i) => ({ json: { id: `sec-${i}`, name: `Secrets customer ${i}` } }));"],
		['Sync usage', { resource: 'unitCount', operation: 'syncUsage', accountIdField: 'accountId', serviceField: 'service', unitCountField: 'unitCount', aggregation: 'sum', options: {}, conversion: {} }, `return [1, 2, 3].flatMap((i) => ${JSON.stringify(SERVICES.slice(0, 2))}.map((service) => ({ json: { accountId: \`sec-\${i}\`, service, unitCount: i } })));`],
		['Check readiness', { resource: 'integration', operation: 'checkReadiness', maxHoursSinceSync: 24 }, 'return [{ json: {} }];'],
		['Verify partner C', { resource: 'partnerKey', operation: 'verify', partnerId: '={{ $json.partnerId }}', sealedPartnerKey: '={{ $json.sealedKey }}' }, `return [{ json: { partnerId: ${JSON.stringify(partnerC.partnerId)}, sealedKey: ${JSON.stringify(sealed)} } }];`],
		['Partner C integration', { resource: 'integration', operation: 'get', partnerSource: 'sealedKey', partnerId: '={{ $json.partnerId }}', sealedPartnerKey: '={{ $json.sealedKey }}' }, `return [{ json: { partnerId: ${JSON.stringify(partnerC.partnerId)}, sealedKey: ${JSON.stringify(sealed)} } }];`],
		[
			'Partner C usage',
			{ resource: 'unitCount', operation: 'syncUsage', partnerSource: 'sealedKey', partnerId: '={{ $json.partnerId }}', sealedPartnerKey: '={{ $json.sealedKey }}', accountIdField: 'accountId', serviceField: 'service', unitCountField: 'unitCount', aggregation: 'sum', options: {}, conversion: {} },
			`return [1, 2].map((i) => ({ json: { partnerId: ${JSON.stringify(partnerC.partnerId)}, sealedKey: ${JSON.stringify(sealed)}, accountId: \`sec-c-\${i}\`, service: ${JSON.stringify(SERVICES[0])}, unitCount: i } }));`,
		],
		// A failure on purpose: its error message and description are searched too.
		['Unknown service', { resource: 'service', operation: 'get', serviceId: { __rl: true, mode: 'id', value: '64cc0000000000000000dead' } }, 'return [{ json: {} }];'],
	];
	/** @type {any[]} */
	const nodes = [{ id: 'rel-sec-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	/** @type {Record<string, any>} */
	const connections = {};
	let previous = 'Start';
	steps.forEach(([name, parameters, before], index) => {
		const source = `${name}: input`;
		nodes.push(code(source, before ?? 'return $input.all();', [440 * index + 220, 0]));
		nodes.push({ id: `rel-sec-node-${index}`, name, type: NODE_TYPE, typeVersion: 1, position: [440 * index + 440, 0], onError: 'continueRegularOutput', parameters, credentials });
		connections[previous] = { main: [[{ node: source, type: 'main', index: 0 }]] };
		connections[source] = { main: [[{ node: name, type: 'main', index: 0 }]] };
		previous = name;
	});
	return { id: 'gsRelSecrets001', name: 'Reliability: composite operations (secrets)', active: false, settings: { executionOrder: 'v1' }, pinData: {}, nodes, connections };
}

/** The polling trigger, published: its activation poll goes through the proxy too. */
function triggerWorkflow() {
	return {
		id: 'gsRelSecTrig001',
		name: 'Reliability: trigger (secrets)',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: 'rel-sec-trigger',
				name: 'Integration status changed',
				type: 'n8n-nodes-gradient-synthesize.gradientSynthesizeTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'integrationStatusChanged' },
				credentials: { gradientSynthesizeApi: { id: handle.credential.id, name: handle.credential.name } },
			},
		],
		connections: {},
	};
}

beforeAll(async () => {
	e2e = await createE2e({ name: 'reliability-secrets', env: { N8N_LOG_LEVEL: 'debug' } });
	handle = await e2e.addSandbox('secrets', { vendorKey: KEYS.vendor, partnerKey: KEYS.partner, alertTicketDelayMs: 100, rebuildDebounceMs: 100, requestLogSize: 100_000 });
	proxy = await startRecorder({ forward: handle.sandbox.url });
	// The credential talks to the sandbox through the proxy, and can open sealed keys.
	handle.credentialImport.data.baseUrl = proxy.url;
	handle.credentialImport.data.partnerRegistrySecret = KEYS.registry;
	handle.sandbox.addPartner({ name: 'Partner B (per-item key)', partnerKey: KEYS.partnerB });
	partnerC = handle.sandbox.addPartner({ name: 'Partner C (sealed key)', partnerKey: KEYS.partnerC });
	// Sealed as Partner Key → Seal does, with the packed package's own code (the plain key never enters n8n).
	const { sealPartnerKey } = require(path.join(e2e.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-gradient-synthesize', 'dist', 'nodes', 'shared', 'seal.js'));
	const sealed = sealPartnerKey(KEYS.registry, partnerC.partnerId, KEYS.partnerC);

	({ serviceIds, since: setupSeq } = await seed(handle, {
		services: [{ name: 'Secrets Service' }],
		accounts: [{ id: 'e2e-uc-1', name: 'Northwind Traders' }, { id: 'e2e-alert-1', name: 'Fabrikam Inc' }, { id: 'e2e-dup-1', name: 'Already there' }],
		mapAccounts: ['e2e-uc-1', 'e2e-alert-1'],
		mapServices: true,
	}));
	const workflows = [
		...RESOURCE_FIXTURES.map((file) => e2e.workflow(file, { sandbox: handle, vars: { SERVICE_ID: serviceIds[0], PARTNER_B_KEY: KEYS.partnerB } })),
		compositeWorkflow(sealed),
		triggerWorkflow(),
	];
	// An n8n of its own (at debug level); imports and publishing through its APIs, the workflows
	// run by `n8n execute-batch` beside it.
	await e2e.n8n.start();
	await e2e.importAll(workflows);
	const ids = workflows.filter((wf) => wf.id !== 'gsRelSecTrig001').map((wf) => wf.id);
	const { results } = await e2e.n8n.executeBatch(ids, { allowFailures: true });
	batch = Object.fromEntries(Object.entries(results).map(([id, entry]) => [id, { ok: entry.ok, status: String(entry.status) }]));
	await e2e.activate('gsRelSecTrig001');
	// The trigger's activation poll (a baseline, no execution): wait until it went through.
	const deadline = Date.now() + 60_000;
	while (!handle.sandbox.log.list({ route: 'getIntegration' }).some((request) => Date.parse(request.at) > Date.now() - 60_000 && request.status === 200)) {
		if (Date.now() > deadline) throw new Error('the trigger never polled');
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
});

afterAll(async () => {
	await proxy?.close();
	await e2e?.close();
});

const tokens = () => [makeToken(KEYS.vendor, KEYS.partner), makeToken(KEYS.vendor, KEYS.partnerB), makeToken(KEYS.vendor, KEYS.partnerC)];

it('every operation ran against Synthesize (through the proxy), for the three partners', () => {
	// Every workflow ran to the end (the failures on purpose inside them are items: continue on error).
	expect(Object.entries(batch).filter(([, entry]) => !entry.ok)).toEqual([]);
	expect(Object.keys(batch)).toHaveLength(RESOURCE_FIXTURES.length + 1);
	const routes = new Set(handle.sandbox.log.list().map((request) => request.routeId));
	for (const route of [
		'getVendor', 'updateVendor', 'createVendorService', 'getVendorService', 'updateVendorService', 'setUnitCount', 'getIntegration', 'updateIntegrationStatus',
		'getClients', 'getAccounts', 'createAccounts', 'updateAccount', 'updateAccountsBulk', 'createAlert', 'getAlertStatus', 'createOrganizationServices',
		'updateOrganizationService', 'updateOrganizationServicesBulk',
	]) {
		expect([route, routes.has(route)]).toEqual([route, true]);
	}
	const partners = new Set(handle.sandbox.log.list().map((request) => request.partnerId));
	expect(partners.has(handle.sandbox.defaultPartnerId)).toBe(true);
	expect(partners.has(partnerC.partnerId)).toBe(true);
	// Everything the package sent went through the proxy (the set-up went to the sandbox directly).
	expect(proxy.requests.length).toBe(handle.sandbox.log.list({ since: setupSeq }).length);
});

it('no key or token in execution data (public API and database file), n8n\'s debug log or the sandbox log', async () => {
	// Partner B's key is a per-item key: by design it is in the workflow (an expression) and so in
	// the execution data that embeds the workflow. It must not be in the log or the sandbox log.
	const everywhere = [KEYS.vendor, KEYS.partner, KEYS.partnerC, KEYS.registry, ...tokens()];
	const report = await scanForSecrets(e2e, { secrets: everywhere });
	expect(report.executions).toBeGreaterThanOrEqual(RESOURCE_FIXTURES.length + 1);
	expect(report.hits).toEqual([]);
	const logs = await scanForSecrets(e2e, { secrets: [KEYS.partnerB] });
	// Positive control: the search does find a key where it is by design (the workflow's expression).
	expect(logs.hits.some((hit) => hit.place.startsWith('execution data'))).toBe(true);
	expect(logs.hits.some((hit) => hit.place.startsWith('database file'))).toBe(true);
	expect(logs.hits.filter((hit) => hit.place === "n8n's log" || hit.place.startsWith('request log'))).toEqual([]);
	expect(e2e.n8n.log.text()).toMatch(/debug/i);
	recordFigures('secrets-operations', {
		secretsSearched: everywhere.length + 1,
		hits: report.hits.length + logs.hits.filter((hit) => hit.place === "n8n's log" || hit.place.startsWith('request log')).length,
		executions: report.executions,
		scannedBytes: report.scanned,
		requestsOnTheWire: proxy.requests.length,
	});
});

it('on the wire: a token only in the GRADIENT-TOKEN header, no key anywhere, one token per partner', () => {
	expect(wireProblems(proxy.requests, { tokens: tokens(), keys: [KEYS.vendor, KEYS.partner, KEYS.partnerB, KEYS.partnerC, KEYS.registry] })).toEqual([]);
	const seen = new Set(proxy.requests.map((request) => request.headers['gradient-token']));
	expect([...seen].sort()).toEqual([...tokens()].sort());
	// Only the loopback sandbox ever saw a request, over plain http by design (loopback only).
	for (const request of proxy.requests) expect(request.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
	recordFigures('secrets-wire', { requests: proxy.requests.length, problems: 0, tokens: seen.size });
});
