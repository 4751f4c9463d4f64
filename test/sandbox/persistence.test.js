// @ts-check
'use strict';
/** --state persistence across a restart, and secrets never reaching the log, the state or the file. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
	startSandbox,
	client,
	setupBilling,
	sleep,
	makeToken,
	DEFAULT_VENDOR_KEY,
	DEFAULT_PARTNER_KEY,
} = require('./helpers');

/** @type {string} */
let dir;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The snapshot minus what legitimately changes between two reads. @param {any} snap */
const stable = (snap) => JSON.parse(JSON.stringify(snap));

test('start, mutate, close, start again with the same statePath: nothing is lost', async () => {
	const statePath = path.join(dir, 'state.json');
	const opts = {
		port: 0,
		quiet: true,
		statePath,
		rateLimit: /** @type {false} */ (false),
		alertTicketDelayMs: 30,
		rebuildDebounceMs: 30,
	};
	const sb1 = await startSandbox(opts);
	const c1 = client(sb1);
	const { serviceId } = await setupBilling(c1);
	await c1.api('PATCH', '/organization/status/pending');
	await c1.api('POST', `/service/${serviceId}/count?no_build=true`, {
		accountId: 'acct-1',
		unitCount: 3,
	});
	await c1.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-2', unitCount: 4 });
	await c1.api('POST', '/alerting/acct-1', {
		title: 'Disk',
		description: 'full',
		alertId: 'evt-1',
	});
	await c1.api('POST', '/organization/services', [
		{ id: 'org-1', name: 'Org One', description: '' },
	]);
	const b = await c1.admin('POST', '/sandbox/partners', { name: 'Second MSP' });
	const bRegen = await c1.admin('POST', '/sandbox/regenerate-partner-key', {
		partner: b.data.partnerId,
	});
	await c1.api('POST', '/organization/accounts', [{ id: 'b-1', name: 'B One' }], {
		token: bRegen.data.token,
	});
	await c1.admin('POST', '/sandbox/config', { alertDedupe: false, clientsPageSize: 7 });
	await c1.admin('POST', '/sandbox/faults', {
		seed: 9,
		rules: [{ route: 'getVendorService', type: 'status', rate: 0.5 }],
	});
	await sleep(120); // let the ticket and the rebuild happen
	const before = stable(sb1.snapshot());
	expect(before.partners[0].billing.rebuilds).toBe(1);
	expect(before.partners[0].alerts[0].tickets).toBe(1);
	await sb1.close();

	const sb2 = await startSandbox(opts);
	try {
		const after = stable(sb2.snapshot());
		expect(after).toEqual(before);
		expect(sb2.keysMatchState).toBe(true);
		const c2 = client(sb2);
		// the ids and keys still work after the restart
		expect((await c2.api('GET', '/organization')).data.status).toBe('active');
		expect(
			(
				await c2.api('GET', '/organization/accounts', undefined, { token: bRegen.data.token })
			).data.map((/** @type {any} */ a) => a.id),
		).toEqual(['b-1']);
		expect(
			(await c2.api('GET', '/organization/accounts', undefined, { token: b.data.token })).status,
		).toBe(401);
		expect(
			(await c2.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 8 }))
				.status,
		).toBe(201);
		// new ids continue the sequence instead of repeating it
		const sku2 = (
			await c2.api('POST', '/service', {
				name: 'New',
				description: 'n',
				category: 'other',
				subcategory: 'other',
			})
		).data.skus[1].id;
		expect(sku2).not.toBe(serviceId);
		expect((await c2.admin('GET', '/sandbox/requests')).data.lastSeq).toBeGreaterThan(
			before.requests.lastSeq,
		);
	} finally {
		await sb2.close();
	}
});

test('a rebuild requested just before shutdown still happens after the restart', async () => {
	const statePath = path.join(dir, 'pending.json');
	const opts = {
		port: 0,
		quiet: true,
		statePath,
		rateLimit: /** @type {false} */ (false),
		rebuildDebounceMs: 60,
	};
	const sb1 = await startSandbox(opts);
	const c1 = client(sb1);
	const { serviceId } = await setupBilling(c1);
	await c1.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 3 });
	await sb1.close(); // before the debounce elapsed
	const sb2 = await startSandbox(opts);
	try {
		expect(sb2.snapshot().partners[0].billing).toMatchObject({ rebuilds: 0, pending: true });
		await sleep(150);
		expect(sb2.snapshot().partners[0].billing).toMatchObject({ rebuilds: 1, pending: false });
	} finally {
		await sb2.close();
	}
});

test('no key or token in the request log, GET /sandbox/state or the state file', async () => {
	const statePath = path.join(dir, 'secrets.json');
	const vendorKey = 'vk-SECRET-1234567890';
	const partnerKey = 'pk-SECRET-0987654321';
	const sb = await startSandbox({
		port: 0,
		quiet: true,
		statePath,
		vendorKey,
		partnerKey,
		rateLimit: false,
	});
	const c = client(sb);
	try {
		const { serviceId } = await setupBilling(c);
		await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 });
		const wrong = makeToken(vendorKey, 'pk-WRONG-secret');
		await c.api('GET', '/organization', undefined, { token: wrong });
		const extra = await c.admin('POST', '/sandbox/partners', { partnerKey: 'pk-EXTRA-secret' });
		const regen = await c.admin('POST', '/sandbox/regenerate-partner-key', {});
		await c.api('GET', '/organization', undefined, { token: regen.data.token });
		await c.api('GET', '/organization', undefined, { token: sb.token });
		sb.flush();
		const texts = [
			JSON.stringify((await c.admin('GET', '/sandbox/requests')).data),
			JSON.stringify((await c.admin('GET', '/sandbox/state')).data),
			JSON.stringify((await c.admin('GET', '/sandbox/partners')).data),
			fs.readFileSync(statePath, 'utf8'),
			(await c.admin('GET', '/')).data,
		];
		const secrets = [
			vendorKey,
			partnerKey,
			'pk-WRONG-secret',
			'pk-EXTRA-secret',
			regen.data.partnerKey,
			makeToken(vendorKey, partnerKey),
			wrong,
			extra.data.token,
			regen.data.token,
			DEFAULT_VENDOR_KEY,
			DEFAULT_PARTNER_KEY,
		];
		for (const text of texts) {
			expect(text.length).toBeGreaterThan(100);
			for (const s of secrets) expect([s, text.includes(s)]).toEqual([s, false]);
		}
		const log = (await c.admin('GET', '/sandbox/requests')).data.requests;
		expect(log.length).toBeGreaterThan(5);
		for (const e of log)
			expect(Object.keys(e).sort()).toEqual(
				expect.arrayContaining([
					'at',
					'body',
					'durationMs',
					'method',
					'partnerId',
					'path',
					'routeId',
					'seq',
					'status',
				]),
			);
	} finally {
		await sb.close();
	}
});
