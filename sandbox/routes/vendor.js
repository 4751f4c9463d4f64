// @ts-check
'use strict';
/** Routes 1–6: the vendor, its services (SKUs) and unit counts (synthesize-api.md §5). */
const { HttpError, badRequest } = require('../state');
const { isObjectId } = require('../ids');
const { INVALID_ID, objectBody, check } = require('./common');

/** @typedef {import('./common').RouteDef} RouteDef */
/** @typedef {import('../state').Store} Store */

/** @param {Store} store @param {string} serviceId */
function vendorSkuOr404(store, serviceId) {
	if (!isObjectId(serviceId)) throw new HttpError(400, INVALID_ID);
	const sku = store.findSku(serviceId);
	if (!sku) throw new HttpError(404, `No service found with id: ${serviceId}`);
	return sku;
}

/** @type {RouteDef[]} */
const VENDOR_ROUTES = [
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
];

module.exports = { VENDOR_ROUTES };
