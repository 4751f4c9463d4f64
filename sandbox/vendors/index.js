// @ts-check
'use strict';
/**
 * Vendor API fixtures for the template workflows: loopback servers shaped like each vendor's
 * public API (auth, pagination, envelopes), with deterministic datasets.
 *
 *   const { startVendorFixture } = require('./sandbox/vendors');
 *   const huntress = await startVendorFixture('huntress', { port: 0 });
 *   // huntress.url, huntress.credentials, huntress.requests, huntress.requestsTo('/v1/agents')
 *   huntress.setDataset('churned');   // a customer leaves: its usage must drop to zero once
 *   huntress.setDataset('incidents-2'); // the incident timeline moves on (./incidents.js)
 *   await huntress.close();
 *
 * Names: huntress, ninjaone, dattormm, sentinelone, auvik, pax8, generic (paginated REST JSON,
 * ready-made usage rows, a CSV export and a notification sink). `pageCap` makes every list
 * serve smaller pages than the vendor's maximum (more pages for the same data).
 *
 * The SQL source is a real PostgreSQL server: `startPostgresFixture()` (./postgres.js).
 */
const { startFixture } = require('./http');
const { startPostgresFixture } = require('./postgres');

/** @type {Record<string, import('./http').VendorDefinition>} */
const VENDORS = {
	huntress: require('./huntress'),
	ninjaone: require('./ninjaone'),
	dattormm: require('./dattormm'),
	sentinelone: require('./sentinelone'),
	auvik: require('./auvik'),
	pax8: require('./pax8'),
	generic: require('./generic'),
};

/**
 * Starts one vendor fixture.
 * @param {string} name a key of VENDORS
 * @param {{ port?: number, host?: string, dataset?: string | object, pageCap?: number }} [options]
 * @returns {Promise<import('./http').VendorFixture>}
 */
async function startVendorFixture(name, options = {}) {
	const definition = VENDORS[name];
	if (!definition) throw new Error(`Unknown vendor fixture "${name}" (known: ${Object.keys(VENDORS).join(', ')})`);
	return await startFixture(definition, options);
}

module.exports = { VENDORS, startVendorFixture, startPostgresFixture };
