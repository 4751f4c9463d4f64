// @ts-check
'use strict';
/**
 * The credential in a running n8n (`n8n start`): the node and credential types are in the
 * editor's lists, and n8n's credential test (public API `POST /credentials/{id}/test`, what the
 * editor's "Test" button runs) passes against the sandbox and fails with the documented messages.
 */
const { createE2e, NODE_TYPE, CREDENTIAL_TYPE } = require('../../tools/lib/e2e');
const { received } = require('./helpers');

const REJECTED_KEYS =
	'Synthesize rejected the keys (401). Check the Vendor API Key and the Partner API Key; if the MSP regenerated its Partner API Key in Synthesize, paste the new one.';

/** @type {import('../../tools/lib/e2e').E2e} */
let e2e;
/** @type {Record<string, import('../../tools/lib/e2e').SandboxHandle>} */
const sb = {};
/** The id n8n gave each credential imported with an id of the test's. */
/** @type {Record<string, string>} */
let ids = {};

beforeAll(async () => {
	e2e = await createE2e({ name: 'credentials' });
	sb.good = await e2e.addSandbox('good');
	sb.wrongPartner = await e2e.addSandbox('wrong partner key', {
		credential: { partnerApiKey: 'not-the-partner-key' },
	});
	sb.wrongVendor = await e2e.addSandbox('wrong vendor key', {
		credential: { vendorApiKey: 'not-the-vendor-key' },
	});
	// An n8n of its own (a test restarts it); the credentials through its API.
	await e2e.n8n.start();
	({ credentials: ids } = await e2e.importAll(
		[],
		[
			{
				id: 'gsE2eCredRemote1',
				name: 'Remote over http',
				type: CREDENTIAL_TYPE,
				data: { vendorApiKey: 'v', partnerApiKey: 'p', baseUrl: 'http://synthesize.example.com' },
			},
			{
				id: 'gsE2eCredPath01',
				name: 'Base URL with the API path',
				type: CREDENTIAL_TYPE,
				data: {
					vendorApiKey: sb.good.sandbox.vendorKey,
					partnerApiKey: sb.good.sandbox.partnerKey,
					baseUrl: `${sb.good.sandbox.url}/api/vendor-api`,
				},
			},
		],
	));
});

afterAll(async () => {
	await e2e?.close();
});

/** @param {string} id */
async function testCredential(id) {
	const response = await e2e.n8n.api.post(`/credentials/${id}/test`);
	expect(response.status).toBe(200);
	return response.data;
}

it('the editor lists the Gradient Synthesize node (and its AI-tool variant) and credential', async () => {
	const nodes = await e2e.n8n.rest('GET', '/types/nodes.json');
	expect(nodes.status).toBe(200);
	const names = nodes.data.map((/** @type {any} */ node) => node.name);
	expect(names).toEqual(expect.arrayContaining([NODE_TYPE, `${NODE_TYPE}Tool`]));
	const node = nodes.data.find((/** @type {any} */ n) => n.name === NODE_TYPE);
	expect(node).toMatchObject({
		displayName: 'Gradient Synthesize',
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
	});

	const credentials = await e2e.n8n.rest('GET', '/types/credentials.json');
	expect(credentials.data.map((/** @type {any} */ c) => c.name)).toContain(CREDENTIAL_TYPE);
});

it('passes against the sandbox: one GET /organization with both keys', async () => {
	expect(await testCredential(sb.good.credential.id)).toEqual({
		status: 'OK',
		message: 'Connection successful!',
	});
	expect(await received(sb.good)).toEqual([
		expect.objectContaining({
			method: 'GET',
			path: '/api/vendor-api/organization',
			status: 200,
			partnerId: sb.good.sandbox.defaultPartnerId,
		}),
	]);
});

it('fails with the documented message on a wrong partner key, and on a wrong vendor key', async () => {
	expect(await testCredential(sb.wrongPartner.credential.id)).toEqual({
		status: 'Error',
		message: REJECTED_KEYS,
	});
	expect(await testCredential(sb.wrongVendor.credential.id)).toEqual({
		status: 'Error',
		message: REJECTED_KEYS,
	});
	for (const handle of [sb.wrongPartner, sb.wrongVendor]) {
		const requests = await received(handle);
		expect(requests.length).toBeGreaterThan(0);
		for (const request of requests) {
			expect(request).toMatchObject({ path: '/api/vendor-api/organization', status: 401 });
		}
	}
});

it('refuses a Base URL that would send the keys over plain http to a remote host, before any request', async () => {
	const result = await testCredential(ids.gsE2eCredRemote1);
	expect(result.status).toBe('Error');
	expect(result.message).toContain('The Base URL uses plain http to a remote host');
});

it('refuses a Base URL with a path', async () => {
	const before = (await received(sb.good)).length;
	const result = await testCredential(ids.gsE2eCredPath01);
	expect(result.status).toBe('Error');
	expect(result.message).toContain('must not contain a path');
	expect(await received(sb.good)).toHaveLength(before);
});

it('survives a restart: the credential still decrypts and passes', async () => {
	await e2e.n8n.restart();
	expect(await testCredential(sb.good.credential.id)).toEqual({
		status: 'OK',
		message: 'Connection successful!',
	});
});

it('no key or token in what the public API returns for the credentials, nor in n8n output', async () => {
	const list = await e2e.n8n.api.get('/credentials');
	expect(list.status).toBe(200);
	expect(e2e.findSecrets(JSON.stringify(list.data))).toEqual([]);
	expect(e2e.findSecrets(e2e.n8n.log.text())).toEqual([]);
});
