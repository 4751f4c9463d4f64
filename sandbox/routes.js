// @ts-check
'use strict';
/**
 * The 18 vendor-API routes (synthesize-api.md §4), each with its method, path pattern, id, success
 * code, envelope and handler. Handlers get an authenticated partner and return { status, body };
 * errors are thrown as HttpError with the API's error bodies (synthesize-api.md §3).
 */
const { API_PREFIX, INTEGRATION_STATUSES } = require('./defaults');
const { HttpError, badRequest } = require('./state');
const { isObjectId } = require('./ids');
const { validateObject, validateArray } = require('./validation');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./state').Partner} Partner
 * @typedef {{ store: Store, partner: Partner, params: Record<string, string>, query: URLSearchParams, body: unknown }} Ctx
 * @typedef {{ status: number, body: unknown }} Result
 * @typedef {{ n: number, id: string, method: string, path: string, success: number,
 *   envelope: 'bare' | 'wrapped' | 'status-message', handler: (ctx: Ctx) => Result }} RouteDef
 * @typedef {RouteDef & { re: RegExp, keys: string[] }} CompiledRoute
 */

const INVALID_ID = 'You have provided an invalid Id type';

/** @param {unknown} body @returns {Record<string, any>} */
function objectBody(body) {
	return body === undefined ? {} : /** @type {Record<string, any>} */ (body);
}

/** Throw the Nest-style 400 when an object body fails its DTO. @param {any} name @param {unknown} body */
function check(name, body) {
	const messages = validateObject(name, body);
	if (messages.length) throw badRequest(messages);
	return /** @type {Record<string, any>} */ (body);
}

/** @param {any} name @param {unknown} body @returns {Array<Record<string, any>>} */
function checkArray(name, body) {
	const r = validateArray(name, body === undefined ? {} : body);
	if (!r.ok) throw badRequest(r.message);
	return /** @type {Array<Record<string, any>>} */ (body);
}

/** @param {Store} store @param {string} serviceId */
function vendorSkuOr404(store, serviceId) {
	if (!isObjectId(serviceId)) throw new HttpError(400, INVALID_ID);
	const sku = store.findSku(serviceId);
	if (!sku) throw new HttpError(404, `No service found with id: ${serviceId}`);
	return sku;
}

/** @type {RouteDef[]} */
const ROUTES = [
	{
		n: 1,
		id: 'getVendor',
		method: 'GET',
		path: '',
		success: 200,
		envelope: 'wrapped',
		handler: ({ store }) => ({ status: 200, body: { status: 200, message: 'Success - Retrieved Vendor', data: store.vendorData() } }),
	},
	{
		n: 2,
		id: 'updateVendor',
		method: 'PATCH',
		path: '',
		success: 200,
		envelope: 'wrapped',
		handler: ({ store, body }) => {
			const b = check('updateVendor', objectBody(body));
			const keys = ['name', 'description', 'vendorSupportPageUrl', 'integrationPortalUrl'];
			// [emulator choice] synthesize-api.md §5.2 "at least one field": an empty body is a 400 with this message
			if (!keys.some((k) => b[k] !== undefined && b[k] !== null)) {
				throw badRequest([`at least one of ${keys.join(', ')} must be provided`]);
			}
			// [emulator choice] message text (undocumented, synthesize-api.md §17.4)
			return { status: 200, body: { status: 200, message: 'Success - Updated Vendor', data: store.updateVendor(b) } };
		},
	},
	{
		n: 3,
		id: 'createVendorService',
		method: 'POST',
		path: '/service',
		success: 201,
		envelope: 'bare',
		handler: ({ store, body }) => {
			const b = check('createService', objectBody(body));
			// [emulator choice] duplicate names are allowed (a second SKU is created), synthesize-api.md §5.3/§17.6
			store.createSku(b);
			return { status: 201, body: store.vendorData() };
		},
	},
	{
		n: 4,
		id: 'getVendorService',
		method: 'GET',
		path: '/service/:serviceId',
		success: 200,
		envelope: 'wrapped',
		handler: ({ store, params }) => {
			const sku = vendorSkuOr404(store, params.serviceId);
			// [emulator choice] message text (undocumented, synthesize-api.md §17.4)
			return { status: 200, body: { status: 200, message: 'Success - Retrieved Vendor Service', data: store.vendorData([sku]) } };
		},
	},
	{
		n: 5,
		id: 'updateVendorService',
		method: 'PATCH',
		path: '/service/:serviceId',
		success: 200,
		envelope: 'bare',
		handler: ({ store, params, body }) => {
			const sku = vendorSkuOr404(store, params.serviceId);
			// [emulator choice] synthesize-api.md §5.5: optional partial body, answers 200 with the bare updated VendorSkuData
			const b = check('updateService', objectBody(body));
			return { status: 200, body: { ...store.updateSku(sku, b) } };
		},
	},
	{
		n: 6,
		id: 'setUnitCount',
		method: 'POST',
		path: '/service/:serviceId/count',
		success: 201,
		envelope: 'status-message',
		handler: ({ store, partner, params, query, body }) => {
			const serviceId = params.serviceId;
			const org = store.findOrgService(partner, serviceId);
			// [emulator choice] an organization-service id of this partner is a valid serviceId (synthesize-api.md §17.14)
			if (!org && !isObjectId(serviceId)) throw new HttpError(400, INVALID_ID);
			const b = check('setUnitCount', objectBody(body));
			const viaClient = b.accountId === undefined || b.accountId === null;
			const accountId = viaClient ? b.clientOId : b.accountId;
			// [emulator choice] message when neither accountId nor the deprecated clientOId is present
			if (accountId === undefined || accountId === null || accountId === '') throw badRequest(['accountId should not be empty']);
			const sku = org ? undefined : store.findSku(serviceId);
			if (!org && !sku) throw new HttpError(404, `No service found with id: ${serviceId}`);
			// [emulator choice] clientOId (deprecated) names an account id, or the PSA client an account is mapped to
			const account =
				store.findAccount(partner, accountId) ||
				(viaClient ? partner.accounts.find((a) => a.mappedClientId === accountId) : undefined);
			if (!account || !account.mapped) throw new HttpError(404, `No account map found with id: ${accountId}`);
			// [emulator choice] text of the unmapped-service 404 (synthesize-api.md §16: "analogous message, exact text unknown")
			if (!store.isServiceMapped(partner, serviceId)) throw new HttpError(404, `No service map found with id: ${serviceId}`);
			// [emulator choice] only the literal "true" (any case) means true; checks run in this order:
			// id type 400 → body 400 → unknown service 404 → account map 404 → service map 404
			const noBuild = (query.get('no_build') || '').toLowerCase() === 'true';
			store.recordCount(partner, {
				accountId: account.id,
				serviceId,
				serviceKind: org ? 'organization' : 'vendor',
				unitCount: b.unitCount,
				noBuild,
			});
			return { status: 201, body: { status: 201, message: 'Success - Created service unit count' } };
		},
	},
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
		handler: ({ store, partner, params, body }) => {
			const account = store.findAccount(partner, params.accountId);
			// [emulator choice] 404 text
			if (!account) throw new HttpError(404, `No account found with id: ${params.accountId}`);
			const b = check('updateAccount', objectBody(body));
			store.patchAccount(account, b);
			store.changed();
			return { status: 200, body: store.accountEcho(account) };
		},
	},
	{
		n: 13,
		id: 'createAlert',
		method: 'POST',
		path: '/alerting/:accountId',
		success: 201,
		envelope: 'bare',
		handler: ({ store, partner, params, body }) => {
			const b = check('createAlert', objectBody(body));
			// [emulator choice] any accountId is queued (201); an unknown or unmapped account makes the
			// ticket fail later on the debug route with "No account map found with id: ..." (synthesize-api.md §9.1 is async)
			const msg = store.createAlert(partner, params.accountId, b);
			return { status: 201, body: { messageId: msg.messageId, alertId: msg.alertId, correlationID: msg.correlationID } };
		},
	},
	{
		n: 14,
		id: 'getAlertStatus',
		method: 'GET',
		path: '/alerting/debug/:messageId',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner, params }) => {
			const msg = partner.messages[params.messageId];
			if (msg) store.settle(partner.id, msg.messageId); // in case its timer has not fired yet
			// [emulator choice] 404 text; another partner's messageId is unknown too
			if (!msg) throw new HttpError(404, `No alert found with messageId: ${params.messageId}`);
			return { status: 200, body: store.alertStatusView(msg) };
		},
	},
	{
		n: 15,
		id: 'updateAccountsBulk',
		method: 'PATCH',
		path: '/organization/accounts',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner, body }) => {
			const items = checkArray('updateAccountItem', body);
			// [emulator choice] all-or-nothing: the first unknown id → 404, nothing changed; answer = updated rows
			for (const item of items) {
				if (!store.findAccount(partner, item.id)) throw new HttpError(404, `No account found with id: ${item.id}`);
			}
			const updated = items.map((item) => {
				const a = /** @type {import('./state').Account} */ (store.findAccount(partner, item.id));
				store.patchAccount(a, item);
				return a;
			});
			store.changed();
			return { status: 200, body: updated.map((a) => store.accountEcho(a)) };
		},
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
		handler: ({ store, partner, params, body }) => {
			const s = store.findOrgService(partner, params.serviceId);
			if (!s) throw new HttpError(404, `No service found with id: ${params.serviceId}`);
			const b = check('updateOrgService', objectBody(body));
			store.patchOrgService(s, b);
			store.changed();
			return { status: 200, body: store.orgServiceRow(s) };
		},
	},
	{
		n: 18,
		id: 'updateOrganizationServicesBulk',
		method: 'PATCH',
		path: '/organization/services',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner, body }) => {
			const items = checkArray('updateOrgServiceItem', body);
			for (const item of items) {
				if (!store.findOrgService(partner, item.id)) throw new HttpError(404, `No service found with id: ${item.id}`);
			}
			const updated = items.map((item) => {
				const s = /** @type {import('./state').OrgService} */ (store.findOrgService(partner, item.id));
				store.patchOrgService(s, item);
				return s;
			});
			store.changed();
			return { status: 200, body: updated.map((s) => store.orgServiceRow(s)) };
		},
	},
];

/** @param {RouteDef} r @returns {CompiledRoute} */
function compile(r) {
	/** @type {string[]} */
	const keys = [];
	const pattern = (API_PREFIX + r.path)
		.split('/')
		.map((seg) => {
			if (seg.startsWith(':')) {
				keys.push(seg.slice(1));
				return '([^/]+)';
			}
			return seg.replace(/[.+?^${}()|[\]\\-]/g, '\\$&');
		})
		.join('/');
	return { ...r, re: new RegExp(`^${pattern}/?$`), keys };
}

const COMPILED = ROUTES.map(compile);

/**
 * Find the route for a request.
 * @param {string} method
 * @param {string} pathname raw (still percent-encoded) path without the query
 * @returns {{ route: CompiledRoute, params: Record<string, string> } | null}
 */
function matchRoute(method, pathname) {
	for (const route of COMPILED) {
		if (route.method !== method) continue;
		const m = route.re.exec(pathname);
		if (!m) continue;
		/** @type {Record<string, string>} */
		const params = {};
		route.keys.forEach((k, i) => {
			try {
				params[k] = decodeURIComponent(m[i + 1]);
			} catch {
				throw badRequest(`Failed to decode param '${m[i + 1]}'`);
			}
		});
		return { route, params };
	}
	return null;
}

module.exports = { ROUTES, matchRoute, INVALID_ID };
