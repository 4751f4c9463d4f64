// @ts-check
'use strict';
/** Contract tests over real HTTP for every one of the 18 routes (synthesize-api.md §4–§10). */
const {
	startSandbox,
	client,
	setupBilling,
	makeToken,
	DEFAULT_VENDOR_KEY,
	DEFAULT_PARTNER_KEY,
} = require('./helpers');
const { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } = require('../../sandbox/defaults');

const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UNAUTHORIZED = { statusCode: 401, message: 'Unauthorized' };
const INVALID_ID = { statusCode: 400, message: 'You have provided an invalid Id type' };

/** @type {import('../../sandbox').Sandbox} */
let sb;
/** @type {ReturnType<typeof client>} */
let c;

beforeAll(async () => {
	sb = await startSandbox({
		port: 0,
		quiet: true,
		alertTicketDelayMs: 100,
		rebuildDebounceMs: 50,
		rateLimit: false,
	});
	c = client(sb);
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('authentication (synthesize-api.md §2)', () => {
	test('default keys make the documented token', () => {
		expect(sb.token).toBe(
			Buffer.from(`${DEFAULT_VENDOR_KEY}:${DEFAULT_PARTNER_KEY}`).toString('base64'),
		);
		expect(makeToken('vendor-abc123', 'partner-xyz789')).toBe(
			'dmVuZG9yLWFiYzEyMzpwYXJ0bmVyLXh5ejc4OQ==',
		);
	});

	test('missing, undecodable, wrong partner key and unknown vendor key all get 401 {statusCode, message}', async () => {
		for (const token of [
			null,
			'',
			'!!!not-base64!!!',
			makeToken(DEFAULT_VENDOR_KEY, 'wrong-partner'),
			makeToken('wrong-vendor', DEFAULT_PARTNER_KEY),
			Buffer.from('no-colon').toString('base64'),
			makeToken(DEFAULT_VENDOR_KEY, ''),
		]) {
			const r = await c.api('GET', '/organization', undefined, { token });
			expect([token, r.status, r.data]).toEqual([token, 401, UNAUTHORIZED]);
		}
	});

	test('the header name is matched case-insensitively (SDK spells it Gradient-Token)', async () => {
		for (const name of ['GRADIENT-TOKEN', 'Gradient-Token', 'gradient-token']) {
			const r = await c.api('GET', '/organization', undefined, {
				token: null,
				headers: { [name]: sb.token },
			});
			expect(r.status).toBe(200);
		}
	});

	test('the token is split on the FIRST colon, so a partner key may contain colons', async () => {
		const p = sb.addPartner({ name: 'Colon MSP', partnerKey: 'part:ner:key' });
		expect(p.token).toBe(makeToken(DEFAULT_VENDOR_KEY, 'part:ner:key'));
		const r = await c.api('GET', '/organization', undefined, { token: p.token });
		expect(r.status).toBe(200);
		expect(r.data.name).toBe('Colon MSP');
	});

	test('unknown vendor key answers 404 "Vendor Profile Not Found" when configured so', async () => {
		await c.admin('POST', '/sandbox/config', { unknownVendorStatus: 404 });
		const r = await c.api('GET', '/organization', undefined, {
			token: makeToken('nope', DEFAULT_PARTNER_KEY),
		});
		expect(r.status).toBe(404);
		expect(r.data).toEqual({ statusCode: 404, message: 'Vendor Profile Not Found' });
		const r2 = await c.api('GET', '/organization', undefined, {
			token: makeToken(DEFAULT_VENDOR_KEY, 'nope'),
		});
		expect(r2.status).toBe(401);
	});
});

describe('vendor routes (synthesize-api.md §5)', () => {
	test('1 getVendor: 200 {status, message: "Success - Retrieved Vendor", data: VendorData}', async () => {
		const r = await c.api('GET', '');
		expect(r.status).toBe(200);
		expect(Object.keys(r.data).sort()).toEqual(['data', 'message', 'status']);
		expect(r.data.status).toBe(200);
		expect(r.data.message).toBe('Success - Retrieved Vendor');
		const v = r.data.data;
		expect(v._id).toMatch(OBJECT_ID);
		expect(v.id).toBe(v._id);
		expect(v).toMatchObject({
			name: 'Acme RMM (sandbox)',
			integrationType: 'custom',
			isDistributor: false,
			externalIntegrationStatus: 'notIntegrated',
			mappingResponsibilities: ['accounts', 'services'],
			modules: [{ variation: 'alerts' }, { variation: 'billing' }],
			skus: [],
			attributes: [],
			__v: 0,
		});
		expect(v.organizationId).toMatch(OBJECT_ID);
		expect(Date.parse(v.createdAt)).not.toBeNaN();
		expect((await c.api('GET', '/')).status).toBe(200); // trailing slash
	});

	test('2 updateVendor: 200 wrapped; empty body and bad URL are 400', async () => {
		const r = await c.api('PATCH', '', {
			name: 'Acme RMM 2',
			integrationPortalUrl: 'https://portal.example.com/gradient',
		});
		expect(r.status).toBe(200);
		expect(r.data).toMatchObject({
			status: 200,
			message: expect.any(String),
			data: { name: 'Acme RMM 2', integrationPortalUrl: 'https://portal.example.com/gradient' },
		});
		expect((await c.api('GET', '')).data.data.name).toBe('Acme RMM 2');
		const empty = await c.api('PATCH', '', {});
		expect(empty.status).toBe(400);
		expect(empty.data).toMatchObject({
			statusCode: 400,
			error: 'Bad Request',
			message: [expect.stringContaining('at least one')],
		});
		const badUrl = await c.api('PATCH', '', { vendorSupportPageUrl: 'not a url' });
		expect(badUrl.data).toEqual({
			statusCode: 400,
			message: ['vendorSupportPageUrl must be a URL address'],
			error: 'Bad Request',
		});
	});

	test('3 createVendorService: 201 with the BARE VendorData whose skus hold the new SKU', async () => {
		const body = {
			name: 'Total Devices',
			description: 'All devices',
			category: 'security',
			subcategory: 'priviledged access and identity management (PAM/PIM)',
			supportArticle: 'https://kb.example.com/1',
			supportContact: 'support@example.com',
		};
		const r = await c.api('POST', '/service', body);
		expect(r.status).toBe(201);
		expect(r.data.status).toBeUndefined();
		expect(r.data.data).toBeUndefined();
		expect(r.data.skus).toHaveLength(1);
		const sku = r.data.skus[0];
		expect(sku).toEqual({ _id: sku.id, id: sku.id, ...body });
		expect(sku.id).toMatch(OBJECT_ID);
		// duplicate names are allowed ([emulator choice]) and get a new id
		const again = await c.api('POST', '/service', body);
		expect(again.data.skus).toHaveLength(2);
		expect(again.data.skus[1].id).not.toBe(sku.id);
	});

	test('3 createVendorService: Nest-style 400s with class-validator wording and exact enums', async () => {
		const missing = await c.api('POST', '/service', {});
		expect(missing.status).toBe(400);
		expect(missing.data.error).toBe('Bad Request');
		expect(missing.data.message).toEqual(
			expect.arrayContaining([
				'name should not be empty',
				'name must be a string',
				'description should not be empty',
				`category must be one of the following values: ${SERVICE_CATEGORIES.join(', ')}`,
				`subcategory must be one of the following values: ${SERVICE_SUBCATEGORIES.join(', ')}`,
			]),
		);
		const wrongCase = await c.api('POST', '/service', {
			name: 'x',
			description: 'y',
			category: 'Security',
			subcategory: 'other',
		});
		expect(wrongCase.data.message).toEqual([
			`category must be one of the following values: ${SERVICE_CATEGORIES.join(', ')}`,
		]);
		const corrected = await c.api('POST', '/service', {
			name: 'x',
			description: 'y',
			category: 'other',
			subcategory: 'privileged access and identity management (PAM/PIM)',
		});
		expect(corrected.status).toBe(400); // only the misspelled "priviledged" is valid
		expect(SERVICE_SUBCATEGORIES).toHaveLength(46);
		// no pairing rule between category and subcategory (CIPP's infrastructure + hosted email works)
		expect(
			(
				await c.api('POST', '/service', {
					name: 'M365',
					description: 'M365',
					category: 'infrastructure',
					subcategory: 'hosted email',
				})
			).status,
		).toBe(201);
	});

	test('4 getVendorService: wrapped vendor filtered to one SKU; 400 bad id; 404 unknown', async () => {
		await c.api('POST', '/service', {
			name: 'A',
			description: 'a',
			category: 'other',
			subcategory: 'other',
		});
		const created = await c.api('POST', '/service', {
			name: 'B',
			description: 'b',
			category: 'backup',
			subcategory: 'cloud backup',
		});
		const b = created.data.skus[1];
		const r = await c.api('GET', `/service/${b.id}`);
		expect(r.status).toBe(200);
		expect(r.data).toMatchObject({
			status: 200,
			message: expect.any(String),
			data: { id: created.data.id, skus: [b] },
		});
		expect(await c.api('GET', '/service/not-an-id')).toMatchObject({
			status: 400,
			data: INVALID_ID,
		});
		const unknown = 'aaaaaaaaaaaaaaaaaaaaaaaa';
		expect(await c.api('GET', `/service/${unknown}`)).toMatchObject({
			status: 404,
			data: { statusCode: 404, message: `No service found with id: ${unknown}` },
		});
	});

	test('5 updateVendorService (legacy): optional body, 200 bare VendorSkuData', async () => {
		const sku = (
			await c.api('POST', '/service', {
				name: 'A',
				description: 'a',
				category: 'other',
				subcategory: 'other',
			})
		).data.skus[0];
		const noBody = await c.api('PATCH', `/service/${sku.id}`);
		expect(noBody).toMatchObject({ status: 200, data: sku });
		const r = await c.api('PATCH', `/service/${sku.id}`, { name: 'A2', category: 'backup' });
		expect(r.status).toBe(200);
		expect(r.data).toEqual({ ...sku, name: 'A2', category: 'backup' });
		expect((await c.api('PATCH', `/service/${sku.id}`, { subcategory: 'nope' })).status).toBe(400);
		expect((await c.api('PATCH', '/service/xyz', {})).data).toEqual(INVALID_ID);
		expect((await c.api('PATCH', '/service/bbbbbbbbbbbbbbbbbbbbbbbb', {})).status).toBe(404);
	});
});

describe('6 setUnitCount (synthesize-api.md §5.6)', () => {
	test('201 {status: 201, message} for a mapped account and service; fractions and zero accepted', async () => {
		const { serviceId } = await setupBilling(c);
		for (const unitCount of [42, 0, 12.5]) {
			const r = await c.api('POST', `/service/${serviceId}/count?no_build=false`, {
				accountId: 'acct-1',
				unitCount,
			});
			expect(r.status).toBe(201);
			expect(r.data).toEqual({ status: 201, message: 'Success - Created service unit count' });
		}
		const count = sb.snapshot().partners[0].counts[0];
		expect(count).toMatchObject({ accountId: 'acct-1', serviceId, unitCount: 12.5, pushes: 3 });
		expect(count.history.map((/** @type {any} */ h) => h.unitCount)).toEqual([42, 0, 12.5]);
	});

	test('400 for a malformed serviceId, missing/invalid unitCount, missing accountId', async () => {
		const { serviceId } = await setupBilling(c);
		expect(
			await c.api('POST', '/service/123/count', { accountId: 'acct-1', unitCount: 1 }),
		).toMatchObject({ status: 400, data: INVALID_ID });
		for (const body of [
			{ accountId: 'acct-1' },
			{ accountId: 'acct-1', unitCount: null },
			{ accountId: 'acct-1', unitCount: '5' },
		]) {
			const r = await c.api('POST', `/service/${serviceId}/count`, body);
			expect(r.status).toBe(400);
			expect(r.data.error).toBe('Bad Request');
			expect(r.data.message).toContain(
				'unitCount must be a number conforming to the specified constraints',
			);
			expect(r.data.message[0]).toMatch(/^unitCount must be a number/);
		}
		const negative = await c.api('POST', `/service/${serviceId}/count`, {
			accountId: 'acct-1',
			unitCount: -1,
		});
		expect(negative.data).toEqual({
			statusCode: 400,
			message: ['unitCount must not be less than 0'],
			error: 'Bad Request',
		});
		const noAccount = await c.api('POST', `/service/${serviceId}/count`, { unitCount: 3 });
		expect(noAccount).toMatchObject({
			status: 400,
			data: { statusCode: 400, error: 'Bad Request' },
		});
		expect(sb.snapshot().partners[0].counts).toHaveLength(0);
	});

	test('404s: unknown service, unmapped/unknown account, unmapped service', async () => {
		const { serviceId } = await setupBilling(c, { map: false });
		const unknown = 'cccccccccccccccccccccccc';
		expect(
			(await c.api('POST', `/service/${unknown}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.data,
		).toEqual({ statusCode: 404, message: `No service found with id: ${unknown}` });
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.data,
		).toEqual({ statusCode: 404, message: 'No account map found with id: acct-1' });
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'ghost', unitCount: 1 }))
				.data,
		).toEqual({ statusCode: 404, message: 'No account map found with id: ghost' });
		await c.admin('POST', '/sandbox/map', { accounts: ['acct-1'] });
		const r = await c.api('POST', `/service/${serviceId}/count`, {
			accountId: 'acct-1',
			unitCount: 1,
		});
		expect(r).toMatchObject({
			status: 404,
			data: { statusCode: 404, message: `No service map found with id: ${serviceId}` },
		});
		await c.admin('POST', '/sandbox/map', { services: [serviceId] });
		expect(
			(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'acct-1', unitCount: 1 }))
				.status,
		).toBe(201);
	});

	test('deprecated clientOId is accepted instead of accountId', async () => {
		const { serviceId } = await setupBilling(c);
		const r = await c.api('POST', `/service/${serviceId}/count`, {
			clientOId: 'acct-2',
			unitCount: 9,
		});
		expect(r.status).toBe(201);
		// ...or the id of the PSA client an account is mapped to (by exact name)
		const clients = (await c.api('GET', '/organization/clients?search=Northwind')).data.clients;
		await c.admin('POST', '/sandbox/map', { byName: true });
		const r2 = await c.api('POST', `/service/${serviceId}/count`, {
			clientOId: clients[0].id,
			unitCount: 4,
		});
		expect(r2.status).toBe(201);
		const counts = sb
			.snapshot()
			.partners[0].counts.map((/** @type {any} */ x) => [x.accountId, x.unitCount]);
		expect(counts).toEqual(
			expect.arrayContaining([
				['acct-2', 9],
				['acct-1', 4],
			]),
		);
	});
});

describe('integration routes (synthesize-api.md §6)', () => {
	test('7 getIntegration: bare IntegrationData with the placeholder lastSyncedAt', async () => {
		const r = await c.api('GET', '/organization');
		expect(r.status).toBe(200);
		expect(Object.keys(r.data).sort()).toEqual(
			[
				'integrationId',
				'lastSyncedAt',
				'name',
				'organizationId',
				'status',
				'vendorId',
				'vendorName',
			].sort(),
		);
		expect(r.data).toMatchObject({
			name: 'Contoso MSP (sandbox)',
			vendorName: 'Acme RMM (sandbox)',
			status: 'inactive',
		});
		expect(r.data.lastSyncedAt).toMatch(/^1900-/);
		for (const k of ['organizationId', 'vendorId', 'integrationId'])
			expect(r.data[k]).toMatch(OBJECT_ID);
	});

	test('8 updateIntegrationStatus: the 5 exact values → 200 {data, status, message}; anything else 400', async () => {
		for (const status of ['pending', 'active', 'disabled', 'error', 'inactive']) {
			const r = await c.api('PATCH', `/organization/status/${status}`);
			expect(r.status).toBe(200);
			expect(r.data).toEqual({
				data: expect.objectContaining({ status }),
				status: 200,
				message: 'Success - Updated Integration Status',
			});
		}
		for (const bad of ['Active', 'PENDING', 'connected']) {
			const r = await c.api('PATCH', `/organization/status/${bad}`);
			expect(r.status).toBe(400);
			expect(r.data).toMatchObject({ statusCode: 400, error: 'Bad Request' });
		}
		expect((await c.api('GET', '/organization')).data.status).toBe('inactive');
	});

	test('9 getClients: {meta: {}, clients: [{id, name, identifier}]} paged by previousId', async () => {
		const r = await c.api('GET', '/organization/clients');
		expect(r.status).toBe(200);
		expect(r.data.meta).toEqual({});
		expect(r.data.clients).toHaveLength(10);
		for (const cl of r.data.clients) {
			expect(Object.keys(cl).sort()).toEqual(['id', 'identifier', 'name']);
			expect(cl.id).toMatch(UUID);
		}
	});
});

describe('account routes (synthesize-api.md §7)', () => {
	test('10 getAccounts: bare array, [] when none; rows carry isMapped and mappingId', async () => {
		expect(await c.api('GET', '/organization/accounts')).toMatchObject({ status: 200, data: [] });
		await setupBilling(c, { map: false });
		await c.admin('POST', '/sandbox/map', { accounts: ['acct-2'] });
		const r = await c.api('GET', '/organization/accounts');
		expect(r.data).toEqual([
			{
				id: 'acct-1',
				name: 'Northwind Traders',
				description: '',
				isMapped: false,
				mappingId: null,
			},
			{
				id: 'acct-2',
				name: 'Fabrikam Inc',
				description: '',
				isMapped: true,
				mappingId: expect.stringMatching(OBJECT_ID),
			},
		]);
	});

	test('11 createAccounts: 201 array echo; 409 if an id exists (nothing created); 400s', async () => {
		const r = await c.api('POST', '/organization/accounts', [
			{ id: 'contoso.onmicrosoft.com', name: 'Contoso', description: 'contoso.onmicrosoft.com' },
			{ id: '2', name: 'Two' },
		]);
		expect(r.status).toBe(201);
		expect(r.data).toEqual([
			{ id: 'contoso.onmicrosoft.com', name: 'Contoso', description: 'contoso.onmicrosoft.com' },
			{ id: '2', name: 'Two', description: '' },
		]);
		const dup = await c.api('POST', '/organization/accounts', [
			{ id: '3', name: 'Three' },
			{ id: '2', name: 'Again' },
		]);
		expect(dup).toMatchObject({
			status: 409,
			data: { statusCode: 409, message: 'A resource with this Id already exists.' },
		});
		expect((await c.api('GET', '/organization/accounts')).data).toHaveLength(2);
		expect(
			(
				await c.api('POST', '/organization/accounts', [
					{ id: '4', name: 'a' },
					{ id: '4', name: 'b' },
				])
			).status,
		).toBe(400);
		expect(
			(await c.api('POST', '/organization/accounts', [{ id: 5, name: 'numeric id' }])).data,
		).toEqual({ statusCode: 400, message: ['[0] id must be a string'], error: 'Bad Request' });
		expect(
			(await c.api('POST', '/organization/accounts', { id: '6', name: 'not an array' })).data,
		).toEqual({
			statusCode: 400,
			message: 'Validation failed (parsable array expected)',
			error: 'Bad Request',
		});
		expect((await c.api('POST', '/organization/accounts', [{ id: '7' }])).data.message).toEqual([
			'[0] name should not be empty',
			'[0] name must be a string',
		]);
		expect((await c.api('POST', '/organization/accounts', [])).status).toBe(201);
	});

	test('12 updateAccount: partial update → 200 row; 404 unknown; ids with / are URL-encoded', async () => {
		await c.api('POST', '/organization/accounts', [{ id: 'site/1', name: 'Site One' }]);
		const r = await c.api('PATCH', `/organization/accounts/${encodeURIComponent('site/1')}`, {
			name: 'Site One - New Name',
			isActive: false,
		});
		expect(r.status).toBe(200);
		expect(r.data).toEqual({
			id: 'site/1',
			name: 'Site One - New Name',
			description: '',
			isActive: false,
		});
		expect((await c.api('PATCH', '/organization/accounts/nope', { name: 'x' })).data).toEqual({
			statusCode: 404,
			message: 'No account found with id: nope',
		});
		expect(
			(
				await c.api('PATCH', `/organization/accounts/${encodeURIComponent('site/1')}`, {
					isArrears: 'yes',
				})
			).data.message,
		).toEqual(['isArrears must be a boolean value']);
	});

	test('15 updateAccountsBulk: array of {id, ...} → 200 rows; unknown id → 404 and nothing changes', async () => {
		await setupBilling(c, { map: false });
		const r = await c.api('PATCH', '/organization/accounts', [
			{ id: 'acct-1', name: 'NW' },
			{ id: 'acct-2', isArrears: true },
		]);
		expect(r.status).toBe(200);
		expect(r.data).toEqual([
			{ id: 'acct-1', name: 'NW', description: '' },
			{ id: 'acct-2', name: 'Fabrikam Inc', description: '', isArrears: true },
		]);
		const bad = await c.api('PATCH', '/organization/accounts', [
			{ id: 'acct-1', name: 'changed?' },
			{ id: 'ghost', name: 'x' },
		]);
		expect(bad).toMatchObject({
			status: 404,
			data: { statusCode: 404, message: 'No account found with id: ghost' },
		});
		expect((await c.api('GET', '/organization/accounts')).data[0].name).toBe('NW');
		expect((await c.api('PATCH', '/organization/accounts', [{ name: 'no id' }])).status).toBe(400);
	});
});

describe('alert routes (synthesize-api.md §9)', () => {
	test('13 createAlert: 201 bare {messageId (uuid), alertId, correlationID (ObjectId)}', async () => {
		const r = await c.api('POST', '/alerting/acct-1', {
			title: 'Disk full',
			description: 'C: at 99%',
			alertId: 'evt-1',
			priority: 3,
			status: 1,
			dueDateTime: '2030-01-01T00:00:00.000Z',
			serviceId: 'x',
		});
		expect(r.status).toBe(201);
		expect(Object.keys(r.data).sort()).toEqual(['alertId', 'correlationID', 'messageId']);
		expect(r.data.messageId).toMatch(UUID);
		expect(r.data.correlationID).toMatch(OBJECT_ID);
		expect(r.data.alertId).toBe('evt-1');
	});

	test('13 createAlert: validation (required strings, priority 1–4, status 1–6, ISO due date)', async () => {
		const base = { title: 't', description: 'd', alertId: 'a' };
		expect((await c.api('POST', '/alerting/acct-1', base)).status).toBe(201); // priority/status default to 1
		const missing = await c.api('POST', '/alerting/acct-1', {});
		expect(missing.data.message).toEqual(
			expect.arrayContaining([
				'title should not be empty',
				'description should not be empty',
				'alertId should not be empty',
			]),
		);
		expect((await c.api('POST', '/alerting/acct-1', { ...base, priority: 5 })).data).toEqual({
			statusCode: 400,
			message: ['priority must not be greater than 4'],
			error: 'Bad Request',
		});
		expect(
			(await c.api('POST', '/alerting/acct-1', { ...base, priority: 0 })).data.message,
		).toEqual(['priority must not be less than 1']);
		expect(
			(await c.api('POST', '/alerting/acct-1', { ...base, priority: 2.5 })).data.message,
		).toEqual(['priority must be an integer number']);
		expect((await c.api('POST', '/alerting/acct-1', { ...base, status: 7 })).data.message).toEqual([
			'status must not be greater than 6',
		]);
		expect(
			(await c.api('POST', '/alerting/acct-1', { ...base, dueDateTime: 'tomorrow' })).data.message,
		).toEqual(['dueDateTime must be a valid ISO 8601 date string']);
	});

	test('14 getAlertStatus: pending, then success/failed; 404 for an unknown messageId', async () => {
		await setupBilling(c);
		const ok = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'a1' })
		).data;
		const pending = await c.api('GET', `/alerting/debug/${ok.messageId}`);
		expect(pending).toMatchObject({
			status: 200,
			data: { messageId: ok.messageId, status: 'pending', message: expect.any(String) },
		});
		await new Promise((r) => setTimeout(r, 150));
		const done = await c.api('GET', `/alerting/debug/${ok.messageId}`);
		expect(done.data).toEqual({
			messageId: ok.messageId,
			status: 'success',
			message: expect.any(String),
			ticketId: expect.any(String),
			createdAt: expect.any(String),
			statusCode: null,
			errors: [],
		});
		const unknown = await c.api('GET', '/alerting/debug/00000000-0000-4000-8000-000000000000');
		expect(unknown).toMatchObject({ status: 404, data: { statusCode: 404 } });
	});
});

describe('organization services (synthesize-api.md §8)', () => {
	test('16 createOrganizationServices: 201 rows with isMapped false; 409 duplicate id; 400 missing field', async () => {
		const r = await c.api('POST', '/organization/services', [
			{ id: '123', name: 'Backup Seats', description: 'per-seat backup' },
		]);
		expect(r.status).toBe(201);
		expect(r.data).toEqual([
			{ id: '123', name: 'Backup Seats', description: 'per-seat backup', isMapped: false },
		]);
		expect(
			(
				await c.api('POST', '/organization/services', [
					{ id: '123', name: 'again', description: '' },
				])
			).data,
		).toEqual({ statusCode: 409, message: 'A resource with this Id already exists.' });
		expect(
			(await c.api('POST', '/organization/services', [{ id: '9', name: 'x' }])).data.message,
		).toEqual(['[0] description must be a string']);
	});

	test('17/18 update one and many organization services; 404 unknown', async () => {
		await c.api('POST', '/organization/services', [
			{ id: 's1', name: 'One', description: '' },
			{ id: 's2', name: 'Two', description: '' },
		]);
		const one = await c.api('PATCH', '/organization/services/s1', { name: 'One!', isActive: true });
		expect(one).toMatchObject({
			status: 200,
			data: { id: 's1', name: 'One!', description: '', isMapped: false, isActive: true },
		});
		expect((await c.api('PATCH', '/organization/services/zz', { name: 'x' })).status).toBe(404);
		const many = await c.api('PATCH', '/organization/services', [
			{ id: 's1', description: 'd1' },
			{ id: 's2', isArrears: false },
		]);
		expect(many.status).toBe(200);
		expect(many.data).toEqual([
			{ id: 's1', name: 'One!', description: 'd1', isMapped: false, isActive: true },
			{ id: 's2', name: 'Two', description: '', isMapped: false, isArrears: false },
		]);
		expect((await c.api('PATCH', '/organization/services', [{ id: 'zz' }])).status).toBe(404);
	});

	test('an organization service id (not an ObjectId) is a valid serviceId for Set unit count once mapped', async () => {
		await c.api('POST', '/organization/accounts', [{ id: 'a', name: 'A' }]);
		await c.api('POST', '/organization/services', [
			{ id: 'backup-seats', name: 'Backup Seats', description: '' },
		]);
		await c.admin('POST', '/sandbox/map', { accounts: ['a'] });
		expect(
			(await c.api('POST', '/service/backup-seats/count', { accountId: 'a', unitCount: 3 })).data
				.message,
		).toBe('No service map found with id: backup-seats');
		await c.admin('POST', '/sandbox/map', { services: ['backup-seats'] });
		expect(
			(await c.api('POST', '/service/backup-seats/count', { accountId: 'a', unitCount: 3 })).status,
		).toBe(201);
	});
});

describe('framework behaviour', () => {
	test('unknown route → Nest-style 404; invalid JSON → 400; wrong method → 404', async () => {
		expect((await c.api('GET', '/nope')).data).toEqual({
			statusCode: 404,
			message: 'Cannot GET /api/vendor-api/nope',
			error: 'Not Found',
		});
		expect((await c.api('DELETE', '/organization/accounts')).status).toBe(404);
		const r = await c.api('POST', '/organization/accounts', '{"id": ', {
			headers: { 'content-type': 'application/json' },
		});
		expect(r.status).toBe(400);
		expect(r.data).toMatchObject({ statusCode: 400, error: 'Bad Request' });
	});

	test('every one of the 18 routes answers with its documented success code', async () => {
		const { serviceId } = await setupBilling(c);
		const alert = (
			await c.api('POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'x' })
		).data;
		const calls = /** @type {Array<[string, string, unknown, number]>} */ ([
			['GET', '', undefined, 200],
			['PATCH', '', { description: 'd' }, 200],
			[
				'POST',
				'/service',
				{ name: 'S', description: 'S', category: 'other', subcategory: 'other' },
				201,
			],
			['GET', `/service/${serviceId}`, undefined, 200],
			['PATCH', `/service/${serviceId}`, {}, 200],
			[
				'POST',
				`/service/${serviceId}/count?no_build=true`,
				{ accountId: 'acct-1', unitCount: 1 },
				201,
			],
			['GET', '/organization', undefined, 200],
			['PATCH', '/organization/status/pending', undefined, 200],
			['GET', '/organization/clients', undefined, 200],
			['GET', '/organization/accounts', undefined, 200],
			['POST', '/organization/accounts', [{ id: 'n', name: 'N' }], 201],
			['PATCH', '/organization/accounts/n', { name: 'N2' }, 200],
			['POST', '/alerting/acct-1', { title: 't', description: 'd', alertId: 'y' }, 201],
			['GET', `/alerting/debug/${alert.messageId}`, undefined, 200],
			['PATCH', '/organization/accounts', [{ id: 'n', name: 'N3' }], 200],
			['POST', '/organization/services', [{ id: 'o', name: 'O', description: '' }], 201],
			['PATCH', '/organization/services/o', { name: 'O2' }, 200],
			['PATCH', '/organization/services', [{ id: 'o', name: 'O3' }], 200],
		]);
		for (const [method, p, body, code] of calls) {
			const r = await c.api(method, p, body);
			expect([method, p, r.status]).toEqual([method, p, code]);
		}
		const byRoute = sb.snapshot().requests.byRoute;
		const { ROUTES } = require('../../sandbox/routes');
		expect(ROUTES).toHaveLength(18);
		for (const r of ROUTES)
			expect([r.id, byRoute[r.id]?.byStatus[String(r.success)] > 0]).toEqual([r.id, true]);
	});
});
