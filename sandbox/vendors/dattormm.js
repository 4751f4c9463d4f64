// @ts-check
'use strict';
/**
 * Datto RMM API v2 fixture (https://rmm.datto.com/help/en/Content/2SETUP/APIv2.htm and the
 * platform's Swagger UI: `account/sites`, `account/devices`).
 *
 * - Auth: OAuth 2.0 password grant at `POST /auth/oauth/token`, client `public-client` / `public`
 *   as Basic, form body `grant_type=password&username=<API key>&password=<API secret key>` →
 *   `{ access_token, token_type, expires_in: 359999 }` (100 hours). API calls need
 *   `Authorization: Bearer <token>`.
 * - `GET /api/v2/account/sites` and `GET /api/v2/account/devices` take `page` (from 0) and `max`
 *   (at most 250) and answer `{ pageDetails: { count, totalCount, prevPageUrl, nextPageUrl },
 *   sites | devices: [...] }`; `nextPageUrl` is an absolute URL, null on the last page.
 * - Every account has the system site "Deleted Devices", which is not a customer.
 * - Devices: `deviceType.category` (Desktop, Laptop, Server, ESXi Host, Network Device, Printer),
 *   `online`, `deleted`, `suspended`, `siteUid`.
 * - Dataset `default`: 14 customer sites, 620 devices (3 pages of 250). `churned`: "Alpine Ski
 *   House" and its devices are gone.
 * - `GET /api/v2/account/alerts/open` and `/alerts/resolved`: the same paging, `alerts: [...]`
 *   with `alertUid`, `priority` (`Critical`, `High`, `Moderate`, `Low`, `Information`),
 *   `diagnostics`, `resolved`, `resolvedOn`, `timestamp` (epoch ms), `alertContext`,
 *   `alertSourceInfo` (`deviceUid`, `deviceName`, `siteUid`, `siteName`). Open alerts come newest
 *   first by `timestamp`, resolved ones newest first by `resolvedOn` (the order is not documented:
 *   a fixture choice). They follow the timeline of ./incidents.js on the first four sites
 *   (variants `incidents-1` to `incidents-3`).
 */
const { ok, fail, basicAuth, schemeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, spread, uuidLike } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

const CREDENTIALS = { apiKey: 'DATTO-FIXTURE-KEY', apiSecret: 'datto-fixture-secret' };
const ACCESS_TOKEN = 'datto-fixture-access-token';
const MAX_PAGE = 250;
const LEAVER = 'Alpine Ski House';
/** @type {Array<[string, number]>} */
const CATEGORIES = [
	['Desktop', 45],
	['Laptop', 30],
	['Server', 12],
	['ESXi Host', 2],
	['Network Device', 6],
	['Printer', 5],
];

const PRIORITY = { low: 'Low', medium: 'Moderate', high: 'High', critical: 'Critical' };

/**
 * Alerts of the timeline on the first four sites.
 * @param {any[]} sites @param {any[]} devices @param {number} stage
 */
function alerts(sites, devices, stage) {
	return incidentsAt('dattormm', stage).map((incident) => {
		const site = sites[incident.org];
		const device = devices.find((d) => d.siteUid === site.uid);
		return {
			alertUid: uuidLike('datto-alert', incident.n),
			priority: PRIORITY[incident.severity],
			diagnostics: incident.detail,
			resolved: incident.resolved,
			resolvedBy: incident.resolved ? 'monitor' : null,
			resolvedOn: incident.resolvedAt,
			muted: false,
			ticketNumber: null,
			timestamp: incident.createdAt,
			alertMonitorInfo: { sendsEmails: true, createsTicket: false },
			alertContext: { '@class': 'perf_resource_usage_ctx', type: incident.title.split(' on ')[0] },
			alertSourceInfo: {
				deviceUid: device.uid,
				deviceName: device.hostname,
				siteUid: site.uid,
				siteName: site.name,
			},
			responseActions: [],
			autoresolveMins: null,
		};
	});
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
	const r = rng('dattormm');
	const now = Date.now();
	const names = [0, 17, 2, 4, 5, 7, 8, 9, 11, 13, 15, 16, 21, 12].map((i) => CUSTOMERS[i]);
	/** @type {any[]} */
	const sites = names.map((name, index) => ({
		id: 3000 + index,
		uid: uuidLike('datto-site', index),
		accountUid: 'FIXTURE',
		name,
		description: '',
		notes: '',
		onDemand: false,
		splashtopAutoInstall: false,
		autotaskCompanyName: name,
		autotaskCompanyId: String(9000 + index),
		portalUrl: `https://fixture.centrastage.net/site/${3000 + index}`,
		devicesStatus: { numberOfDevices: 0, numberOfOnlineDevices: 0, numberOfOfflineDevices: 0 },
	}));
	const deleted = {
		...sites[0],
		id: 2999,
		uid: uuidLike('datto-site', 999),
		name: 'Deleted Devices',
		autotaskCompanyName: '',
		autotaskCompanyId: '',
		portalUrl: '',
	};
	const perSite = spread(
		620,
		names.map(() => r.int(2, 10)),
	);
	/** @type {any[]} */
	const devices = [];
	let id = 70_000;
	sites.forEach((site, index) => {
		for (let n = 0; n < perSite[index]; n++) {
			const category = r.weighted(CATEGORIES);
			const online = r.chance(0.85);
			devices.push({
				id: ++id,
				uid: uuidLike('datto-device', id),
				siteId: site.id,
				siteUid: site.uid,
				siteName: site.name,
				deviceType: { category, type: category === 'Server' ? 'Server' : category },
				hostname: `${category.replace(/\s+/g, '').toUpperCase().slice(0, 6)}-${site.id}-${n + 1}`,
				intIpAddress: `10.${index}.0.${(n % 250) + 1}`,
				operatingSystem: category === 'Server' ? 'Microsoft Windows Server 2022' : 'Microsoft Windows 11 Pro',
				online,
				deleted: false,
				suspended: r.chance(0.02),
				lastSeen: now - (online ? r.int(1, 600) * 1000 : r.int(1, 40) * 86_400_000),
				creationDate: now - r.int(30, 800) * 86_400_000,
				deviceClass: 'device',
			});
		}
	});
	// A few devices sit in the system site: they belong to no customer.
	for (let n = 0; n < 3; n++) {
		devices.push({
			...devices[n],
			id: ++id,
			uid: uuidLike('datto-device', id),
			siteId: deleted.id,
			siteUid: deleted.uid,
			siteName: deleted.name,
			deleted: true,
		});
	}
	if (variant !== 'default' && variant !== 'churned') throw new Error(`dattormm: unknown dataset "${variant}"`);
	const kept = [...sites, deleted].filter((s) => variant === 'default' || s.name !== LEAVER);
	const keptDevices = devices.filter((d) => kept.some((s) => s.uid === d.siteUid));
	for (const site of kept) {
		const mine = keptDevices.filter((d) => d.siteUid === site.uid);
		site.devicesStatus = {
			numberOfDevices: mine.length,
			numberOfOnlineDevices: mine.filter((d) => d.online).length,
			numberOfOfflineDevices: mine.filter((d) => !d.online).length,
		};
	}
	return { sites: kept, devices: keptDevices, alerts: alerts(sites, devices, stage) };
}

/**
 * @param {import('./http').HandlerContext} ctx
 * @param {string} key
 * @param {any[]} rows
 */
function page(ctx, key, rows) {
	const max = pageSize(ctx.query.get('max'), { fallback: MAX_PAGE, max: MAX_PAGE, cap: ctx.pageCap });
	const pageRaw = ctx.query.get('page');
	const number = pageRaw === null || pageRaw === '' ? 0 : Number(pageRaw);
	if (max === null || !Number.isInteger(number) || number < 0)
		return fail(400, { message: 'Invalid paging parameters' });
	const slice = rows.slice(number * max, (number + 1) * max);
	/** @param {number} n */
	const link = (n) => {
		const url = new URL(ctx.path, ctx.baseUrl);
		url.searchParams.set('page', String(n));
		url.searchParams.set('max', String(max));
		return url.toString();
	};
	return ok({
		pageDetails: {
			count: slice.length,
			totalCount: rows.length,
			prevPageUrl: number > 0 ? link(number - 1) : null,
			nextPageUrl: (number + 1) * max < rows.length ? link(number + 1) : null,
		},
		[key]: slice,
	});
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'dattormm',
	title: 'Datto RMM',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		if (ctx.path === '/auth/oauth/token') {
			const client = basicAuth(ctx.req);
			if (ctx.method !== 'POST') return fail(405, { error: 'method_not_allowed' });
			if (!client || client.user !== 'public-client' || client.password !== 'public')
				return fail(401, { error: 'unauthorized', error_description: 'Full authentication is required' });
			if (ctx.body.grant_type !== 'password')
				return fail(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
			if (ctx.body.username !== ctx.credentials.apiKey || ctx.body.password !== ctx.credentials.apiSecret)
				return fail(400, { error: 'invalid_grant', error_description: 'Bad credentials' });
			return ok({ access_token: ACCESS_TOKEN, token_type: 'bearer', expires_in: 359_999, scope: 'default' });
		}
		if (schemeToken(ctx.req, 'Bearer') !== ACCESS_TOKEN)
			return fail(401, { error: 'invalid_token', error_description: 'Invalid access token' });
		if (ctx.method !== 'GET') return fail(405, { error: 'method_not_allowed' });
		if (ctx.path === '/api/v2/account') {
			return ok({ id: 1, uid: 'FIXTURE', name: 'Example MSP (fixture)', currency: 'USD' });
		}
		if (ctx.path === '/api/v2/account/sites') return page(ctx, 'sites', ctx.data.sites);
		if (ctx.path === '/api/v2/account/devices') return page(ctx, 'devices', ctx.data.devices);
		if (ctx.path === '/api/v2/account/alerts/open' || ctx.path === '/api/v2/account/alerts/resolved') {
			const resolved = ctx.path.endsWith('/resolved');
			const key = resolved ? 'resolvedOn' : 'timestamp';
			const rows = ctx.data.alerts
				.filter((/** @type {any} */ a) => a.resolved === resolved)
				.sort((/** @type {any} */ a, /** @type {any} */ b) => b[key] - a[key]);
			return page(ctx, 'alerts', rows);
		}
		return fail(404, { message: `No handler for ${ctx.path}` });
	},
};
