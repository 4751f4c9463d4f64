// @ts-check
'use strict';
/**
 * SentinelOne management API v2.1 fixture (the console's API doc, `/web/api/v2.1/sites`).
 *
 * - Auth: `Authorization: ApiToken <token>`; anything else → 401 with the `errors` envelope.
 * - `GET /web/api/v2.1/sites` takes `limit` (default 10, maximum 1000), `cursor`, `state`
 *   (`active`, `expired`, `deleted`) and `siteType` (`Paid`, `Trial`) and answers
 *   `{ data: { allSites: { activeLicenses, totalLicenses }, sites: [...] }, pagination:
 *   { nextCursor, totalItems } }`; `nextCursor` is null on the last page.
 * - A site has `sku` (Core, Control, Complete), `activeLicenses` (agents using a licence),
 *   `totalLicenses` (licences allocated to the site; 0 with `unlimitedLicenses`), `siteType`,
 *   `state` and `licenses.bundles[].surfaces[]`.
 * - Dataset `default`: 18 active sites (one Trial, one with unlimited licences) plus one expired
 *   site. `churned`: "Woodgrove Bank" is gone.
 * - `GET /web/api/v2.1/threats` takes `limit`, `cursor`, `siteIds`, `updatedAt__gte`,
 *   `updatedAt__lte`, `sortBy` (`updatedAt`, `createdAt`, `id`) and `sortOrder`, and answers
 *   `{ data: [threat], pagination }`. A threat has `threatInfo` (`threatName`, `classification`,
 *   `confidenceLevel` `malicious`/`suspicious`, `incidentStatus` `unresolved`/`in_progress`/
 *   `resolved`, `mitigationStatus`, `createdAt`, `updatedAt`) and `agentRealtimeInfo` (`siteId`,
 *   `siteName`, `agentComputerName`). The threats follow the timeline of ./incidents.js on the
 *   first four active paid sites (variants `incidents-1` to `incidents-3`).
 */
const { ok, fail, schemeToken, encodeToken, decodeToken, pageSize } = require('./http');
const { CUSTOMERS, rng } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

const CREDENTIALS = { apiToken: 's1-fixture-api-token' };
const MAX_LIMIT = 1000;
const LEAVER = 'Woodgrove Bank';
const SKUS = ['Core', 'Control', 'Complete'];

/**
 * Threats of the timeline on the first four active paid sites: low and medium incidents are
 * "suspicious", high and critical ones "malicious".
 * @param {any[]} sites @param {number} stage
 */
function threats(sites, stage) {
	const paid = sites.filter((s) => s.state === 'active' && s.siteType === 'Paid');
	const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();
	return incidentsAt('sentinelone', stage).map((incident) => {
		const site = paid[incident.org];
		return {
			id: String(1_800_000_000_000_000_000n + BigInt(incident.n)),
			threatInfo: {
				threatId: String(1_800_000_000_000_000_000n + BigInt(incident.n)),
				threatName: incident.title,
				classification: 'Malware',
				confidenceLevel: ['high', 'critical'].includes(incident.severity)
					? 'malicious'
					: 'suspicious',
				incidentStatus: incident.resolved ? 'resolved' : 'unresolved',
				mitigationStatus: incident.resolved ? 'mitigated' : 'not_mitigated',
				analystVerdict: 'undefined',
				storyline: `STORY${incident.n}`,
				createdAt: iso(incident.createdAt),
				identifiedAt: iso(incident.createdAt),
				updatedAt: iso(incident.updatedAt),
			},
			agentRealtimeInfo: {
				agentComputerName: incident.title.split(' on ').pop(),
				siteId: site.id,
				siteName: site.name,
				accountId: site.accountId,
				accountName: site.accountName,
			},
			indicators: [],
			mitigationStatus: [],
		};
	});
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
	const r = rng('sentinelone');
	const names = [0, 1, 17, 2, 3, 4, 5, 6, 7, 9, 10, 13, 14, 20, 16, 21, 24, 22, 18].map((i) => CUSTOMERS[i]);
	const sites = names.map((name, index) => {
		const sku = SKUS[index % 3 === 0 ? 2 : index % 3 === 1 ? 1 : 0];
		const unlimited = index === 7;
		const active = r.int(5, 140);
		const total = unlimited ? 0 : active + r.int(0, 25);
		const expired = index === names.length - 1;
		return {
			id: String(1_700_000_000_000_000_000n + BigInt(index * 7919)),
			name,
			accountId: '1600000000000000001',
			accountName: 'Example MSP (fixture)',
			state: expired ? 'expired' : 'active',
			siteType: index === 5 ? 'Trial' : 'Paid',
			sku,
			suite: sku,
			activeLicenses: expired ? 0 : active,
			totalLicenses: total,
			unlimitedLicenses: unlimited,
			unlimitedExpiration: false,
			expiration: expired ? '2025-01-31T00:00:00Z' : '2027-12-31T00:00:00Z',
			isDefault: false,
			healthStatus: true,
			externalId: null,
			description: null,
			createdAt: '2023-05-01T10:00:00Z',
			updatedAt: '2026-10-01T10:00:00Z',
			licenses: {
				bundles: [
					{
						name: sku.toLowerCase(),
						displayName: `Singularity ${sku}`,
						majorVersion: 1,
						minorVersion: 0,
						totalSurfaces: total,
						surfaces: [{ name: 'Total Agents', count: unlimited ? -1 : total }],
					},
				],
				modules: [],
				settings: [],
			},
		};
	});
	if (variant === 'churned') return { sites: sites.filter((s) => s.name !== LEAVER), threats: threats(sites, stage) };
	if (variant !== 'default') throw new Error(`sentinelone: unknown dataset "${variant}"`);
	return { sites, threats: threats(sites, stage) };
}

/** @param {number} status @param {string} title */
const s1Error = (status, title) => fail(status, { errors: [{ code: status * 1_000_000 + 10, detail: null, title }] });

/**
 * One page of threats, filtered by site and by update time, sorted.
 * @param {import('./http').HandlerContext} ctx @param {number} limit @param {number} offset
 */
function threatPage(ctx, limit, offset) {
	const sites = (ctx.query.get('siteIds') || '').split(',').filter(Boolean);
	const after = ctx.query.get('updatedAt__gte');
	const before = ctx.query.get('updatedAt__lte');
	for (const value of [after, before])
		if (value && Number.isNaN(Date.parse(value))) return s1Error(400, 'Validation Error');
	const sortBy = ctx.query.get('sortBy') || 'id';
	if (!['id', 'createdAt', 'updatedAt'].includes(sortBy)) return s1Error(400, 'Validation Error');
	const order = ctx.query.get('sortOrder') === 'desc' ? -1 : 1;
	const key = (/** @type {any} */ t) =>
		sortBy === 'id' ? Number(BigInt(t.id) % 1_000_000n) : Date.parse(t.threatInfo[sortBy]);
	const rows = ctx.data.threats
		.filter(
			(/** @type {any} */ t) =>
				(sites.length === 0 || sites.includes(t.agentRealtimeInfo.siteId)) &&
				(!after || Date.parse(t.threatInfo.updatedAt) >= Date.parse(after)) &&
				(!before || Date.parse(t.threatInfo.updatedAt) <= Date.parse(before)),
		)
		.sort(
			(/** @type {any} */ a, /** @type {any} */ b) =>
				(key(a) - key(b)) * order || a.id.localeCompare(b.id),
		);
	return ok({
		data: rows.slice(offset, offset + limit),
		pagination: {
			nextCursor: offset + limit < rows.length ? encodeToken({ offset: offset + limit }) : null,
			totalItems: rows.length,
		},
	});
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'sentinelone',
	title: 'SentinelOne',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		if (schemeToken(ctx.req, 'ApiToken') !== ctx.credentials.apiToken)
			return s1Error(401, 'Authentication Failed');
		if (ctx.method !== 'GET') return s1Error(405, 'Method Not Allowed');
		if (ctx.path === '/web/api/v2.1/system/info') {
			return ok({ data: { build: 'fixture', release: 'fixture', latestAgentVersion: '24.1' } });
		}
		if (ctx.path !== '/web/api/v2.1/sites' && ctx.path !== '/web/api/v2.1/threats') return s1Error(404, 'Not Found');

		const limit = pageSize(ctx.query.get('limit'), { fallback: 10, max: MAX_LIMIT, cap: ctx.pageCap });
		const raw = ctx.query.get('cursor');
		const cursor = decodeToken(raw);
		if (limit === null || (raw && (!cursor || typeof cursor.offset !== 'number')))
			return s1Error(400, 'Validation Error');
		if (ctx.path === '/web/api/v2.1/threats') return threatPage(ctx, limit, cursor ? cursor.offset : 0);
		const states = (ctx.query.get('state') || '').split(',').filter(Boolean);
		const types = (ctx.query.get('siteType') || '').split(',').filter(Boolean);
		const rows = ctx.data.sites.filter(
			(/** @type {any} */ s) =>
				(states.length === 0 || states.includes(s.state)) &&
				(types.length === 0 || types.includes(s.siteType)),
		);
		const offset = cursor ? cursor.offset : 0;
		const slice = rows.slice(offset, offset + limit);
		const sum = (/** @type {string} */ key) =>
			rows.reduce((/** @type {number} */ acc, /** @type {any} */ s) => acc + s[key], 0);
		return ok({
			data: {
				allSites: { activeLicenses: sum('activeLicenses'), totalLicenses: sum('totalLicenses') },
				sites: slice,
			},
			pagination: {
				nextCursor: offset + limit < rows.length ? encodeToken({ offset: offset + limit }) : null,
				totalItems: rows.length,
			},
		});
	},
};
