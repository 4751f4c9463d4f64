import nock from 'nock';
import { ObservableObject } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { GradientSynthesizeTrigger } from '../../nodes/GradientSynthesizeTrigger/GradientSynthesizeTrigger.node';
import codex from '../../nodes/GradientSynthesizeTrigger/GradientSynthesizeTrigger.node.json';
import packageJson from '../../package.json';
import { sealPartnerKey } from '../../nodes/shared/seal';
import {
	BASE_URL,
	createPollContext,
	expectedToken,
	PARTNER_KEY,
	VENDOR_KEY,
} from './helpers/context';
import type { FakePollFunctions, PollContextOptions } from './helpers/context';

const API = '/api/vendor-api';
const ORG = '64bb0000000000000000003c';
const node = new GradientSynthesizeTrigger();

function integration(status: string, lastSyncedAt = '1900-06-18T17:11:28.553Z'): IDataObject {
	return {
		organizationId: ORG,
		name: 'AJ AT',
		vendorId: '64aa00000000000000000069',
		vendorName: 'API',
		integrationId: '64dd000000000000000000d2',
		status,
		lastSyncedAt,
	};
}

function server(partnerKey = PARTNER_KEY) {
	return nock(BASE_URL, {
		reqheaders: { 'gradient-token': expectedToken(VENDOR_KEY, partnerKey) },
	});
}

function context(
	options: Partial<PollContextOptions> & { params: IDataObject },
): FakePollFunctions {
	return createPollContext(options);
}

async function poll(fake: FakePollFunctions): Promise<INodeExecutionData[][] | null> {
	return await node.poll.call(fake);
}

async function rejection(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return error as Error & { failure?: unknown; description?: string };
	}
	throw new Error('expected the poll to fail');
}

/** A deep copy, to compare static data before and after. */
const snapshot = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
	jest.restoreAllMocks();
});
afterAll(() => nock.enableNetConnect());

describe('node description', () => {
	const description = node.description;

	it('is a polling trigger with the package credential and no tool variant', () => {
		expect(description).toMatchObject({
			displayName: 'Gradient Synthesize Trigger',
			name: 'gradientSynthesizeTrigger',
			group: ['trigger'],
			polling: true,
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'gradientSynthesizeApi', required: true }],
			icon: { light: 'file:../../icons/gradient.svg', dark: 'file:../../icons/gradient.dark.svg' },
		});
		expect(description.usableAsTool).toBeUndefined();
		expect(description.subtitle).toBeTruthy();
	});

	it('offers the six events, and keeps the partner key a password', () => {
		const event = description.properties.find((property) => property.name === 'event');
		const values = (event?.options as INodePropertyOptions[]).map((option) => option.value);
		expect(values.sort()).toEqual(
			[
				'accountMappingChanged',
				'integrationStatusChanged',
				'newPsaClient',
				'newUnmappedAccount',
				'serviceCatalogueChanged',
				'syncWentStale',
			].sort(),
		);
		const key = description.properties.find((property) => property.name === 'partnerApiKey');
		expect(key?.typeOptions?.password).toBe(true);
	});

	it('is registered in package.json and has its codex', () => {
		expect(packageJson.n8n.nodes).toContain(
			'dist/nodes/GradientSynthesizeTrigger/GradientSynthesizeTrigger.node.js',
		);
		expect(codex.node).toBe('n8n-nodes-gradient-synthesize.gradientSynthesizeTrigger');
	});
});

describe('poll()', () => {
	const statusParams = { event: 'integrationStatusChanged' };

	it('first poll records the state and emits nothing; each change then emits one item', async () => {
		const staticData: IDataObject = {};
		server().get(`${API}/organization`).reply(200, integration('pending'));
		expect(await poll(context({ params: statusParams, staticData }))).toBeNull();
		expect(staticData.cursor).toMatchObject({
			v: 1,
			event: 'integrationStatusChanged',
			scope: ORG,
			data: { status: 'pending' },
		});

		server().get(`${API}/organization`).reply(200, integration('active'));
		const output = await poll(context({ params: statusParams, staticData }));
		expect(output).toHaveLength(1);
		expect(output![0]).toHaveLength(1);
		const item = output![0][0].json;
		expect(Object.keys(item)).toEqual([
			'eventId',
			'event',
			'subject',
			'before',
			'after',
			'observedAt',
			'partner',
		]);
		expect(item).toMatchObject({
			event: 'integrationStatusChanged',
			subject: { id: '64dd000000000000000000d2', name: 'AJ AT' },
			before: { status: 'pending' },
			after: { status: 'active' },
			partner: { organizationId: ORG, name: 'AJ AT', integrationId: '64dd000000000000000000d2' },
		});
		expect(new Date(item.observedAt as string).toISOString()).toBe(item.observedAt);
		expect(staticData.cursor).toMatchObject({ seq: 1, data: { status: 'active' } });

		server().get(`${API}/organization`).reply(200, integration('active'));
		expect(await poll(context({ params: statusParams, staticData }))).toBeNull();
	});

	it('continues after a restart, when n8n reloads static data as ObservableObject proxies', async () => {
		const params = { event: 'serviceCatalogueChanged' };
		const vendor = (name: string) => ({
			status: 200,
			message: 'Success - Retrieved Vendor',
			data: { _id: 'v1', name: 'API', skus: [{ _id: '64cc00000000000000000001', name }] },
		});
		const first: IDataObject = {};
		server().get(`${API}/organization`).times(2).reply(200, integration('active'));
		server().get(API).reply(200, vendor('Mail'));
		server().get(API).reply(200, vendor('Mail Pro'));
		await poll(context({ params, staticData: first }));
		// What n8n hands the node after a restart: the stored JSON, wrapped.
		const reloaded = ObservableObject.create(snapshot(first) as IDataObject) as IDataObject;
		const output = await poll(context({ params, staticData: reloaded }));
		expect(output![0].map((item) => item.json.change)).toEqual(['renamed']);
	});

	it('leaves an unchanged cursor object alone (no write when nothing moved)', async () => {
		const staticData: IDataObject = {};
		server().get(`${API}/organization`).times(2).reply(200, integration('pending'));
		await poll(context({ params: statusParams, staticData }));
		const cursor = staticData.cursor;
		await poll(context({ params: statusParams, staticData }));
		expect(staticData.cursor).toBe(cursor);
	});

	it('manual mode ("Fetch Test Event") returns one sample and never touches static data', async () => {
		const staticData: IDataObject = {};
		server().get(`${API}/organization`).reply(200, integration('pending'));
		await poll(context({ params: statusParams, staticData }));
		const before = snapshot(staticData);

		server().get(`${API}/organization`).reply(200, integration('active'));
		const fake = context({ params: statusParams, staticData, mode: 'manual' });
		const output = await poll(fake);
		expect(output![0]).toHaveLength(1);
		expect(output![0][0].json).toMatchObject({
			event: 'integrationStatusChanged',
			after: { status: 'active' },
			sample: { basis: 'current-data' },
		});
		expect(fake.staticDataReads).toBe(0);
		expect(staticData).toEqual(before);

		// The real poll after it still sees pending → active.
		server().get(`${API}/organization`).reply(200, integration('active'));
		const real = await poll(context({ params: statusParams, staticData }));
		expect(real![0][0].json).toMatchObject({ before: { status: 'pending' } });
	});

	it('a poll that throws (401) persists nothing and declares credential-invalid', async () => {
		const params = { event: 'newUnmappedAccount' };
		const staticData: IDataObject = {};
		server().get(`${API}/organization`).reply(200, integration('active'));
		server()
			.get(`${API}/organization/accounts`)
			.reply(200, [{ id: '1', name: 'A', isMapped: false }]);
		await poll(context({ params, staticData }));
		const before = snapshot(staticData);

		server().get(`${API}/organization`).reply(200, integration('active'));
		server()
			.get(`${API}/organization/accounts`)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const error = await rejection(poll(context({ params, staticData })));
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(staticData).toEqual(before);

		// The change is still found by the next good poll.
		server().get(`${API}/organization`).reply(200, integration('active'));
		server()
			.get(`${API}/organization/accounts`)
			.reply(200, [
				{ id: '1', name: 'A', isMapped: false },
				{ id: '2', name: 'B', isMapped: false },
			]);
		const output = await poll(context({ params, staticData }));
		expect(output![0].map((item) => (item.json.subject as IDataObject).id)).toEqual(['2']);
	});

	it('429 with a long Retry-After fails at once as rate-limited with retryAfterMs', async () => {
		const staticData: IDataObject = { cursor: { untouched: true } };
		server()
			.get(`${API}/organization`)
			.reply(429, { statusCode: 429, message: 'Too Many Requests' }, { 'Retry-After': '120' });
		const error = await rejection(poll(context({ params: statusParams, staticData })));
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 120_000 });
		expect(staticData).toEqual({ cursor: { untouched: true } });
	});

	it('acts for the Partner API Key override and never echoes it', async () => {
		const other = 'partner-override-555';
		const params = { ...statusParams, partnerApiKey: other };
		const staticData: IDataObject = {};
		server(other).get(`${API}/organization`).reply(200, integration('inactive'));
		await poll(context({ params, staticData }));
		server(other).get(`${API}/organization`).reply(200, integration('pending'));
		const output = await poll(context({ params, staticData }));
		expect(output![0]).toHaveLength(1);
		expect(JSON.stringify(output)).not.toContain(other);
		expect(JSON.stringify(staticData)).not.toContain(other);
	});

	it('acts for a sealed partner key, opened only by the credential', async () => {
		const phrase = ['trigger', 'seal', 'phrase', 'for', 'tests'].join('-');
		const sealed = sealPartnerKey(phrase, 'msp-7', 'partner-sealed-777');
		const params = { ...statusParams, partnerId: 'msp-7', sealedPartnerKey: sealed };
		const credentials = {
			vendorApiKey: VENDOR_KEY,
			partnerApiKey: '',
			baseUrl: BASE_URL,
			partnerRegistrySecret: phrase,
		};
		const staticData: IDataObject = {};
		server('partner-sealed-777').get(`${API}/organization`).reply(200, integration('inactive'));
		await poll(context({ params, staticData, credentials }));
		server('partner-sealed-777').get(`${API}/organization`).reply(200, integration('pending'));
		const output = await poll(context({ params, staticData, credentials }));
		expect(output![0][0].json).toMatchObject({
			before: { status: 'inactive' },
			after: { status: 'pending' },
		});
		expect(JSON.stringify({ output, staticData })).not.toContain('partner-sealed-777');
	});

	it('refuses a sealed key without its Partner ID', async () => {
		const error = await rejection(
			poll(
				context({ params: { ...statusParams, sealedPartnerKey: 'gsk1.a.b.c' }, staticData: {} }),
			),
		);
		expect(error.message).toBe('The sealed partner key needs its Partner ID');
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
	});

	it('version 2 reads its Partner dropdown: a chosen key must be there, a leftover one is ignored', async () => {
		const missing = await rejection(
			poll(
				createPollContext({
					params: { ...statusParams, partnerSource: 'itemKey', partnerApiKey: '' },
					typeVersion: 2,
				}),
			),
		);
		expect(missing.message).toBe('No Partner API Key');
		expect(missing.failure).toEqual({ cause: 'configuration-invalid' });
		// "Credential's Partner" chosen: a sealed key left in the parameters is not used.
		server().get(`${API}/organization`).reply(200, integration('active'));
		const context = createPollContext({
			params: { ...statusParams, partnerSource: 'credential', sealedPartnerKey: 'gsk1.a.b.c' },
			typeVersion: 2,
		});
		// The first poll records the state; nock answered only for the credential's own token.
		expect(await poll(context)).toBeNull();
		expect(nock.isDone()).toBe(true);
	});

	it('Account Mapping Changed on the older API says so clearly instead of waiting silently', async () => {
		const params = { event: 'accountMappingChanged' };
		const staticData: IDataObject = {};
		for (const mode of ['trigger', 'manual'] as const) {
			server().get(`${API}/organization`).reply(200, integration('active'));
			server()
				.get(`${API}/organization/accounts`)
				.reply(200, [{ id: '1', name: 'A', description: '' }]);
			const error = await rejection(poll(context({ params, staticData, mode })));
			expect(error.message).toBe('Synthesize does not tell this vendor which accounts are mapped');
			expect(error.description).toContain('isMapped or mappingId');
			expect(error.failure).toEqual({ cause: 'configuration-invalid' });
			expect(staticData).toEqual({});
		}
	});

	it('Account Mapping Changed emits mapped / unmapped with the account as subject', async () => {
		const params = { event: 'accountMappingChanged' };
		const staticData: IDataObject = {};
		const rows = (mapped: boolean) => [
			{ id: 't-1', name: 'Contoso', isMapped: mapped, mappingId: mapped ? 'map-1' : null },
		];
		server().get(`${API}/organization`).times(2).reply(200, integration('active'));
		server().get(`${API}/organization/accounts`).reply(200, rows(false));
		server().get(`${API}/organization/accounts`).reply(200, rows(true));
		expect(await poll(context({ params, staticData }))).toBeNull();
		const output = await poll(context({ params, staticData }));
		expect(output![0][0].json).toMatchObject({
			event: 'accountMappingChanged',
			change: 'mapped',
			subject: { id: 't-1', name: 'Contoso' },
			before: { isMapped: false },
			after: { isMapped: true, mappingId: 'map-1' },
		});
	});

	it('Service Catalogue Changed reads Get Vendor (wrapped) and detects a rename by id', async () => {
		const params = { event: 'serviceCatalogueChanged' };
		const staticData: IDataObject = {};
		const vendor = (name: string) => ({
			status: 200,
			message: 'Success - Retrieved Vendor',
			data: { _id: 'v1', name: 'API', skus: [{ _id: '64cc00000000000000000001', name }] },
		});
		server().get(`${API}/organization`).times(2).reply(200, integration('active'));
		server().get(API).reply(200, vendor('Mail'));
		server().get(API).reply(200, vendor('Mail Pro'));
		await poll(context({ params, staticData }));
		const output = await poll(context({ params, staticData }));
		expect(output![0].map((item) => item.json.change)).toEqual(['renamed']);
		expect(output![0][0].json).toMatchObject({
			subject: { id: '64cc00000000000000000001', name: 'Mail Pro' },
			before: { name: 'Mail' },
		});
	});

	it('Sync Went Stale uses the real clock: silent when already stale, fires after a recovery', async () => {
		const params = { event: 'syncWentStale', staleAfterHours: 1 };
		const staticData: IDataObject = {};
		const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
		server()
			.get(`${API}/organization`)
			.reply(200, integration('active', hoursAgo(5)));
		expect(await poll(context({ params, staticData }))).toBeNull();
		server()
			.get(`${API}/organization`)
			.reply(200, integration('active', hoursAgo(0.1)));
		expect(await poll(context({ params, staticData }))).toBeNull();
		const stale = hoursAgo(2);
		server().get(`${API}/organization`).times(2).reply(200, integration('active', stale));
		const output = await poll(context({ params, staticData }));
		expect(output![0][0].json).toMatchObject({
			event: 'syncWentStale',
			after: { stale: true, lastSyncedAt: stale, staleAfterHours: 1 },
		});
		expect(await poll(context({ params, staticData }))).toBeNull();
	});
});

describe('poll(): New PSA Client paging', () => {
	const params = { event: 'newPsaClient' };
	const PAGE = 2;
	let clock = 0;
	let tick = 0;
	let list: Array<{ id: string; name: string }> = [];
	let asked: Array<string | null> = [];

	/** A Get Clients emulation: previousId = last id of the previous page, empty page at the end. */
	function clientsServer() {
		server().get(`${API}/organization`).reply(200, integration('active'));
		server()
			.get(`${API}/organization/clients`)
			.query(true)
			.times(50)
			.reply((uri) => {
				clock += tick;
				const previousId = new URL(uri, BASE_URL).searchParams.get('previousId');
				asked.push(previousId);
				const start = previousId ? list.findIndex((client) => client.id === previousId) + 1 : 0;
				return [200, { meta: {}, clients: list.slice(start, start + PAGE) }];
			});
	}

	const clients = (count: number) =>
		Array.from({ length: count }, (_, index) => ({
			id: `c${index + 1}`,
			name: `Client ${index + 1}`,
		}));

	beforeEach(() => {
		clock = 1_000_000;
		tick = 0;
		asked = [];
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
	});

	it('stops before 80 % of the poll budget and resumes from the stored cursor', async () => {
		const staticData: IDataObject = {};
		list = clients(5);
		// Budget 10 s → fetching stops at 8 s; every page "takes" 5 s.
		tick = 5_000;
		clientsServer();
		expect(await poll(context({ params, staticData, budgetMs: 10_000 }))).toBeNull();
		expect(asked).toEqual([null, 'c2']);
		expect(staticData.cursor).toMatchObject({ data: { resume: 'c4', baseline: true } });

		asked = [];
		clientsServer();
		expect(await poll(context({ params, staticData, budgetMs: 10_000 }))).toBeNull();
		expect(asked).toEqual(['c4', 'c5']);
		expect(staticData.cursor).toMatchObject({ data: { baseline: false } });
		expect((staticData.cursor as IDataObject).data).not.toHaveProperty('resume');

		// A new client: the next full walk reports it once.
		list = clients(6);
		tick = 100;
		asked = [];
		clientsServer();
		const output = await poll(context({ params, staticData, budgetMs: 10_000 }));
		expect(asked).toEqual([null, 'c2', 'c4', 'c6']);
		expect(output![0].map((item) => item.json.subject)).toEqual([{ id: 'c6', name: 'Client 6' }]);
		expect(output![0][0].json.after).toEqual({ id: 'c6', name: 'Client 6' });

		clientsServer();
		expect(await poll(context({ params, staticData, budgetMs: 10_000 }))).toBeNull();
	});

	it('a page that fails mid-walk persists nothing', async () => {
		const staticData: IDataObject = {};
		list = clients(3);
		clientsServer();
		await poll(context({ params, staticData }));
		const before = snapshot(staticData);
		nock.cleanAll();

		list = clients(4);
		server().get(`${API}/organization`).reply(200, integration('active'));
		server()
			.get(`${API}/organization/clients`)
			.reply(200, { meta: {}, clients: list.slice(0, 2) });
		server()
			.get(`${API}/organization/clients`)
			.query({ previousId: 'c2' })
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const error = await rejection(poll(context({ params, staticData })));
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(staticData).toEqual(before);
	});

	it('manual mode reads one page and shows a real client', async () => {
		const staticData: IDataObject = {};
		list = clients(5);
		clientsServer();
		const fake = context({ params, staticData, mode: 'manual' });
		const output = await poll(fake);
		expect(asked).toEqual([null]);
		expect(output![0][0].json).toMatchObject({
			event: 'newPsaClient',
			subject: { id: 'c1' },
			sample: { basis: 'current-data' },
		});
		expect(fake.staticDataReads).toBe(0);
		expect(staticData).toEqual({});
	});
});
