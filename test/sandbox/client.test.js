// @ts-check
'use strict';
/**
 * The e2e harness's sandbox client (tools/lib/sandbox-client.js): set-up calls wait out the
 * sandbox's own rate limit instead of failing a test's set-up (a seed of 11 services and a bulk
 * account create once met a 429 on a fast CI machine).
 */
const { startSandbox, sleep } = require('./helpers');
const { sandboxClient } = require('../../tools/lib/sandbox-client');

/** @type {import('../../sandbox').Sandbox} */
let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, quiet: true, seed: 'empty' });
});
afterAll(() => sb.close());

it('back-to-back set-up calls meet 429s only when they ask to see them', async () => {
	const client = sandboxClient(sb.url, { token: sb.token });
	// 30 at once against a bucket of 10: some must be refused, on any machine.
	const statuses = async (/** @type {{ retryRateLimit?: boolean }} */ opts) =>
		await Promise.all(
			Array.from({ length: 30 }, async () => (await client.vendor('GET', '/organization', undefined, opts)).status),
		);
	const raw = await statuses({ retryRateLimit: false });
	expect(raw).toContain(429);
	await sleep(1100);
	const waited = await statuses({});
	expect(waited.every((status) => status === 200)).toBe(true);
});
