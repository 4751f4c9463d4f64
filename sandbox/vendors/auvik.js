// @ts-check
'use strict';
/**
 * Auvik API v1 fixture (https://support.auvik.com/hc/en-us/sections/360002960071-Auvik-APIs:
 * "Tenants API", "Inventory - Device API"; JSON:API, `application/vnd.api+json`).
 *
 * - Auth: `Authorization: Basic base64(<user name>:<API key>)`; anything else → 401.
 * - `GET /v1/authentication/verify` → 200 (the credential check).
 * - `GET /v1/tenants` → `{ data: [{ type: "tenants", id, attributes: { domainPrefix,
 *   tenantType: "multiClient" | "client" } }] }` (not paginated).
 * - `GET /v1/inventory/device/info` takes `tenants` (comma-separated ids; default every tenant),
 *   `filter[deviceType]`, `page[first]` (default and maximum 100) and `page[after]` (a cursor) and
 *   answers `{ data: [{ type: "device", id, attributes: { deviceName, deviceType, makeModel,
 *   onlineStatus, … }, relationships: { tenant: { data: { type: "tenants", id } } } }],
 *   links: { first, next? } }`; the last page has no `links.next`.
 * - Dataset `default`: a multi-client parent and 9 client tenants, 270 devices (3 pages of
 *   100), of which switches, routers, firewalls, stacks and wireless controllers are billable.
 *   `churned`: the tenant "coho" (Coho Winery) is gone.
 * - `GET /v1/alert/history/info` ("Alert API"): `tenants`, `filter[severity]` (`unknown`,
 *   `emergency`, `critical`, `warning`, `info`), `filter[status]` (`created`, `resolved`,
 *   `paused`, `unpaused`), `filter[detectedTimeAfter]`, `filter[detectedTimeBefore]` and the
 *   same paging → `{ data: [{ type: "alert", id, attributes: { alertId, name, description,
 *   severity, status, dateTime, dismissed, dispatched }, relationships: { tenant, detectedOn } }],
 *   links }`, newest first. They follow the timeline of ./incidents.js on the first four client
 *   tenants (variants `incidents-1` to `incidents-3`); `dateTime` is when the alert was detected.
 */
const { ok, fail, basicAuth, encodeToken, decodeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, spread } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

const CREDENTIALS = { username: 'api@examplemsp.test', apiKey: 'auvik-fixture-api-key' };
const MAX_PAGE = 100;
const LEAVER = 'Coho Winery';
const JSON_API = { 'content-type': 'application/vnd.api+json' };
/** @type {Array<[string, number]>} */
const TYPES = [
	['switch', 20],
	['l3Switch', 4],
	['router', 6],
	['firewall', 6],
	['controller', 2],
	['stack', 2],
	['voipSwitch', 1],
	['accessPoint', 18],
	['workstation', 14],
	['server', 6],
	['printer', 8],
	['ups', 3],
];

/** @param {string} name */
const prefix = (name) => name.toLowerCase().split(/\s+/)[0].replace(/[^a-z0-9]/g, '');

const SEVERITY = { low: 'info', medium: 'warning', high: 'critical', critical: 'emergency' };

/**
 * Alerts of the timeline on the first four client tenants.
 * @param {any[]} tenants @param {any[]} devices @param {number} stage
 */
function alerts(tenants, devices, stage) {
	const clients = tenants.filter((t) => t.attributes.tenantType === 'client');
	return incidentsAt('auvik', stage).map((incident) => {
		const tenant = clients[incident.org];
		const device = devices.find((d) => d.relationships.tenant.data.id === tenant.id);
		return {
			type: 'alert',
			id: `alert-${tenant.id}-${incident.n}`,
			attributes: {
				alertId: `definition-${incident.n}`,
				name: incident.title,
				description: incident.detail,
				severity: SEVERITY[incident.severity],
				status: incident.resolved ? 'resolved' : 'created',
				dateTime: new Date(incident.createdAt).toISOString(),
				dismissed: false,
				dispatched: true,
			},
			relationships: {
				tenant: { data: { type: 'tenants', id: tenant.id } },
				detectedOn: { data: { type: 'entities', id: device.id } },
			},
		};
	});
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
	const r = rng('auvik');
	const names = [0, 1, 17, 3, 5, 8, 11, 15, 12].map((i) => CUSTOMERS[i]);
	const tenants = [
		{ type: 'tenants', id: '199000000', attributes: { domainPrefix: 'examplemsp', tenantType: 'multiClient' } },
		...names.map((name, index) => ({
			type: 'tenants',
			id: String(199000001 + index * 13),
			attributes: { domainPrefix: prefix(name), tenantType: 'client', displayName: name },
		})),
	];
	const perTenant = spread(
		270,
		names.map(() => r.int(2, 9)),
	);
	/** @type {any[]} */
	const devices = [];
	let id = 0;
	tenants.slice(1).forEach((tenant, index) => {
		for (let n = 0; n < perTenant[index]; n++) {
			const deviceType = r.weighted(TYPES);
			id++;
			devices.push({
				type: 'device',
				id: `asset-${tenant.id}-${String(id).padStart(5, '0')}`,
				attributes: {
					deviceName: `${deviceType}-${tenant.attributes.domainPrefix}-${n + 1}`,
					deviceType,
					makeModel: deviceType === 'firewall' ? 'Fortinet FortiGate 60F' : 'Cisco Catalyst 9200',
					vendorName: deviceType === 'firewall' ? 'Fortinet' : 'Cisco',
					softwareVersion: '17.9.4',
					serialNumber: `SN${tenant.id.slice(-4)}${String(n).padStart(4, '0')}`,
					onlineStatus: r.chance(0.9) ? 'online' : 'offline',
					lastSeenTime: '2026-11-01T12:00:00.000Z',
				},
				relationships: { tenant: { data: { type: 'tenants', id: tenant.id } } },
			});
		}
	});
	if (variant === 'churned') {
		const gone = tenants.find((t) => t.attributes.displayName === LEAVER);
		return {
			tenants: tenants.filter((t) => t !== gone),
			devices: devices.filter((d) => d.relationships.tenant.data.id !== gone?.id),
			alerts: alerts(tenants, devices, stage),
		};
	}
	if (variant !== 'default') throw new Error(`auvik: unknown dataset "${variant}"`);
	return { tenants, devices, alerts: alerts(tenants, devices, stage) };
}

/** @param {number} status @param {string} detail */
const apiError = (status, detail) => ({
	status,
	body: { errors: [{ status: String(status), title: detail }] },
	headers: JSON_API,
});

/**
 * One JSON:API page: `page[first]` rows after the `page[after]` cursor, `links.next` until the end.
 * @param {import('./http').HandlerContext} ctx @param {any[]} rows
 */
function jsonApiPage(ctx, rows) {
	const size = pageSize(ctx.query.get('page[first]'), {
		fallback: MAX_PAGE,
		max: MAX_PAGE,
		cap: ctx.pageCap,
	});
	const rawAfter = ctx.query.get('page[after]');
	const after = decodeToken(rawAfter);
	if (size === null || (rawAfter && (!after || typeof after.offset !== 'number')))
		return apiError(400, 'Invalid page parameter');
	const offset = after ? after.offset : 0;
	/** @param {number | null} at */
	const link = (at) => {
		const url = new URL(ctx.path, ctx.baseUrl);
		for (const [k, v] of ctx.query) if (k !== 'page[after]') url.searchParams.set(k, v);
		url.searchParams.set('page[first]', String(size));
		if (at !== null) url.searchParams.set('page[after]', encodeToken({ offset: at }));
		return url.toString();
	};
	/** @type {Record<string, string>} */
	const links = { first: link(null) };
	if (offset + size < rows.length) links.next = link(offset + size);
	return ok({ data: rows.slice(offset, offset + size), links }, JSON_API);
}

/** Alerts, filtered and newest first. @param {import('./http').HandlerContext} ctx */
function alertPage(ctx) {
	const list = (/** @type {string} */ name) =>
		(ctx.query.get(name) || '').split(',').filter(Boolean);
	const [tenantIds, severities, statuses] = [
		list('tenants'),
		list('filter[severity]'),
		list('filter[status]'),
	];
	const after = ctx.query.get('filter[detectedTimeAfter]');
	const before = ctx.query.get('filter[detectedTimeBefore]');
	for (const value of [after, before])
		if (value && Number.isNaN(Date.parse(value))) return apiError(400, 'Invalid date filter');
	const rows = ctx.data.alerts
		.filter((/** @type {any} */ a) => {
			const at = Date.parse(a.attributes.dateTime);
			return (
				(tenantIds.length === 0 || tenantIds.includes(a.relationships.tenant.data.id)) &&
				(severities.length === 0 || severities.includes(a.attributes.severity)) &&
				(statuses.length === 0 || statuses.includes(a.attributes.status)) &&
				(!after || at >= Date.parse(after)) &&
				(!before || at <= Date.parse(before))
			);
		})
		.sort(
			(/** @type {any} */ a, /** @type {any} */ b) =>
				Date.parse(b.attributes.dateTime) - Date.parse(a.attributes.dateTime),
		);
	return jsonApiPage(ctx, rows);
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'auvik',
	title: 'Auvik',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		const auth = basicAuth(ctx.req);
		if (!auth || auth.user !== ctx.credentials.username || auth.password !== ctx.credentials.apiKey)
			return apiError(401, 'Unauthorized');
		if (ctx.method !== 'GET') return apiError(405, 'Method Not Allowed');
		if (ctx.path === '/v1/authentication/verify') return { status: 200, text: '' };
		if (ctx.path === '/v1/tenants') return ok({ data: ctx.data.tenants }, JSON_API);
		if (ctx.path === '/v1/alert/history/info') return alertPage(ctx);
		if (ctx.path !== '/v1/inventory/device/info') return apiError(404, 'Not Found');
		const tenantIds = (ctx.query.get('tenants') || '').split(',').filter(Boolean);
		const types = (ctx.query.get('filter[deviceType]') || '').split(',').filter(Boolean);
		return jsonApiPage(
			ctx,
			ctx.data.devices.filter(
				(/** @type {any} */ d) =>
					(tenantIds.length === 0 || tenantIds.includes(d.relationships.tenant.data.id)) &&
					(types.length === 0 || types.includes(d.attributes.deviceType)),
			),
		);
	},
};
