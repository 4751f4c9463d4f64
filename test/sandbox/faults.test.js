// @ts-check
'use strict';
/** Deterministic fault injection (POST /sandbox/faults). */
const { startSandbox, client, setupBilling } = require('./helpers');

/** @type {import('../../sandbox').Sandbox} */
let sb;
/** @type {ReturnType<typeof client>} */
let c;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, quiet: true, rateLimit: false, alertTicketDelayMs: 50 });
	c = client(sb);
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

/** @param {unknown} body */
const setFaults = async (body) => {
	const r = await c.admin('POST', '/sandbox/faults', body);
	expect(r.status).toBe(200);
	return r.data;
};

describe('fault injection', () => {
	test('the same seed gives the same fault sequence; another seed another one', async () => {
		const run = async (/** @type {number} */ seed) => {
			await setFaults({ seed, rules: [{ type: 'status', statuses: [500, 502, 503], rate: 0.3 }] });
			const seq = [];
			for (let i = 0; i < 40; i++) seq.push((await c.api('GET', '/organization')).status);
			return seq;
		};
		const a = await run(42);
		const b = await run(42);
		const other = await run(7);
		expect(a).toEqual(b);
		expect(a).not.toEqual(other);
		const faulted = a.filter((s) => s !== 200);
		expect(faulted.length).toBeGreaterThan(3);
		expect(faulted.length).toBeLessThan(25);
		for (const s of faulted) expect([500, 502, 503]).toContain(s);
		const state = (await c.admin('GET', '/sandbox/state')).data.faults;
		expect(state.fired.status).toBe(other.filter((s) => s !== 200).length);
	});

	test('phase before: the request is not processed; phase after: it is processed, then answered with the fault', async () => {
		const { serviceId } = await setupBilling(c);
		await setFaults({
			seed: 1,
			rules: [{ route: 'setUnitCount', type: 'status', statuses: [502], phase: 'before' }],
		});
		const before = await c.api('POST', `/service/${serviceId}/count`, {
			accountId: 'acct-1',
			unitCount: 5,
		});
		expect(before.status).toBe(502);
		expect(before.data).toEqual({ statusCode: 502, message: 'Bad Gateway' });
		expect(sb.snapshot().partners[0].counts).toEqual([]);
		expect((await c.api('GET', '/organization')).status).toBe(200); // other routes unaffected

		await setFaults({
			seed: 1,
			rules: [{ route: 'setUnitCount', type: 'status', statuses: [502], phase: 'after' }],
		});
		const after = await c.api('POST', `/service/${serviceId}/count`, {
			accountId: 'acct-1',
			unitCount: 6,
		});
		expect(after.status).toBe(502);
		expect(sb.snapshot().partners[0].counts[0]).toMatchObject({
			accountId: 'acct-1',
			unitCount: 6,
		});
		const log = (await c.admin('GET', '/sandbox/requests?route=setUnitCount')).data.requests;
		expect(log.map((/** @type {any} */ e) => [e.status, e.fault])).toEqual([
			[502, 'status'],
			[502, 'status'],
		]);
	});

	test('reset drops the connection; malformed answers invalid JSON; html answers a 502 page', async () => {
		await setFaults({ rules: [{ route: 'getIntegration', type: 'reset', count: 1 }] });
		await expect(
			c.http.get('/api/vendor-api/organization', { headers: { 'GRADIENT-TOKEN': sb.token } }),
		).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/) });
		expect((await c.api('GET', '/organization')).status).toBe(200); // count: 1 → fired once

		await setFaults({
			rules: [{ route: 'GET /api/vendor-api/organization', type: 'malformed', phase: 'after' }],
		});
		const bad = await c.http.get('/api/vendor-api/organization', {
			headers: { 'GRADIENT-TOKEN': sb.token },
			responseType: 'text',
			transformResponse: (x) => x,
		});
		expect(bad.status).toBe(200);
		expect(() => JSON.parse(bad.data)).toThrow();

		await setFaults({ rules: [{ type: 'html' }] });
		const html = await c.api('GET', '/organization');
		expect(html.status).toBe(502);
		expect(String(html.headers['content-type'])).toMatch(/text\/html/);
		expect(String(html.data)).toContain('502 Bad Gateway');
	});

	test('forbidden (403 anomaly), burst429 with and without Retry-After, latency', async () => {
		await setFaults({ rules: [{ type: 'forbidden', count: 1 }] });
		expect(await c.api('GET', '/organization')).toMatchObject({
			status: 403,
			data: { statusCode: 403, message: 'Forbidden' },
		});

		await setFaults({ rules: [{ type: 'burst429', count: 3 }] });
		const statuses = [];
		for (let i = 0; i < 4; i++) {
			const r = await c.api('GET', '/organization');
			statuses.push(r.status);
			if (r.status === 429) {
				expect(r.headers['retry-after']).toBe('1');
				expect(r.data).toEqual({
					statusCode: 429,
					message: 'Request limit reached (100 requests a second)',
				});
			}
		}
		expect(statuses).toEqual([429, 429, 429, 200]);
		await setFaults({ rules: [{ type: 'burst429', count: 1, retryAfter: false }] });
		const noHeader = await c.api('GET', '/organization');
		expect(noHeader.status).toBe(429);
		expect(noHeader.headers['retry-after']).toBeUndefined();

		await setFaults({ rules: [{ type: 'latency', minMs: 150, maxMs: 200 }] });
		const t0 = Date.now();
		expect((await c.api('GET', '/organization')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
	});

	test('skip lets the first N matching requests through: a 429 burst in the middle of a run', async () => {
		await setFaults({ rules: [{ type: 'burst429', count: 2, skip: 3, route: 'getIntegration' }] });
		const statuses = [];
		for (let i = 0; i < 6; i++) statuses.push((await c.api('GET', '/organization')).status);
		expect(statuses).toEqual([200, 200, 200, 429, 429, 200]);
		const logged = (await c.admin('GET', '/sandbox/requests?since=0')).data.requests;
		expect(logged.map((/** @type {any} */ r) => r.faultPhase ?? null)).toEqual([null, null, null, 'before', 'before', null]);
		// The request log tells a write that was processed before its answer was replaced.
		await setFaults({ rules: [{ type: 'status', statuses: [502], count: 1, phase: 'after', route: 'getIntegration' }] });
		const since = logged.at(-1).seq;
		expect((await c.api('GET', '/organization')).status).toBe(502);
		const [after] = (await c.admin('GET', `/sandbox/requests?since=${since}`)).data.requests;
		expect(after).toMatchObject({ status: 502, fault: 'status', faultPhase: 'after' });
		// Other routes do not advance the rule's own count of matching requests.
		await setFaults({ rules: [{ type: 'status', statuses: [503], skip: 1, count: 1, route: 'getIntegration' }] });
		expect((await c.api('GET', '/organization/accounts')).status).toBe(200);
		expect((await c.api('GET', '/organization')).status).toBe(200);
		expect((await c.api('GET', '/organization')).status).toBe(503);
		const refused = await c.admin('POST', '/sandbox/faults', { rules: [{ type: 'reset', skip: -1 }] });
		expect(refused.status).toBe(400);
	});

	test('route globs match method + path; admin routes are never faulted; DELETE clears and reports', async () => {
		const { serviceId } = await setupBilling(c);
		await setFaults({
			seed: 3,
			rules: [{ route: 'POST /api/vendor-api/service/*/count', type: 'status', statuses: [503] }],
		});
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.status,
		).toBe(503);
		expect((await c.api('GET', `/service/${serviceId}`)).status).toBe(200);
		expect((await c.admin('GET', '/sandbox/state')).status).toBe(200);
		const cleared = await c.admin('DELETE', '/sandbox/faults');
		expect(cleared.data).toEqual({ cleared: true, fired: { status: 1 } });
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.status,
		).toBe(201);
		expect((await c.admin('POST', '/sandbox/faults', { rules: [{ type: 'nope' }] })).status).toBe(
			400,
		);
	});

	test('a rule with `partner` faults only the requests of that partner', async () => {
		const other = await sb.addPartner({ name: 'Other MSP' });
		const otherToken = Buffer.from(`${sb.vendorKey}:${other.partnerKey}`).toString('base64');
		await setFaults({ rules: [{ type: 'forbidden', route: 'getIntegration', partner: other.partnerId }] });
		const statuses = [];
		for (let i = 0; i < 3; i++) {
			statuses.push((await c.api('GET', '/organization')).status);
			statuses.push((await c.api('GET', '/organization', undefined, { token: otherToken })).status);
		}
		expect(statuses).toEqual([200, 403, 200, 403, 200, 403]);
		const bad = await c.admin('POST', '/sandbox/faults', { rules: [{ type: 'forbidden', partner: 7 }] });
		expect(bad.status).toBe(400);
	});

	test('fired counts only the faults that fired: an after fault overridden by a before fault is not counted, and the log says which fired in which phase', async () => {
		const { serviceId } = await setupBilling(c);
		await setFaults({
			seed: 5,
			rules: [
				// Drawn first for every request, then overridden by the before fault of the next rule.
				{ route: 'setUnitCount', type: 'status', statuses: [502], phase: 'after', count: 1 },
				{ route: 'setUnitCount', type: 'status', statuses: [503], phase: 'before', count: 2 },
			],
		});
		const since = sb.log.nextSeq - 1;
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: i })).status);
		// Two requests stopped before processing, then the after fault (its count unused so far) fires.
		expect(statuses).toEqual([503, 503, 502]);
		expect(sb.log.list({ since }).map((entry) => [entry.fault, entry.faultPhase])).toEqual([
			['status', 'before'],
			['status', 'before'],
			['status', 'after'],
		]);
		const state = (await c.admin('GET', '/sandbox/faults')).data;
		expect(state.fired).toEqual({ status: 3 });
		expect(state.rules.map((/** @type {any} */ rule) => rule.fired)).toEqual([1, 2]);
		expect(sb.snapshot().partners[0].counts.map((/** @type {any} */ count) => count.unitCount)).toEqual([2]);
	});
});
