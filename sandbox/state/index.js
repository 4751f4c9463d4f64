// @ts-check
'use strict';
/**
 * The sandbox state model: one vendor, several partners, and every mutation the API
 * routes and the admin API perform. Everything in `store.data` is plain JSON so it can
 * be persisted as is. Secrets are never kept: the vendor and partner keys are stored as
 * SHA-256 hashes only, so neither GET /sandbox/state nor the --state file contains a key
 * or a token.
 *
 * The Store is one class built by domain, each module extending the one before it (and using
 * only what comes before it):
 *   base.js (fields, partner lookup, config merge) → partners.js (auth, keys, disconnect, status)
 *   → catalogue.js (vendor, SKUs) → accounts.js (accounts, org services, mapping)
 *   → billing.js (counts, debounced rebuild, billing view and summary) → alerts.js → clients.js
 *   → bulk.js (many partners at once) → this file (reset, load, timers, snapshots).
 * seed.js builds a fresh state, persist.js writes --state files, types.js holds the shapes
 * (re-exported below, so `import('./state').Partner` keeps working).
 */
const { IdGenerator } = require('../ids');
const { hashKey, pairKey, clone, HttpError, badRequest } = require('./common');
const { seedState, STATE_FORMAT, STATE_VERSION } = require('./seed');
const { mergeConfig } = require('./base');
const { BulkStore } = require('./bulk');
const { Persister } = require('./persist');

/** @typedef {import('./types').Client} Client */
/** @typedef {import('./types').Account} Account */
/** @typedef {import('./types').OrgService} OrgService */
/** @typedef {import('./types').CountEntry} CountEntry */
/** @typedef {import('./types').Count} Count */
/** @typedef {import('./types').BillingRow} BillingRow */
/** @typedef {import('./types').Billing} Billing */
/** @typedef {import('./types').AlertMessage} AlertMessage */
/** @typedef {import('./types').AlertRecord} AlertRecord */
/** @typedef {import('./types').Partner} Partner */
/** @typedef {import('./types').Sku} Sku */
/** @typedef {import('./types').StateData} StateData */
/** @typedef {import('./types').Config} Config */

class Store extends BulkStore {
	/** @param {'demo' | 'empty'} [seed] */
	reset(seed) {
		this.clearTimers();
		this.seedName = seed || this.startSeed;
		this.partnerKey = this.startPartnerKey;
		this.data = seedState(this.seedName, this.vendorKey, this.partnerKey);
		this.ids = new IdGenerator(this.data);
		this.config = clone(this.baseConfig);
		this.reindex();
		this.changed();
	}

	/** @param {StateData} data loaded from a --state file */
	load(data) {
		if (!data || data.format !== STATE_FORMAT || data.version !== STATE_VERSION) {
			throw new Error(`not a sandbox state file (expected format "${STATE_FORMAT}" version ${STATE_VERSION})`);
		}
		this.clearTimers();
		this.data = data;
		this.seedName = /** @type {'demo' | 'empty'} */ (data.seed);
		this.ids = new IdGenerator(this.data);
		this.reindex();
		// resume what was in flight when the state was saved
		const now = Date.now();
		for (const partner of this.partners()) {
			if (partner.billing.pending) this.scheduleRebuild(partner);
			for (const msg of Object.values(partner.messages)) {
				if (msg.state === 'pending') this.scheduleAlert(partner, msg, Math.max(0, msg.resolveAt - now));
			}
		}
	}

	clearTimers() {
		for (const t of this.rebuildTimers.values()) clearTimeout(t);
		for (const t of this.alertTimers.values()) clearTimeout(t);
		this.rebuildTimers.clear();
		this.alertTimers.clear();
	}

	/** @param {Partner} partner */
	partnerSnapshot(partner) {
		this.settleDue(partner);
		const services = [
			...this.data.vendor.skus.map((s) => ({
				id: s.id,
				name: s.name,
				kind: 'vendor',
				category: s.category,
				subcategory: s.subcategory,
				mapped: Boolean(partner.serviceMap[s.id]),
				mappingId: partner.serviceMap[s.id] ? partner.serviceMap[s.id].mappingId : null,
			})),
			...partner.orgServices.map((s) => ({
				id: s.id,
				name: s.name,
				kind: 'organization',
				description: s.description,
				isActive: s.isActive,
				isArrears: s.isArrears,
				mapped: s.mapped,
				mappingId: s.mappingId,
			})),
		];
		return {
			id: partner.id,
			name: partner.name,
			isDefault: partner.id === this.data.defaultPartnerId,
			integrationId: partner.integrationId,
			status: partner.status,
			lastSyncedAt: partner.lastSyncedAt,
			accounts: partner.accounts.map((a) => clone(a)),
			services,
			counts: Object.values(partner.counts).map((c) => clone(c)),
			billing: clone(partner.billing),
			alerts: Object.values(partner.alerts).map((rec) => ({
				alertId: rec.alertId,
				accountId: rec.accountId,
				title: rec.title,
				posts: rec.posts,
				tickets: rec.tickets,
				messages: rec.messageIds.map((id) => {
					const m = partner.messages[id];
					return {
						messageId: m.messageId,
						correlationID: m.correlationID,
						accountId: m.accountId,
						priority: m.priority,
						status: m.state,
						ticketId: m.ticketId,
						ticketCreatedAt: m.ticketCreatedAt,
						statusCode: m.statusCode,
						errors: m.errors,
						receivedAt: m.receivedAt,
						duplicatePosts: m.duplicatePosts,
					};
				}),
			})),
			clientsCount: partner.clients.length,
			clients: clone(partner.clients),
		};
	}

	snapshot() {
		return {
			seed: this.data.seed,
			vendor: this.vendorData(),
			defaultPartnerId: this.data.defaultPartnerId,
			partners: this.partners().map((p) => this.partnerSnapshot(p)),
			config: clone(this.config),
		};
	}
}

module.exports = { Store, Persister, HttpError, badRequest, hashKey, pairKey, mergeConfig, seedState, STATE_FORMAT, STATE_VERSION };
