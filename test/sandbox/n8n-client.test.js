// @ts-check
'use strict';
/**
 * The harness's clients of n8n (tools/lib/n8n/server.js, rest.js) send a GET again when its
 * connection was reset, as a keep-alive socket closed by the server can do; never a POST, which
 * n8n may already have acted on.
 */
const http = require('node:http');
const axios = require('axios').default;
const { retryGetsOnReset } = require('../../tools/lib/n8n/server');

/** @type {http.Server} */
let server;
let url = '';
/** Requests that arrive; the first `resets` of each method are answered by a reset connection. */
const seen = { GET: 0, POST: 0 };
let resets = 0;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const method = /** @type {'GET' | 'POST'} */ (request.method);
		seen[method] += 1;
		if (seen[method] <= resets) return request.socket.destroy();
		response.end(JSON.stringify({ method, attempt: seen[method] }));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
afterAll(async () => await new Promise((resolve) => server.close(() => resolve(undefined))));
beforeEach(() => {
	seen.GET = 0;
	seen.POST = 0;
});

const client = () => retryGetsOnReset(axios.create({ baseURL: url, validateStatus: () => true }));

it('answers a GET whose first two connections were reset', async () => {
	resets = 2;
	const response = await client().get('/executions');
	expect(response.data).toEqual({ method: 'GET', attempt: 3 });
});

it('gives up after two more tries', async () => {
	resets = 3;
	await expect(client().get('/executions')).rejects.toMatchObject({ code: 'ECONNRESET' });
	expect(seen.GET).toBe(3);
});

it('never sends a POST again', async () => {
	resets = 1;
	await expect(client().post('/webhook/run', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
	expect(seen.POST).toBe(1);
});
