// @ts-check
'use strict';
/**
 * The rate limiter measured: 200 req/s offered for 3 s against one token (10 concurrent requests
 * every 50 ms over a keep-alive agent). Accepted requests per second must be 100 ± 5 and every
 * other answer a 429 with Retry-After. Then the other model (a rolling 1,000 ms window), the other
 * scope (one budget per vendor key), and the arrivals histogram (GET /sandbox/requests/rate).
 *
 * What is measured: arrival times as the sandbox logged them (its request log), so client-side
 * scheduling jitter does not count. Two figures are asserted:
 *   - overall: all accepted requests / (last arrival − first arrival); it includes the bucket's
 *     initial burst (capacity 10), which is why the burst is kept small;
 *   - steady state: accepted requests arriving after the first 500 ms / the remaining duration.
 */
const http = require('node:http');
const axios = require('axios').default;
const { startSandbox, sleep, client, makeToken } = require('./helpers');
const { RateLimiter } = require('../../sandbox/ratelimit');
const { maxInAnyWindow } = require('../../sandbox/ratehistogram');
const { parseArgs } = require('../../sandbox/cli');

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

/**
 * Offer 200 req/s for 3 s (PER_TICK concurrent GET /organization every TICK_MS) with the default
 * partner's token, after a pause that empties any earlier use of it.
 * @param {import('../../sandbox').Sandbox} target
 */
async function offer200PerSecond(target) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const api = axios.create({
		baseURL: target.apiUrl,
		validateStatus: () => true,
		httpAgent: agent,
		headers: { 'GRADIENT-TOKEN': target.token },
	});
	await api.get('/organization', { headers: { 'GRADIENT-TOKEN': 'warm-up-other-token' } }); // open a socket, other bucket
	await sleep(1100); // any earlier use of this token is forgotten (bucket full again)
	const since = target.log.nextSeq - 1;

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
	return { since, results };
}

test('200 req/s offered for 3 s → 100 ± 5 accepted per second, the rest 429 with Retry-After', async () => {
	const { since, results } = await offer200PerSecond(sb);

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

describe('window model (at most N accepted in any 1,000 ms)', () => {
	test('unit: N at once, then one more exactly when the oldest leaves the window', () => {
		const rl = new RateLimiter({ perSecond: 100, burst: 10, model: 'window' });
		let ok = 0;
		for (let i = 0; i < 150; i++) if (rl.take('t', i).ok) ok++; // 150 offers in the first 150 ms
		expect(ok).toBe(100);
		expect(rl.take('t', 999)).toEqual({ ok: false, retryAfterSeconds: 1 }); // the first left at 0 + 1000
		expect(rl.take('t', 1000).ok).toBe(true); // accept time 0 has left
		expect(rl.take('t', 1000).ok).toBe(false); // 1 .. 99 and 1000 are in (0, 1000]
		expect(rl.take('other', 1000).ok).toBe(true); // per token
	});

	test('unit: 200 offers/s for 10 s → exactly 100 per second and never more than 100 in any 1,000 ms', () => {
		const rl = new RateLimiter({ perSecond: 100, burst: 10, model: 'window' });
		/** @type {number[]} */
		const accepted = [];
		for (let k = 0; k < 2000; k++) {
			const at = k * 5 + (k % 7); // uneven spacing
			const v = rl.take('t', at);
			if (v.ok) accepted.push(at);
			else expect(v.retryAfterSeconds).toBe(1);
		}
		expect(maxInAnyWindow(accepted)).toBe(100);
		expect(accepted).toHaveLength(1000);
		/** @type {number[]} */
		const perSecond = Array(10).fill(0);
		for (const at of accepted) perSecond[Math.floor(at / 1000)]++;
		expect(perSecond).toEqual(Array(10).fill(100));
	});

	test('maxInAnyWindow counts any [t, t + 1000), not calendar seconds', () => {
		expect(maxInAnyWindow([])).toBe(0);
		expect(maxInAnyWindow([0, 999, 1000])).toBe(2);
		expect(maxInAnyWindow([900, 950, 1050, 1100, 2000])).toBe(4); // 2 in each calendar second
	});

	test('200 req/s offered for 3 s → never more than 100 accepted in any 1,000 ms, ~100/s overall, the rest 429', async () => {
		const wb = await startSandbox({ port: 0, quiet: true, rateLimit: { model: 'window' } });
		try {
			const { since, results } = await offer200PerSecond(wb);
			const accepted = results.filter((r) => r.status === 200).length;
			const limited = results.filter((r) => r.status === 429);
			expect(accepted + limited.length).toBe(600);
			for (const r of limited) expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);

			const c = client(wb);
			const rate = (await c.admin('GET', `/sandbox/requests/rate?scope=token&route=getIntegration&since=${since}`)).data;
			expect(rate.complete).toBe(true);
			expect(rate.total).toEqual({ arrived: 600, accepted, refused: limited.length });
			expect(rate.keys).toHaveLength(1);
			expect(rate.keys[0].key).toBe(wb.defaultPartnerId);
			expect(rate.maxAcceptedInAnyWindow).toBeLessThanOrEqual(100);
			expect(rate.maxAcceptedInAnyWindow).toBeGreaterThanOrEqual(95);
			expect(rate.maxArrivedInAnyWindow).toBeGreaterThan(180); // we really offered ~200/s

			const log = wb.log.list({ since, route: 'getIntegration' });
			const first = Math.min(...log.map((e) => e.arrivedMs));
			const last = Math.max(...log.map((e) => e.arrivedMs));
			const span = (last - first) / 1000;
			/** @type {number[]} */
			const perSecond = [0, 0, 0];
			for (const e of log) if (e.status === 200) perSecond[Math.min(2, Math.floor((e.arrivedMs - first) / 1000))]++;
			process.stdout.write(
				`window limiter: offered 600 in ${span.toFixed(3)} s; accepted ${accepted} → ${(accepted / span).toFixed(1)}/s overall; ` +
					`per second ${perSecond.join('/')}; most in any 1,000 ms: ${rate.maxAcceptedInAnyWindow} accepted, ` +
					`${rate.maxArrivedInAnyWindow} arrived; 429: ${limited.length}\n`,
			);
			expect(span).toBeGreaterThan(2.7);
			expect(Math.abs(accepted / span - 100)).toBeLessThanOrEqual(5);
			for (const n of perSecond) expect(n).toBeGreaterThanOrEqual(95);
			for (const n of perSecond) expect(n).toBeLessThanOrEqual(100);
		} finally {
			await wb.close();
		}
	}, 20000);
});

describe('vendor scope (one budget per vendor key)', () => {
	test('unit: the partners of one vendor share a budget, two vendors do not, an undecodable token keeps its own', () => {
		const rl = new RateLimiter({ perSecond: 5, burst: 5, model: 'window', scope: 'vendor' });
		const a1 = makeToken('vendor-a', 'partner-1');
		const a2 = makeToken('vendor-a', 'partner-2');
		const b1 = makeToken('vendor-b', 'partner-1');
		for (let i = 0; i < 5; i++) expect(rl.take(i % 2 ? a1 : a2, 0).ok).toBe(true);
		expect(rl.take(a1, 1).ok).toBe(false);
		expect(rl.take(a2, 1).ok).toBe(false);
		expect(rl.take(b1, 1).ok).toBe(true);
		expect(rl.take('not base64 !', 1).ok).toBe(true);
		rl.configure({ perSecond: 5, burst: 5, model: 'window', scope: 'token' });
		for (let i = 0; i < 5; i++) expect(rl.take(a1, 0).ok).toBe(true);
		expect(rl.take(a2, 0).ok).toBe(true); // per token again
		expect(() => rl.configure({ perSecond: 5, burst: 5, scope: /** @type {any} */ ('ip') })).toThrow(/scope must be token or vendor/);
	});

	test('over HTTP: two partners of the vendor share 10/s, another vendor key has its own; the histogram counts every arrival', async () => {
		const vb = await startSandbox({ port: 0, quiet: true, rateLimit: { perSecond: 10, model: 'window', scope: 'vendor' } });
		try {
			const c = client(vb);
			const other = vb.addPartner({ name: 'Second MSP' });
			const since = vb.log.nextSeq - 1;
			const tokens = Array.from({ length: 24 }, (_, i) => (i % 2 ? other.token : vb.token));
			const answers = await Promise.all(tokens.map((token) => c.api('GET', '/organization', undefined, { token })));
			const ok = answers.filter((a) => a.status === 200);
			expect(ok).toHaveLength(10); // one budget for both partners
			expect(answers.filter((a) => a.status === 429)).toHaveLength(14);
			// both partners got some: the budget is shared, not one partner's
			expect(new Set(ok.map((a) => a.data.organizationId)).size).toBe(2);

			// another vendor key: its own budget (limited before auth, so its requests are 401s, not 429s)
			const stranger = makeToken('another-vendor', 'x');
			const strangers = await Promise.all(Array.from({ length: 12 }, () => c.api('GET', '/organization', undefined, { token: stranger })));
			expect(strangers.map((a) => a.status).sort()).toEqual([...Array(10).fill(401), 429, 429]);
			expect((await c.api('GET', '/organization')).status).toBe(429); // the sandbox vendor's budget is still spent

			const rate = (await c.admin('GET', `/sandbox/requests/rate?scope=vendor&since=${since}`)).data;
			expect(rate.scope).toBe('vendor');
			expect(rate.total).toEqual({ arrived: 37, accepted: 20, refused: 17 });
			const mine = rate.keys.find((/** @type {any} */ k) => k.key === vb.state.vendor.id);
			expect(mine).toMatchObject({ arrived: 25, accepted: 10, refused: 15, maxArrivedInAnyWindow: 25, maxAcceptedInAnyWindow: 10 });
			const theirs = rate.keys.find((/** @type {any} */ k) => k.key.startsWith('vendor:'));
			expect(theirs).toMatchObject({ arrived: 12, accepted: 10, refused: 2, maxAcceptedInAnyWindow: 10 });
			expect(rate.maxAcceptedInAnyWindow).toBe(10);
			const sum = rate.perSecond.reduce(
				(/** @type {any} */ s, /** @type {any} */ p) => ({ arrived: s.arrived + p.arrived, accepted: s.accepted + p.accepted, refused: s.refused + p.refused }),
				{ arrived: 0, accepted: 0, refused: 0 },
			);
			expect(sum).toEqual(rate.total);
			for (const p of rate.perSecond) expect(Number.isInteger(p.second)).toBe(true);

			// one vendor's budget, narrowed with key=; by token the two partners are two budgets
			const only = (await c.admin('GET', `/sandbox/requests/rate?scope=vendor&key=${vb.state.vendor.id}&since=${since}`)).data;
			expect(only.total).toEqual({ arrived: 25, accepted: 10, refused: 15 });
			const byToken = (await c.admin('GET', `/sandbox/requests/rate?scope=token&since=${since}`)).data;
			expect(byToken.keys.map((/** @type {any} */ k) => k.key).sort()).toEqual(
				[vb.defaultPartnerId, other.partnerId, expect.stringMatching(/^token:[0-9a-f]{12}$/)].sort(),
			);

			// every logged request has its arrival time and status, the refused ones too; no token in the log
			const log = vb.log.list({ since });
			expect(log).toHaveLength(37);
			for (const e of log) expect(Number.isInteger(e.arrivedMs)).toBe(true);
			expect(log.filter((e) => e.status === 429)).toHaveLength(17);
			expect(JSON.stringify(log)).not.toContain(other.token);
			expect(JSON.stringify(log)).not.toContain(stranger);

			expect((await c.admin('GET', '/sandbox/requests/rate?scope=ip')).status).toBe(400);
			expect((await c.admin('GET', '/sandbox/requests/rate?since=-1')).status).toBe(400);
		} finally {
			await vb.close();
		}
	});
});

test('model and scope are configurable at runtime (admin), at start (options) and on the command line', async () => {
	const c = client(sb);
	const before = (await c.admin('GET', '/sandbox/config')).data.rateLimit;
	expect(before).toEqual({ perSecond: 100, burst: 10, enabled: true, model: 'bucket', scope: 'token' });
	try {
		const set = await c.admin('POST', '/sandbox/config', { rateLimit: { perSecond: 3, model: 'window', scope: 'vendor' } });
		expect(set.data.rateLimit).toEqual({ perSecond: 3, burst: 10, enabled: true, model: 'window', scope: 'vendor' });
		const other = sb.addPartner(); // a change of config starts every budget afresh
		const statuses = [];
		for (const token of [sb.token, other.token, sb.token, other.token]) statuses.push((await c.api('GET', '/organization', undefined, { token })).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
		expect((await c.admin('POST', '/sandbox/config', { rateLimit: { model: 'leaky' } })).status).toBe(400);
		expect((await c.admin('POST', '/sandbox/config', { rateLimit: { scope: 'ip' } })).status).toBe(400);
	} finally {
		await c.admin('POST', '/sandbox/config', { rateLimit: before });
	}
	await expect(startSandbox({ port: 0, quiet: true, rateLimit: { model: /** @type {any} */ ('leaky') } })).rejects.toThrow(
		/model must be bucket or window/,
	);
	expect(parseArgs(['--rate-model', 'window', '--rate-scope=vendor', '--rate-limit', '50'])).toEqual({
		rateLimit: { perSecond: 50, model: 'window', scope: 'vendor' },
	});
	expect(parseArgs(['--rate-scope', 'vendor'])).toEqual({ rateLimit: { scope: 'vendor' } });
	expect(() => parseArgs(['--rate-model', 'leaky'])).toThrow('--rate-model must be bucket or window');
	expect(() => parseArgs(['--rate-limit', 'off', '--rate-scope', 'vendor'])).toThrow(/need the rate limit on/);
});
