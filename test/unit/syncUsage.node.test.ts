import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import { BASE_URL, createContext, expectedToken } from './helpers/context';

const API = '/api/vendor-api';
const EDR = '64cc000000000000000000a1';
const INTEGRATION = {
	integrationId: 'int-1',
	organizationId: 'org-1',
	name: 'MSP',
	status: 'active',
};
const VENDOR = {
	status: 200,
	message: 'ok',
	data: { id: 'v', name: 'V', skus: [{ _id: EDR, id: EDR, name: 'Managed EDR' }] },
};

const params = (options: IDataObject = {}): IDataObject => ({
	resource: 'unitCount',
	operation: 'syncUsage',
	accountIdField: 'accountId',
	serviceField: 'service',
	unitCountField: 'unitCount',
	aggregation: 'sum',
	options: { concurrency: 2, ...options },
	conversion: {},
	dryRun: false,
});

const usage = (rows: Array<[string, number]>): INodeExecutionData[] =>
	rows.map(([accountId, unitCount]) => ({
		json: { accountId, service: 'Managed EDR', unitCount },
	}));

function api() {
	return nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken() } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

it('routes results, unmapped and failed rows to their outputs and keeps a ledger in static data', async () => {
	const staticData: Record<string, IDataObject> = {};
	const pushes: Array<{ accountId: string; noBuild: string }> = [];
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api().get(API).reply(200, VENDOR);
	api()
		.post(`${API}/service/${EDR}/count`)
		.query(true)
		.times(3)
		.reply((uri, body) => {
			const { accountId } = body as IDataObject;
			pushes.push({
				accountId: String(accountId),
				noBuild: new URL(uri, BASE_URL).searchParams.get('no_build')!,
			});
			return accountId === 'unmapped'
				? [404, { statusCode: 404, message: 'No account map found with id: unmapped' }]
				: [201, { status: 201, message: 'Success - Created service unit count' }];
		});
	const items = [
		...usage([
			['a', 2],
			['a', 3],
			['unmapped', 1],
		]),
		{ json: { accountId: 'b', service: 'Managed EDR', unitCount: -4 } },
	];
	const context = createContext({
		params: items.map(() => params()),
		items,
		staticData,
		continueOnFail: true,
	});
	const [summary, results, unmapped, failed] = await new GradientSynthesize().execute.call(context);

	expect(summary).toHaveLength(1);
	expect(summary[0].json).toMatchObject({
		partner: 'credential',
		rows: { input: 4, pushed: 2, unchanged: 0, unmapped: 1, failed: 1, planned: 0 },
		rebuild: { triggered: true },
		ledger: { pairs: 1, persisted: true },
	});
	expect(summary[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	expect(
		results.map((item) => [
			item.json.accountId,
			item.json.unitCount,
			item.json.outcome,
			item.pairedItem,
		]),
	).toEqual([['a', 5, 'pushed', [{ item: 0 }, { item: 1 }]]]);
	expect(unmapped.map((item) => [item.json.accountId, item.json.apiMessage])).toEqual([
		['unmapped', 'No account map found with id: unmapped'],
	]);
	expect(failed.map((item) => [item.json.row, item.json.reason, item.pairedItem])).toEqual([
		[3, 'Unit count is negative (-4)', { item: 3 }],
	]);
	// The rebuild-triggering push (no_build=false) came last.
	expect(pushes.map((push) => push.noBuild)).toEqual(['true', 'false', 'false']);
	expect(staticData.node).toEqual({
		ledgers: { credential: expect.objectContaining({ counts: { [EDR]: { a: 5 } } }) },
	});
	expect(staticData.global).toMatchObject({
		gradientSynthesize: { unmappedAccounts: { credential: { ids: ['unmapped'] } } },
	});
});

it('a second run with the same rows sends only the integration and catalogue reads', async () => {
	const staticData: Record<string, IDataObject> = {};
	api().get(`${API}/organization`).twice().reply(200, INTEGRATION);
	api().get(API).twice().reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, { status: 201, message: 'ok' });
	const items = usage([['a', 2]]);
	const first = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	expect(first[0][0].json.rows).toMatchObject({ pushed: 1 });
	const second = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	expect(second[0][0].json).toMatchObject({
		rows: { unchanged: 1, pushed: 0 },
		requests: 2,
		rebuild: { triggered: false },
	});
	expect(second[1]).toEqual([]);
});

it('without continue-on-fail, failed rows stop the workflow after the rest was pushed and recorded', async () => {
	const staticData: Record<string, IDataObject> = {};
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, { status: 201, message: 'ok' });
	const items = [...usage([['a', 2]]), { json: { accountId: 'b', service: 'Nope', unitCount: 1 } }];
	await expect(
		new GradientSynthesize().execute.call(
			createContext({ params: items.map(() => params()), items, staticData }),
		),
	).rejects.toThrow('1 usage row(s) could not be synced');
	expect((staticData.node.ledgers as IDataObject).credential).toMatchObject({
		counts: { [EDR]: { a: 2 } },
	});
});

it('editor (manual) runs say that their ledger is not kept', async () => {
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, { status: 201, message: 'ok' });
	const items = usage([['a', 2]]);
	const [summary] = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, mode: 'manual' }),
	);
	expect(summary[0].json.ledger).toEqual({ store: 'staticData', pairs: 1, persisted: false });
});

it('keeps one ledger per partner when each item carries its own key, and never outputs a key', async () => {
	const staticData: Record<string, IDataObject> = {};
	for (const key of ['partner-A', 'partner-B']) {
		nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, key) } })
			.get(`${API}/organization`)
			.reply(200, INTEGRATION);
		nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, key) } })
			.get(API)
			.reply(200, VENDOR);
		nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, key) } })
			.post(`${API}/service/${EDR}/count`)
			.query(true)
			.reply(201, { status: 201, message: 'ok' });
	}
	const items = usage([
		['a', 1],
		['a', 2],
	]);
	const output = await new GradientSynthesize().execute.call(
		createContext({
			params: [
				{ ...params(), partnerSource: 'itemKey', partnerApiKey: 'partner-A' },
				{ ...params(), partnerSource: 'itemKey', partnerApiKey: 'partner-B' },
			],
			items,
			staticData,
		}),
	);
	expect(output[0]).toHaveLength(2);
	expect(Object.keys(staticData.node.ledgers as IDataObject)).toHaveLength(2);
	expect(JSON.stringify({ output, staticData })).not.toMatch(/partner-A|partner-B/);
});

it('dry run plans the exact requests and sends no count', async () => {
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api().get(API).reply(200, VENDOR);
	const items = usage([['a', 2]]);
	const [summary, results] = await new GradientSynthesize().execute.call(
		createContext({ params: [{ ...params(), dryRun: true }], items }),
	);
	expect(summary[0].json).toMatchObject({ dryRun: true, rows: { planned: 1 } });
	expect(results[0].json.request).toEqual({
		method: 'POST',
		path: `${API}/service/${EDR}/count`,
		query: { no_build: 'false' },
		body: { accountId: 'a', unitCount: 2 },
	});
});

it('drops a ledger kept for another integration (credential pointed elsewhere) and pushes everything', async () => {
	const staticData: Record<string, IDataObject> = {};
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, {});
	const items = usage([['a', 2]]);
	await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	api()
		.get(`${API}/organization`)
		.reply(200, { ...INTEGRATION, integrationId: 'int-2' });
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, {});
	const [summary] = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	expect(summary[0].json).toMatchObject({ rows: { pushed: 1, unchanged: 0 } });
	expect(String((summary[0].json.warnings as string[])[0])).toContain(
		'another Synthesize integration',
	);
	expect((staticData.node.ledgers as IDataObject).credential).toMatchObject({
		integrationId: 'int-2',
	});
});

it('re-pushes the counts of accounts that Account → Sync had to create again (after a partner disconnect)', async () => {
	const staticData: Record<string, IDataObject> = {};
	api().get(`${API}/organization`).twice().reply(200, INTEGRATION);
	api().get(API).twice().reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).times(2).reply(201, {});
	const items = usage([['a', 2]]);
	await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	// The partner disconnected: Synthesize deleted account "a"; the account sync recreated it.
	api().get(`${API}/organization/accounts`).reply(200, []);
	api()
		.post(`${API}/organization/accounts`)
		.reply(201, [{ id: 'a', name: 'A' }]);
	await new GradientSynthesize().execute.call(
		createContext({
			params: [accountSyncParams],
			items: [{ json: { id: 'a', name: 'A' } }],
			staticData,
			childNodes: [syncUsageChild()],
		}),
	);
	const [summary] = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData }),
	);
	expect(summary[0].json).toMatchObject({ rows: { pushed: 1, unchanged: 0 } });
	expect(staticData.global).toMatchObject({ gradientSynthesize: { recreatedAccounts: {} } });
});

const accountSyncParams = {
	resource: 'account',
	operation: 'sync',
	idField: 'id',
	nameField: 'name',
	options: {},
	dryRun: false,
};
const syncUsageChild = (parameters: IDataObject = {}) => ({
	name: 'Sync usage',
	type: 'n8n-nodes-gradient-synthesize.gradientSynthesize',
	typeVersion: 1,
	parameters: { resource: 'unitCount', operation: 'syncUsage', ...parameters },
});

it('Account → Sync writes no static data when no Sync Usage after it keeps its ledger there (queue mode)', async () => {
	for (const childNodes of [[], [syncUsageChild({ ledgerStore: 'field' })]]) {
		const staticData: Record<string, IDataObject> = {};
		api().get(`${API}/organization/accounts`).reply(200, []);
		api()
			.post(`${API}/organization/accounts`)
			.reply(201, [{ id: 'a', name: 'A' }]);
		const [output] = await new GradientSynthesize().execute.call(
			createContext({
				params: [accountSyncParams],
				items: [{ json: { id: 'a', name: 'A' } }],
				staticData,
				childNodes,
			}),
		);
		expect(output[0].json.outcome).toBe('created');
		expect(staticData).toEqual({});
	}
});

it('one partner failing as a whole (a regenerated key) does not stop the others when the node continues', async () => {
	const staticData: Record<string, IDataObject> = {};
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, 'regenerated') } })
		.get(`${API}/organization`)
		.reply(401, { statusCode: 401, message: 'Unauthorized' });
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, 'good') } })
		.get(`${API}/organization`)
		.reply(200, INTEGRATION);
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, 'good') } })
		.get(API)
		.reply(200, VENDOR);
	nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken(undefined, 'good') } })
		.post(`${API}/service/${EDR}/count`)
		.query(true)
		.reply(201, {});
	const items = usage([
		['a', 1],
		['b', 2],
	]);
	const [summary] = await new GradientSynthesize().execute.call(
		createContext({
			params: [
				{ ...params(), partnerSource: 'itemKey', partnerApiKey: 'regenerated' },
				{ ...params(), partnerSource: 'itemKey', partnerApiKey: 'good' },
			],
			items,
			staticData,
			continueOnFail: true,
		}),
	);
	expect(summary[0]).toMatchObject({
		json: {
			error: 'Synthesize did not accept the API keys (401) [item 0]',
			details: expect.stringContaining('regenerated'),
		},
		pairedItem: { item: 0 },
	});
	expect(summary[1].json).toMatchObject({ rows: { pushed: 1 } });
});

describe('Ledger Store: Input Field (queue mode, n8n Cloud)', () => {
	const fieldParams = (ledger: string) => ({ ...params(), ledgerStore: 'field', ledger });

	async function run(
		rows: Array<[string, number]>,
		ledger: string,
		staticData: Record<string, IDataObject>,
	) {
		const items = usage(rows);
		const [summary, results] = await new GradientSynthesize().execute.call(
			createContext({ params: items.map(() => fieldParams(ledger)), items, staticData }),
		);
		return { summary: summary[0].json, results: results.map((item) => item.json) };
	}

	it('takes the ledger in, gives the new one back, never touches static data, and zeroes a leaver once', async () => {
		const staticData: Record<string, IDataObject> = {};
		const pushed: Array<[string, number]> = [];
		api().get(`${API}/organization`).times(4).reply(200, INTEGRATION);
		api().get(API).times(4).reply(200, VENDOR);
		api()
			.post(`${API}/service/${EDR}/count`)
			.query(true)
			.times(3)
			.reply((_uri, body) => {
				const { accountId, unitCount } = body as IDataObject;
				pushed.push([String(accountId), Number(unitCount)]);
				return [201, { status: 201, message: 'ok' }];
			});

		const first = await run(
			[
				['a', 5],
				['c', 3],
			],
			'',
			staticData,
		);
		expect(first.summary).toMatchObject({
			rows: { pushed: 2 },
			ledger: { store: 'field', pairs: 2 },
		});
		expect(typeof first.summary.ledgerState).toBe('string');
		// Same data, the ledger handed back in: nothing pushed.
		const second = await run(
			[
				['a', 5],
				['c', 3],
			],
			first.summary.ledgerState as string,
			staticData,
		);
		expect(second.summary).toMatchObject({ rows: { pushed: 0, unchanged: 2 } });
		// c left: exactly one zero.
		const third = await run([['a', 5]], second.summary.ledgerState as string, staticData);
		expect(third.summary).toMatchObject({ pairs: { zeroPushes: 1 } });
		// The ledger after the zero no longer holds c: a fourth run sends nothing.
		const fourth = await run([['a', 5]], third.summary.ledgerState as string, staticData);
		expect(fourth.summary).toMatchObject({ rows: { pushed: 0 }, pairs: { zeroPushes: 0 } });

		expect(pushed).toEqual([
			['a', 5],
			['c', 3],
			['c', 0],
		]);
		expect(staticData).toEqual({});
	});

	it('refuses a ledger that is not one it gave, and sends nothing', async () => {
		api().get(`${API}/organization`).reply(200, INTEGRATION);
		const items = usage([['a', 5]]);
		await expect(
			new GradientSynthesize().execute.call(
				createContext({ params: [fieldParams('{not json')], items, staticData: {} }),
			),
		).rejects.toThrow('The Ledger is not the ledgerState this node gave [item 0]');
		expect(nock.isDone()).toBe(false);
	});
});

it('with static data, an empty ledger while Synthesize already has counts is said on the Summary', async () => {
	api()
		.get(`${API}/organization`)
		.reply(200, { ...INTEGRATION, lastSyncedAt: '2026-12-01T10:00:00.000Z' });
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, { status: 201, message: 'ok' });
	const items = usage([['a', 2]]);
	const [summary] = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData: {} }),
	);
	expect((summary[0].json.warnings as string[]).join(' ')).toContain(
		'n8n is not keeping static data (queue mode or n8n Cloud)',
	);
	// An editor run never keeps static data: saying "queue mode" there would mislead.
	api()
		.get(`${API}/organization`)
		.reply(200, { ...INTEGRATION, lastSyncedAt: '2026-12-01T10:00:00.000Z' });
	api().get(API).reply(200, VENDOR);
	api().post(`${API}/service/${EDR}/count`).query(true).reply(201, { status: 201, message: 'ok' });
	const [manual] = await new GradientSynthesize().execute.call(
		createContext({ params: [params()], items, staticData: {}, mode: 'manual' }),
	);
	expect(manual[0].json.warnings).toEqual([]);
});

it('reads Force Full Push per partner when the items of several partners come in one run', async () => {
	const staticData: Record<string, IDataObject> = {};
	const pushed: string[] = [];
	const answer = (key: string, times: number) => {
		const scope = nock(BASE_URL, {
			reqheaders: { 'gradient-token': expectedToken(undefined, key) },
		});
		scope.get(`${API}/organization`).times(times).reply(200, INTEGRATION);
		scope.get(API).times(times).reply(200, VENDOR);
		scope
			.post(`${API}/service/${EDR}/count`)
			.query(true)
			.times(times)
			.reply(() => {
				pushed.push(key);
				return [201, { status: 201, message: 'ok' }];
			});
	};
	answer('partner-A', 2);
	answer('partner-B', 2);
	const run = (forceA: boolean, forceB: boolean) =>
		new GradientSynthesize().execute.call(
			createContext({
				params: [
					{
						...params({ forceFullPush: forceA }),
						partnerSource: 'itemKey',
						partnerApiKey: 'partner-A',
					},
					{
						...params({ forceFullPush: forceB }),
						partnerSource: 'itemKey',
						partnerApiKey: 'partner-B',
					},
				],
				items: usage([
					['a', 1],
					['b', 2],
				]),
				staticData,
			}),
		);
	await run(false, false);
	expect(pushed).toEqual(['partner-A', 'partner-B']);
	const [summaries] = await run(false, true);
	// Unchanged counts: only the partner whose own item asked for a full push sends again.
	expect(pushed).toEqual(['partner-A', 'partner-B', 'partner-B']);
	expect(summaries.map((item) => (item.json.rows as IDataObject).pushed)).toEqual([0, 1]);
});
