// @ts-check
'use strict';
/**
 * Fresh state for a seed (demo | empty) and the creation of one partner. Ids come from the
 * seeded PRNG whose state is part of the data, so the same seed gives the same ids.
 */
const { IdGenerator, seedFromString } = require('../ids');
const { NEVER_SYNCED } = require('../defaults');
const seedData = require('../seed-data');
const { hashKey, nowIso } = require('./common');

/** @typedef {import('./types').StateData} StateData */
/** @typedef {import('./types').Partner} Partner */

const STATE_FORMAT = 'gradient-synthesize-sandbox-state';
const STATE_VERSION = 1;

/**
 * Build a fresh state for a seed.
 * @param {'demo' | 'empty'} seed
 * @param {string} vendorKey
 * @param {string} partnerKey
 * @returns {StateData}
 */
function seedState(seed, vendorKey, partnerKey) {
	/** @type {StateData} */
	const data = /** @type {any} */ ({
		format: STATE_FORMAT,
		version: STATE_VERSION,
		seed,
		rngState: seedFromString(`synthesize-sandbox:${seed}`),
		idCounter: 0,
		nextTicketNo: 50001,
		vendorKeyHash: hashKey(vendorKey),
		partners: {},
		partnerOrder: [],
	});
	const ids = new IdGenerator(data);
	const v = seed === 'demo' ? seedData.DEMO_VENDOR : seedData.EMPTY_VENDOR;
	const vendorId = ids.objectId();
	data.vendor = {
		_id: vendorId,
		id: vendorId,
		name: v.name,
		description: v.description,
		integrationType: 'custom',
		isDistributor: false,
		externalIntegrationStatus: 'notIntegrated',
		mappingResponsibilities: ['accounts', 'services'],
		modules: [{ variation: 'alerts' }, { variation: 'billing' }],
		organizationId: ids.objectId(),
		attributes: [],
		skus: [],
		createdAt: seedData.SEED_TIME,
		updatedAt: seedData.SEED_TIME,
		__v: 0,
	};
	const partner = createPartner(data, ids, {
		name: seed === 'demo' ? seedData.DEMO_PARTNER_NAME : seedData.EMPTY_PARTNER_NAME,
		partnerKey,
		clients: seed === 'demo' ? seedData.DEMO_CLIENTS : [],
		createdAt: seedData.SEED_TIME,
	});
	data.defaultPartnerId = partner.id;
	return data;
}

/**
 * @param {StateData} data
 * @param {IdGenerator} ids
 * @param {{ name: string, partnerKey: string, clients: string[], createdAt?: string }} opts
 * @returns {Partner}
 */
function createPartner(data, ids, opts) {
	const id = ids.objectId();
	/** @type {Partner} */
	const partner = {
		id,
		name: opts.name,
		integrationId: ids.objectId(),
		status: 'inactive',
		lastSyncedAt: NEVER_SYNCED,
		keyHash: hashKey(opts.partnerKey),
		createdAt: opts.createdAt || nowIso(),
		accounts: [],
		serviceMap: {},
		orgServices: [],
		counts: {},
		billing: { rebuilds: 0, rebuildRequests: 0, lastRebuildAt: null, lastRequestAt: null, pending: false, view: [] },
		alerts: {},
		messages: {},
		// [emulator choice] client shape { id (UUID, synthesize-api.md §6.3 "client GUID"), name, identifier } (undocumented, synthesize-api.md §17.10)
		clients: opts.clients.map((name) => ({ id: ids.uuid(), name, identifier: seedData.identifierFor(name) })),
	};
	data.partners[id] = partner;
	data.partnerOrder.push(id);
	return partner;
}

module.exports = { seedState, createPartner, STATE_FORMAT, STATE_VERSION };
