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
 * - `GET /v2/activities` ("Activities"): `class` (`SYSTEM`, `DEVICE`, `USER`, `ALL`), `type`
 *   (e.g. `CONDITION`), `status`, `pageSize` (default 200, maximum 1000), `olderThan` and
 *   `newerThan` (activity ids) → `{ lastActivityId, activities }`, newest first. A condition
 *   activity has `statusCode` `TRIGGERED` or `RESET`, `seriesUid` (the same for the activities of
 *   one condition), `severity` (`NONE`, `MINOR`, `MODERATE`, `MAJOR`, `CRITICAL`), `priority`,
 *   `activityTime` (epoch seconds), `deviceId`, `sourceName`, `subject`, `message`. They follow
 *   the timeline of ./incidents.js on the first four organizations (variants `incidents-1` to
 *   `incidents-3`): each change is one activity.
 */
const { ok, fail, basicAuth, schemeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, spread, uuidLike } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

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

const SEVERITY = { low: 'MINOR', medium: 'MODERATE', high: 'MAJOR', critical: 'CRITICAL' };
const PRIORITY = { low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'HIGH' };

/**
 * Condition activities of the timeline on the first four organizations, one per event, with ids
 * in time order (an event of a later stage always gets a higher id).
 * @param {any[]} organizations @param {any[]} devices @param {number} stage
 */
function activities(organizations, devices, stage) {
	const rows = incidentsAt('ninjaone', stage).flatMap((incident) => {
		const org = organizations[incident.org];
		const device = devices.find((d) => d.organizationId === org.id);
		return incident.events.map((event) => {
			const reset = event.kind === 'resolve';
			return {
				activityTime: event.at / 1000,
				deviceId: device.id,
				severity: SEVERITY[event.severity],
				priority: PRIORITY[event.severity],
				seriesUid: uuidLike('ninjaone-series', incident.n),
				activityType: 'CONDITION',
				statusCode: reset ? 'RESET' : 'TRIGGERED',
				status: reset ? 'RESET' : 'TRIGGERED',
				activityResult: 'SUCCESS',
				sourceConfigUid: uuidLike('ninjaone-condition', incident.n),
				sourceName: incident.title.split(' on ')[0],
				subject: incident.title,
				message: reset ? `${incident.title}: condition reset` : incident.detail,
				type: 'CONDITION',
				data: { message: { code: 'condition', params: {} } },
			};
		});
	});
	rows.sort((a, b) => a.activityTime - b.activityTime);
	return rows.map((row, index) => ({ id: 70_001 + index, ...row }));
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
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
			activities: activities(organizations, devices, stage),
		};
	}
	if (variant !== 'default') throw new Error(`ninjaone: unknown dataset "${variant}"`);
	return { organizations, devices, activities: activities(organizations, devices, stage) };
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

/**
 * Activities newest first: id < olderThan and id > newerThan, at most pageSize.
 * @param {import('./http').HandlerContext} ctx
 */
function activityPage(ctx) {
	const size = pageSize(ctx.query.get('pageSize'), {
		fallback: 200,
		max: MAX_PAGE,
		cap: ctx.pageCap,
	});
	const number = (/** @type {string} */ name) => {
		const raw = ctx.query.get(name);
		return raw === null || raw === '' ? undefined : Number(raw);
	};
	const olderThan = number('olderThan');
	const newerThan = number('newerThan');
	if (size === null || [olderThan, newerThan].some((v) => v !== undefined && !Number.isFinite(v)))
		return fail(400, {
			error: 'invalid_parameters',
			errorMessage: 'pageSize, olderThan and newerThan must be numbers',
		});
	const type = ctx.query.get('type');
	const status = ctx.query.get('status');
	const klass = (ctx.query.get('class') || 'ALL').toUpperCase();
	const rows = ctx.data.activities
		.filter(
			(/** @type {any} */ a) =>
				(klass === 'ALL' || klass === 'DEVICE') &&
				(!type || a.type === type) &&
				(!status || a.statusCode === status) &&
				(olderThan === undefined || a.id < olderThan) &&
				(newerThan === undefined || a.id > newerThan),
		)
		.sort((/** @type {any} */ a, /** @type {any} */ b) => b.id - a.id)
		.slice(0, size);
	const lastActivityId = ctx.data.activities.reduce(
		(/** @type {number} */ max, /** @type {any} */ a) => Math.max(max, a.id),
		0,
	);
	return ok({ lastActivityId, activities: rows });
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
		if (ctx.path === '/v2/activities') return activityPage(ctx);
		return fail(404, { error: 'not_found', errorMessage: `No route for ${ctx.path}` });
	},
};
