// @ts-check
'use strict';
/**
 * NinjaOne public API v2 fixture (https://app.ninjarmm.com/apidocs/, "Authorization",
 * "Organizations", "Devices").
 *
 * - Auth: OAuth 2.0 client credentials at `POST /ws/oauth/token` (form body; client id and secret
 *   in the body or as Basic; scope `monitoring`) → `{ access_token, token_type, expires_in, scope }`.
 *   API calls need `Authorization: Bearer <token>`; an unknown token → 401.
 * - `GET /v2/organizations` and `GET /v2/devices` answer bare JSON arrays sorted by id. Paging is
 *   a cursor on the id: `pageSize` and `after` (= the last id of the previous page); an empty page
 *   ends the walk (NinjaOne gives no total). `GET /v2/devices?df=org=<id>` filters by organization.
 * - Devices carry `nodeClass` (WINDOWS_WORKSTATION, MAC, WINDOWS_SERVER, VMWARE_VM_HOST,
 *   NMS_SWITCH, …), `approvalStatus` and `offline`.
 * - Dataset `default`: 12 organizations, 600 devices (3 pages of 250), about 15 % offline and a
 *   few pending approval. `churned`: "Fourth Coffee" and its devices are gone.
 */
const { ok, fail, basicAuth, schemeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, spread } = require('./data');

const CREDENTIALS = { clientId: 'ninja-fixture-client', clientSecret: 'ninja-fixture-secret' };
const ACCESS_TOKEN = 'ninja-fixture-access-token';
const MAX_PAGE = 1000;
const LEAVER = 'Fourth Coffee';

/** @type {Array<[string, number]>} */
const CLASSES = [
	['WINDOWS_WORKSTATION', 50],
	['MAC', 10],
	['LINUX_WORKSTATION', 2],
	['WINDOWS_SERVER', 12],
	['LINUX_SERVER', 3],
	['VMWARE_VM_HOST', 2],
	['HYPERV_VMM_HOST', 1],
	['NMS_SWITCH', 4],
	['NMS_FIREWALL', 2],
	['NMS_ROUTER', 1],
	['NMS_WAP', 3],
	['NMS_PRINTER', 2],
];

/** @param {string} variant */
function dataset(variant) {
	const r = rng('ninjaone');
	const nowSeconds = Date.now() / 1000;
	const names = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 14, 19].map((i) => CUSTOMERS[i]);
	const organizations = names.map((name, index) => ({
		id: 11 + index * 3,
		name,
		description: `${name} (managed)`,
		nodeApprovalMode: 'AUTOMATIC',
		tags: [],
		fields: {},
	}));
	const perOrg = spread(
		600,
		names.map(() => r.int(2, 10)),
	);
	/** @type {any[]} */
	const devices = [];
	let id = 1000;
	organizations.forEach((org, index) => {
		for (let n = 0; n < perOrg[index]; n++) {
			const nodeClass = r.weighted(CLASSES);
			const offline = r.chance(0.15);
			devices.push({
				id: ++id,
				organizationId: org.id,
				locationId: org.id * 10 + 1,
				nodeClass,
				nodeRoleId: 1,
				rolePolicyId: 1,
				approvalStatus: r.chance(0.02) ? 'PENDING' : 'APPROVED',
				offline,
				displayName: `${nodeClass.startsWith('NMS_') ? 'net' : 'dev'}-${org.id}-${n + 1}`,
				systemName: `${nodeClass}-${org.id}-${n + 1}`.toLowerCase(),
				dnsName: `host-${org.id}-${n + 1}.local`,
				created: nowSeconds - 86_400 * r.int(30, 700),
				lastContact: nowSeconds - (offline ? 86_400 * r.int(2, 60) : r.int(10, 600)),
				lastUpdate: nowSeconds - r.int(10, 3600),
			});
		}
	});
	if (variant === 'churned') {
		const gone = organizations.find((o) => o.name === LEAVER);
		return {
			organizations: organizations.filter((o) => o !== gone),
			devices: devices.filter((d) => d.organizationId !== gone?.id),
		};
	}
	if (variant !== 'default') throw new Error(`ninjaone: unknown dataset "${variant}"`);
	return { organizations, devices };
}

/**
 * A cursor page: rows with id > after, at most pageSize of them.
 * @param {import('./http').HandlerContext} ctx
 * @param {any[]} rows
 */
function page(ctx, rows) {
	const size = pageSize(ctx.query.get('pageSize'), { fallback: MAX_PAGE, max: MAX_PAGE, cap: ctx.pageCap });
	const afterRaw = ctx.query.get('after');
	const after = afterRaw === null || afterRaw === '' ? 0 : Number(afterRaw);
	if (size === null || !Number.isFinite(after))
		return fail(400, { error: 'invalid_parameters', errorMessage: 'pageSize and after must be numbers' });
	return ok(rows.filter((row) => row.id > after).sort((a, b) => a.id - b.id).slice(0, size));
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'ninjaone',
	title: 'NinjaOne',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		if (ctx.path === '/ws/oauth/token') {
			if (ctx.method !== 'POST') return fail(405, { error: 'method_not_allowed' });
			const basic = basicAuth(ctx.req);
			const clientId = ctx.body.client_id ?? basic?.user;
			const clientSecret = ctx.body.client_secret ?? basic?.password;
			if (ctx.body.grant_type !== 'client_credentials')
				return fail(400, { error: 'unsupported_grant_type' });
			if (clientId !== ctx.credentials.clientId || clientSecret !== ctx.credentials.clientSecret)
				return fail(401, { error: 'invalid_client' });
			return ok({
				access_token: ACCESS_TOKEN,
				token_type: 'Bearer',
				expires_in: 3600,
				scope: String(ctx.body.scope || 'monitoring'),
			});
		}
		if (schemeToken(ctx.req, 'Bearer') !== ACCESS_TOKEN) {
			return fail(401, { error: 'invalid_token', error_description: 'Access token is invalid or expired' });
		}
		if (ctx.method !== 'GET') return fail(405, { error: 'method_not_allowed' });
		if (ctx.path === '/v2/organizations') return page(ctx, ctx.data.organizations);
		if (ctx.path === '/v2/devices') {
			const filter = /^org\s*=\s*(\d+)$/i.exec((ctx.query.get('df') || '').trim());
			const rows = filter
				? ctx.data.devices.filter((/** @type {any} */ d) => d.organizationId === Number(filter[1]))
				: ctx.data.devices;
			return page(ctx, rows);
		}
		return fail(404, { error: 'not_found', errorMessage: `No route for ${ctx.path}` });
	},
};
