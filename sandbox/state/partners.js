// @ts-check
'use strict';
/**
 * Partners: authentication of GRADIENT-TOKEN values, adding partners, partner keys, disconnect,
 * and the integration status lifecycle.
 */
const crypto = require('node:crypto');
const { makeToken, decodeToken } = require('../defaults');
const seedData = require('../seed-data');
const { hashKey, HttpError } = require('./common');
const { createPartner } = require('./seed');
const { StoreBase } = require('./base');

/** @typedef {import('./types').Partner} Partner */

class PartnersStore extends StoreBase {
	/** Whether the keys given at start still open the default partner (false after a key change persisted in a --state file). */
	startKeysValid() {
		return (
			this.data.vendorKeyHash === hashKey(this.vendorKey) && this.defaultPartner().keyHash === hashKey(this.partnerKey)
		);
	}

	/**
	 * Authenticate a GRADIENT-TOKEN value (synthesize-api.md §2.1, §16): Base64-decode, split on the
	 * first ':'.
	 * @param {string | undefined} token
	 * @returns {{ partner: Partner } | { status: number }}
	 */
	authenticate(token) {
		if (!token) return { status: 401 };
		let verdict = this.tokenCache.get(token);
		if (verdict === undefined) {
			verdict = this.decide(token);
			if (this.tokenCache.size > 1000) this.tokenCache.clear();
			this.tokenCache.set(token, verdict);
		}
		if (verdict === 'unknown-vendor') return { status: this.config.unknownVendorStatus === 404 ? 404 : 401 };
		if (verdict === 'unauthorized') return { status: 401 };
		const partner = this.data.partners[verdict];
		return partner ? { partner } : { status: 401 };
	}

	/** @param {string} token @returns {string} */
	decide(token) {
		const keys = decodeToken(token);
		if (!keys) return 'unauthorized';
		const { vendorKey, partnerKey } = keys;
		if (!vendorKey || hashKey(vendorKey) !== this.data.vendorKeyHash) return 'unknown-vendor';
		// [emulator choice] every route needs both keys; a vendor-only token gets 401 (synthesize-api.md §17.3)
		if (!partnerKey) return 'unauthorized';
		return this.keyIndex.get(hashKey(partnerKey)) || 'unauthorized';
	}

	/**
	 * The rate-limit budget a GRADIENT-TOKEN value draws from under each limiter scope, named without
	 * any key or token (for the request log): under `token`, the id of the partner it opens, else
	 * `token:<12 hex of its SHA-256>` (`none` without a token); under `vendor`, this sandbox's vendor
	 * id when the vendor key is its own, `vendor:<12 hex of SHA-256(vendor key)>` for another, and
	 * the token's name when it does not decode (as the limiter does).
	 * @param {string} token
	 * @returns {{ token: string, vendor: string }}
	 */
	budgetOf(token) {
		let names = this.budgetCache.get(token);
		if (!names) {
			const auth = this.authenticate(token);
			const tokenName = 'partner' in auth ? auth.partner.id : token ? `token:${hashKey(token).slice(0, 12)}` : 'none';
			const keys = decodeToken(token);
			const vendorHash = keys && keys.vendorKey ? hashKey(keys.vendorKey) : null;
			const vendorName =
				vendorHash === null ? tokenName : vendorHash === this.data.vendorKeyHash ? this.data.vendor.id : `vendor:${vendorHash.slice(0, 12)}`;
			names = { token: tokenName, vendor: vendorName };
			if (this.budgetCache.size >= 10000) this.budgetCache.clear();
			this.budgetCache.set(token, names);
		}
		return names;
	}

	/**
	 * @param {{ name?: string, partnerKey?: string }} opts
	 * @returns {{ partnerId: string, name: string, partnerKey: string, token: string }}
	 */
	addPartner(opts = {}) {
		const partnerKey = opts.partnerKey || `sandbox-partner-${crypto.randomBytes(12).toString('hex')}`;
		if (this.keyIndex.has(hashKey(partnerKey))) throw new HttpError(409, 'A partner with this partner key already exists.');
		const n = this.data.partnerOrder.length + 1;
		const partner = createPartner(this.data, this.ids, {
			name: opts.name || `Sandbox Partner ${n}`,
			partnerKey,
			clients: seedData.EXTRA_PARTNER_CLIENTS,
		});
		this.reindex();
		this.changed();
		return { partnerId: partner.id, name: partner.name, partnerKey, token: makeToken(this.vendorKey, partnerKey) };
	}

	/** @param {Partner} partner @param {string} [partnerKey] */
	regeneratePartnerKey(partner, partnerKey) {
		const key = partnerKey || `sandbox-partner-${crypto.randomBytes(12).toString('hex')}`;
		const hash = hashKey(key);
		const owner = this.keyIndex.get(hash);
		if (owner && owner !== partner.id) throw new HttpError(409, 'A partner with this partner key already exists.');
		partner.keyHash = hash;
		if (partner.id === this.data.defaultPartnerId) this.partnerKey = key;
		this.reindex();
		this.changed();
		return { partnerId: partner.id, partnerKey: key, token: makeToken(this.vendorKey, key) };
	}

	/**
	 * Partner disconnects in Synthesize (synthesize-api.md §1.1): its accounts (with their mappings
	 * and counts) are deleted, the status goes back to inactive. [emulator choice] the partner key
	 * keeps working.
	 * @param {Partner} partner
	 */
	disconnect(partner) {
		// [emulator choice] organization services, alerts, PSA clients and the billing counters stay
		const removed = partner.accounts.length;
		partner.accounts = [];
		partner.counts = {};
		partner.billing.view = [];
		partner.status = 'inactive';
		this.changed();
		return { partnerId: partner.id, accountsDeleted: removed, status: partner.status };
	}

	/** @param {Partner} partner */
	integrationData(partner) {
		return {
			organizationId: partner.id,
			name: partner.name,
			vendorId: this.data.vendor.id,
			vendorName: this.data.vendor.name,
			integrationId: partner.integrationId,
			status: partner.status,
			lastSyncedAt: partner.lastSyncedAt,
		};
	}

	/** @param {Partner} partner @param {string} status @param {string} [lastSyncedAt] */
	setStatus(partner, status, lastSyncedAt) {
		partner.status = status;
		if (lastSyncedAt !== undefined) partner.lastSyncedAt = lastSyncedAt;
		this.changed();
	}

	/**
	 * synthesize-api.md §1.1.3: Gradient switches to active by itself after the first billing usage
	 * or alert.
	 * [emulator choice] only from inactive/pending; disabled and error are left alone.
	 * @param {Partner} partner
	 */
	autoActivate(partner) {
		if (partner.status === 'inactive' || partner.status === 'pending') partner.status = 'active';
	}
}

module.exports = { PartnersStore };
