// @ts-check
'use strict';
/**
 * The bad-input corpus through real n8n (the run's shared `n8n start`): n8n's own credential test (what the
 * editor's Test button runs), executions of every kind of bad item, and API answers the node
 * cannot trust. Each case: a clear message that names the item (or the credential field) and says
 * how to fix it; nothing sent that should not be (Synthesize's request log, and a recorder on a
 * non-loopback address of this machine standing for "another host"); no other item lost.
 *
 * The unit corpus (test/unit/badInput.test.ts) tries the same classes through the node with nock;
 * this one adds the credential test, real expressions and real HTTP. Figures: .tmp/reliability.
 */
const { createE2e, CREDENTIAL_TYPE, NODE_TYPE } = require('../../../tools/lib/e2e');
const { startRecorder, nonLoopbackAddress } = require('../../../tools/lib/recorder');
const { seed } = require('../helpers');
const { recordFigures, executionIds, newExecution, waitForWebhooks } = require('./common');

jest.setTimeout(10 * 60_000);

/** @type {import('../../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../../tools/lib/e2e').SandboxHandle} */
let good;
/** @type {import('../../../tools/lib/recorder').Recorder} "another host": must never hear from the package */
let remote;
/** @type {import('../../../tools/lib/recorder').Recorder} a fake Synthesize answering by the partner key it is given */
let fake;
let serviceId = '';
/**
 * Cases that passed, by where they ran and what they showed (the figures of docs/reliability.md):
 * a bad input refused with a clear message, an unusual input accepted as valid, or a good item
 * sent beside the bad ones (a control: it must still be delivered).
 */
const tried = {
	/** @type {string[]} */ refusedCredentialTest: [],
	/** @type {string[]} */ refusedExecution: [],
	/** @type {string[]} */ refusedResponse: [],
	/** @type {string[]} */ accepted: [],
	/** @type {string[]} */ controls: [],
};

const FAKE_VENDOR = 'fake-vendor-key';
const HTML_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>';
const PROXY_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/**
 * How the fake Synthesize answers, by the partner key in the token it receives.
 * @param {import('../../../tools/lib/recorder').RecordedRequest} request
 * @returns {import('../../../tools/lib/recorder').Answer}
 */
function fakeAnswer(request) {
	const token = String(request.headers['gradient-token'] ?? '');
	const partner = Buffer.from(token, 'base64').toString('utf8').split(':')[1] ?? '';
	const path = request.url.split('?')[0];
	switch (partner) {
		case 'html200':
			return { status: 200, headers: { 'Content-Type': 'text/html' }, body: HTML_PAGE };
		case 'empty200':
			return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '' };
		case 'typed':
			if (path.endsWith('/organization/accounts')) return { status: 200, body: { accounts: 5 } };
			if (path.endsWith('/organization')) return { status: 200, body: { status: 5, integrationId: 7 } };
			return { status: 200, body: { data: 'nope' } };
		case 'truncated':
			return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status": "act' };
		case 'proxy502':
			return { status: 502, headers: { 'Content-Type': 'text/html' }, body: PROXY_502 };
		case 'redirect302':
			return { status: 302, headers: { Location: `${remote.url}/collect${path}` } };
		case 'redirect307':
			return { status: 307, headers: { Location: `${remote.url}/collect${path}` } };
		default:
			return { status: 401, body: { statusCode: 401, message: 'Unauthorized' } };
	}
}

/** @param {string} id @param {string} name @param {Record<string, string>} data */
const credential = (id, name, data) => ({ id, name, type: CREDENTIAL_TYPE, data });

// ---------------------------------------------------------------- the credential, through n8n's credential test

/**
 * @typedef {object} CredentialCase
 * @property {string} id
 * @property {string} label
 * @property {() => Record<string, string>} data
 * @property {'OK' | 'Error'} status
 * @property {string} [message] what the message must contain
 * @property {'none' | 'one'} [sandboxRequests] requests the good sandbox may receive (default none)
 */
/** @type {CredentialCase[]} */
const CREDENTIAL_CASES = [
	{ id: 'gsRelCrSpace001', label: 'a vendor key with a space inside', data: () => keys({ vendorApiKey: `${good.sandbox.vendorKey.slice(0, 7)} ${good.sandbox.vendorKey.slice(7)}` }), status: 'Error', message: 'The Vendor API Key contains a space or a line break' },
	{ id: 'gsRelCrNewline1', label: 'a vendor key with a line break inside', data: () => keys({ vendorApiKey: `${good.sandbox.vendorKey.slice(0, 7)}\n${good.sandbox.vendorKey.slice(7)}` }), status: 'Error', message: 'The Vendor API Key contains a space or a line break' },
	{ id: 'gsRelCrTab00001', label: 'a partner key with a tab inside', data: () => keys({ partnerApiKey: `${good.sandbox.partnerKey.slice(0, 7)}\t${good.sandbox.partnerKey.slice(7)}` }), status: 'Error', message: 'The Partner API Key contains a space or a line break' },
	{ id: 'gsRelCrTrim0001', label: 'keys pasted with spaces and a line break around them (trimmed)', data: () => keys({ vendorApiKey: `  ${good.sandbox.vendorKey} `, partnerApiKey: `${good.sandbox.partnerKey}\r\n` }), status: 'OK', sandboxRequests: 'one' },
	{ id: 'gsRelCrEmpty001', label: 'an empty vendor key', data: () => keys({ vendorApiKey: '' }), status: 'Error', message: 'The Vendor API Key is empty' },
	{ id: 'gsRelCrRemote01', label: 'plain http to a remote host (that is listening)', data: () => keys({ baseUrl: remote.url }), status: 'Error', message: 'The Base URL uses plain http to a remote host' },
	{ id: 'gsRelCrSlash001', label: 'a trailing slash (accepted)', data: () => keys({ baseUrl: `${good.sandbox.url}/` }), status: 'OK', sandboxRequests: 'one' },
	{ id: 'gsRelCrPath0001', label: 'a path after the host', data: () => keys({ baseUrl: `${good.sandbox.url}/app` }), status: 'Error', message: 'The Base URL must not contain a path ("/app")' },
	{ id: 'gsRelCrScheme01', label: 'no scheme', data: () => keys({ baseUrl: good.sandbox.url.replace('http://', '') }), status: 'Error', message: 'has no scheme' },
	{ id: 'gsRelCrTypo0001', label: 'a mistyped scheme', data: () => keys({ baseUrl: good.sandbox.url.replace('http://', 'htp://') }), status: 'Error', message: 'The Base URL must start with https://, not htp://' },
	{ id: 'gsRelCrQuery001', label: 'a query string', data: () => keys({ baseUrl: `${good.sandbox.url}?tenant=1` }), status: 'Error', message: 'must not contain a user name, password, query or fragment' },
	{ id: 'gsRelCrUser0001', label: 'a user name and password in the URL', data: () => keys({ baseUrl: good.sandbox.url.replace('http://', 'http://admin:secret@') }), status: 'Error', message: 'must not contain a user name, password, query or fragment' },
	{ id: 'gsRelCrHtml0001', label: 'a web page instead of the API', data: () => ({ vendorApiKey: FAKE_VENDOR, partnerApiKey: 'html200', baseUrl: fake.url }), status: 'Error', message: 'The Base URL answered, but not like the Synthesize API' },
	{ id: 'gsRelCrRedir001', label: 'a Base URL that redirects to another host', data: () => ({ vendorApiKey: FAKE_VENDOR, partnerApiKey: 'redirect302', baseUrl: fake.url }), status: 'Error', message: 'The Base URL answered with a redirect (302), which is not followed so that the keys never travel to another address' },
];

/** @param {Record<string, string>} [overrides] */
function keys(overrides = {}) {
	return { vendorApiKey: good.sandbox.vendorKey, partnerApiKey: good.sandbox.partnerKey, baseUrl: good.sandbox.url, ...overrides };
}

// ---------------------------------------------------------------- items, through real executions

/**
 * One bad (or good) item per case, grouped by the node that receives it. `expect` is the
 * message of a refused item (n8n adds nothing: the node's error names the item), or `ok`.
 * Markers stand for values JSON cannot carry: the node's expression turns them into NaN and ±Infinity.
 * @typedef {{ label: string, control?: boolean, item: Record<string, unknown>, error?: string, fix?: string, ok?: Record<string, unknown> }} ItemCase
 */
const LONG_ID = 'x'.repeat(600);
/** @type {Record<string, { node: string, parameters: Record<string, unknown>, cases: ItemCase[] }>} */
const BRANCHES = {
	setCount: {
		node: 'Set unit count',
		parameters: {
			resource: 'unitCount',
			operation: 'set',
			serviceId: { __rl: true, mode: 'id', value: '={{ $json.serviceId }}' },
			accountId: { __rl: true, mode: 'id', value: '={{ $json.accountId }}' },
			// Code nodes run in n8n's task runner, whose items cross JSON (NaN arrives as null); an
			// expression such as {{ $json.used / $json.total }} is where NaN and Infinity really come from.
			unitCount: "={{ ({ __NaN__: 0 / 0, __Infinity__: 1 / 0, '__-Infinity__': -1 / 0 })[$json.unitCount] ?? $json.unitCount }}",
			options: { noBuild: true },
		},
		cases: [
			{ label: 'a good count', control: true, item: { accountId: 'bad-input-1', unitCount: 5 }, ok: { outcome: 'pushed', unitCount: 5 } },
			{ label: 'a negative count', item: { accountId: 'bad-input-1', unitCount: -1 }, error: 'Unit count is negative (-1)', fix: 'Send a number of units of 0 or more' },
			{ label: 'a negative fraction', item: { accountId: 'bad-input-1', unitCount: -0.5 }, error: 'Unit count is negative (-0.5)', fix: 'Send a number of units of 0 or more' },
			{ label: 'NaN', item: { accountId: 'bad-input-1', unitCount: '__NaN__' }, error: 'Unit count is NaN', fix: 'Send a number of units of 0 or more' },
			{ label: 'Infinity', item: { accountId: 'bad-input-1', unitCount: '__Infinity__' }, error: 'Unit count is infinite', fix: 'Send a number of units of 0 or more' },
			{ label: '-Infinity', item: { accountId: 'bad-input-1', unitCount: '__-Infinity__' }, error: 'Unit count is infinite', fix: 'Send a number of units of 0 or more' },
			{ label: 'a word', item: { accountId: 'bad-input-1', unitCount: 'abc' }, error: 'Unit count is not a number ("abc")', fix: 'Send a number of units of 0 or more' },
			{ label: 'a number with letters', item: { accountId: 'bad-input-1', unitCount: '12abc' }, error: 'Unit count is not a number ("12abc")', fix: 'Send a number of units of 0 or more' },
			{ label: 'an empty string', item: { accountId: 'bad-input-1', unitCount: '' }, error: 'Unit count is not a number ("")', fix: 'Send a number of units of 0 or more' },
			{ label: 'true', item: { accountId: 'bad-input-1', unitCount: true }, error: 'Unit count is not a number ("true")', fix: 'Send a number of units of 0 or more' },
			{ label: 'a huge count (2^60)', item: { accountId: 'bad-input-1', unitCount: 2 ** 60 }, error: `Unit count is too large (${2 ** 60})`, fix: 'cannot be sent exactly' },
			{ label: '1e308', item: { accountId: 'bad-input-1', unitCount: 1e308 }, error: 'Unit count is too large (1e+308)', fix: 'cannot be sent exactly' },
			{ label: 'a fraction (accepted)', item: { accountId: 'bad-input-2', unitCount: 1.5 }, ok: { outcome: 'pushed', unitCount: 1.5 } },
			{ label: 'numeric text with spaces (accepted)', item: { accountId: 'bad-input-3', unitCount: ' 12 ' }, ok: { outcome: 'pushed', unitCount: 12 } },
			{ label: 'an empty account id', item: { accountId: '', unitCount: 1 }, error: 'Account is empty', fix: '' },
			{ label: 'a blank account id', item: { accountId: '   ', unitCount: 1 }, error: 'Account is empty', fix: '' },
			{ label: 'a 600-character account id', item: { accountId: LONG_ID, unitCount: 1 }, error: 'Account is 600 characters long', fix: '' },
			{ label: 'an account id with a line break', item: { accountId: 'bad\ninput', unitCount: 1 }, error: 'Account contains a control character (e.g. a line break)', fix: '' },
			{ label: 'a unicode account id (accepted)', item: { accountId: 'Kunde-Müller-東京', unitCount: 3 }, ok: { outcome: 'pushed', accountId: 'Kunde-Müller-東京' } },
			{ label: 'an account id with a slash and a space (accepted)', item: { accountId: 'a/b c', unitCount: 4 }, ok: { outcome: 'pushed', accountId: 'a/b c' } },
			{ label: 'a service name instead of its id', item: { accountId: 'bad-input-1', unitCount: 1, serviceId: 'Bad Input Service' }, error: 'Service "Bad Input Service" is not a Synthesize id', fix: '' },
			{ label: 'an empty service id', item: { accountId: 'bad-input-1', unitCount: 1, serviceId: '' }, error: 'Service is empty', fix: '' },
			{ label: 'an account the MSP has not mapped (normal, not an error)', item: { accountId: 'bad-input-unmapped', unitCount: 2 }, ok: { outcome: 'unmapped' } },
			{ label: 'another good count after the bad ones', control: true, item: { accountId: 'bad-input-4', unitCount: 7 }, ok: { outcome: 'pushed', unitCount: 7 } },
		],
	},
	setStatus: {
		node: 'Set integration status',
		parameters: { resource: 'integration', operation: 'setStatus', status: '={{ $json.status }}', options: {} },
		cases: [
			{ label: 'a capitalised status', item: { status: 'Active' }, error: 'Status "Active" is not one of the values Synthesize accepts', fix: 'use "active"' },
			{ label: 'an upper-case status', item: { status: 'ACTIVE' }, error: 'Status "ACTIVE" is not one of the values Synthesize accepts', fix: 'use "active"' },
			{ label: 'an unknown status', item: { status: 'paused' }, error: 'Status "paused" is not one of the values Synthesize accepts', fix: '"pending"' },
			{ label: 'a good status', control: true, item: { status: 'pending' }, ok: { status: 'pending' } },
		],
	},
	alert: {
		node: 'Create alert',
		parameters: {
			resource: 'alert',
			operation: 'create',
			accountId: { __rl: true, mode: 'id', value: '={{ $json.accountId }}' },
			title: '={{ $json.title }}',
			description: '={{ $json.description }}',
			alertIdMode: 'derived',
			dedupeKey: '={{ $json.incident }}',
			priority: '={{ $json.priority }}',
			additionalFields: { dueDateTime: '={{ $json.due }}' },
			waitForTicket: false,
		},
		cases: [
			{ label: 'a good alert', control: true, item: { accountId: 'bad-input-1', title: 'Disk full', description: 'C: 99%', incident: 'INC-1', priority: 2, due: '' }, ok: { accountId: 'bad-input-1' } },
			{ label: 'priority 0', item: { accountId: 'bad-input-1', title: 'T', description: 'D', incident: 'INC-2', priority: 0, due: '' }, error: 'Priority "0" is not a whole number from 1 to 4', fix: '' },
			{ label: 'priority 5', item: { accountId: 'bad-input-1', title: 'T', description: 'D', incident: 'INC-3', priority: 5, due: '' }, error: 'Priority "5" is not a whole number from 1 to 4', fix: '' },
			{ label: 'a fractional priority', item: { accountId: 'bad-input-1', title: 'T', description: 'D', incident: 'INC-4', priority: 2.5, due: '' }, error: 'Priority "2.5" is not a whole number from 1 to 4', fix: '' },
			{ label: 'a priority in words', item: { accountId: 'bad-input-1', title: 'T', description: 'D', incident: 'INC-5', priority: 'high', due: '' }, error: 'Priority "high" is not a whole number from 1 to 4', fix: '' },
			{ label: 'a missing title', item: { accountId: 'bad-input-1', title: '', description: 'D', incident: 'INC-6', priority: 1, due: '' }, error: 'Title is empty', fix: 'Give Title a value' },
			{ label: 'a missing description', item: { accountId: 'bad-input-1', title: 'T', description: '', incident: 'INC-7', priority: 1, due: '' }, error: 'Description is empty', fix: 'Give Description a value' },
			{ label: 'a due date in words', item: { accountId: 'bad-input-1', title: 'T', description: 'D', incident: 'INC-8', priority: 1, due: 'tomorrow' }, error: 'Due Date "tomorrow" is not a date and time', fix: '' },
			{ label: 'a missing account', item: { accountId: '', title: 'T', description: 'D', incident: 'INC-9', priority: 1, due: '' }, error: 'Account is empty', fix: '' },
		],
	},
	service: {
		node: 'Create service',
		parameters: {
			resource: 'service',
			operation: 'create',
			name: '={{ $json.name }}',
			description: 'Created by the bad-input corpus',
			category: '={{ $json.category }}',
			subcategory: '={{ $json.subcategory }}',
			additionalFields: {},
		},
		cases: [
			{ label: 'a category in the wrong case', item: { name: 'Bad Backup', category: 'Backup', subcategory: 'other' }, error: 'Category "Backup" is not one of the values Synthesize accepts', fix: 'use "backup"' },
			{ label: 'the correctly spelled PAM subcategory (Synthesize spells it "priviledged")', item: { name: 'Bad PAM', category: 'security', subcategory: 'privileged access and identity management (PAM/PIM)' }, error: 'Subcategory "privileged access and identity management (PAM/PIM)" is not one of the values Synthesize accepts', fix: 'priviledged' },
			{ label: 'a missing name', item: { name: '', category: 'backup', subcategory: 'other' }, error: 'Name is empty', fix: 'Give Name a value' },
		],
	},
	account: {
		node: 'Update account',
		parameters: {
			resource: 'account',
			operation: 'update',
			accountId: { __rl: true, mode: 'id', value: '={{ $json.accountId }}' },
			updateFields: { name: '={{ $json.name }}' },
		},
		cases: [
			{ label: 'a blank new name (nothing to update)', item: { accountId: 'bad-input-2', name: '   ' }, error: 'Nothing to update', fix: 'at least one field' },
			{ label: 'a rename', control: true, item: { accountId: 'bad-input-2', name: 'Renamed by the corpus' }, ok: { name: 'Renamed by the corpus' } },
		],
	},
};

/** @param {string} name @param {string} jsCode @param {[number, number]} position */
function codeNode(name, jsCode, position) {
	return { id: `rel-bad-${name.replace(/\W+/g, '-').toLowerCase()}`, name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode } };
}

/** The bad-items workflow: webhook → one Code node per branch → the node under test (continue on error). */
function itemsWorkflow() {
	/** @type {any[]} */
	const nodes = [
		{ id: 'rel-bad-start', name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '5d8a7a7e-2f39-4d7e-9a55-0c3b4d1b0a01', parameters: { httpMethod: 'POST', path: 'rel-bad-items', responseMode: 'onReceived', options: {} } },
	];
	/** @type {Record<string, any>} */
	const connections = { Start: { main: [[]] } };
	Object.entries(BRANCHES).forEach(([key, branch], index) => {
		const cases = `Cases: ${key}`;
		const js = `const serviceId = $json.body.serviceId;\nreturn $json.body.branches[${JSON.stringify(key)}].map((item) => ({ json: { serviceId, ...item } }));`;
		nodes.push(codeNode(cases, js, [220, index * 200]));
		nodes.push({
			id: `rel-bad-node-${key}`,
			name: branch.node,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, index * 200],
			onError: 'continueRegularOutput',
			parameters: branch.parameters,
			credentials: { gradientSynthesizeApi: { id: good.credential.id, name: good.credential.name } },
		});
		connections.Start.main[0].push({ node: cases, type: 'main', index: 0 });
		connections[cases] = { main: [[{ node: branch.node, type: 'main', index: 0 }]] };
	});
	return { id: 'gsRelBadItems01', name: 'Reliability: bad items', active: false, settings: { executionOrder: 'v1' }, pinData: {}, nodes, connections };
}

// ---------------------------------------------------------------- answers the node cannot trust

/**
 * @typedef {{ node: string, credential: { id: string, name: string, data: () => Record<string, string> }, parameters: Record<string, unknown>,
 *   error: string, details: string[], requests?: number }} ResponseCase
 */
/** @type {ResponseCase[]} */
const RESPONSE_CASES = [
	{ node: 'An HTML page', credential: fakeCredential('html200'), parameters: { resource: 'integration', operation: 'get' }, error: 'Synthesize returned a response this node cannot read [item 0]', details: ['an HTML page (status 200) instead of JSON', 'Base URL'], requests: 1 },
	{ node: 'An empty answer', credential: fakeCredential('empty200'), parameters: { resource: 'account', operation: 'getAll', returnAll: true, filters: {} }, error: 'Synthesize returned a response this node cannot read [item 0]', details: ['nothing where getAccounts should answer with'], requests: 1 },
	{ node: 'A wrongly typed list', credential: fakeCredential('typed'), parameters: { resource: 'account', operation: 'getAll', returnAll: true, filters: {} }, error: 'Synthesize returned a response this node cannot read [item 0]', details: ['object where getAccounts should answer with'], requests: 1 },
	{ node: 'A wrongly typed integration', credential: fakeCredential('typed'), parameters: { resource: 'integration', operation: 'get' }, error: 'Synthesize returned a response this node cannot read [item 0]', details: ['where getIntegration should answer with'], requests: 1 },
	{ node: 'A truncated answer', credential: fakeCredential('truncated'), parameters: { resource: 'integration', operation: 'get' }, error: 'Synthesize returned a response this node cannot read [item 0]', details: ['malformed JSON'], requests: 5 },
	{ node: 'A failing proxy', credential: fakeCredential('proxy502'), parameters: { resource: 'vendor', operation: 'get', simplify: true }, error: 'Synthesize failed to process the request (502) [item 0]', details: ['an HTML page (status 502) instead of JSON'], requests: 5 },
	{ node: 'A redirect to another host', credential: fakeCredential('redirect302'), parameters: { resource: 'integration', operation: 'get' }, error: 'Synthesize answered with a redirect, which the node does not follow [item 0]', details: ['redirect (302) to', 'Set the Base URL to the final API host'], requests: 1 },
	{
		node: 'A count redirected (307) to another host',
		credential: fakeCredential('redirect307'),
		parameters: { resource: 'unitCount', operation: 'set', serviceId: { __rl: true, mode: 'id', value: '64cc000000000000000000a1' }, accountId: { __rl: true, mode: 'id', value: 'bad-input-1' }, unitCount: 3, options: {} },
		error: 'Synthesize answered with a redirect, which the node does not follow [item 0]',
		details: ['redirect (307) to'],
		requests: 1,
	},
	{ node: 'Plain http to a remote host', credential: { id: 'gsRelRsRemote01', name: 'Remote over plain http', data: () => keys({ baseUrl: remote.url }) }, parameters: { resource: 'integration', operation: 'get' }, error: 'The Base URL uses plain http to a remote host [item 0]', details: ['The API keys would travel unencrypted'], requests: 0 },
	{ node: 'A key with a line break', credential: { id: 'gsRelRsNewline1', name: 'Key with a line break', data: () => keys({ partnerApiKey: `${good.sandbox.partnerKey.slice(0, 5)}\n${good.sandbox.partnerKey.slice(5)}` }) }, parameters: { resource: 'integration', operation: 'get' }, error: 'The Partner API Key contains a space or a line break [item 0]', details: ['paste it as one line'], requests: 0 },
];

/** @param {string} behaviour */
function fakeCredential(behaviour) {
	const id = `gsRelFake${behaviour.replace(/[^a-z0-9]/gi, '').slice(0, 4)}${behaviour.replace(/\D/g, '').padStart(3, '0')}`;
	return { id, name: `Fake Synthesize (${behaviour})`, data: () => ({ vendorApiKey: FAKE_VENDOR, partnerApiKey: behaviour, baseUrl: fake.url }) };
}

function responsesWorkflow() {
	/** @type {any[]} */
	const nodes = [
		{ id: 'rel-resp-start', name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '5d8a7a7e-2f39-4d7e-9a55-0c3b4d1b0a02', parameters: { httpMethod: 'POST', path: 'rel-bad-responses', responseMode: 'onReceived', options: {} } },
	];
	/** @type {Record<string, any>} */
	const connections = {};
	let previous = 'Start';
	RESPONSE_CASES.forEach((testCase, index) => {
		nodes.push({
			id: `rel-resp-${index}`,
			name: testCase.node,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220 * (index + 1), 0],
			onError: 'continueRegularOutput',
			parameters: testCase.parameters,
			credentials: { gradientSynthesizeApi: { id: testCase.credential.id, name: testCase.credential.name } },
		});
		connections[previous] = { main: [[{ node: testCase.node, type: 'main', index: 0 }]] };
		previous = testCase.node;
	});
	return { id: 'gsRelBadResp001', name: 'Reliability: answers the node cannot trust', active: false, settings: { executionOrder: 'v1' }, pinData: {}, nodes, connections };
}

/** The id n8n gave each credential, by the id in the test's list. */
/** @type {Record<string, string>} */
let credentialIds = {};

beforeAll(async () => {
	e2e = await createE2e({ name: 'reliability-bad-input', shared: true });
	good = await e2e.addSandbox('good', { alertTicketDelayMs: 100 });
	remote = await startRecorder({ host: nonLoopbackAddress() });
	fake = await startRecorder({ respond: fakeAnswer });
	const accounts = ['bad-input-1', 'bad-input-2', 'bad-input-3', 'bad-input-4', 'Kunde-Müller-東京', 'a/b c'];
	({ serviceIds: [serviceId] } = await seed(good, {
		services: [{ name: 'Bad Input Service' }],
		accounts: [...accounts, 'bad-input-unmapped'].map((id) => ({ id, name: `Customer ${id}` })),
		mapAccounts: accounts,
		mapServices: true,
	}));
	const extra = [
		...CREDENTIAL_CASES.map((testCase) => credential(testCase.id, `Bad input: ${testCase.label}`, testCase.data())),
		...RESPONSE_CASES.filter((testCase, index, all) => all.findIndex((other) => other.credential.id === testCase.credential.id) === index).map((testCase) =>
			credential(testCase.credential.id, testCase.credential.name, testCase.credential.data()),
		),
	];
	// Through the running n8n's APIs: the credentials get new ids (credentialIds).
	({ credentials: credentialIds } = await e2e.importAll([itemsWorkflow(), responsesWorkflow()], extra));
	for (const id of ['gsRelBadItems01', 'gsRelBadResp001']) await e2e.activate(id);
	// The probe runs the workflows once with nothing in them (no branch has items).
	await waitForWebhooks(e2e, ['rel-bad-items'], { serviceId, branches: Object.fromEntries(Object.keys(BRANCHES).map((key) => [key, []])) });
});

afterAll(async () => {
	await remote?.close();
	await fake?.close();
	await e2e?.close();
});

describe('the credential, through n8n\'s credential test', () => {
	it.each(CREDENTIAL_CASES.map((testCase) => [testCase.label, testCase]))('%s', async (_label, testCase) => {
		const before = good.sandbox.log.nextSeq;
		const remoteBefore = remote.requests.length;
		const response = await e2e.n8n.api.post(`/credentials/${credentialIds[testCase.id]}/test`);
		expect(response.status).toBe(200);
		expect(response.data.status).toBe(testCase.status);
		if (testCase.message) expect(response.data.message).toContain(testCase.message);
		expect(good.sandbox.log.nextSeq - before).toBe(testCase.sandboxRequests === 'one' ? 1 : 0);
		expect(remote.requests.length).toBe(remoteBefore);
		(testCase.status === 'Error' ? tried.refusedCredentialTest : tried.accepted).push(`credential: ${testCase.label}`);
	});
});

describe('bad items through real executions', () => {
	/** @type {any} */
	let execution;
	const since = { seq: 0 };

	beforeAll(async () => {
		const known = await executionIds(e2e, 'gsRelBadItems01');
		since.seq = good.sandbox.log.nextSeq - 1;
		const branches = Object.fromEntries(Object.entries(BRANCHES).map(([key, branch]) => [key, branch.cases.map((testCase) => testCase.item)]));
		const response = await e2e.n8n.webhook('rel-bad-items', { method: 'POST', data: { serviceId, branches } });
		expect(response.status).toBe(200);
		execution = await newExecution(e2e, 'gsRelBadItems01', known);
	});

	const all = Object.entries(BRANCHES).flatMap(([key, branch]) => branch.cases.map((testCase, index) => [`${branch.node}: ${testCase.label}`, key, index]));
	it.each(all)('%s', (_label, key, index) => {
		const branch = BRANCHES[/** @type {string} */ (key)];
		const testCase = branch.cases[/** @type {number} */ (index)];
		const run = execution.data.resultData.runData[branch.node][0];
		expect(run.error).toBeUndefined();
		const items = run.data.main[0];
		// One output item per input item, in order, paired to its input.
		expect(items).toHaveLength(branch.cases.length);
		const item = items[/** @type {number} */ (index)];
		expect(item.pairedItem).toEqual({ item: index });
		if (testCase.error !== undefined) {
			expect(item.json.error).toBe(`${testCase.error} [item ${index}]`);
			expect(String(item.json.details ?? '').length).toBeGreaterThan(10);
			expect(item.json.details).toContain(testCase.fix ?? '');
		} else {
			expect(item.json.error).toBeUndefined();
			expect(item.json).toMatchObject(testCase.ok ?? {});
		}
		const name = `${branch.node}: ${testCase.label}`;
		(testCase.error !== undefined ? tried.refusedExecution : testCase.control ? tried.controls : tried.accepted).push(name);
	});

	it('nothing was sent for a refused item, and every accepted one arrived', async () => {
		const sent = good.sandbox.log.list({ since: since.seq });
		const counts = sent.filter((request) => request.routeId === 'setUnitCount');
		const accepted = BRANCHES.setCount.cases.filter((testCase) => testCase.ok);
		expect(counts.map((request) => [/** @type {any} */ (request.body).accountId, /** @type {any} */ (request.body).unitCount])).toEqual(
			accepted.map((testCase) => [testCase.item.accountId, testCase.ok?.unitCount ?? testCase.item.unitCount]),
		);
		expect(sent.filter((request) => request.routeId === 'updateIntegrationStatus').map((request) => request.path)).toEqual(['/api/vendor-api/organization/status/pending']);
		expect(sent.filter((request) => request.routeId === 'createAlert')).toHaveLength(1);
		expect(sent.filter((request) => request.routeId === 'createVendorService')).toHaveLength(0);
		expect(sent.filter((request) => request.routeId === 'updateAccount').map((request) => /** @type {any} */ (request.body).name)).toEqual(['Renamed by the corpus']);
		const state = good.sandbox.snapshot();
		const counted = new Map(state.partners[0].counts.map((/** @type {any} */ c) => [c.accountId, c.unitCount]));
		expect(Object.fromEntries(['bad-input-1', 'bad-input-2', 'bad-input-3', 'bad-input-4', 'Kunde-Müller-東京', 'a/b c'].map((id) => [id, counted.get(id)]))).toEqual({
			'bad-input-1': 5,
			'bad-input-2': 1.5,
			'bad-input-3': 12,
			'bad-input-4': 7,
			'Kunde-Müller-東京': 3,
			'a/b c': 4,
		});
	});
});

describe('answers the node cannot trust, and addresses it must not follow', () => {
	/** @type {any} */
	let execution;
	beforeAll(async () => {
		const known = await executionIds(e2e, 'gsRelBadResp001');
		fake.requests.length = 0;
		const response = await e2e.n8n.webhook('rel-bad-responses', { method: 'POST', data: {} });
		expect(response.status).toBe(200);
		execution = await newExecution(e2e, 'gsRelBadResp001', known);
	});

	it.each(RESPONSE_CASES.map((testCase) => [testCase.node, testCase]))('%s', (_label, testCase) => {
		const run = execution.data.resultData.runData[testCase.node][0];
		const [item] = run.data.main[0];
		expect(item.json.error).toBe(testCase.error);
		for (const detail of testCase.details) expect(item.json.details).toContain(detail);
		if (testCase.requests !== undefined && testCase.credential.id.startsWith('gsRelFake')) {
			const partner = testCase.credential.data().partnerApiKey;
			const seen = fake.requests.filter((request) => Buffer.from(String(request.headers['gradient-token']), 'base64').toString().endsWith(`:${partner}`));
			expect(seen.length).toBeGreaterThan(0);
		}
		tried.refusedResponse.push(testCase.node);
	});

	it('the token never reached the other host: not over plain http, not through a redirect', () => {
		expect(remote.requests).toEqual([]);
		// The fake Synthesize saw each token only in the GRADIENT-TOKEN header, over loopback.
		for (const request of fake.requests) {
			const token = String(request.headers['gradient-token']);
			expect(Buffer.from(token, 'base64').toString()).toMatch(new RegExp(`^${FAKE_VENDOR}:`));
			expect(request.url).not.toContain(token);
			expect(request.body).not.toContain(token);
		}
		// Retried where safe: the truncated GET and the failing proxy five times, the rest once.
		const byPartner = /** @type {Record<string, number>} */ ({});
		for (const request of fake.requests) {
			const partner = Buffer.from(String(request.headers['gradient-token']), 'base64').toString().split(':')[1];
			byPartner[partner] = (byPartner[partner] ?? 0) + 1;
		}
		expect(byPartner).toMatchObject({ html200: 1, empty200: 1, truncated: 5, proxy502: 5, redirect302: 1, redirect307: 1 });
		expect(byPartner.typed).toBe(2);
	});
});

afterAll(() => {
	// tools/chaos.js adds the unit corpus (test/unit/badInput.test.ts) to these, by its test titles.
	recordFigures('bad-input', {
		refused: tried.refusedCredentialTest.length + tried.refusedExecution.length,
		refusedCredentialTest: tried.refusedCredentialTest.length,
		refusedExecutions: tried.refusedExecution.length,
		refusedResponses: tried.refusedResponse.length,
		accepted: tried.accepted,
		controls: tried.controls,
	});
});
