import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { GradientSynthesizeApi } from '../../credentials/GradientSynthesizeApi.credentials';
import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import { sealPartnerKey, unsealPartnerKey } from '../../nodes/shared/seal';
import { BASE_URL, createContext, expectedToken, PARTNER_KEY, VENDOR_KEY } from './helpers/context';

const API = '/api/vendor-api';
const TEST_SEAL_PHRASE = ['registry', 'phrase', 'for', 'tests'].join('-');
const CREDENTIALS = {
	vendorApiKey: VENDOR_KEY,
	partnerApiKey: '',
	baseUrl: BASE_URL,
	partnerRegistrySecret: TEST_SEAL_PHRASE,
};
const INTEGRATION = {
	organizationId: 'org-a',
	name: 'MSP A',
	integrationId: 'i',
	status: 'inactive',
	lastSyncedAt: '1900-01-01T00:00:00Z',
};

const asPartner = (key: string) =>
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, key) } });

async function run(
	params: IDataObject[],
	extra: {
		continueOnFail?: boolean;
		staticData?: Record<string, IDataObject>;
		items?: Array<{ json: IDataObject }>;
	} = {},
) {
	const context = createContext({ params, credentials: CREDENTIALS, ...extra });
	return await new GradientSynthesize().execute.call(context);
}

async function sealFor(partnerId: string, partnerApiKey: string): Promise<string> {
	const output = await run([
		{ resource: 'partnerKey', operation: 'seal', partnerId, partnerApiKey, verify: false },
	]);
	return String(output[0][0].json.sealedKey);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('sealing', () => {
	it('opens only with the same secret and for the same partner; every seal is different', () => {
		const sealed = sealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', 'key-of-A');
		expect(sealed).toMatch(/^gsk1\.[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(sealed).not.toContain('key-of-A');
		expect(sealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', 'key-of-A')).not.toBe(sealed);
		expect(unsealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', sealed)).toBe('key-of-A');
		expect(unsealPartnerKey(`${TEST_SEAL_PHRASE}x`, 'msp-a', sealed)).toBeUndefined();
		expect(unsealPartnerKey(TEST_SEAL_PHRASE, 'msp-b', sealed)).toBeUndefined();
		expect(
			unsealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', `${sealed.slice(0, -3)}AAA`),
		).toBeUndefined();
		expect(unsealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', 'gsk1.garbage')).toBeUndefined();
	});
});

describe('Partner Key → Seal', () => {
	it('verifies the key with Synthesize, then returns it sealed, never in clear', async () => {
		asPartner('key-of-A').get(`${API}/organization`).reply(200, INTEGRATION);
		const output = await run([
			{
				resource: 'partnerKey',
				operation: 'seal',
				partnerId: 'msp-a',
				partnerApiKey: ' key-of-A ',
				verify: true,
			},
		]);
		const json = output[0][0].json;
		expect(json).toMatchObject({
			partnerId: 'msp-a',
			verified: true,
			organization: 'MSP A',
			organizationId: 'org-a',
			integrationStatus: 'inactive',
		});
		expect(unsealPartnerKey(TEST_SEAL_PHRASE, 'msp-a', String(json.sealedKey))).toBe('key-of-A');
		expect(JSON.stringify(output)).not.toContain('key-of-A');
	});

	it('does not seal a key Synthesize refuses', async () => {
		asPartner('wrong')
			.get(`${API}/organization`)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		await expect(
			run([
				{
					resource: 'partnerKey',
					operation: 'seal',
					partnerId: 'msp-a',
					partnerApiKey: 'wrong',
					verify: true,
				},
			]),
		).rejects.toThrow('Synthesize did not accept the API keys (401) [item 0]');
	});

	it('asks for a Partner Registry Secret when the credential has none or a short one', async () => {
		for (const partnerRegistrySecret of ['', 'short']) {
			const context = createContext({
				params: [
					{
						resource: 'partnerKey',
						operation: 'seal',
						partnerId: 'msp-a',
						partnerApiKey: 'k',
						verify: false,
					},
				],
				credentials: { ...CREDENTIALS, partnerRegistrySecret },
			});
			await expect(new GradientSynthesize().execute.call(context)).rejects.toMatchObject({
				description: expect.stringContaining(
					'Set a Partner Registry Secret of at least 16 characters',
				),
			});
		}
	});
});

describe('acting for a partner through its sealed key', () => {
	/** The sealed keys of MSP A and MSP B, each of which answers Get Integration once. */
	async function twoPartnersAnswering(): Promise<[string, string]> {
		const sealed = [await sealFor('msp-a', 'key-of-A'), await sealFor('msp-b', 'key-of-B')];
		asPartner('key-of-A').get(`${API}/organization`).reply(200, INTEGRATION);
		asPartner('key-of-B')
			.get(`${API}/organization`)
			.reply(200, { ...INTEGRATION, name: 'MSP B' });
		return [sealed[0], sealed[1]];
	}

	it('each item acts for its own partner; the credential opens the seal inside authenticate', async () => {
		const [sealedA, sealedB] = await twoPartnersAnswering();
		const context = createContext({
			params: [
				{
					resource: 'integration',
					operation: 'get',
					partnerSource: 'sealedKey',
					partnerId: 'msp-a',
					sealedPartnerKey: sealedA,
				},
				{
					resource: 'integration',
					operation: 'get',
					partnerSource: 'sealedKey',
					partnerId: 'msp-b',
					sealedPartnerKey: sealedB,
				},
			],
			credentials: CREDENTIALS,
		});
		const output = await new GradientSynthesize().execute.call(context);
		expect(output[0].map((item) => item.json.name)).toEqual(['MSP A', 'MSP B']);
		// Node code only handed the sealed key and the partner ID to n8n's helper.
		expect(context.sent[0].options.headers).toEqual({
			'x-gradient-sealed-partner-key': sealedA,
			'x-gradient-partner-id': 'msp-a',
		});
	});

	it('{{ $json.field }} is read from each item (no expression per item); any other value goes through n8n', async () => {
		const [sealedA, sealedB] = await twoPartnersAnswering();
		const params = {
			resource: 'integration',
			operation: 'get',
			partnerSource: 'sealedKey',
			partnerId: '={{ $json.partnerId }}',
			sealedPartnerKey: '={{ $json.sealedKey }}',
		};
		const items = [
			{ json: { partnerId: 'msp-a', sealedKey: sealedA } },
			// Not text: left to n8n (the test context evaluates `$json.field` as n8n would).
			{ json: { partnerId: 'msp-b', sealedKey: { wrapped: sealedB } } },
		];
		const context = createContext({ params: [params, params], items, credentials: CREDENTIALS });
		const evaluated: string[] = [];
		const getNodeParameter = context.getNodeParameter.bind(context);
		context.getNodeParameter = ((name: string, index: number, ...rest: unknown[]) => {
			const value = (getNodeParameter as (...args: unknown[]) => unknown)(name, index, ...rest);
			const field = typeof value === 'string' ? /^=\{\{ \$json\.(\w+) \}\}$/.exec(value) : null;
			if (!field) return value;
			evaluated.push(`${name}[${index}]`);
			const json = items[index].json as IDataObject;
			return name === 'sealedPartnerKey' && typeof json.sealedKey === 'object'
				? sealedB
				: json[field[1]];
		}) as typeof context.getNodeParameter;
		const output = await new GradientSynthesize().execute.call(context);
		expect(output[0].map((item) => item.json.name)).toEqual(['MSP A', 'MSP B']);
		expect(evaluated).toEqual(['sealedPartnerKey[1]']);
	});

	it('a sealed key used for another partner does not open, and says why', async () => {
		const sealedA = await sealFor('msp-a', 'key-of-A');
		const output = await run(
			[
				{
					resource: 'integration',
					operation: 'get',
					partnerSource: 'sealedKey',
					partnerId: 'msp-b',
					sealedPartnerKey: sealedA,
				},
			],
			{ continueOnFail: true },
		);
		expect(output[0][0].json).toEqual({
			error: 'The sealed key of partner "msp-b" cannot be opened [item 0]',
			details:
				'It was sealed with another Partner Registry Secret or for another partner, or it is damaged. Ask the MSP to reconnect (seal its key again).',
			errorKind: 'configuration',
		});
	});

	it("Seal's error items say who must act: the vendor's set-up or the partner's key (errorKind)", async () => {
		const seal = (partnerApiKey: string) => ({
			resource: 'partnerKey',
			operation: 'seal',
			partnerId: 'msp-a',
			partnerApiKey,
			verify: true,
		});
		asPartner('wrong-key')
			.get(`${API}/organization`)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const output = await run([seal('wrong-key'), seal('two words')], { continueOnFail: true });
		expect(output[0].map((item) => item.json.errorKind)).toEqual(['unauthorized', 'partner-key']);
		// The vendor's credential has no Partner Registry Secret: its set-up, not the partner's key.
		const context = createContext({
			params: [seal('key-of-A')],
			credentials: { ...CREDENTIALS, partnerRegistrySecret: '' },
			continueOnFail: true,
		});
		const [[item]] = await new GradientSynthesize().execute.call(context);
		expect(item.json).toMatchObject({ errorKind: 'configuration' });
		expect(String(item.json.details)).toMatch(/Partner Registry Secret/);
		expect(context.sent).toEqual([]);
	});

	it('Continue (using error output): error items hold only error and details, or n8n 2.41 would leave them on the success output', async () => {
		// WorkflowExecute.handleNodeErrorOutput moves an item to the error output only when its json
		// has no key but error, message and details; errorKind is for "Continue" (regular output).
		asPartner('wrong-key')
			.get(`${API}/organization`)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const context = createContext({
			params: [
				{
					resource: 'partnerKey',
					operation: 'seal',
					partnerId: 'msp-a',
					partnerApiKey: 'wrong-key',
					verify: true,
				},
			],
			credentials: CREDENTIALS,
			continueOnFail: true,
			onError: 'continueErrorOutput',
		});
		const [[item]] = await new GradientSynthesize().execute.call(context);
		expect(Object.keys(item.json).sort()).toEqual(['details', 'error']);
		expect(String(item.json.error)).toMatch(/401/);
	});

	it('Verify tells a regenerated key (401) apart from a working one', async () => {
		const sealed = await sealFor('msp-a', 'old-key');
		asPartner('old-key')
			.get(`${API}/organization`)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const output = await run([
			{ resource: 'partnerKey', operation: 'verify', partnerId: 'msp-a', sealedPartnerKey: sealed },
		]);
		expect(output[0][0].json).toMatchObject({ partnerId: 'msp-a', valid: false });
		expect(String(output[0][0].json.reason)).toContain('regenerated or revoked');
	});

	it("Verify paces every item's key check at Max Requests per Second, not each item alone", async () => {
		const sealed = await sealFor('msp-a', 'key-of-A');
		const arrivals: number[] = [];
		asPartner('key-of-A')
			.get(`${API}/organization`)
			.times(3)
			.reply(() => {
				arrivals.push(Date.now());
				return [200, INTEGRATION];
			});
		const params = {
			resource: 'partnerKey',
			operation: 'verify',
			partnerId: 'msp-a',
			sealedPartnerKey: sealed,
			options: { requestsPerSecond: 4 },
		};
		const started = Date.now();
		const output = await run([params, params, params], {
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(output[0].map((item) => item.json.valid)).toEqual([true, true, true]);
		// 4 a second: the third check starts 500 ms after the first, which starts after the run did.
		// (Measured from the run's start, not the first arrival: under load the first request can
		// arrive late and shorten the gap, as it did once in CI, 444 ms.)
		expect(arrivals[2] - started).toBeGreaterThanOrEqual(500);
	});

	it('Sync Usage keeps one ledger per partner, keyed by the partner ID', async () => {
		const staticData: Record<string, IDataObject> = {};
		const sealed = await sealFor('msp-a', 'key-of-A');
		const EDR = '64cc000000000000000000a1';
		asPartner('key-of-A').get(`${API}/organization`).reply(200, INTEGRATION);
		asPartner('key-of-A')
			.get(API)
			.reply(200, {
				status: 200,
				message: 'ok',
				data: { id: 'v', name: 'V', skus: [{ id: EDR, name: 'EDR' }] },
			});
		asPartner('key-of-A').post(`${API}/service/${EDR}/count`).query(true).reply(201, {});
		const [summary] = await run(
			[
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
					partnerSource: 'sealedKey',
					partnerId: 'msp-a',
					sealedPartnerKey: sealed,
				},
			],
			{ staticData, items: [{ json: { accountId: '1', service: 'EDR', unitCount: 3 } }] },
		);
		expect(summary[0].json.partner).toBe('partner:msp-a');
		expect(Object.keys(staticData.node.ledgers as IDataObject)).toEqual(['partner:msp-a']);
		expect(JSON.stringify({ summary, staticData })).not.toContain('key-of-A');
	});

	it('the credential still uses its own partner key when nothing else is asked', async () => {
		const options = await new GradientSynthesizeApi().authenticate(
			{ ...CREDENTIALS, partnerApiKey: PARTNER_KEY },
			{ url: '/x', headers: {} },
		);
		expect((options.headers as IDataObject)['GRADIENT-TOKEN']).toBe(expectedToken());
	});
});
