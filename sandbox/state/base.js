// @ts-check
'use strict';
/**
 * The root of the Store: its fields (data, config, timers, key index, change hook), partner lookup
 * and the config merge. The domain modules extend it in this order, each using only what comes
 * before it: base → partners → catalogue → accounts → billing → alerts → clients → bulk → index (Store).
 */
const { IdGenerator } = require('../ids');
const { DEFAULT_CONFIG } = require('../defaults');
const { clone, HttpError } = require('./common');
const { seedState } = require('./seed');

/** @typedef {import('./types').Config} Config */
/** @typedef {import('./types').StateData} StateData */
/** @typedef {import('./types').Partner} Partner */

class StoreBase {
	/**
	 * @param {{ seed?: 'demo' | 'empty', vendorKey: string, partnerKey: string, config?: Partial<Config> }} opts
	 */
	constructor(opts) {
		this.seedName = opts.seed || 'demo';
		/** @type {'demo' | 'empty'} */
		this.startSeed = this.seedName;
		this.vendorKey = opts.vendorKey;
		this.partnerKey = opts.partnerKey;
		this.startPartnerKey = opts.partnerKey;
		/** @type {Config} */
		this.baseConfig = mergeConfig(clone(DEFAULT_CONFIG), opts.config || {});
		/** @type {Config} */
		this.config = clone(this.baseConfig);
		/** @type {StateData} */
		this.data = seedState(this.seedName, this.vendorKey, this.partnerKey);
		this.ids = new IdGenerator(this.data);
		/** @type {Map<string, NodeJS.Timeout>} */
		this.rebuildTimers = new Map();
		/** @type {Map<string, NodeJS.Timeout>} */
		this.alertTimers = new Map();
		/** token → partnerId | 'unknown-vendor' | 'unknown-partner' (cache of decoded tokens; never exposed) */
		this.tokenCache = new Map();
		/** @type {() => void} called after every mutation (persistence hook) */
		this.onChange = () => {};
		/** @type {Map<string, string>} keyHash → partnerId */
		this.keyIndex = new Map();
		/** @type {Map<string, { token: string, vendor: string }>} token → the names of its rate budgets (see budgetOf) */
		this.budgetCache = new Map();
		this.reindex();
	}

	reindex() {
		this.keyIndex = new Map();
		for (const p of this.partners()) this.keyIndex.set(p.keyHash, p.id);
		this.tokenCache.clear();
		this.budgetCache.clear();
	}

	changed() {
		this.onChange();
	}

	/** @returns {Partner[]} */
	partners() {
		return this.data.partnerOrder.map((id) => this.data.partners[id]);
	}

	defaultPartner() {
		return this.data.partners[this.data.defaultPartnerId];
	}

	/**
	 * Resolve a partner for the admin API: by id, or the default partner.
	 * @param {unknown} id
	 */
	partnerFor(id) {
		if (id === undefined || id === null || id === '') return this.defaultPartner();
		const p = typeof id === 'string' ? this.data.partners[id] : undefined;
		if (!p) throw new HttpError(404, `No partner found with id: ${String(id)}`);
		return p;
	}
}

/**
 * Merge a partial config (runtime or options) into a config; validates types loosely.
 * @param {Config} target
 * @param {Record<string, any>} patch
 * @returns {Config}
 */
function mergeConfig(target, patch) {
	/** @type {Record<string, any>} */
	const t = target;
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined) continue;
		if (k === 'latency') {
			if (typeof v === 'number') t.latency = { ms: v, jitter: 0 };
			else if (v && typeof v === 'object') t.latency = { ms: Number(v.ms) || 0, jitter: Number(v.jitter) || 0 };
			else t.latency = { ms: 0, jitter: 0 };
		} else if (k === 'rateLimit') {
			if (v === false || v === null) t.rateLimit = { ...t.rateLimit, enabled: false };
			else if (v === true) t.rateLimit = { ...t.rateLimit, enabled: true };
			else if (typeof v === 'object') t.rateLimit = { ...t.rateLimit, enabled: true, ...v };
		} else if (k in DEFAULT_CONFIG || k === 'autoMapByName') {
			t[k] = v;
		}
	}
	return target;
}

module.exports = { StoreBase, mergeConfig };
