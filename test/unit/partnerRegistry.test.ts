import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import { BASE_URL, createContext, expectedToken } from './helpers/context';
import { FakeDataTables } from './helpers/dataTables';

const API = '/api/vendor-api';
const INTEGRATION = {
	organizationId: 'org-a',
	name: 'MSP A',
	integrationId: 'i',
	status: 'inactive',
	lastSyncedAt: '1900-01-01T00:00:00Z',
};

const asPartner = (key: string) =>
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, key) } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function run(
	params: IDataObject[],
	dataTables: FakeDataTables,
	extra: { continueOnFail?: boolean; staticData?: Record<string, IDataObject> } = {},
) {
	const context = createContext({ params, dataTables, ...extra });
	return await new GradientSynthesize().execute.call(context);
}

it('Store verifies the key with Synthesize, stores it, and never returns it', async () => {
	const tables = new FakeDataTables();
	asPartner('key-of-A').get(`${API}/organization`).reply(200, INTEGRATION);
	const output = await run(
		[
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-a',
				partnerApiKey: ' key-of-A ',
				verify: true,
			},
		],
		tables,
	);
	expect(output[0][0].json).toEqual({
		partnerId: 'msp-a',
		stored: true,
		verified: true,
		organization: 'MSP A',
		organizationId: 'org-a',
		integrationStatus: 'inactive',
	});
	const [table] = [...tables.tables.values()];
	expect(table.meta.name).toBe('gradient_partner_keys');
	expect(table.rows).toEqual([{ partnerId: 'msp-a', partnerKey: 'key-of-A' }]);
	expect(JSON.stringify(output)).not.toContain('key-of-A');
});

it('Store does not keep a key Synthesize refuses', async () => {
	const tables = new FakeDataTables();
	asPartner('wrong')
		.get(`${API}/organization`)
		.reply(401, { statusCode: 401, message: 'Unauthorized' });
	await expect(
		run(
			[
				{
					resource: 'partnerKey',
					operation: 'store',
					partnerId: 'msp-a',
					partnerApiKey: 'wrong',
					verify: true,
				},
			],
			tables,
		),
	).rejects.toThrow('Synthesize did not accept the API keys (401) [item 0]');
	expect(tables.tables.size).toBe(0);
});

it('operations act for the partner named by each item, reading its key from the registry once', async () => {
	const tables = new FakeDataTables();
	asPartner('key-of-A').get(`${API}/organization`).times(2).reply(200, INTEGRATION);
	asPartner('key-of-B')
		.get(`${API}/organization`)
		.reply(200, { ...INTEGRATION, organizationId: 'org-b', name: 'MSP B' });
	await run(
		[
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-a',
				partnerApiKey: 'key-of-A',
				verify: false,
			},
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-b',
				partnerApiKey: 'key-of-B',
				verify: false,
			},
		],
		tables,
	);
	const [table] = [...tables.tables.values()];
	const reads = jest.spyOn(tables, 'table');
	const output = await run(
		['msp-a', 'msp-b', 'msp-a'].map((partnerId) => ({
			resource: 'integration',
			operation: 'get',
			partnerSource: 'registry',
			partnerId,
		})),
		tables,
	);
	expect(output[0].map((item) => item.json.name)).toEqual(['MSP A', 'MSP B', 'MSP A']);
	expect(reads).toHaveBeenCalledTimes(1);
	expect(table.rows).toHaveLength(2);
});

it('an unknown partner is a clear error naming the item; other items go on', async () => {
	const tables = new FakeDataTables();
	asPartner('key-of-A').get(`${API}/organization`).reply(200, INTEGRATION);
	await run(
		[
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-a',
				partnerApiKey: 'key-of-A',
				verify: false,
			},
		],
		tables,
	);
	const output = await run(
		['ghost', 'msp-a'].map((partnerId) => ({
			resource: 'integration',
			operation: 'get',
			partnerSource: 'registry',
			partnerId,
		})),
		tables,
		{ continueOnFail: true },
	);
	expect(output[0][0].json).toEqual({
		error: 'Partner "ghost" has no key in the registry [item 0]',
		details:
			'Store the partner\'s key first (Partner Key → Store, table "gradient_partner_keys"), e.g. from your integration page.',
	});
	expect(output[0][1].json.name).toBe('MSP A');
});

it('Verify reports a regenerated key as invalid, not as a crash; Delete removes it', async () => {
	const tables = new FakeDataTables();
	await run(
		[
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-a',
				partnerApiKey: 'old-key',
				verify: false,
			},
		],
		tables,
	);
	asPartner('old-key')
		.get(`${API}/organization`)
		.reply(401, { statusCode: 401, message: 'Unauthorized' });
	const verified = await run(
		[{ resource: 'partnerKey', operation: 'verify', partnerId: 'msp-a' }],
		tables,
	);
	expect(verified[0][0].json).toMatchObject({ partnerId: 'msp-a', valid: false });
	expect(String(verified[0][0].json.reason)).toContain('regenerated or revoked');
	const deleted = await run(
		[{ resource: 'partnerKey', operation: 'delete', partnerId: 'msp-a' }],
		tables,
	);
	expect(deleted[0][0].json).toEqual({ partnerId: 'msp-a', deleted: true });
	expect([...tables.tables.values()][0].rows).toEqual([]);
});

it('Sync Usage keeps one ledger per registry partner, keyed by the partner ID', async () => {
	const tables = new FakeDataTables();
	const staticData: Record<string, IDataObject> = {};
	await run(
		[
			{
				resource: 'partnerKey',
				operation: 'store',
				partnerId: 'msp-a',
				partnerApiKey: 'key-of-A',
				verify: false,
			},
		],
		tables,
	);
	const EDR = '64cc000000000000000000a1';
	asPartner('key-of-A')
		.get(API)
		.reply(200, {
			status: 200,
			message: 'ok',
			data: { id: 'v', name: 'V', skus: [{ id: EDR, name: 'EDR' }] },
		});
	asPartner('key-of-A').post(`${API}/service/${EDR}/count`).query(true).reply(201, {});
	const context = createContext({
		params: [
			{
				resource: 'unitCount',
				operation: 'syncUsage',
				accountIdField: 'accountId',
				serviceField: 'service',
				unitCountField: 'unitCount',
				aggregation: 'sum',
				options: {},
				conversion: {},
				dryRun: false,
				partnerSource: 'registry',
				partnerId: 'msp-a',
			},
		],
		items: [{ json: { accountId: '1', service: 'EDR', unitCount: 3 } }],
		dataTables: tables,
		staticData,
	});
	const [summary] = await new GradientSynthesize().execute.call(context);
	expect(summary[0].json.partner).toBe('partner:msp-a');
	expect(Object.keys(staticData.node.ledgers as IDataObject)).toEqual(['partner:msp-a']);
});

it('without Data Tables the registry says how to proceed', async () => {
	const context = createContext({
		params: [
			{ resource: 'integration', operation: 'get', partnerSource: 'registry', partnerId: 'x' },
		],
	});
	await expect(new GradientSynthesize().execute.call(context)).rejects.toThrow(
		'n8n Data Tables are not available here [item 0]',
	);
});
