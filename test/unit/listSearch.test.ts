import nock from 'nock';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import {
	searchAccounts,
	searchClients,
	searchServices,
} from '../../nodes/GradientSynthesize/methods/listSearch';
import { BASE_URL, createContext, expectedToken } from './helpers/context';

const API = '/api/vendor-api';
const context = () => createContext({ params: [{}] }) as unknown as ILoadOptionsFunctions;
const api = () => nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken() } });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

it('searchAccounts filters by name or id and sorts by name', async () => {
	api()
		.get(`${API}/organization/accounts`)
		.reply(200, [
			{ id: 't-2', name: 'Northwind' },
			{ id: 't-1', name: 'Contoso' },
			{ id: 'north-3', name: 'Zeta' },
		]);
	const result = await searchAccounts.call(context(), 'north');
	expect(result.results).toEqual([
		{ name: 'Northwind (t-2)', value: 't-2' },
		{ name: 'Zeta (north-3)', value: 'north-3' },
	]);
});

it('searchServices lists the SKUs of Get Vendor', async () => {
	api()
		.get(API)
		.reply(200, {
			status: 200,
			message: 'ok',
			data: {
				id: 'v',
				name: 'V',
				skus: [{ _id: '64cc000000000000000000a2', name: 'Workstations', category: 'other' }],
			},
		});
	const result = await searchServices.call(context());
	expect(result.results).toEqual([
		{ name: 'Workstations', value: '64cc000000000000000000a2', description: 'other' },
	]);
});

it('searchClients pages with a string token and ends with none', async () => {
	const clients = (from: number, count: number) =>
		Array.from({ length: count }, (_, index) => ({
			id: `c${from + index}`,
			name: `Client ${from + index}`,
		}));
	// 100 per list page: three API pages of 40 make one list page of 100 and a token.
	api()
		.get(`${API}/organization/clients`)
		.reply(200, { meta: {}, clients: clients(1, 40) });
	api()
		.get(`${API}/organization/clients`)
		.query({ previousId: 'c40' })
		.reply(200, { meta: {}, clients: clients(41, 40) });
	api()
		.get(`${API}/organization/clients`)
		.query({ previousId: 'c80' })
		.reply(200, { meta: {}, clients: clients(81, 40) });
	const first = await searchClients.call(context());
	expect(first.results).toHaveLength(100);
	expect(first.paginationToken).toBe('c100');

	api()
		.get(`${API}/organization/clients`)
		.query({ previousId: 'c100' })
		.reply(200, { meta: {}, clients: clients(101, 5) });
	api()
		.get(`${API}/organization/clients`)
		.query({ previousId: 'c105' })
		.reply(200, { meta: {}, clients: [] });
	const second = await searchClients.call(context(), undefined, first.paginationToken);
	expect(second.results.map((item) => item.value)).toEqual([
		'c101',
		'c102',
		'c103',
		'c104',
		'c105',
	]);
	expect(second.paginationToken).toBeUndefined();
});
