import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import { apiCall, apiFailureOf } from '../../nodes/shared/transport';
import {
	BASE_URL,
	createContext,
	expectedToken,
	locator,
	PARTNER_KEY,
	VENDOR_KEY,
} from './helpers/context';

/**
 * The bad-input corpus: every case must end in a clear message that names the item (or the
 * credential field) and says how to fix it, with nothing sent that should not be sent.
 *
 * Test titles say what each case shows, and tools/chaos.js counts them by it for
 * docs/reliability.md: "refused: " (a bad input refused with a clear error), "accepted as valid: "
 * (an unusual input that is right), "untrustworthy answer refused: " (an API answer the node must
 * not trust); other tests are checks, not inputs.
 */

const API = '/api/vendor-api';
const SERVICE_ID = '64cc000000000000000000a1';
const SECRETS = [VENDOR_KEY, PARTNER_KEY, expectedToken()];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function refusedBeforeSending(params: IDataObject, credentials?: IDataObject) {
	const context = createContext({
		params: [params],
		credentials: credentials as never,
	});
	let error: (Error & { description?: string }) | undefined;
	try {
		await new GradientSynthesize().execute.call(context);
	} catch (caught) {
		error = caught as Error & { description?: string };
	}
	expect(error).toBeDefined();
	const sentUpstream = context.sent.length;
	return { error: error!, sentUpstream };
}

const setCount = (
	unitCount: unknown,
	accountId: unknown = 'acct-1',
	serviceId: unknown = SERVICE_ID,
): IDataObject => ({
	resource: 'unitCount',
	operation: 'set',
	serviceId: locator(String(serviceId)),
	accountId: locator(accountId as string),
	unitCount: unitCount as IDataObject['unitCount'],
	options: {},
});

describe('unit counts', () => {
	it.each([
		[-1, 'Unit count is negative (-1)'],
		[-0.5, 'Unit count is negative (-0.5)'],
		[Number.NaN, 'Unit count is NaN'],
		[Number.POSITIVE_INFINITY, 'Unit count is infinite'],
		[Number.NEGATIVE_INFINITY, 'Unit count is infinite'],
		['abc', 'Unit count is not a number ("abc")'],
		['', 'Unit count is not a number ("")'],
		['12abc', 'Unit count is not a number ("12abc")'],
		[null, 'Unit count is not a number (null)'],
		[true, 'Unit count is not a number ("true")'],
		[{}, 'Unit count is not a number ("[object Object]")'],
		[2 ** 60, `Unit count is too large (${2 ** 60})`],
		[1e308, 'Unit count is too large (1e+308)'],
	])('refused: unit count %p, with a fix, nothing sent', async (unitCount, message) => {
		const { error, sentUpstream } = await refusedBeforeSending(setCount(unitCount));
		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toMatch(/Send a number of units of 0 or more|cannot be sent exactly/);
		expect(sentUpstream).toBe(0);
	});

	it.each([
		[' 12 ', 12],
		[1.5, 1.5],
		[0, 0],
	])('accepted as valid: unit count %p, sent as %p', async (unitCount, sent) => {
		nock(BASE_URL)
			.post(`${API}/service/${SERVICE_ID}/count`, { unitCount: sent, accountId: 'acct-1' })
			.query(true)
			.reply(201, {});
		const context = createContext({ params: [setCount(unitCount)] });
		const output = await new GradientSynthesize().execute.call(context);
		expect(output[0][0].json.outcome).toBe('pushed');
	});
});

describe('ids', () => {
	it.each([
		['', 'Account is empty'],
		['   ', 'Account is empty'],
		['x'.repeat(600), 'Account is 600 characters long'],
		['line\nbreak', 'Account contains a control character (e.g. a line break)'],
		['tab\there', 'Account contains a control character (e.g. a line break)'],
	])('refused: account %p', async (accountId, message) => {
		const { error, sentUpstream } = await refusedBeforeSending(setCount(1, accountId));
		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toBeTruthy();
		expect(sentUpstream).toBe(0);
	});

	it.each([
		['Managed EDR', 'Service "Managed EDR" is not a Synthesize id'],
		['64cc00000000000000000', 'Service "64cc00000000000000000" is not a Synthesize id'],
		['', 'Service is empty'],
	])('refused: service %p', async (serviceId, message) => {
		const { error } = await refusedBeforeSending(setCount(1, 'acct', serviceId));
		expect(error.message).toBe(`${message} [item 0]`);
	});

	it.each([
		['Kunde-Müller-東京', 'Kunde-M%C3%BCller-%E6%9D%B1%E4%BA%AC'],
		['a/b c', 'a%2Fb%20c'],
		['100%', '100%25'],
		['?#&', '%3F%23%26'],
	])('accepted as valid: account id %p, on the right route', async (accountId, encoded) => {
		const scope = nock(BASE_URL)
			.patch(`${API}/organization/accounts/${encoded}`)
			.reply(200, { id: accountId, name: 'n' });
		const context = createContext({
			params: [
				{
					resource: 'account',
					operation: 'update',
					accountId: locator(accountId),
					updateFields: { name: 'n' },
				},
			],
		});
		await new GradientSynthesize().execute.call(context);
		expect(scope.isDone()).toBe(true);
	});
});

describe('enums and required fields', () => {
	it.each([
		[
			{ resource: 'integration', operation: 'setStatus', status: 'Active' },
			'Status "Active" is not one of the values Synthesize accepts',
			'use "active"',
		],
		[
			{ resource: 'integration', operation: 'setStatus', status: 'ACTIVE' },
			'Status "ACTIVE" is not one of the values Synthesize accepts',
			'use "active"',
		],
		[
			{ resource: 'integration', operation: 'setStatus', status: 'paused' },
			'Status "paused" is not one of the values Synthesize accepts',
			'"pending"',
		],
		[
			{
				resource: 'service',
				operation: 'create',
				name: 'PAM',
				description: 'd',
				category: 'security',
				subcategory: 'privileged access and identity management (PAM/PIM)',
			},
			'Subcategory "privileged access and identity management (PAM/PIM)" is not one of the values Synthesize accepts',
			'priviledged',
		],
		[
			{
				resource: 'service',
				operation: 'create',
				name: 'X',
				description: 'd',
				category: 'Backup',
				subcategory: 'other',
			},
			'Category "Backup" is not one of the values Synthesize accepts',
			'use "backup"',
		],
		[
			{
				resource: 'service',
				operation: 'create',
				name: '',
				description: 'd',
				category: 'backup',
				subcategory: 'other',
			},
			'Name is empty',
			'Give Name a value',
		],
		[
			{
				resource: 'service',
				operation: 'create',
				name: 'X',
				description: '  ',
				category: 'backup',
				subcategory: 'other',
			},
			'Description is empty',
			'Give Description a value',
		],
		[
			{ resource: 'vendor', operation: 'update', updateFields: {} },
			'Nothing to update',
			'at least one field',
		],
		[
			{
				resource: 'account',
				operation: 'update',
				accountId: locator('1'),
				updateFields: { name: '  ' },
			},
			'Nothing to update',
			'at least one field',
		],
		[
			{ resource: 'alert', operation: 'getStatus', messageId: '' },
			'Message ID is empty',
			'non-empty',
		],
	])('refused: %j', async (params, message, fix) => {
		const { error, sentUpstream } = await refusedBeforeSending(params);
		expect(error.message).toBe(`${message} [item 0]`);
		expect(error.description).toContain(fix);
		expect(sentUpstream).toBe(0);
	});

	const alert = (overrides: IDataObject): IDataObject => ({
		resource: 'alert',
		operation: 'create',
		accountId: locator('1'),
		title: 'Disk full',
		description: 'C: 99%',
		alertIdMode: 'manual',
		alertId: 'INC-1',
		priority: 2,
		additionalFields: {},
		waitForTicket: false,
		...overrides,
	});

	it.each([
		[{ priority: 0 }, 'Priority "0" is not a whole number from 1 to 4'],
		[{ priority: 5 }, 'Priority "5" is not a whole number from 1 to 4'],
		[{ priority: 2.5 }, 'Priority "2.5" is not a whole number from 1 to 4'],
		[{ priority: 'high' }, 'Priority "high" is not a whole number from 1 to 4'],
		[{ additionalFields: { status: 7 } }, 'Ticket Status "7" is not a whole number from 1 to 6'],
		[{ title: '' }, 'Title is empty'],
		[{ description: '' }, 'Description is empty'],
		[{ alertId: '' }, 'Alert ID is empty'],
		[
			{ additionalFields: { dueDateTime: 'tomorrow' } },
			'Due Date "tomorrow" is not a date and time',
		],
		[
			{ additionalFields: { dueDateTime: '31/12/2026' } },
			'Due Date "31/12/2026" is not a date and time',
		],
		[{ additionalFields: { serviceId: locator('EDR') } }, 'Service "EDR" is not a Synthesize id'],
	])('refused: alert %j', async (overrides, message) => {
		const { error, sentUpstream } = await refusedBeforeSending(alert(overrides));
		expect(error.message).toBe(`${message} [item 0]`);
		expect(sentUpstream).toBe(0);
	});
});

describe('keys and Base URL in the credential', () => {
	const good = { vendorApiKey: VENDOR_KEY, partnerApiKey: PARTNER_KEY, baseUrl: BASE_URL };
	it.each([
		[{ vendorApiKey: 'vendor key' }, 'The Vendor API Key contains a space or a line break'],
		[{ vendorApiKey: 'vendor\nkey' }, 'The Vendor API Key contains a space or a line break'],
		[{ partnerApiKey: 'partner\tkey' }, 'The Partner API Key contains a space or a line break'],
		[{ vendorApiKey: '' }, 'The Vendor API Key is empty'],
		[{ partnerApiKey: '  ' }, 'No Partner API Key for this request'],
		[{ baseUrl: 'http://app.usegradient.com' }, 'The Base URL uses plain http to a remote host'],
		[
			{ baseUrl: 'https://app.usegradient.com/api/vendor-api/' },
			'The Base URL must not contain a path ("/api/vendor-api/")',
		],
		[{ baseUrl: 'app.usegradient.com' }, 'The Base URL "app.usegradient.com" has no scheme'],
		[
			{ baseUrl: 'https://app.usegradient.com?x=1' },
			'The Base URL must not contain a user name, password, query or fragment',
		],
		[
			{ baseUrl: 'htps://app.usegradient.com' },
			'The Base URL must start with https://, not htps://',
		],
	])(
		'refused: credential %j, before any request, without echoing a key',
		async (override, message) => {
			const { error, sentUpstream } = await refusedBeforeSending(
				{ resource: 'integration', operation: 'get' },
				{ ...good, ...override },
			);
			expect(error.message).toBe(`${message} [item 0]`);
			expect(error.description).toBeTruthy();
			expect(sentUpstream).toBe(1); // handed to n8n's helper, which ran the credential and refused
			for (const secret of SECRETS)
				expect(`${error.message} ${error.description}`).not.toContain(secret);
		},
	);

	it.each([['  https://app.usegradient.com/  '], ['https://APP.usegradient.com']])(
		'accepted as valid: Base URL %p',
		async (baseUrl) => {
			nock('https://app.usegradient.com')
				.get(`${API}/organization`)
				.reply(200, { status: 'active' });
			const context = createContext({
				params: [{ resource: 'integration', operation: 'get' }],
				credentials: { ...good, baseUrl },
			});
			await expect(new GradientSynthesize().execute.call(context)).resolves.toBeDefined();
		},
	);
});

describe('API responses the node cannot trust', () => {
	const context = () => createContext({ params: [{}] });
	const getAccounts = {
		route: 'getAccounts',
		method: 'GET' as const,
		path: '/organization/accounts',
	};

	it.each([
		[
			'an HTML error page',
			200,
			'<html><body>Oops</body></html>',
			{ 'Content-Type': 'text/html' },
			'an HTML page (status 200) instead of JSON',
		],
		[
			'truncated JSON',
			200,
			'[{"id": "1", "na',
			{ 'Content-Type': 'application/json' },
			'malformed JSON',
		],
	])('untrustworthy answer refused: %s', async (_label, status, body, headers, apiMessage) => {
		nock(BASE_URL).get(`${API}/organization/accounts`).times(5).reply(status, body, headers);
		try {
			await apiCall.call(context(), getAccounts, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
			throw new Error('expected a failure');
		} catch (error) {
			expect(apiFailureOf(error)).toMatchObject({ kind: 'invalid-response' });
			expect(apiFailureOf(error)?.apiMessage).toContain(apiMessage);
		}
	});

	it.each([
		['an empty body', ''],
		['an object instead of a list', { accounts: [] }],
		['ids of the wrong type', [{ id: { nested: true }, name: 'x' }]],
	])(
		'untrustworthy answer refused: Get Accounts answering with %s, a clear error, not undefined values',
		async (_label, body) => {
			nock(BASE_URL)
				.get(`${API}/organization/accounts`)
				.reply(200, body as never);
			const node = createContext({
				params: [{ resource: 'account', operation: 'getAll', returnAll: true, filters: {} }],
			});
			await expect(new GradientSynthesize().execute.call(node)).rejects.toThrow(
				'Synthesize returned a response this node cannot read [item 0]',
			);
		},
	);

	it('untrustworthy answer refused: an integration without a status', async () => {
		nock(BASE_URL)
			.get(`${API}/organization`)
			.reply(200, [{ whatever: 1 }]);
		const node = createContext({ params: [{ resource: 'integration', operation: 'get' }] });
		await expect(new GradientSynthesize().execute.call(node)).rejects.toMatchObject({
			description: expect.stringContaining(
				'a list where getIntegration should answer with the integration settings',
			),
		});
	});

	it('untrustworthy answer refused: a redirect to another host, the other host never called', async () => {
		const elsewhere = nock('https://evil.example').get(/.*/).reply(200, {});
		nock(BASE_URL)
			.get(`${API}/organization`)
			.reply(301, '', { Location: 'https://evil.example/collect' });
		const node = createContext({ params: [{ resource: 'integration', operation: 'get' }] });
		await expect(new GradientSynthesize().execute.call(node)).rejects.toThrow(
			'Synthesize answered with a redirect, which the node does not follow [item 0]',
		);
		expect(elsewhere.isDone()).toBe(false);
	});
});

describe('no other row is lost', () => {
	it('Set Unit Count: bad items become error items, the good ones are still pushed', async () => {
		const scope = nock(BASE_URL)
			.post(`${API}/service/${SERVICE_ID}/count`)
			.query(true)
			.times(2)
			.reply(201, {});
		const context = createContext({
			params: [setCount(1, 'a'), setCount(-1, 'b'), setCount(2, 'c'), setCount('x', '')],
			continueOnFail: true,
		});
		const output = await new GradientSynthesize().execute.call(context);
		expect(
			output[0].map((item) => [item.pairedItem, item.json.outcome ?? item.json.error]),
		).toEqual([
			[{ item: 0 }, 'pushed'],
			[{ item: 1 }, 'Unit count is negative (-1) [item 1]'],
			[{ item: 2 }, 'pushed'],
			[{ item: 3 }, 'Unit count is not a number ("x") [item 3]'],
		]);
		expect(scope.isDone()).toBe(true);
	});
});
