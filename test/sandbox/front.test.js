// @ts-check
'use strict';
/**
 * The front (sandbox/front.js): answers pass through unchanged, a reset stays a reset, the
 * loopback-only admin API still sees the client's address, and arrivals are stamped when they came
 * even while the sandbox's thread is blocked (as in a long garbage collection). The same block
 * without the front bunches the stamps: that is what the front is for.
 */
const http = require('node:http');
const { spawn } = require('node:child_process');
const { startSandbox, client } = require('./helpers');
const { RateLimiter } = require('../../sandbox/ratelimit');
const { maxInAnyWindow } = require('../../sandbox/ratehistogram');
const { frontStamp } = require('../../sandbox/front');

/** Block this thread (the sandbox's) for `ms`, as a full collection would. @param {number} ms */
function block(ms) {
	const until = Date.now() + ms;
	while (Date.now() < until);
}

/**
 * From another process, `count` GETs `everyMs` apart (each on its own connection, not waiting for
 * answers); resolves when all are answered.
 * @param {string} url @param {string} token @param {number} count @param {number} everyMs
 */
function pacedClient(url, token, count, everyMs) {
	const script = `
		const http = require('node:http');
		const [url, token, count, every] = process.argv.slice(1);
		let left = Number(count);
		for (let i = 0; i < Number(count); i++) setTimeout(() => {
			http.get(url, { headers: { 'GRADIENT-TOKEN': token }, agent: false }, (res) => {
				res.resume();
				res.on('end', () => { if (--left === 0) process.exit(0); });
			});
		}, i * Number(every));
		process.stdout.write('ready\\n');`;
	const child = spawn(process.execPath, ['-e', script, url, token, String(count), String(everyMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const ready = new Promise((resolve) => child.stdout.once('data', resolve));
	const done = new Promise((resolve, reject) => {
		child.once('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`paced client exited with ${code}`))));
	});
	return { ready, done };
}

/**
 * Arrival stamps of 8 requests sent 50 ms apart while this thread is blocked for 500 ms.
 * @param {import('../../sandbox').Sandbox} sb
 */
async function stampsDuringBlock(sb) {
	const since = sb.log.nextSeq - 1;
	const paced = pacedClient(`${sb.apiUrl}/organization`, sb.token, 8, 50);
	await paced.ready;
	block(500);
	await paced.done;
	return sb.log.list({ since }).map((entry) => entry.arrivedMs).sort((a, b) => a - b);
}

describe('behind the front', () => {
	/** @type {import('../../sandbox').Sandbox} */
	let front;
	/** @type {import('../../sandbox').Sandbox} */
	let plain;
	beforeAll(async () => {
		front = await startSandbox({ port: 0, quiet: true, front: true });
		plain = await startSandbox({ port: 0, quiet: true });
	});
	afterAll(async () => {
		await front.close();
		await plain.close();
	});

	test('every answer is the one the sandbox gives without a front', async () => {
		const viaFront = client(front);
		const direct = client(plain);
		for (const [method, path, body, opts] of /** @type {Array<[string, string, unknown, any]>} */ ([
			['GET', '/organization', undefined, {}],
			['GET', '/organization', undefined, { token: 'bogus' }],
			['POST', '/organization/accounts', [{ id: 'acct-1', name: 'One' }], {}],
			['POST', '/organization/accounts', undefined, { headers: { 'Content-Type': 'application/json' } }],
			['GET', '/nowhere', undefined, {}],
		])) {
			const [a, b] = [await viaFront.api(method, path, body, opts), await direct.api(method, path, body, opts)];
			expect({ path, status: a.status, data: a.data }).toEqual({ path, status: b.status, data: b.data });
			expect(a.headers['content-type']).toBe(b.headers['content-type']);
		}
		const page = await viaFront.http.get('/');
		expect(page.status).toBe(200);
		expect(String(page.data)).toContain('<html');
	});

	test('a body over the limit is refused with 413, as without the front', async () => {
		await client(front).admin('POST', '/sandbox/config', { maxBodyBytes: 1024 });
		const big = [{ id: 'x'.repeat(4096), name: 'too big' }];
		const answer = await client(front).api('POST', '/organization/accounts', big);
		expect(answer.status).toBe(413);
		await client(front).admin('POST', '/sandbox/config', { maxBodyBytes: 1024 * 1024 });
	});

	test('a reset fault reaches the client as a reset', async () => {
		await client(front).admin('POST', '/sandbox/faults', { rules: [{ route: 'getIntegration', type: 'reset', count: 1 }] });
		const outcome = await new Promise((resolve) => {
			const req = http.get(`${front.apiUrl}/organization`, { headers: { 'GRADIENT-TOKEN': front.token }, agent: false }, (res) => {
				res.resume();
				res.on('end', () => resolve(`answered ${res.statusCode}`));
				res.on('error', (err) => resolve(/** @type {any} */ (err).code));
			});
			req.on('error', (err) => resolve(/** @type {any} */ (err).code));
		});
		expect(outcome).toBe('ECONNRESET');
		await client(front).admin('DELETE', '/sandbox/faults');
	});

	test('a stamp or an address sent by a client is not believed', async () => {
		const answer = await client(front).api('GET', '/organization', undefined, {
			headers: { 'x-sandbox-front': 'guess', 'x-sandbox-arrived-ms': '1', 'x-sandbox-remote-address': '127.0.0.1' },
		});
		expect(answer.status).toBe(200);
		const [last] = front.log.list({ limit: 1 }).slice(-1);
		expect(Math.abs(last.arrivedMs - Date.now())).toBeLessThan(5000);
		const forged = /** @type {any} */ ({ headers: { 'x-sandbox-front': 'guess', 'x-sandbox-arrived-ms': '1', 'x-sandbox-remote-address': '127.0.0.1' } });
		expect(frontStamp(forged, 'the-real-secret')).toBeNull();
		expect(frontStamp(forged, undefined)).toBeNull();
	});

	test('arrivals are stamped as they came while the sandbox thread is blocked; without the front they bunch', async () => {
		const stamped = await stampsDuringBlock(front);
		const bunched = await stampsDuringBlock(plain);
		expect(stamped).toHaveLength(8);
		expect(bunched).toHaveLength(8);
		// sent over 350 ms: the front's stamps keep most of that spread
		expect(stamped[7] - stamped[0]).toBeGreaterThanOrEqual(250);
		// the blocked thread stamped them all at once, when the block ended
		expect(bunched[7] - bunched[0]).toBeLessThan(100);
	}, 20000);
});

describe('the limiter judging out of order (stamps from the front)', () => {
	test('token bucket: a request stamped before the last judged refills nothing', () => {
		const limiter = new RateLimiter({ perSecond: 100, burst: 10 });
		for (let i = 0; i < 10; i++) expect(limiter.take('t', 1000).ok).toBe(true);
		expect(limiter.take('t', 1000).ok).toBe(false);
		// 20 ms later: two tokens back; an earlier stamp judged after it adds none
		expect(limiter.take('t', 1020).ok).toBe(true);
		expect(limiter.take('t', 1005).ok).toBe(true);
		expect(limiter.take('t', 1010).ok).toBe(false);
	});

	test('window: never more than perSecond accepted in any 1,000 ms, whatever the order', () => {
		const limiter = new RateLimiter({ perSecond: 10, burst: 1, model: 'window' });
		/** @type {number[]} */
		const accepted = [];
		// stamps 0..2990 every 10 ms, judged in shuffled blocks of 20 (up to 190 ms out of order)
		const stamps = Array.from({ length: 300 }, (_, i) => i * 10);
		for (let at = 0; at < stamps.length; at += 20) {
			const block = stamps.slice(at, at + 20).reverse();
			for (const t of block) if (limiter.take('t', t).ok) accepted.push(t);
		}
		expect(maxInAnyWindow(accepted.sort((a, b) => a - b))).toBeLessThanOrEqual(10);
		expect(accepted.length).toBeGreaterThanOrEqual(20);
	});
});
