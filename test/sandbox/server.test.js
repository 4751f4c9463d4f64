// @ts-check
'use strict';
/** Server-level behaviour: loopback-only admin API, latency option, body limit, bad state files. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios').default;
const { startSandbox, client } = require('./helpers');
const { isLoopback } = require('../../sandbox/server');

test('the admin API and the page refuse non-loopback clients with 403; the vendor API does not', async () => {
	expect([isLoopback('127.0.0.1'), isLoopback('::1'), isLoopback('::ffff:127.0.0.1'), isLoopback('192.0.2.2'), isLoopback(undefined)]).toEqual([true, true, true, false, false]);
	const external = Object.values(os.networkInterfaces())
		.flat()
		.find((a) => a && a.family === 'IPv4' && !a.internal);
	if (!external) return; // no non-loopback interface on this machine: the unit check above covers it
	const sb = await startSandbox({ port: 0, host: '0.0.0.0', quiet: true });
	try {
		const base = `http://${external.address}:${sb.port}`;
		const opts = { validateStatus: () => true, headers: { 'GRADIENT-TOKEN': sb.token } };
		const admin = await axios.get(`${base}/sandbox/state`, opts);
		expect(admin.status).toBe(403);
		expect(admin.data).toMatchObject({ statusCode: 403 });
		expect((await axios.get(`${base}/`, opts)).status).toBe(403);
		expect((await axios.get(`${base}/api/vendor-api/organization`, opts)).status).toBe(200);
		expect((await axios.get(`http://127.0.0.1:${sb.port}/sandbox/state`, opts)).status).toBe(200);
	} finally {
		await sb.close();
	}
});

test('latency {ms, jitter} delays API answers but not the admin API; oversized bodies get 413', async () => {
	const sb = await startSandbox({ port: 0, quiet: true, latency: { ms: 120, jitter: 20 }, rateLimit: false });
	const c = client(sb);
	try {
		let t = Date.now();
		expect((await c.api('GET', '/organization')).status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(95);
		t = Date.now();
		await c.admin('GET', '/sandbox/state');
		expect(Date.now() - t).toBeLessThan(95);
		await c.admin('POST', '/sandbox/config', { latency: 0, maxBodyBytes: 2048 });
		const big = Array.from({ length: 100 }, (_, i) => ({ id: `id-${i}`, name: `A fairly long account name number ${i}` }));
		const r = await c.api('POST', '/organization/accounts', big);
		expect(r.status).toBe(413);
		expect(r.data).toEqual({ statusCode: 413, message: 'request entity too large', error: 'Payload Too Large' });
		expect((await c.api('GET', '/organization')).status).toBe(200);
	} finally {
		await sb.close();
	}
});

test('a state file that is not JSON, or not a sandbox state, is refused with a clear message', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bad-'));
	try {
		const bad = path.join(dir, 'bad.json');
		fs.writeFileSync(bad, '{nope');
		await expect(startSandbox({ port: 0, quiet: true, statePath: bad })).rejects.toThrow(/not valid JSON/);
		fs.writeFileSync(bad, '{"hello": 1}');
		await expect(startSandbox({ port: 0, quiet: true, statePath: bad })).rejects.toThrow(/not a sandbox state file/);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
