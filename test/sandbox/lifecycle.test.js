// @ts-check
'use strict';
/**
 * Behaviour across calls: status lifecycle, disconnect and key regeneration, multi-partner
 * isolation, no_build and the debounced billing rebuild, alert tickets and de-duplication,
 * client paging, and the admin API.
 */
const {
	startSandbox,
	client,
	setupBilling,
	sleep,
	waitFor,
	makeToken,
	DEFAULT_VENDOR_KEY,
} = require('./helpers');

const DEBOUNCE = 120;
const TICKET_DELAY = 120;

/** @type {import('../../sandbox').Sandbox} */
let sb;
/** @type {ReturnType<typeof client>} */
let c;

beforeAll(async () => {
	sb = await startSandbox({
		port: 0,
		quiet: true,
		alertTicketDelayMs: TICKET_DELAY,
		rebuildDebounceMs: DEBOUNCE,
		rateLimit: false,
	});
	c = client(sb);
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

const billing = () => sb.snapshot().partners[0].billing;

describe('integration status lifecycle (synthesize-api.md §1.1)', () => {
	test('inactive → pending (PATCH) → active by itself after the first accepted count; lastSyncedAt updated', async () => {
		expect((await c.api('GET', '/organization')).data).toMatchObject({
			status: 'inactive',
			lastSyncedAt: expect.stringMatching(/^1900-/),
		});
		expect((await c.api('PATCH', '/organization/status/Pending')).status).toBe(400);
		expect((await c.api('GET', '/organization')).data.status).toBe('inactive');
		expect((await c.api('PATCH', '/organization/status/pending')).data.data.status).toBe('pending');
		const { serviceId } = await setupBilling(c, { map: false });
		// a rejected (404) count does not activate
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.status,
		).toBe(404);
		expect((await c.api('GET', '/organization')).data.status).toBe('pending');
		await c.admin('POST', '/sandbox/map', { accounts: 'all', services: 'all' });
		const before = Date.now();
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.status,
		).toBe(201);
		const after = (await c.api('GET', '/organization')).data;
		expect(after.status).toBe('active');
		expect(Date.parse(after.lastSyncedAt)).toBeGreaterThanOrEqual(before - 1000);
	});

	test('an accepted alert also activates; disabled/error are not overridden', async () => {
		await c.api('PATCH', '/organization/status/pending');
		expect(
			(await c.api('POST', '/alerting/anything', { title: 't', description: 'd', alertId: 'a' }))
				.status,
		).toBe(201);
		expect((await c.api('GET', '/organization')).data.status).toBe('active');
		await c.api('PATCH', '/organization/status/disabled');
		const { serviceId } = await setupBilling(c);
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 2 }))
				.status,
		).toBe(201);
		expect((await c.api('GET', '/organization')).data.status).toBe('disabled');
	});

	test('POST /sandbox/status sets status and lastSyncedAt as the MSP or Gradient would', async () => {
		const r = await c.admin('POST', '/sandbox/status', {
			status: 'error',
			lastSyncedAt: '2024-02-01T00:00:00Z',
		});
		expect(r.status).toBe(200);
		expect((await c.api('GET', '/organization')).data).toMatchObject({
			status: 'error',
			lastSyncedAt: '2024-02-01T00:00:00.000Z',
		});
		expect((await c.admin('POST', '/sandbox/status', { status: 'Active' })).status).toBe(400);
	});
});

describe('disconnect and key regeneration (synthesize-api.md §1.1)', () => {
	test('disconnect deletes accounts, mappings and counts, sets inactive; the key keeps working', async () => {
		const { serviceId } = await setupBilling(c);
		await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 5 });
		expect((await c.api('GET', '/organization')).data.status).toBe('active');
		const r = await c.admin('POST', '/sandbox/disconnect', {});
		expect(r.data).toMatchObject({ accountsDeleted: 2, status: 'inactive' });
		expect((await c.api('GET', '/organization/accounts')).data).toEqual([]);
		expect((await c.api('GET', '/organization')).data.status).toBe('inactive');
		expect(sb.snapshot().partners[0].counts).toEqual([]);
		// the vendor recreates the accounts after re-authentication: they come back unmapped
		expect(
			(await c.api('POST', '/organization/accounts', [{ id: 'acct-1', name: 'Northwind Traders' }]))
				.status,
		).toBe(201);
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 5 }))
				.status,
		).toBe(404);
	});

	test('regenerate-partner-key: the old token gets 401, the new one works, accounts survive', async () => {
		await setupBilling(c);
		const oldToken = sb.token;
		const r = await c.admin('POST', '/sandbox/regenerate-partner-key', {});
		expect(r.status).toBe(200);
		expect(r.data.token).toBe(makeToken(DEFAULT_VENDOR_KEY, r.data.partnerKey));
		expect(sb.token).toBe(r.data.token);
		expect(
			(await c.api('GET', '/organization/accounts', undefined, { token: oldToken })).status,
		).toBe(401);
		const accounts = await c.api('GET', '/organization/accounts', undefined, {
			token: r.data.token,
		});
		expect(accounts.status).toBe(200);
		expect(accounts.data.map((/** @type {any} */ a) => [a.id, a.isMapped])).toEqual([
			['acct-1', true],
			['acct-2', true],
		]);
		const chosen = await c.admin('POST', '/sandbox/regenerate-partner-key', {
			partnerKey: 'my-new-key',
		});
		expect(chosen.data.token).toBe(makeToken(DEFAULT_VENDOR_KEY, 'my-new-key'));
	});
});

describe('several partners under one vendor', () => {
	test('partner B cannot see A’s accounts, counts, alerts; SKUs are shared', async () => {
		const { serviceId } = await setupBilling(c);
		const alertA = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'a' })
		).data;
		const created = await c.admin('POST', '/sandbox/partners', { name: 'Fabrikam MSP' });
		expect(created.status).toBe(201);
		expect(Object.keys(created.data).sort()).toEqual(['name', 'partnerId', 'partnerKey', 'token']);
		const B = { token: created.data.token };
		expect((await c.api('GET', '/organization', undefined, B)).data).toMatchObject({
			name: 'Fabrikam MSP',
			organizationId: created.data.partnerId,
			status: 'inactive',
		});
		expect((await c.api('GET', '/organization/accounts', undefined, B)).data).toEqual([]);
		expect(
			(await c.api('GET', '', undefined, B)).data.data.skus.map((/** @type {any} */ s) => s.id),
		).toEqual([serviceId]);
		expect((await c.api('GET', `/alerting/debug/${alertA.messageId}`, undefined, B)).status).toBe(
			404,
		);
		// same account id in B is independent; A's mapping does not apply to B
		expect(
			(await c.api('POST', '/organization/accounts', [{ id: 'acct-1', name: 'B one' }], B)).status,
		).toBe(201);
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }, B))
				.status,
		).toBe(404);
		await c.admin('POST', '/sandbox/map', {
			partner: created.data.partnerId,
			accounts: 'all',
			services: 'all',
		});
		expect(
			(
				await c.api(
					'POST',
					`/service/${serviceId}/count`,
					{ accountId: 'acct-1', unitCount: 77 },
					B,
				)
			).status,
		).toBe(201);
		const snap = sb.snapshot();
		expect(snap.partners[0].counts).toEqual([]);
		expect(snap.partners[1].counts[0].unitCount).toBe(77);
		expect(snap.partners[0].accounts.find((/** @type {any} */ a) => a.id === 'acct-1').name).toBe(
			'Northwind Traders',
		);
		expect((await c.api('GET', '/organization', undefined, B)).data.lastSyncedAt).not.toMatch(
			/^1900-/,
		);
		expect((await c.api('GET', '/organization')).data.lastSyncedAt).toMatch(/^1900-/); // A pushed no count
		const list = await c.admin('GET', '/sandbox/partners');
		expect(list.data.map((/** @type {any} */ p) => p.name)).toEqual([
			'Contoso MSP (sandbox)',
			'Fabrikam MSP',
		]);
		expect(JSON.stringify(list.data)).not.toContain(created.data.partnerKey);
		// B has a few PSA clients of its own
		expect(
			(await c.api('GET', '/organization/clients', undefined, B)).data.clients.length,
		).toBeGreaterThan(0);
	});
});

describe('no_build and the debounced billing rebuild (synthesize-api.md §13.3)', () => {
	test('N pushes with no_build=true + 1 without → exactly one rebuild after the debounce, with all counts', async () => {
		const accounts = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, name: `Customer ${i}` }));
		const { serviceId } = await setupBilling(c, { accounts });
		for (let i = 0; i < 5; i++) {
			expect(
				(
					await c.api('POST', `/service/${serviceId}/count?no_build=true`, {
						accountId: `a${i}`,
						unitCount: i + 1,
					})
				).status,
			).toBe(201);
		}
		await sleep(DEBOUNCE + 80);
		expect(billing()).toMatchObject({ rebuilds: 0, rebuildRequests: 0, view: [] }); // stored, not in the billing view
		expect(sb.snapshot().partners[0].counts).toHaveLength(5);
		await c.api('POST', `/service/${serviceId}/count`, { accountId: 'a5', unitCount: 6 });
		expect(billing()).toMatchObject({ rebuilds: 0, rebuildRequests: 1, pending: true });
		await waitFor(async () => billing().rebuilds === 1);
		await sleep(DEBOUNCE + 80);
		const b = billing();
		expect(b).toMatchObject({ rebuilds: 1, rebuildRequests: 1, pending: false });
		expect(b.view.map((/** @type {any} */ r) => r.unitCount).sort()).toEqual([1, 2, 3, 4, 5, 6]);
	});

	test('a burst without no_build is debounced into one rebuild; pushes spaced wider than the debounce rebuild each time', async () => {
		const { serviceId } = await setupBilling(c);
		for (let i = 0; i < 5; i++)
			await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: i });
		await sleep(DEBOUNCE + 100);
		expect(billing()).toMatchObject({ rebuilds: 1, rebuildRequests: 5 });
		for (let i = 0; i < 3; i++) {
			await c.api('POST', `/service/${serviceId}/count`, {
				accountId: 'acct-2',
				unitCount: 10 + i,
			});
			await sleep(DEBOUNCE + 100);
		}
		expect(billing()).toMatchObject({ rebuilds: 4, rebuildRequests: 8 });
		expect(billing().view.find((/** @type {any} */ r) => r.accountId === 'acct-2').unitCount).toBe(
			12,
		);
	});

	test('the billing view drops pairs that are no longer mapped at rebuild time', async () => {
		const { serviceId } = await setupBilling(c);
		await c.api('POST', `/service/${serviceId}/count?no_build=true`, {
			accountId: 'acct-1',
			unitCount: 1,
		});
		await c.api('POST', `/service/${serviceId}/count?no_build=true`, {
			accountId: 'acct-2',
			unitCount: 2,
		});
		await c.admin('POST', '/sandbox/unmap', { accounts: ['acct-2'] });
		const r = await c.admin('POST', '/sandbox/rebuild', {});
		expect(r.data.rebuilds).toBe(1);
		expect(r.data.view.map((/** @type {any} */ x) => x.accountId)).toEqual(['acct-1']);
	});
});

describe('alerts become tickets (synthesize-api.md §9)', () => {
	test('mapped account → pending then success with a ticketId; unmapped → failed with errors', async () => {
		await setupBilling(c, { map: false });
		await c.admin('POST', '/sandbox/map', { accounts: ['acct-1'] });
		const ok = (
			await c.api('POST', '/alerting/acct-1', { title: 'ok', description: 'd', alertId: 'ok-1' })
		).data;
		const bad = (
			await c.api('POST', '/alerting/acct-2', { title: 'bad', description: 'd', alertId: 'bad-1' })
		).data;
		expect((await c.api('GET', `/alerting/debug/${ok.messageId}`)).data.status).toBe('pending');
		expect((await c.api('GET', `/alerting/debug/${bad.messageId}`)).data.status).toBe('pending');
		await sleep(TICKET_DELAY + 60);
		expect((await c.api('GET', `/alerting/debug/${ok.messageId}`)).data).toMatchObject({
			status: 'success',
			ticketId: expect.stringMatching(/^\d+$/),
		});
		expect((await c.api('GET', `/alerting/debug/${bad.messageId}`)).data).toEqual({
			messageId: bad.messageId,
			status: 'failed',
			message: expect.any(String),
			statusCode: 404,
			errors: ['No account map found with id: acct-2'],
		});
		const alerts = sb.snapshot().partners[0].alerts;
		expect(alerts.find((/** @type {any} */ a) => a.alertId === 'ok-1')).toMatchObject({
			posts: 1,
			tickets: 1,
		});
		expect(alerts.find((/** @type {any} */ a) => a.alertId === 'bad-1')).toMatchObject({
			posts: 1,
			tickets: 0,
		});
	});

	test('dedupe on (default): a repeated alertId returns the original messageId and never a second ticket', async () => {
		await setupBilling(c);
		const first = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'same' })
		).data;
		const second = await c.api('POST', '/alerting/acct-1', {
			title: 't',
			description: 'd',
			alertId: 'same',
		});
		expect(second.status).toBe(201);
		expect(second.data).toEqual(first);
		await sleep(TICKET_DELAY + 60);
		const third = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'same' })
		).data;
		expect(third.messageId).toBe(first.messageId);
		expect(sb.snapshot().partners[0].alerts[0]).toMatchObject({
			alertId: 'same',
			posts: 3,
			tickets: 1,
		});
	});

	test('dedupe on: a failed alert can be re-sent after mapping and then succeeds', async () => {
		await setupBilling(c, { map: false });
		const first = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'retry' })
		).data;
		await sleep(TICKET_DELAY + 60);
		expect((await c.api('GET', `/alerting/debug/${first.messageId}`)).data.status).toBe('failed');
		await c.admin('POST', '/sandbox/map', { accounts: ['acct-1'] });
		const again = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'retry' })
		).data;
		expect(again.messageId).not.toBe(first.messageId);
		await sleep(TICKET_DELAY + 60);
		expect((await c.api('GET', `/alerting/debug/${again.messageId}`)).data.status).toBe('success');
	});

	test('dedupe off (strict): every POST is a new message and a new ticket', async () => {
		await setupBilling(c);
		await c.admin('POST', '/sandbox/config', { alertDedupe: false });
		const a = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'dup' })
		).data;
		const b = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'dup' })
		).data;
		expect(a.messageId).not.toBe(b.messageId);
		await sleep(TICKET_DELAY + 60);
		expect(sb.snapshot().partners[0].alerts[0]).toMatchObject({ posts: 2, tickets: 2 });
	});

	test('GET /sandbox/alerts/summary counts POSTs, messages and tickets per alertId and per incident, and names duplicates', async () => {
		await setupBilling(c);
		await c.admin('POST', '/sandbox/config', { alertDedupe: false });
		const post = (/** @type {string} */ alertId, /** @type {string} */ incident) =>
			c.api('POST', '/alerting/acct-1', { title: 't', description: `d\n\nIncident ID: ${incident}`, alertId });
		await post('a-1', '4711');
		await post('a-1', '4711'); // a second ticket for the same alertId (strict mode)
		await post('a-1-2', '4711'); // and a third under another alertId of the same incident
		await post('b-1', '4712');
		await c.api('POST', '/alerting/acct-1', { title: 'no incident line', description: 'd', alertId: 'c-1' });
		await sleep(TICKET_DELAY + 60);
		const summary = (
			await c.admin('GET', `/sandbox/alerts/summary?incident=${encodeURIComponent('^Incident ID: (.+)$')}`)
		).data;
		const [partner] = summary.partners;
		expect(partner.totals).toEqual({ alertIds: 4, posts: 5, messages: 5, tickets: 5, pending: 0, failed: 0 });
		expect(partner.duplicates).toEqual({ alertIds: ['a-1'], incidents: ['4711'] });
		expect(partner.incidents).toEqual([
			expect.objectContaining({ incident: '4711', alertIds: ['a-1', 'a-1-2'], posts: 3, messages: 3, tickets: 3 }),
			expect.objectContaining({ incident: '4712', alertIds: ['b-1'], tickets: 1 }),
		]);
		expect(partner.unmatched).toBe(1);
		const plain = (await c.admin('GET', '/sandbox/alerts/summary')).data.partners[0];
		expect(plain.incidents).toBeUndefined();
		expect((await c.admin('GET', '/sandbox/alerts/summary?incident=(')).status).toBe(400);
	});

	test('alertOutcome and alertTicketDelayMs are switchable at runtime', async () => {
		await c.admin('POST', '/sandbox/config', { alertOutcome: 'pending', alertTicketDelayMs: 0 });
		const m = (
			await c.api('POST', '/alerting/x', { title: 't', description: 'd', alertId: 'stuck' })
		).data;
		await sleep(30);
		expect((await c.api('GET', `/alerting/debug/${m.messageId}`)).data.status).toBe('pending');
		await c.admin('POST', '/sandbox/config', { alertOutcome: 'success' });
		expect((await c.api('GET', `/alerting/debug/${m.messageId}`)).data.status).toBe('success');
	});
});

describe('Get Clients paging (synthesize-api.md §6.3)', () => {
	test('previousId walks all 25 demo clients 10 at a time, then an empty page', async () => {
		/** @type {any[]} */
		const seen = [];
		/** @type {string | undefined} */
		let previousId;
		const sizes = [];
		for (;;) {
			const r = await c.api(
				'GET',
				`/organization/clients${previousId ? `?previousId=${previousId}` : ''}`,
			);
			expect(r.status).toBe(200);
			sizes.push(r.data.clients.length);
			if (!r.data.clients.length) break;
			seen.push(...r.data.clients);
			previousId = r.data.clients[r.data.clients.length - 1].id;
		}
		expect(sizes).toEqual([10, 10, 5, 0]);
		expect(new Set(seen.map((x) => x.id)).size).toBe(25);
		expect(seen[0].name).toBe('Northwind Traders');
	});

	test('search is a case-insensitive name filter and pages too', async () => {
		const r = await c.api('GET', '/organization/clients?search=WIND');
		expect(r.data.clients.map((/** @type {any} */ x) => x.name)).toEqual(['Northwind Traders']);
		await c.admin('POST', '/sandbox/config', { clientsPageSize: 2 });
		const p1 = (await c.api('GET', '/organization/clients?search=in')).data.clients;
		const p2 = (await c.api('GET', `/organization/clients?search=in&previousId=${p1[1].id}`)).data
			.clients;
		expect(p1).toHaveLength(2);
		expect(p2.length).toBeGreaterThan(0);
		expect(p2[0].id).not.toBe(p1[1].id);
		for (const x of [...p1, ...p2]) expect(x.name.toLowerCase()).toContain('in');
	});

	test('POST /sandbox/clients adds PSA clients; the empty seed has none', async () => {
		sb.reset('empty');
		expect((await c.api('GET', '/organization/clients')).data).toEqual({ meta: {}, clients: [] });
		expect(
			(await c.admin('POST', '/sandbox/clients', { clients: ['Alpha Co', 'Beta Co'] })).status,
		).toBe(201);
		expect(
			(await c.api('GET', '/organization/clients')).data.clients.map(
				(/** @type {any} */ x) => x.name,
			),
		).toEqual(['Alpha Co', 'Beta Co']);
	});
});

describe('admin API', () => {
	test('map byName maps accounts whose name equals a PSA client name exactly', async () => {
		await c.api('POST', '/organization/accounts', [
			{ id: '1', name: 'Northwind Traders' },
			{ id: '2', name: 'northwind traders' },
			{ id: '3', name: 'Fabrikam Inc' },
		]);
		const r = await c.admin('POST', '/sandbox/map', { byName: true });
		expect(r.status).toBe(200);
		const rows = (await c.api('GET', '/organization/accounts')).data;
		expect(rows.map((/** @type {any} */ a) => a.isMapped)).toEqual([true, false, true]);
		expect((await c.admin('POST', '/sandbox/map', { accounts: ['nope'] })).status).toBe(404);
	});

	test('services: Gradient staff add, rename and remove vendor SKUs', async () => {
		const add = await c.admin('POST', '/sandbox/services', {
			add: [
				{
					name: 'Servers',
					category: 'infrastructure',
					subcategory: 'server management and support',
				},
			],
		});
		expect(add.status).toBe(200);
		const id = add.data.added[0].id;
		await c.admin('POST', '/sandbox/services', { rename: [{ id, name: 'Total Servers' }] });
		expect((await c.api('GET', '')).data.data.skus.map((/** @type {any} */ s) => s.name)).toEqual([
			'Total Servers',
		]);
		await c.admin('POST', '/sandbox/services', { remove: [id] });
		expect((await c.api('GET', '')).data.data.skus).toEqual([]);
	});

	test('state shows request counts by route and status; unknown admin paths 404; bad config 400', async () => {
		await c.api('GET', '/organization');
		await c.api('GET', '/organization', undefined, { token: null });
		const s = (await c.admin('GET', '/sandbox/state')).data;
		expect(s.requests.byRoute.getIntegration.byStatus).toEqual({ 200: 1, 401: 1 });
		expect(s.partners[0]).toMatchObject({
			name: 'Contoso MSP (sandbox)',
			status: 'inactive',
			clientsCount: 25,
		});
		expect((await c.admin('GET', '/sandbox/nope')).status).toBe(404);
		expect((await c.admin('POST', '/sandbox/config', { nope: 1 })).status).toBe(400);
		expect((await c.admin('POST', '/sandbox/config', { unknownVendorStatus: 500 })).status).toBe(
			400,
		);
		const log = (await c.admin('GET', '/sandbox/requests?route=getIntegration')).data;
		expect(log.requests.map((/** @type {any} */ e) => e.status)).toEqual([200, 401]);
		expect(log.requests[0]).toMatchObject({
			seq: expect.any(Number),
			method: 'GET',
			path: '/api/vendor-api/organization',
			routeId: 'getIntegration',
			partnerId: s.defaultPartnerId,
		});
		const since = (await c.admin('GET', `/sandbox/requests?since=${log.requests[0].seq}`)).data;
		expect(since.requests).toHaveLength(1);
	});

	test('seeding is deterministic: two sandboxes get the same ids', async () => {
		const other = await startSandbox({ port: 0, quiet: true });
		try {
			expect(other.snapshot().partners[0].clients).toEqual(sb.snapshot().partners[0].clients);
			expect(other.state.vendor.id).toBe(sb.state.vendor.id);
			expect(other.defaultPartnerId).toBe(sb.defaultPartnerId);
		} finally {
			await other.close();
		}
	});
});
