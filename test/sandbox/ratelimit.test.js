// @ts-check
'use strict';
/**
 * The rate limiter measured: 200 req/s offered for 3 s against one token (10 concurrent requests
 * every 50 ms over a keep-alive agent). Accepted requests per second must be 100 ± 5 and every
 * other answer a 429 with Retry-After.
 *
 * What is measured: arrival times as the sandbox logged them (its request log), so client-side
 * scheduling jitter does not count. Two figures are asserted:
 *   - overall: all accepted requests / (last arrival − first arrival); it includes the bucket's
 *     initial burst (capacity 10), which is why the burst is kept small;
 *   - steady state: accepted requests arriving after the first 500 ms / the remaining duration.
 */
const http = require('node:http');
const axios = require('axios').default;
const { startSandbox, sleep } = require('./helpers');
const { RateLimiter } = require('../../sandbox/ratelimit');

// 200 req/s for 3 s, paced as PER_TICK concurrent requests every TICK_MS
const TICK_MS = 50;
const PER_TICK = 10;
const TICKS = 60;

/** @type {import('../../sandbox').Sandbox} */
let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, quiet: true });
});
afterAll(() => sb.close());

test('token bucket unit: capacity then 100 per second, Retry-After ≥ 1 s', () => {
	const rl = new RateLimiter({ perSecond: 100, burst: 10 });
	let ok = 0;
	for (let i = 0; i < 50; i++) if (rl.take('t', 0).ok) ok++;
	expect(ok).toBe(10);
	const denied = rl.take('t', 0);
	expect(denied).toEqual({ ok: false, retryAfterSeconds: 1 });
	expect(rl.take('t', 10).ok).toBe(true); // 10 ms later one token is back
	expect(rl.take('other', 10).ok).toBe(true); // per token
	// over a simulated second at 200 offers/s exactly 100 more are accepted
	let accepted = 0;
	for (let k = 1; k <= 200; k++) if (rl.take('t', 10 + k * 5).ok) accepted++;
	expect(accepted).toBe(100);
});

test('200 req/s offered for 3 s → 100 ± 5 accepted per second, the rest 429 with Retry-After', async () => {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const api = axios.create({
		baseURL: sb.apiUrl,
		validateStatus: () => true,
		httpAgent: agent,
		headers: { 'GRADIENT-TOKEN': sb.token },
	});
	await api.get('/organization', { headers: { 'GRADIENT-TOKEN': 'warm-up-other-token' } }); // open a socket, other bucket
	await sleep(1100); // any earlier use of this token is forgotten (bucket full again)
	const since = sb.log.nextSeq - 1;

	/** @type {Array<Promise<{ status: number, retryAfter: unknown, body: any }>>} */
	const pending = [];
	const t0 = performance.now();
	for (let tick = 0; tick < TICKS; tick++) {
		const wait = t0 + tick * TICK_MS - performance.now();
		if (wait > 0) await sleep(wait);
		for (let i = 0; i < PER_TICK; i++) {
			pending.push(
				api
					.get('/organization')
					.then((r) => ({ status: r.status, retryAfter: r.headers['retry-after'], body: r.data })),
			);
		}
	}
	const results = await Promise.all(pending);
	agent.destroy();

	expect(results).toHaveLength(600);
	const accepted = results.filter((r) => r.status === 200).length;
	const limited = results.filter((r) => r.status === 429);
	expect(accepted + limited.length).toBe(600);
	for (const r of limited) {
		expect(r.body).toEqual({
			statusCode: 429,
			message: 'Request limit reached (100 requests a second)',
		});
		expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
		expect(Number.isInteger(Number(r.retryAfter))).toBe(true);
	}

	const log = sb.log.list({ since, route: 'getIntegration' });
	expect(log).toHaveLength(600);
	const times = log.map((e) => Date.parse(e.at));
	const first = Math.min(...times);
	const last = Math.max(...times);
	const span = (last - first) / 1000;
	const overall = accepted / span;
	const steadyFrom = first + 500;
	const steadyAccepted = log.filter(
		(e) => e.status === 200 && Date.parse(e.at) >= steadyFrom,
	).length;
	const steady = steadyAccepted / ((last - steadyFrom) / 1000);
	/** @type {number[]} */
	const perSecond = [0, 0, 0];
	for (const e of log)
		if (e.status === 200) perSecond[Math.min(2, Math.floor((Date.parse(e.at) - first) / 1000))]++;
	process.stdout.write(
		`rate limiter: offered 600 in ${span.toFixed(3)} s (${(600 / span).toFixed(1)}/s); accepted ${accepted} → ${overall.toFixed(1)}/s overall, ` +
			`${steady.toFixed(1)}/s after the first 500 ms; per second ${perSecond.join('/')}; 429: ${limited.length}\n`,
	);
	expect(span).toBeGreaterThan(2.7);
	expect(600 / span).toBeGreaterThan(180); // we really offered ~200/s
	expect(Math.abs(overall - 100)).toBeLessThanOrEqual(5);
	expect(Math.abs(steady - 100)).toBeLessThanOrEqual(5);
}, 20000);
