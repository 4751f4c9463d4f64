// @ts-check
'use strict';
/**
 * Pax8 partner API fixture (https://devx.pax8.com/docs/, "Access Token", "Companies",
 * "Subscriptions").
 *
 * - Auth: OAuth 2.0 client credentials at `POST /v1/token` with `client_id`, `client_secret`,
 *   `audience` (`https://api.pax8.com` for the partner endpoints) and `grant_type`, as JSON or as
 *   a form (client id and secret may also come as Basic) → `{ access_token, expires_in: 86400,
 *   token_type: "Bearer" }`. A wrong audience → 403. API calls need `Authorization: Bearer`.
 * - `GET /v1/companies` and `GET /v1/subscriptions` (`status`, `companyId`, `productId` filters)
 *   take `page` (from 0) and `size` (default 10, maximum 200) and answer `{ content: [...], page:
 *   { size, totalElements, totalPages, number } }`.
 * - Subscriptions carry `companyId`, `productId`, `productName`, `quantity`, `status`,
 *   `billingTerm`. One company often has several subscriptions of one product (monthly and
 *   annual, or added seats): they must be summed.
 * - Dataset `default`: 25 companies, 560 subscriptions (about 435 active: 3 pages of 200), some cancelled or
 *   pending. `churned`: "Graphic Design Institute" and its subscriptions are gone.
 */
const { ok, fail, basicAuth, schemeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, uuidLike } = require('./data');

const CREDENTIALS = { clientId: 'pax8-fixture-client', clientSecret: 'pax8-fixture-secret' };
const ACCESS_TOKEN = 'pax8-fixture-access-token';
const AUDIENCE = 'https://api.pax8.com';
const MAX_SIZE = 200;
const LEAVER = 'Graphic Design Institute';
const PRODUCTS = [
	'Microsoft 365 Business Premium',
	'Microsoft 365 Business Standard',
	'Exchange Online (Plan 1)',
	'Microsoft Defender for Business',
	'Acronis Cyber Protect Cloud',
	'Keeper Business',
	'Dropbox Business Advanced',
	'Proofpoint Essentials - Professional',
];
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Cancelled', 'PendingManual'];

/** @param {string} variant */
function dataset(variant) {
	const r = rng('pax8');
	const companies = CUSTOMERS.map((name, index) => ({
		id: uuidLike('pax8-company', index),
		name,
		status: 'Active',
		city: 'Springfield',
		country: 'US',
		billOnBehalfOfEnabled: false,
		selfServiceAllowed: false,
		orderApprovalRequired: false,
	}));
	/** @type {any[]} */
	const subscriptions = [];
	let n = 0;
	while (subscriptions.length < 560) {
		const company = companies[n % companies.length];
		const product = PRODUCTS[r.int(0, PRODUCTS.length - 1)];
		subscriptions.push({
			id: uuidLike('pax8-subscription', n),
			companyId: company.id,
			productId: uuidLike('pax8-product', PRODUCTS.indexOf(product)),
			productName: product,
			quantity: r.int(1, 25),
			status: r.pick(STATUSES),
			billingTerm: r.chance(0.8) ? 'Monthly' : 'Annual',
			startDate: '2025-01-01T08:30:00Z',
			createdDate: '2024-12-15',
			billingStart: '2025-01-01',
			price: 22,
			currencyCode: 'USD',
		});
		n++;
	}
	if (variant === 'churned') {
		const gone = companies.find((c) => c.name === LEAVER);
		return {
			companies: companies.filter((c) => c !== gone),
			subscriptions: subscriptions.filter((s) => s.companyId !== gone?.id),
		};
	}
	if (variant !== 'default') throw new Error(`pax8: unknown dataset "${variant}"`);
	return { companies, subscriptions };
}

/** @param {number} status @param {string} message @param {string} instance */
const pax8Error = (status, message, instance) =>
	fail(status, { type: status === 401 ? 'Unauthorized' : 'Error', message, instance, status, details: [] });

/**
 * @param {import('./http').HandlerContext} ctx
 * @param {any[]} rows
 */
function page(ctx, rows) {
	const size = pageSize(ctx.query.get('size'), { fallback: 10, max: MAX_SIZE, cap: ctx.pageCap });
	const raw = ctx.query.get('page');
	const number = raw === null || raw === '' ? 0 : Number(raw);
	if (size === null || !Number.isInteger(number) || number < 0)
		return pax8Error(400, 'Invalid paging parameters', ctx.path);
	return ok({
		content: rows.slice(number * size, (number + 1) * size),
		page: {
			size,
			totalElements: rows.length,
			totalPages: Math.ceil(rows.length / size),
			number,
		},
	});
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'pax8',
	title: 'Pax8',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		if (ctx.path === '/v1/token') {
			if (ctx.method !== 'POST') return pax8Error(405, 'Method not allowed', ctx.path);
			const basic = basicAuth(ctx.req);
			const clientId = ctx.body.client_id ?? basic?.user;
			const clientSecret = ctx.body.client_secret ?? basic?.password;
			if (ctx.body.grant_type !== 'client_credentials')
				return fail(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
			if (clientId !== ctx.credentials.clientId || clientSecret !== ctx.credentials.clientSecret)
				return fail(401, { error: 'access_denied', error_description: 'Unauthorized' });
			if (ctx.body.audience !== AUDIENCE)
				return fail(403, { error: 'access_denied', error_description: `Service not enabled within domain: ${ctx.body.audience ?? ''}` });
			return ok({ access_token: ACCESS_TOKEN, expires_in: 86_400, token_type: 'Bearer' });
		}
		if (schemeToken(ctx.req, 'Bearer') !== ACCESS_TOKEN)
			return pax8Error(401, 'Invalid or missing access token', ctx.path);
		if (ctx.method !== 'GET') return pax8Error(405, 'Method not allowed', ctx.path);
		if (ctx.path === '/v1/companies') return page(ctx, ctx.data.companies);
		if (ctx.path === '/v1/subscriptions') {
			const status = ctx.query.get('status');
			const companyId = ctx.query.get('companyId');
			const productId = ctx.query.get('productId');
			return page(
				ctx,
				ctx.data.subscriptions.filter(
					(/** @type {any} */ s) =>
						(!status || s.status === status) &&
						(!companyId || s.companyId === companyId) &&
						(!productId || s.productId === productId),
				),
			);
		}
		return pax8Error(404, 'Not found', ctx.path);
	},
};
