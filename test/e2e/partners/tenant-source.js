// @ts-check
'use strict';
/**
 * The vendor's own platform as the partners workflows see it: one API, one tenant per MSP
 * partner, keyed by the partner ID. Each tenant serves the generic paginated REST source of
 * sandbox/vendors/generic.js (`/api/v1/customers`, `/assets`, `/incidents`, header `X-API-Key`)
 * under `/tenants/<partnerId>`, with its own customers, assets and incidents, so a test can tell which
 * MSP's data ended up where.
 *
 *   const source = await startTenantSource(splitTenants(['msp-a', 'msp-b', 'msp-c']));
 *   // source.url + '/tenants/msp-a/api/v1/customers', source.credentials.apiKey
 */
const generic = require('../../../sandbox/vendors/generic');
const { startFixture, fail } = require('../../../sandbox/vendors/http');

/**
 * Splits the generic dataset (9 customers, their assets and incidents) between the partners:
 * customer i goes to partner i mod n, so every partner has its own customers, none shared.
 * @param {string[]} partnerIds
 * @returns {Record<string, { customers: any[], assets: any[], incidents: any[] }>}
 */
function splitTenants(partnerIds) {
	const data = generic.dataset('default');
	/** @type {Record<string, { customers: any[], assets: any[], incidents: any[] }>} */
	const tenants = {};
	partnerIds.forEach((partnerId, index) => {
		const customers = data.customers.filter(
			(/** @type {any} */ _customer, /** @type {number} */ i) => i % partnerIds.length === index,
		);
		const ids = new Set(customers.map((/** @type {any} */ customer) => customer.id));
		tenants[partnerId] = {
			customers,
			assets: data.assets.filter((/** @type {any} */ asset) => ids.has(asset.customerId)),
			incidents: data.incidents.filter((/** @type {any} */ incident) => ids.has(incident.customerId)),
		};
	});
	return tenants;
}

/**
 * What the partners workflows push for one tenant: active assets per customer and kind (the
 * counting policy of the sync workflow, restated independently).
 * @param {{ assets: any[] }} tenant
 * @returns {Map<string, number>} `${customerId}|${service}` → count
 */
function expectedUsage(tenant) {
	/** @type {Record<string, string>} */
	const serviceOf = {
		workstation: 'Managed Workstation',
		server: 'Managed Server',
		mailbox: 'Hosted Mailbox',
	};
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const asset of tenant.assets) {
		if (asset.retired || !serviceOf[asset.kind]) continue;
		const key = `${asset.customerId}|${serviceOf[asset.kind]}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

/**
 * @param {Record<string, { customers: any[], assets: any[], incidents?: any[] }>} tenants
 * @param {{ port?: number }} [options]
 */
async function startTenantSource(tenants, options = {}) {
	/** @type {import('../../../sandbox/vendors/http').VendorDefinition} */
	const definition = {
		name: 'tenant-source',
		title: 'Vendor platform (one tenant per MSP)',
		credentials: generic.credentials,
		dataset: () => ({ tenants: {} }),
		handle(ctx) {
			const match = /^\/tenants\/([^/]+)(\/.*)$/.exec(ctx.path);
			if (!match) return fail(404, { error: `No route ${ctx.path}` });
			const tenant = ctx.data.tenants[decodeURIComponent(match[1])];
			if (!tenant) return fail(404, { error: `No tenant ${match[1]}` });
			return generic.handle({ ...ctx, path: match[2], data: { incidents: [], ...tenant } });
		},
	};
	return await startFixture(definition, { port: options.port ?? 0, dataset: { tenants } });
}

module.exports = { startTenantSource, splitTenants, expectedUsage };
