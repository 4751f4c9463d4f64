// @ts-check
'use strict';
/**
 * The sandbox at the size of a 500-partner scale test: 500 partners with 100 mapped accounts each
 * seeded in one call (POST /sandbox/partners/bulk), counts accepted for their (account, service)
 * pairs, GET /sandbox/billing/summary against a ledger kept here, and memory that stays bounded
 * (the request log's cap, the per-pair history cap) however many counts are pushed.
 */
const { startSandbox, client, makeToken } = require('./helpers');

const PARTNERS = 500;
const ACCOUNTS = 100;

/**
 * Two vendor services, then 500 × 100 in bulk.
 * @param {import('../../sandbox').Sandbox} sb
 */
async function seedScale(sb) {
	const c = client(sb);
	/** @type {string[]} */
	const skus = [];
	for (const name of ['Managed Devices', 'Backup Seats']) {
		const r = await c.api('POST', '/service', { name, description: name, category: 'other', subcategory: 'other' });
		expect(r.status).toBe(201);
		skus.push(r.data.skus.find((/** @type {any} */ s) => s.name === name).id);
	}
	const heapBefore = process.memoryUsage().heapUsed;
	const t0 = performance.now();
	const bulk = await c.admin('POST', '/sandbox/partners/bulk', { count: PARTNERS, prefix: 'scale', accountsPerPartner: ACCOUNTS });
	const ms = performance.now() - t0;
	const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
	return { c, skus, bulk, ms, heapMb };
}

describe('500 partners × 100 accounts in bulk', () => {
	/** @type {import('../../sandbox').Sandbox} */
	let sb;
	/** @type {Awaited<ReturnType<typeof seedScale>>} */
	let seeded;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0, quiet: true, seed: 'empty', rateLimit: false, rebuildDebounceMs: 50 });
		seeded = await seedScale(sb);
	}, 30000);
	afterAll(() => sb.close());

	test('one call, in a few seconds: deterministic names and keys, tokens that work, accounts mapped to PSA clients, services mapped', async () => {
		const { c, skus, bulk, ms, heapMb } = seeded;
		process.stdout.write(`bulk seeding: ${PARTNERS} partners × ${ACCOUNTS} accounts in ${ms.toFixed(0)} ms (heap +${heapMb.toFixed(0)} MB, not collected)\n`);
		expect(bulk.status).toBe(201);
		expect(ms).toBeLessThan(5000);
		expect(heapMb).toBeLessThan(200);
		expect(bulk.data).toMatchObject({ count: PARTNERS, accountsPerPartner: ACCOUNTS, servicesMapped: skus });
		const partners = bulk.data.partners;
		expect(partners).toHaveLength(PARTNERS);
		expect(partners[0]).toEqual({
			index: 1,
			name: 'scale-partner-1',
			partnerId: expect.stringMatching(/^[0-9a-f]{24}$/),
			organizationId: partners[0].partnerId,
			partnerKey: 'scale-partner-key-1',
			token: makeToken(sb.vendorKey, 'scale-partner-key-1'),
			accounts: ACCOUNTS,
			accountIdPrefix: 'scale-1-account-',
		});
		expect(partners[PARTNERS - 1]).toMatchObject({ index: PARTNERS, partnerKey: `scale-partner-key-${PARTNERS}` });
		expect(new Set(partners.map((/** @type {any} */ p) => p.partnerId)).size).toBe(PARTNERS);
		expect((await c.admin('GET', '/sandbox/partners')).data).toHaveLength(PARTNERS + 1);

		for (const p of [partners[0], partners[249], partners[PARTNERS - 1]]) {
			const org = await c.api('GET', '/organization', undefined, { token: p.token });
			expect(org.status).toBe(200);
			expect(org.data).toMatchObject({ organizationId: p.organizationId, name: p.name, status: 'inactive' });
			const accounts = (await c.api('GET', '/organization/accounts', undefined, { token: p.token })).data;
			expect(accounts).toHaveLength(ACCOUNTS);
			expect(accounts[ACCOUNTS - 1]).toMatchObject({ id: `${p.accountIdPrefix}${ACCOUNTS}`, isMapped: true, mappingId: expect.stringMatching(/^[0-9a-f]{24}$/) });
			expect(accounts.every((/** @type {any} */ a) => a.isMapped)).toBe(true);
			const clients = (await c.api('GET', `/organization/clients?search=${encodeURIComponent(`${p.name} customer 7`)}`, undefined, { token: p.token })).data.clients;
			expect(clients.map((/** @type {any} */ x) => x.name)).toContain(`${p.name} customer 7`);
		}
		const state = sb.state.partners[partners[0].partnerId];
		expect(state.accounts.every((a) => a.mappedClientId !== null)).toBe(true);
		expect(Object.keys(state.serviceMap).sort()).toEqual([...skus].sort());
	});

	test('counts for every partner and every (account, service) pair of a sample are accepted; the summary matches a ledger', async () => {
		const { c, skus, bulk } = seeded;
		const partners = bulk.data.partners;
		/** @type {Map<string, Map<string, number>>} partnerId → pair → latest value */
		const ledger = new Map();
		/** @type {Array<{ p: any, accountId: string, serviceId: string, unitCount: number }>} */
		const pushes = [];
		// one pair of every partner, and every pair of four partners
		partners.forEach((/** @type {any} */ p, /** @type {number} */ k) => pushes.push({ p, accountId: `${p.accountIdPrefix}${(k % ACCOUNTS) + 1}`, serviceId: skus[k % 2], unitCount: k }));
		for (const p of [partners[1], partners[100], partners[300], partners[PARTNERS - 2]]) {
			for (let n = 1; n <= ACCOUNTS; n++) for (const serviceId of skus) pushes.push({ p, accountId: `${p.accountIdPrefix}${n}`, serviceId, unitCount: n * 2.5 });
		}
		let next = 0;
		/** @type {number[]} */
		const statuses = [];
		await Promise.all(
			Array.from({ length: 32 }, async () => {
				while (next < pushes.length) {
					const { p, accountId, serviceId, unitCount } = pushes[next++];
					const r = await c.api('POST', `/service/${serviceId}/count`, { accountId, unitCount }, { token: p.token });
					statuses.push(r.status);
					if (r.status === 201) {
						if (!ledger.has(p.partnerId)) ledger.set(p.partnerId, new Map());
						/** @type {Map<string, number>} */ (ledger.get(p.partnerId)).set(`${accountId} ${serviceId}`, unitCount);
					}
				}
			}),
		);
		expect(statuses.filter((s) => s !== 201)).toEqual([]);
		expect(statuses).toHaveLength(PARTNERS + 4 * ACCOUNTS * 2);

		await new Promise((r) => setTimeout(r, 300)); // the debounced rebuilds
		const summary = (await c.admin('GET', '/sandbox/billing/summary')).data;
		expect(summary.partners).toHaveLength(PARTNERS + 1);
		let counts = 0;
		let unitSum = 0;
		for (const p of partners) {
			const row = summary.partners.find((/** @type {any} */ r) => r.partnerId === p.partnerId);
			const mine = ledger.get(p.partnerId) ?? new Map();
			const sum = [...mine.values()].reduce((a, b) => a + b, 0);
			expect({ partner: p.name, counts: row.counts, unitSum: row.unitSum }).toEqual({ partner: p.name, counts: mine.size, unitSum: sum });
			expect(row.billing).toMatchObject({ pending: false, viewRows: mine.size, viewUnitSum: sum });
			expect(row).toMatchObject({ accounts: ACCOUNTS, mappedAccounts: ACCOUNTS, status: 'active' });
			counts += mine.size;
			unitSum += sum;
		}
		expect(summary.totals).toMatchObject({ partners: PARTNERS + 1, accounts: PARTNERS * ACCOUNTS, counts, unitSum, viewRows: counts, viewUnitSum: unitSum, pending: 0 });
		expect(summary.totals.pushes).toBe(statuses.length);
		const one = (await c.admin('GET', `/sandbox/billing/summary?partner=${partners[100].partnerId}`)).data;
		expect(one.partners).toHaveLength(1);
		expect(one.partners[0]).toMatchObject({ counts: 2 * ACCOUNTS, unitSum: 2 * 2.5 * (ACCOUNTS * (ACCOUNTS + 1)) / 2 });
		// Pair by pair, in a ledger's shape (service → account → count), for one partner and for all.
		for (const p of [partners[0], partners[100]]) {
			const [row] = (await c.admin('GET', `/sandbox/billing/counts?partner=${p.partnerId}`)).data.partners;
			/** @type {Record<string, Record<string, number>>} */
			const mine = {};
			for (const [pair, unitCount] of ledger.get(p.partnerId) ?? new Map()) {
				const [accountId, serviceId] = pair.split(' ');
				(mine[serviceId] ??= {})[accountId] = unitCount;
			}
			expect(row).toEqual({ partnerId: p.partnerId, name: p.name, pairs: Object.values(mine).reduce((n, a) => n + Object.keys(a).length, 0), pushes: summary.partners.find((/** @type {any} */ r) => r.partnerId === p.partnerId).pushes, counts: mine });
		}
		const all = (await c.admin('GET', '/sandbox/billing/counts')).data.partners;
		expect(all).toHaveLength(PARTNERS + 1);
		expect(all.reduce((/** @type {number} */ n, /** @type {any} */ r) => n + r.pairs, 0)).toBe(counts);
		// a row per partner, no row per count
		expect(JSON.stringify(summary).length).toBeLessThan(400 * (PARTNERS + 1));
		expect(summary.partners.some((/** @type {any} */ r) => Object.values(r).some(Array.isArray))).toBe(false);
	}, 30000);

	test('all-or-nothing on a key that exists; bad bodies are 400s', async () => {
		const { c } = seeded;
		const before = (await c.admin('GET', '/sandbox/partners')).data.length;
		const again = await c.admin('POST', '/sandbox/partners/bulk', { count: 3, prefix: 'scale', start: PARTNERS });
		expect(again.status).toBe(409);
		expect((await c.admin('GET', '/sandbox/partners')).data).toHaveLength(before);
		for (const body of [
			{ count: 0 },
			{ count: 1.5 },
			{ count: 5001 },
			{ count: 1, prefix: 'a b' },
			{ count: 1, accountsPerPartner: -1 },
			{ count: 2000, accountsPerPartner: 1000 },
			{ count: 1, mapAccounts: 'yes' },
			{ count: 1, accountIdPrefix: '' },
			{ count: 1, colour: 'blue' },
		]) {
			expect({ body, status: (await c.admin('POST', '/sandbox/partners/bulk', body)).status }).toEqual({ body, status: 400 });
		}
		expect((await c.admin('GET', '/sandbox/partners')).data).toHaveLength(before);
	});
});

test('bulk seeding is deterministic, and its options do what they say', async () => {
	const a = await startSandbox({ port: 0, quiet: true, seed: 'empty', rateLimit: false });
	const b = await startSandbox({ port: 0, quiet: true, seed: 'empty', rateLimit: false });
	try {
		const opts = { count: 3, prefix: 'det', accountsPerPartner: 2, accountIdPrefix: 'shared-' };
		const ra = a.addPartners(opts);
		const rb = (await client(b).admin('POST', '/sandbox/partners/bulk', opts)).data;
		expect(rb).toEqual(ra); // same ids, keys and tokens from the same seed
		expect(ra.partners.map((p) => p.accountIdPrefix)).toEqual(['shared-', 'shared-', 'shared-']); // no {i}: the same ids
		expect(ra.servicesMapped).toEqual([]); // the vendor has no service yet

		const plain = a.addPartners({ count: 1, prefix: 'plain', accountsPerPartner: 3, mapAccounts: false, psaClients: false, start: 7 });
		expect(plain.partners[0]).toMatchObject({ index: 7, name: 'plain-partner-7', accountIdPrefix: 'plain-7-account-' });
		const p = a.state.partners[plain.partners[0].partnerId];
		expect(p.accounts.map((x) => [x.id, x.mapped])).toEqual([
			['plain-7-account-1', false],
			['plain-7-account-2', false],
			['plain-7-account-3', false],
		]);
		expect(p.clients).toHaveLength(5); // only the five every added partner gets
	} finally {
		await a.close();
		await b.close();
	}
});

test('memory stays bounded however many counts are pushed: the request log keeps its last N, each pair its last historyLimit values', async () => {
	const sb = await startSandbox({ port: 0, quiet: true, seed: 'empty', rateLimit: false, requestLogSize: 500, rebuildDebounceMs: 20 });
	try {
		const c = client(sb);
		await c.admin('POST', '/sandbox/config', { historyLimit: 3 });
		const svc = await c.api('POST', '/service', { name: 'Seats', description: 'Seats', category: 'other', subcategory: 'other' });
		const serviceId = svc.data.skus[0].id;
		const [p] = sb.addPartners({ count: 1, prefix: 'bounded', accountsPerPartner: 20 }).partners;
		const PUSHES = 3000;
		let next = 0;
		await Promise.all(
			Array.from({ length: 16 }, async () => {
				while (next < PUSHES) {
					const k = next++;
					const r = await c.api('POST', `/service/${serviceId}/count`, { accountId: `${p.accountIdPrefix}${(k % 20) + 1}`, unitCount: k }, { token: p.token });
					expect(r.status).toBe(201);
				}
			}),
		);
		expect(sb.log.entries).toHaveLength(500);
		expect(sb.log.list()).toHaveLength(500);
		expect(sb.log.counts().total).toBe(PUSHES + 1);
		const counts = Object.values(sb.state.partners[p.partnerId].counts);
		expect(counts).toHaveLength(20); // one per pair
		for (const cnt of counts) {
			expect(cnt.history).toHaveLength(3);
			expect(cnt.pushes).toBe(PUSHES / 20);
		}
		const summary = (await c.admin('GET', `/sandbox/billing/summary?partner=${p.partnerId}`)).data;
		expect(summary.totals).toMatchObject({ counts: 20, pushes: PUSHES });
		// the rate histogram says when the log no longer holds every request since `since`
		expect((await c.admin('GET', '/sandbox/requests/rate?since=0')).data.complete).toBe(false);
		expect((await c.admin('GET', `/sandbox/requests/rate?since=${sb.log.nextSeq - 100}`)).data).toMatchObject({ complete: true, total: { arrived: 99 } });
	} finally {
		await sb.close();
	}
}, 30000);
