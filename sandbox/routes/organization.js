// @ts-check
'use strict';
/**
 * Routes 7–12 and 15–18: the partner's integration, PSA clients, accounts and organization
 * services (synthesize-api.md §6–§8).
 */
const { INTEGRATION_STATUSES } = require('../defaults');
const { HttpError, badRequest } = require('../state');
const { objectBody, check, checkArray } = require('./common');

/**
 * @typedef {import('./common').RouteDef} RouteDef
 * @typedef {import('./common').Ctx} Ctx
 * @typedef {import('./common').Result} Result
 * @typedef {import('../state').Store} Store
 * @typedef {import('../state').Partner} Partner
 */

/**
 * What the PATCH routes of accounts (12, 15) and organization services (17, 18) need to know of
 * their rows; the steps are the same.
 * @template T
 * @typedef {{ find: (store: Store, partner: Partner, id: string) => T | undefined,
 *   patch: (store: Store, row: T, b: Record<string, any>) => void, echo: (store: Store, row: T) => unknown,
 *   missing: string, dto: 'updateAccount' | 'updateOrgService', itemDto: 'updateAccountItem' | 'updateOrgServiceItem' }} RowKind
 */

/** @type {RowKind<import('../state').Account>} */
const ACCOUNTS = {
	find: (store, partner, id) => store.findAccount(partner, id),
	patch: (store, a, b) => store.patchAccount(a, b),
	echo: (store, a) => store.accountEcho(a),
	// [emulator choice] 404 text
	missing: 'No account found with id: ',
	dto: 'updateAccount',
	itemDto: 'updateAccountItem',
};

/** @type {RowKind<import('../state').OrgService>} */
const ORG_SERVICES = {
	find: (store, partner, id) => store.findOrgService(partner, id),
	patch: (store, s, b) => store.patchOrgService(s, b),
	echo: (store, s) => store.orgServiceRow(s),
	missing: 'No service found with id: ',
	dto: 'updateOrgService',
	itemDto: 'updateOrgServiceItem',
};

/**
 * PATCH one row: an unknown id → 404 (before the body is validated), then the DTO.
 * @template T @param {RowKind<T>} kind @param {string} param the path parameter with the id
 * @returns {(ctx: Ctx) => Result}
 */
function patchOne(kind, param) {
	return ({ store, partner, params, body }) => {
		const row = kind.find(store, partner, params[param]);
		if (!row) throw new HttpError(404, kind.missing + params[param]);
		kind.patch(store, row, check(kind.dto, objectBody(body)));
		store.changed();
		return { status: 200, body: kind.echo(store, row) };
	};
}

/**
 * PATCH many rows. [emulator choice] all-or-nothing: the first unknown id → 404, nothing changed;
 * answer = the updated rows.
 * @template T @param {RowKind<T>} kind
 * @returns {(ctx: Ctx) => Result}
 */
function patchMany(kind) {
	return ({ store, partner, body }) => {
		const items = checkArray(kind.itemDto, body);
		const rows = items.map((item) => {
			const row = kind.find(store, partner, item.id);
			if (!row) throw new HttpError(404, kind.missing + item.id);
			return row;
		});
		rows.forEach((row, i) => kind.patch(store, row, items[i]));
		store.changed();
		return { status: 200, body: rows.map((row) => kind.echo(store, row)) };
	};
}

/** @type {RouteDef[]} */
const ORGANIZATION_ROUTES = [
	{
		n: 7,
		id: 'getIntegration',
		method: 'GET',
		path: '/organization',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner }) => ({ status: 200, body: store.integrationData(partner) }),
	},
	{
		n: 8,
		id: 'updateIntegrationStatus',
		method: 'PATCH',
		path: '/organization/status/:status',
		success: 200,
		envelope: 'wrapped',
		handler: ({ store, partner, params }) => {
			// synthesize-api.md §1.1, §6.2: case-sensitive, one of the 5 SDK values; [emulator choice] Nest-style 400 text
			if (!(/** @type {readonly string[]} */ (INTEGRATION_STATUSES).includes(params.status))) {
				throw badRequest([`status must be one of the following values: ${INTEGRATION_STATUSES.join(', ')}`]);
			}
			store.setStatus(partner, params.status);
			return {
				status: 200,
				body: { data: store.integrationData(partner), status: 200, message: 'Success - Updated Integration Status' },
			};
		},
	},
	{
		n: 9,
		id: 'getClients',
		method: 'GET',
		path: '/organization/clients',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner, query }) => {
			// [emulator choice] synthesize-api.md §6.3/§17.10: search = case-insensitive "name contains"; cursor = id of the last
			// client of the previous page (unknown id → empty page); page size clientsPageSize (10); end = empty page
			const search = (query.get('search') || '').toLowerCase();
			const previousId = query.get('previousId');
			let list = partner.clients;
			if (search) list = list.filter((c) => c.name.toLowerCase().includes(search));
			let startAt = 0;
			if (previousId) {
				const i = list.findIndex((c) => c.id === previousId);
				startAt = i < 0 ? list.length : i + 1;
			}
			const size = Math.max(1, store.config.clientsPageSize);
			const clients = list.slice(startAt, startAt + size).map((c) => ({ ...c }));
			return { status: 200, body: { meta: {}, clients } };
		},
	},
	{
		n: 10,
		id: 'getAccounts',
		method: 'GET',
		path: '/organization/accounts',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner }) => ({ status: 200, body: partner.accounts.map((a) => store.accountRow(a)) }),
	},
	{
		n: 11,
		id: 'createAccounts',
		method: 'POST',
		path: '/organization/accounts',
		success: 201,
		envelope: 'bare',
		handler: ({ store, partner, body }) => {
			const items = checkArray('createAccount', body);
			const created = store.createAccounts(partner, items);
			return { status: 201, body: created.map((a) => store.accountEcho(a)) };
		},
	},
	{
		n: 12,
		id: 'updateAccount',
		method: 'PATCH',
		path: '/organization/accounts/:accountId',
		success: 200,
		envelope: 'bare',
		handler: patchOne(ACCOUNTS, 'accountId'),
	},
	{
		n: 15,
		id: 'updateAccountsBulk',
		method: 'PATCH',
		path: '/organization/accounts',
		success: 200,
		envelope: 'bare',
		handler: patchMany(ACCOUNTS),
	},
	{
		n: 16,
		id: 'createOrganizationServices',
		method: 'POST',
		path: '/organization/services',
		success: 201,
		envelope: 'bare',
		handler: ({ store, partner, body }) => {
			const items = checkArray('createOrgService', body);
			const created = store.createOrgServices(partner, items);
			return { status: 201, body: created.map((s) => store.orgServiceRow(s)) };
		},
	},
	{
		n: 17,
		id: 'updateOrganizationService',
		method: 'PATCH',
		path: '/organization/services/:serviceId',
		success: 200,
		envelope: 'bare',
		handler: patchOne(ORG_SERVICES, 'serviceId'),
	},
	{
		n: 18,
		id: 'updateOrganizationServicesBulk',
		method: 'PATCH',
		path: '/organization/services',
		success: 200,
		envelope: 'bare',
		handler: patchMany(ORG_SERVICES),
	},
];

module.exports = { ORGANIZATION_ROUTES };
