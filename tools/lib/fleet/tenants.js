// @ts-check
'use strict';
/**
 * The vendor's own platform for a fleet of MSP partners, at any size: one tenant per partner
 * (`/tenants/<partnerId>/api/v1/customers`, `/assets` and `/incidents`, the generic paginated REST
 * source of sandbox/vendors/generic.js: `offset`, `limit` up to 100, header `X-API-Key`;
 * incidents filtered by `updatedSince` / `updatedUntil`), every tenant's customers, assets and
 * incidents generated on the fly from its number, so 500 tenants cost nothing until they are read.
 *
 * Tenant i has `pairs` (customer, service) pairs: pair k (0-based) is customer ⌊k/3⌋ + 1 and
 * service k mod 3 (Managed Workstation, Managed Server, Hosted Mailbox), with 1–3 active assets
 * of that kind. Customer n of tenant i is the sandbox's bulk account `${accountIdPrefix}${n}`,
 * named `${partnerName} customer ${n}` (POST /sandbox/partners/bulk's naming), so the lanes'
 * Sync Accounts finds every account already there.
 *
 * Every tenant has `incidents` open incidents (default 1) created a minute before the source
 * started, and each raiseIncidents() gives every tenant one more, created at that moment: incident
 * k is `INC-<k>` on customer ((k − 1) mod customers) + 1, its severity cycling low … critical.
 *
 *   const source = await startFleetSource({ tenants: fleet.partners, pairs: 200 });
 *   source.vanish('msp-0003', 2);       // customer 2 of msp-0003 leaves: its pairs go
 *   source.bump();                      // every pair of every tenant changes its count
 *   source.fail('msp-0004', 500);       // that tenant's API answers 500
 *   source.expected('msp-0003');        // Map `${accountId}|${service}` → count
 *   source.raiseIncidents();            // one new incident for every tenant
 *   source.incidents('msp-0003');       // its incidents, as the API serves them
 */
const generic = require('../../../sandbox/vendors/generic');
const { startFixture, ok, fail, pageSize } = require('../../../sandbox/vendors/http');

const KINDS = /** @type {const} */ (['workstation', 'server', 'mailbox']);
const SERVICE_OF_KIND = {
	workstation: 'Managed Workstation',
	server: 'Managed Server',
	mailbox: 'Hosted Mailbox',
};
/** The services the lanes count, in the order of KINDS. */
const SERVICES = KINDS.map((kind) => SERVICE_OF_KIND[kind]);

/**
 * @typedef {object} Tenant
 * @property {string} partnerId the vendor's ID of the MSP (the partners table's partnerId)
 * @property {number} index the partner's number (bulk index i)
 * @property {string} name the sandbox partner's name (customers are named after it)
 * @property {string} accountIdPrefix the sandbox accounts' id prefix
 */

/**
 * How many assets pair (customer n, kind) of tenant i has: 1 to 3, fixed for a data version; the
 * next version changes every pair's count.
 */
function assetCount(/** @type {number} */ i, /** @type {number} */ n, /** @type {number} */ kind, version = 0) {
	return 1 + ((i * 7919 + n * 31 + kind * 17 + version) % 3);
}

/** Customers a tenant with `pairs` pairs has. @param {number} pairs */
const customersFor = (pairs) => Math.ceil(pairs / 3);

const SEVERITIES = ['low', 'medium', 'high', 'critical'];

/**
 * @param {{ tenants: Tenant[], pairs: number, incidents?: number, port?: number }} options
 */
async function startFleetSource(options) {
	const { pairs } = options;
	/** When each incident was created: the first ones a minute before now, then one per raiseIncidents(). */
	const incidentTimes = Array.from({ length: options.incidents ?? 1 }, (_, k) => Date.now() - 60_000 + k);
	/** @type {Map<string, Tenant>} */
	const byId = new Map(options.tenants.map((tenant) => [tenant.partnerId, tenant]));
	/** partnerId → customer numbers that left */
	/** @type {Map<string, Set<number>>} */
	const gone = new Map();
	/** partnerId → HTTP status its API answers with */
	/** @type {Map<string, number>} */
	const failing = new Map();
	/** @type {Map<string, { customers: any[], assets: any[] }>} */
	const cache = new Map();
	let version = 0;

	/** @param {string} partnerId */
	function tenantData(partnerId) {
		const cached = cache.get(partnerId);
		if (cached) return cached;
		const tenant = byId.get(partnerId);
		if (!tenant) return undefined;
		const left = gone.get(partnerId) ?? new Set();
		const customers = [];
		const assets = [];
		for (let n = 1; n <= customersFor(pairs); n++) {
			if (left.has(n)) continue;
			const id = `${tenant.accountIdPrefix}${n}`;
			customers.push({ id, name: `${tenant.name} customer ${n}`, status: 'active' });
			for (let kind = 0; kind < 3; kind++) {
				if ((n - 1) * 3 + kind >= pairs) break;
				for (let a = 1; a <= assetCount(tenant.index, n, kind, version); a++) {
					assets.push({ id: `${id}-${KINDS[kind]}-${a}`, customerId: id, kind: KINDS[kind], retired: false });
				}
			}
		}
		const data = { customers, assets };
		cache.set(partnerId, data);
		return data;
	}

	/** @param {string} partnerId */
	function incidentsOf(partnerId) {
		const tenant = byId.get(partnerId);
		if (!tenant) return undefined;
		return incidentTimes.map((at, i) => {
			const time = new Date(at).toISOString();
			return {
				id: `INC-${i + 1}`,
				customerId: `${tenant.accountIdPrefix}${(i % customersFor(pairs)) + 1}`,
				title: `Threat detected on host ${i + 1}`,
				description: `Incident ${i + 1} of ${tenant.name}`,
				severity: SEVERITIES[i % SEVERITIES.length],
				status: 'open',
				createdAt: time,
				updatedAt: time,
				resolvedAt: null,
			};
		});
	}

	/** @param {import('../../../sandbox/vendors/http').HandlerContext} ctx @param {any[]} rows */
	function page(ctx, rows) {
		const limit = pageSize(ctx.query.get('limit'), { fallback: 50, max: 100, cap: ctx.pageCap });
		const offset = Number(ctx.query.get('offset') || 0);
		if (limit === null || !Number.isInteger(offset) || offset < 0)
			return fail(400, { error: 'offset and limit must be non-negative integers' });
		return ok({ items: rows.slice(offset, offset + limit), total: rows.length, offset, limit });
	}

	/** @type {import('../../../sandbox/vendors/http').VendorDefinition} */
	const definition = {
		name: 'fleet-source',
		title: 'Vendor platform (one tenant per MSP, generated)',
		credentials: generic.credentials,
		dataset: () => ({}),
		handle(ctx) {
			const match = /^\/tenants\/([^/]+)\/api\/v1\/(customers|assets|incidents)$/.exec(ctx.path);
			if (!match) return fail(404, { error: `No route ${ctx.path}` });
			if (ctx.req.headers['x-api-key'] !== ctx.credentials.apiKey)
				return fail(401, { error: 'Missing or invalid X-API-Key header' });
			const partnerId = decodeURIComponent(match[1]);
			const status = failing.get(partnerId);
			if (status) return fail(status, { error: `Tenant ${partnerId} is failing (test)` });
			const data = tenantData(partnerId);
			if (!data) return fail(404, { error: `No tenant ${partnerId}` });
			// The generic source's own incidents route: its window filter, order and paging.
			if (match[2] === 'incidents') return generic.handle({ ...ctx, path: '/api/v1/incidents', data: { incidents: incidentsOf(partnerId) } });
			return page(ctx, match[2] === 'customers' ? data.customers : data.assets);
		},
	};
	const fixture = await startFixture(definition, { port: options.port ?? 0 });

	return {
		url: fixture.url,
		credentials: fixture.credentials,
		/** The fixture's request log (method, path, query, status). */
		requests: fixture.requests,
		/** The `tenantApiUrl` of the dispatcher's Settings. */
		tenantApiUrl: `${fixture.url}/tenants/{partnerId}/api/v1`,
		/** Customer n (1-based) of a tenant leaves, with its assets. @param {string} partnerId @param {number} n */
		vanish(partnerId, n) {
			if (!gone.has(partnerId)) gone.set(partnerId, new Set());
			gone.get(partnerId)?.add(n);
			cache.delete(partnerId);
			const tenant = /** @type {Tenant} */ (byId.get(partnerId));
			return `${tenant.accountIdPrefix}${n}`;
		},
		/** Every pair of every tenant gets a new count (1–3 assets, never the one it had). */
		bump() {
			version += 1;
			cache.clear();
		},
		/** The tenant's API answers `status` (500 by default) until heal(). @param {string} partnerId */
		fail(partnerId, status = 500) {
			failing.set(partnerId, status);
		},
		/** @param {string} partnerId */
		heal(partnerId) {
			failing.delete(partnerId);
		},
		/** Every tenant gets one new open incident, created now. */
		raiseIncidents() {
			incidentTimes.push(Date.now());
		},
		/** A tenant's incidents, as its API serves them. @param {string} partnerId */
		incidents: (/** @type {string} */ partnerId) => incidentsOf(partnerId) ?? [],
		/**
		 * What the lanes push for a tenant (its counting policy, restated): active assets per
		 * customer and service.
		 * @param {string} partnerId
		 * @returns {Map<string, number>} `${accountId}|${service}` → count
		 */
		expected(partnerId) {
			/** @type {Map<string, number>} */
			const counts = new Map();
			for (const asset of tenantData(partnerId)?.assets ?? []) {
				const key = `${asset.customerId}|${SERVICE_OF_KIND[/** @type {'workstation'} */ (asset.kind)]}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
			return counts;
		},
		close: fixture.close,
	};
}

/** @typedef {Awaited<ReturnType<typeof startFleetSource>>} FleetSource */

module.exports = { startFleetSource, customersFor, SERVICES };
