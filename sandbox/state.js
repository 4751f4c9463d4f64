// @ts-check
'use strict';
/**
 * The sandbox state model: one vendor, several partners, and every mutation the API
 * routes and the admin API perform. Everything in `store.data` is plain JSON so it can
 * be persisted as is. Secrets are never kept: the vendor and partner keys are stored as
 * SHA-256 hashes only, so neither GET /sandbox/state nor the --state file contains a key
 * or a token.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { IdGenerator, seedFromString } = require('./ids');
const { DEFAULT_CONFIG, NEVER_SYNCED, makeToken } = require('./defaults');
const seedData = require('./seed-data');

const STATE_FORMAT = 'gradient-synthesize-sandbox-state';
const STATE_VERSION = 1;

/**
 * @typedef {{ id: string, name: string, identifier: string }} Client
 * @typedef {{ id: string, name: string, description: string, isActive?: boolean, isArrears?: boolean,
 *   mapped: boolean, mappingId: string | null, mappedClientId: string | null, createdAt: string, updatedAt: string }} Account
 * @typedef {{ id: string, name: string, description: string, isActive?: boolean, isArrears?: boolean,
 *   mapped: boolean, mappingId: string | null, createdAt: string, updatedAt: string }} OrgService
 * @typedef {{ at: string, unitCount: number, noBuild: boolean }} CountEntry
 * @typedef {{ accountId: string, serviceId: string, serviceKind: 'vendor' | 'organization', unitCount: number,
 *   updatedAt: string, noBuild: boolean, pushes: number, history: CountEntry[] }} Count
 * @typedef {{ accountId: string, accountName: string, serviceId: string, serviceName: string, unitCount: number, updatedAt: string }} BillingRow
 * @typedef {{ rebuilds: number, rebuildRequests: number, lastRebuildAt: string | null, lastRequestAt: string | null,
 *   pending: boolean, view: BillingRow[] }} Billing
 * @typedef {{ messageId: string, alertId: string, correlationID: string, accountId: string, title: string,
 *   description: string, priority: number, status: number, dueDateTime: string | null, serviceId: string | null,
 *   receivedAt: string, resolveAt: number, state: 'pending' | 'success' | 'failed', ticketId: string | null,
 *   ticketCreatedAt: string | null, statusCode: number | null, errors: string[], duplicatePosts: number }} AlertMessage
 * @typedef {{ alertId: string, accountId: string, title: string, posts: number, tickets: number, messageIds: string[] }} AlertRecord
 * @typedef {{ id: string, name: string, integrationId: string, status: string, lastSyncedAt: string, keyHash: string,
 *   createdAt: string, accounts: Account[], serviceMap: Record<string, { mappingId: string }>, orgServices: OrgService[],
 *   counts: Record<string, Count>, billing: Billing, alerts: Record<string, AlertRecord>,
 *   messages: Record<string, AlertMessage>, clients: Client[] }} Partner
 * @typedef {{ _id: string, id: string, name: string, description: string, logo?: string, category: string,
 *   subcategory: string, supportArticle?: string, supportContact?: string }} Sku
 * @typedef {{ format: string, version: number, seed: string, rngState: number, idCounter: number, nextTicketNo: number,
 *   vendorKeyHash: string, vendor: Record<string, any> & { skus: Sku[] }, defaultPartnerId: string,
 *   partners: Record<string, Partner>, partnerOrder: string[] }} StateData
 * @typedef {{ alertDedupe: boolean, alertTicketDelayMs: number, alertOutcome: 'auto' | 'success' | 'failed' | 'pending',
 *   rebuildDebounceMs: number, latency: { ms: number, jitter: number },
 *   rateLimit: { perSecond: number, burst: number, enabled: boolean }, clientsPageSize: number,
 *   unknownVendorStatus: number, maxBodyBytes: number, historyLimit: number, requestLogSize: number,
 *   autoMapByName?: boolean }} Config
 */

/** @param {string} key */
function hashKey(key) {
	return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** @returns {string} */
function nowIso() {
	return new Date().toISOString();
}

/** @param {string} accountId @param {string} serviceId */
function pairKey(accountId, serviceId) {
	return JSON.stringify([accountId, serviceId]);
}

/** @param {any} value @returns {any} */
function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

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

class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {string | string[]} message
	 * @param {string} [error] Nest's "error" field (e.g. "Bad Request"); omitted when undefined
	 */
	constructor(status, message, error) {
		super(Array.isArray(message) ? message.join('; ') : message);
		this.status = status;
		/** @type {Record<string, unknown>} */
		this.body = error === undefined ? { statusCode: status, message } : { statusCode: status, message, error };
	}
}

/** Nest-style validation error. @param {string | string[]} message */
function badRequest(message) {
	return new HttpError(400, message, 'Bad Request');
}

class Store {
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
		this.reindex();
	}

	// ---------------------------------------------------------------- lifecycle

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

	reindex() {
		this.keyIndex = new Map();
		for (const p of this.partners()) this.keyIndex.set(p.keyHash, p.id);
		this.tokenCache.clear();
	}

	changed() {
		this.onChange();
	}

	/** Whether the keys given at start still open the default partner (false after a key change persisted in a --state file). */
	startKeysValid() {
		return (
			this.data.vendorKeyHash === hashKey(this.vendorKey) && this.defaultPartner().keyHash === hashKey(this.partnerKey)
		);
	}

	// ---------------------------------------------------------------- partners and auth

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
		const trimmed = token.trim();
		if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return 'unauthorized';
		const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return 'unauthorized';
		const vendorKey = decoded.slice(0, colon);
		const partnerKey = decoded.slice(colon + 1);
		if (!vendorKey || hashKey(vendorKey) !== this.data.vendorKeyHash) return 'unknown-vendor';
		// [emulator choice] every route needs both keys; a vendor-only token gets 401 (synthesize-api.md §17.3)
		if (!partnerKey) return 'unauthorized';
		return this.keyIndex.get(hashKey(partnerKey)) || 'unauthorized';
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

	// ---------------------------------------------------------------- views

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

	/** VendorData (synthesize-api.md §10.1). @param {Sku[]} [skus] */
	vendorData(skus) {
		const v = clone(this.data.vendor);
		if (skus) v.skus = clone(skus);
		return v;
	}

	/** @param {Account} a */
	accountRow(a) {
		// [emulator choice] unmapped rows carry mappingId: null (synthesize-api.md §7.1 only says "string")
		return { id: a.id, name: a.name, description: a.description, isMapped: a.mapped, mappingId: a.mappingId };
	}

	/** @param {Account} a */
	accountEcho(a) {
		/** @type {Record<string, unknown>} */
		const row = { id: a.id, name: a.name, description: a.description };
		if (a.isActive !== undefined) row.isActive = a.isActive;
		if (a.isArrears !== undefined) row.isArrears = a.isArrears;
		return row;
	}

	/** @param {OrgService} s */
	orgServiceRow(s) {
		/** @type {Record<string, unknown>} */
		const row = { id: s.id, name: s.name, description: s.description, isMapped: s.mapped };
		if (s.isActive !== undefined) row.isActive = s.isActive;
		if (s.isArrears !== undefined) row.isArrears = s.isArrears;
		return row;
	}

	// ---------------------------------------------------------------- vendor and SKUs

	/** @param {Record<string, any>} patch */
	updateVendor(patch) {
		const v = this.data.vendor;
		for (const k of ['name', 'description', 'vendorSupportPageUrl', 'integrationPortalUrl']) {
			if (patch[k] !== undefined && patch[k] !== null) v[k] = patch[k];
		}
		v.updatedAt = nowIso();
		v.__v += 1;
		this.changed();
		return this.vendorData();
	}

	/** @param {string} id */
	findSku(id) {
		return this.data.vendor.skus.find((s) => s.id === id);
	}

	/** @param {Record<string, any>} body */
	createSku(body) {
		const id = this.ids.objectId();
		/** @type {Sku} */
		const sku = {
			_id: id,
			id,
			name: body.name,
			description: body.description ?? '',
			category: body.category ?? 'other',
			subcategory: body.subcategory ?? 'other',
		};
		if (typeof body.supportArticle === 'string') sku.supportArticle = body.supportArticle;
		if (typeof body.supportContact === 'string') sku.supportContact = body.supportContact;
		this.data.vendor.skus.push(sku);
		this.data.vendor.updatedAt = nowIso();
		this.data.vendor.__v += 1;
		this.changed();
		return sku;
	}

	/** @param {Sku} sku @param {Record<string, any>} patch */
	updateSku(sku, patch) {
		for (const k of ['name', 'description', 'category', 'subcategory', 'supportArticle', 'supportContact']) {
			if (patch[k] !== undefined && patch[k] !== null) /** @type {any} */ (sku)[k] = patch[k];
		}
		this.data.vendor.updatedAt = nowIso();
		this.changed();
		return sku;
	}

	/** Gradient staff removes a SKU: its mappings and counts go with it. @param {string} id */
	removeSku(id) {
		const skus = this.data.vendor.skus;
		const i = skus.findIndex((s) => s.id === id);
		if (i < 0) return false;
		skus.splice(i, 1);
		for (const p of this.partners()) {
			delete p.serviceMap[id];
			for (const [k, c] of Object.entries(p.counts)) if (c.serviceId === id) delete p.counts[k];
		}
		this.data.vendor.updatedAt = nowIso();
		this.changed();
		return true;
	}

	// ---------------------------------------------------------------- accounts

	/** @param {Partner} partner @param {string} id */
	findAccount(partner, id) {
		return partner.accounts.find((a) => a.id === id);
	}

	/**
	 * Bulk create (synthesize-api.md §7.2). [emulator choice] all-or-nothing: a duplicate id inside
	 * the payload → 400, an id that already exists → 409 "A resource with this Id already exists."
	 * (same text as synthesize-api.md §8.1).
	 * @param {Partner} partner
	 * @param {Array<Record<string, any>>} items validated items
	 */
	createAccounts(partner, items) {
		const seen = new Set();
		for (const item of items) {
			if (seen.has(item.id)) throw badRequest([`Duplicate account id in request: ${item.id}`]);
			seen.add(item.id);
		}
		const existing = new Set(partner.accounts.map((a) => a.id));
		if (items.some((item) => existing.has(item.id))) throw new HttpError(409, 'A resource with this Id already exists.');
		const at = nowIso();
		const created = items.map((item) => {
			/** @type {Account} */
			const a = {
				id: item.id,
				name: item.name,
				description: item.description ?? '',
				mapped: false,
				mappingId: null,
				mappedClientId: null,
				createdAt: at,
				updatedAt: at,
			};
			if (typeof item.isArrears === 'boolean') a.isArrears = item.isArrears;
			partner.accounts.push(a);
			if (this.config.autoMapByName) this.mapAccountByName(partner, a);
			return a;
		});
		this.changed();
		return created;
	}

	/** @param {Account} a @param {Record<string, any>} patch */
	patchAccount(a, patch) {
		// [emulator choice] an `id` in the body never renames the account (synthesize-api.md §7.3: undocumented)
		if (typeof patch.name === 'string') a.name = patch.name;
		if (typeof patch.description === 'string') a.description = patch.description;
		if (typeof patch.isActive === 'boolean') a.isActive = patch.isActive;
		if (typeof patch.isArrears === 'boolean') a.isArrears = patch.isArrears;
		a.updatedAt = nowIso();
	}

	// ---------------------------------------------------------------- organization services

	/** @param {Partner} partner @param {string} id */
	findOrgService(partner, id) {
		return partner.orgServices.find((s) => s.id === id);
	}

	/** @param {Partner} partner @param {Array<Record<string, any>>} items */
	createOrgServices(partner, items) {
		const seen = new Set();
		// [emulator choice] as for accounts: a duplicate id inside the payload → 400; an existing id → 409 (synthesize-api.md §8.1)
		for (const item of items) {
			if (seen.has(item.id)) throw badRequest([`Duplicate service id in request: ${item.id}`]);
			seen.add(item.id);
		}
		if (items.some((item) => this.findOrgService(partner, item.id))) {
			throw new HttpError(409, 'A resource with this Id already exists.');
		}
		const at = nowIso();
		const created = items.map((item) => {
			/** @type {OrgService} */
			const s = {
				id: item.id,
				name: item.name,
				description: item.description ?? '',
				mapped: false,
				mappingId: null,
				createdAt: at,
				updatedAt: at,
			};
			if (typeof item.isArrears === 'boolean') s.isArrears = item.isArrears;
			partner.orgServices.push(s);
			return s;
		});
		this.changed();
		return created;
	}

	/** @param {OrgService} s @param {Record<string, any>} patch */
	patchOrgService(s, patch) {
		if (typeof patch.name === 'string') s.name = patch.name;
		if (typeof patch.description === 'string') s.description = patch.description;
		if (typeof patch.isActive === 'boolean') s.isActive = patch.isActive;
		if (typeof patch.isArrears === 'boolean') s.isArrears = patch.isArrears;
		s.updatedAt = nowIso();
	}

	// ---------------------------------------------------------------- mapping (the MSP's side)

	/** @param {Partner} partner @param {Account} a */
	mapAccountByName(partner, a) {
		const client = partner.clients.find((c) => c.name === a.name);
		if (!client) return false;
		if (!a.mapped) {
			a.mapped = true;
			a.mappingId = this.ids.objectId();
		}
		a.mappedClientId = client.id;
		return true;
	}

	/**
	 * @param {Partner} partner
	 * @param {{ accounts?: unknown, services?: unknown, byName?: unknown }} body
	 * @param {boolean} mapped true = map, false = unmap
	 */
	setMapping(partner, body, mapped) {
		const accounts = body.accounts === 'all' ? partner.accounts.map((a) => a.id) : body.accounts;
		const allServices = [...this.data.vendor.skus.map((s) => s.id), ...partner.orgServices.map((s) => s.id)];
		const services = body.services === 'all' ? allServices : body.services;
		for (const [name, list] of /** @type {const} */ ([
			['accounts', accounts],
			['services', services],
		])) {
			if (list !== undefined && (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))) {
				throw badRequest([`${name} must be "all" or an array of id strings`]);
			}
		}
		const accountIds = /** @type {string[]} */ (accounts || []);
		const serviceIds = /** @type {string[]} */ (services || []);
		const unknownAccounts = accountIds.filter((id) => !this.findAccount(partner, id));
		const unknownServices = serviceIds.filter((id) => !this.findSku(id) && !this.findOrgService(partner, id));
		if (unknownAccounts.length || unknownServices.length) {
			const e = new HttpError(404, 'Unknown ids: nothing was changed');
			e.body.unknown = { accounts: unknownAccounts, services: unknownServices };
			throw e;
		}
		/** @type {string[]} */
		const byName = [];
		for (const id of accountIds) {
			const a = /** @type {Account} */ (this.findAccount(partner, id));
			if (mapped && !a.mapped) {
				a.mapped = true;
				a.mappingId = this.ids.objectId();
			} else if (!mapped) {
				a.mapped = false;
				a.mappingId = null;
				a.mappedClientId = null;
			}
		}
		if (body.byName === true) {
			for (const a of partner.accounts) {
				const client = partner.clients.find((c) => c.name === a.name);
				if (!client) continue;
				if (mapped) this.mapAccountByName(partner, a);
				else {
					a.mapped = false;
					a.mappingId = null;
					a.mappedClientId = null;
				}
				byName.push(a.id);
			}
		}
		for (const id of serviceIds) {
			const org = this.findOrgService(partner, id);
			if (this.findSku(id)) {
				if (mapped && !partner.serviceMap[id]) partner.serviceMap[id] = { mappingId: this.ids.objectId() };
				if (!mapped) delete partner.serviceMap[id];
			}
			if (org) {
				if (mapped && !org.mapped) {
					org.mapped = true;
					org.mappingId = this.ids.objectId();
				} else if (!mapped) {
					org.mapped = false;
					org.mappingId = null;
				}
			}
		}
		this.changed();
		return {
			partnerId: partner.id,
			[mapped ? 'mapped' : 'unmapped']: { accounts: [...new Set([...accountIds, ...byName])], services: serviceIds },
		};
	}

	/** @param {Partner} partner @param {string} serviceId */
	isServiceMapped(partner, serviceId) {
		if (this.findSku(serviceId)) return Boolean(partner.serviceMap[serviceId]);
		const org = this.findOrgService(partner, serviceId);
		return Boolean(org && org.mapped);
	}

	// ---------------------------------------------------------------- integration status

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

	// ---------------------------------------------------------------- unit counts and billing rebuild

	/**
	 * Store an accepted count (synthesize-api.md §5.6) and, unless noBuild, request a debounced
	 * rebuild (synthesize-api.md §13.3).
	 * @param {Partner} partner
	 * @param {{ accountId: string, serviceId: string, serviceKind: 'vendor' | 'organization', unitCount: number, noBuild: boolean }} c
	 */
	recordCount(partner, c) {
		const at = nowIso();
		const key = pairKey(c.accountId, c.serviceId);
		let count = partner.counts[key];
		if (!count) {
			count = {
				accountId: c.accountId,
				serviceId: c.serviceId,
				serviceKind: c.serviceKind,
				unitCount: c.unitCount,
				updatedAt: at,
				noBuild: c.noBuild,
				pushes: 0,
				history: [],
			};
			partner.counts[key] = count;
		}
		count.unitCount = c.unitCount;
		count.updatedAt = at;
		count.noBuild = c.noBuild;
		count.pushes += 1;
		count.history.push({ at, unitCount: c.unitCount, noBuild: c.noBuild });
		// [emulator choice] keep the last `historyLimit` entries per pair (pushes counts them all)
		if (count.history.length > this.config.historyLimit) count.history.splice(0, count.history.length - this.config.historyLimit);
		partner.lastSyncedAt = at;
		this.autoActivate(partner);
		if (!c.noBuild) this.requestRebuild(partner);
		this.changed();
	}

	/** @param {Partner} partner */
	requestRebuild(partner) {
		partner.billing.rebuildRequests += 1;
		partner.billing.lastRequestAt = nowIso();
		partner.billing.pending = true;
		this.scheduleRebuild(partner);
	}

	/** (Re)start the debounce timer: the rebuild runs rebuildDebounceMs after the LAST request. @param {Partner} partner */
	scheduleRebuild(partner) {
		const old = this.rebuildTimers.get(partner.id);
		if (old) clearTimeout(old);
		const t = setTimeout(() => {
			this.rebuildTimers.delete(partner.id);
			this.rebuild(partner.id);
		}, this.config.rebuildDebounceMs);
		t.unref();
		this.rebuildTimers.set(partner.id, t);
	}

	/** Run a billing rebuild now: snapshot the latest counts of mapped pairs. @param {string} partnerId */
	rebuild(partnerId) {
		const partner = this.data.partners[partnerId];
		if (!partner) return;
		partner.billing.rebuilds += 1;
		partner.billing.lastRebuildAt = nowIso();
		partner.billing.pending = false;
		partner.billing.view = this.billingView(partner);
		this.changed();
	}

	/** @param {Partner} partner @returns {BillingRow[]} */
	billingView(partner) {
		/** @type {BillingRow[]} */
		const rows = [];
		for (const c of Object.values(partner.counts)) {
			const a = this.findAccount(partner, c.accountId) || partner.accounts.find((x) => x.mappedClientId === c.accountId);
			if (!a || !a.mapped || !this.isServiceMapped(partner, c.serviceId)) continue;
			const s = this.findSku(c.serviceId) || this.findOrgService(partner, c.serviceId);
			rows.push({
				accountId: c.accountId,
				accountName: a.name,
				serviceId: c.serviceId,
				serviceName: s ? s.name : c.serviceId,
				unitCount: c.unitCount,
				updatedAt: c.updatedAt,
			});
		}
		rows.sort((x, y) => x.accountName.localeCompare(y.accountName) || x.serviceName.localeCompare(y.serviceName));
		return rows;
	}

	// ---------------------------------------------------------------- alerts

	/**
	 * Queue an alert (synthesize-api.md §9.1). [emulator choice] With alertDedupe (default) a
	 * repeated alertId whose earlier message is pending or succeeded returns that ORIGINAL message
	 * and creates no second ticket; after a failure a repeat is a new message. alertDedupe:false =
	 * every POST is a new message and ticket.
	 * @param {Partner} partner
	 * @param {string} accountId
	 * @param {Record<string, any>} body validated body
	 * @returns {AlertMessage}
	 */
	createAlert(partner, accountId, body) {
		let rec = partner.alerts[body.alertId];
		if (rec) for (const id of rec.messageIds) this.settle(partner.id, id);
		if (!rec) {
			rec = { alertId: body.alertId, accountId, title: body.title, posts: 0, tickets: 0, messageIds: [] };
			partner.alerts[body.alertId] = rec;
		}
		rec.posts += 1;
		this.autoActivate(partner);
		if (this.config.alertDedupe) {
			const original = rec.messageIds
				.map((id) => partner.messages[id])
				.find((m) => m && (m.state === 'pending' || m.state === 'success'));
			if (original) {
				original.duplicatePosts += 1;
				this.changed();
				return original;
			}
		}
		/** @type {AlertMessage} */
		const msg = {
			messageId: this.ids.uuid(),
			alertId: body.alertId,
			correlationID: this.ids.objectId(),
			accountId,
			title: body.title,
			description: body.description,
			priority: body.priority ?? 1,
			status: body.status ?? 1,
			dueDateTime: body.dueDateTime ?? null,
			serviceId: body.serviceId ?? null,
			receivedAt: nowIso(),
			resolveAt: Date.now() + this.config.alertTicketDelayMs,
			state: 'pending',
			ticketId: null,
			ticketCreatedAt: null,
			statusCode: null,
			errors: [],
			duplicatePosts: 0,
		};
		partner.messages[msg.messageId] = msg;
		rec.messageIds.push(msg.messageId);
		rec.accountId = accountId;
		rec.title = body.title;
		this.scheduleAlert(partner, msg, this.config.alertTicketDelayMs);
		this.changed();
		return msg;
	}

	/** @param {Partner} partner @param {AlertMessage} msg @param {number} delayMs */
	scheduleAlert(partner, msg, delayMs) {
		const t = setTimeout(() => {
			this.alertTimers.delete(msg.messageId);
			this.settle(partner.id, msg.messageId);
		}, delayMs);
		t.unref();
		this.alertTimers.set(msg.messageId, t);
	}

	/**
	 * Process a queued alert: the PSA ticket is created when the account is mapped.
	 * [emulator choice] processing takes alertTicketDelayMs (1500); ticket ids are numeric strings from 50001;
	 * mapping is checked when the delay has passed, not at POST time.
	 * @param {string} partnerId @param {string} messageId
	 */
	settle(partnerId, messageId) {
		const partner = this.data.partners[partnerId];
		const msg = partner && partner.messages[messageId];
		if (!msg || msg.state !== 'pending' || Date.now() < msg.resolveAt) return;
		const outcome = this.config.alertOutcome;
		if (outcome === 'pending') return;
		const account = this.findAccount(partner, msg.accountId);
		const ok = outcome === 'success' || (outcome === 'auto' && account !== undefined && account.mapped);
		if (ok) {
			msg.state = 'success';
			msg.ticketId = String(this.data.nextTicketNo++);
			msg.ticketCreatedAt = nowIso();
			const rec = partner.alerts[msg.alertId];
			if (rec) rec.tickets += 1;
		} else {
			msg.state = 'failed';
			if (outcome === 'failed') {
				msg.statusCode = 500;
				msg.errors = ['The PSA rejected the ticket (sandbox alertOutcome=failed)'];
			} else {
				msg.statusCode = 404;
				msg.errors = [`No account map found with id: ${msg.accountId}`];
			}
		}
		this.changed();
	}

	/** Settle every pending message whose delay has passed (used on reads; timers do it too). @param {Partner} partner */
	settleDue(partner) {
		const now = Date.now();
		for (const msg of Object.values(partner.messages)) {
			if (msg.state === 'pending' && msg.resolveAt <= now) this.settle(partner.id, msg.messageId);
		}
	}

	/** RetrieveAlertResponseDto (synthesize-api.md §9.2). @param {AlertMessage} msg */
	alertStatusView(msg) {
		if (msg.state === 'pending') {
			return { messageId: msg.messageId, status: 'pending', message: 'The alert is queued and has not been processed yet' };
		}
		if (msg.state === 'success') {
			return {
				messageId: msg.messageId,
				status: 'success',
				message: 'Ticket created',
				ticketId: msg.ticketId,
				createdAt: msg.ticketCreatedAt,
				statusCode: null,
				errors: [],
			};
		}
		return {
			messageId: msg.messageId,
			status: 'failed',
			message: 'Ticket creation failed',
			statusCode: msg.statusCode,
			errors: msg.errors,
		};
	}

	// ---------------------------------------------------------------- PSA clients

	/** @param {Partner} partner @param {string[]} names */
	addClients(partner, names) {
		const created = names.map((name) => ({ id: this.ids.uuid(), name, identifier: seedData.identifierFor(name) }));
		partner.clients.push(...created);
		this.changed();
		return created;
	}

	// ---------------------------------------------------------------- the public snapshot

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

/**
 * Debounced JSON persistence of a store (plus extras such as request counts and faults)
 * to a --state file. Writes go to a temporary file that is then renamed, so a crash never
 * leaves half a file.
 */
class Persister {
	/**
	 * @param {string} file
	 * @param {() => Record<string, unknown>} collect returns the whole document to write
	 * @param {number} [debounceMs]
	 */
	constructor(file, collect, debounceMs = 100) {
		this.file = path.resolve(file);
		this.collect = collect;
		this.debounceMs = debounceMs;
		/** @type {NodeJS.Timeout | null} */
		this.timer = null;
		this.writes = 0;
	}

	/** @returns {Record<string, any> | null} */
	read() {
		if (!fs.existsSync(this.file)) return null;
		const text = fs.readFileSync(this.file, 'utf8');
		try {
			return JSON.parse(text);
		} catch (err) {
			throw new Error(`${this.file} is not valid JSON (${/** @type {Error} */ (err).message})`);
		}
	}

	schedule() {
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			this.flush();
		}, this.debounceMs);
		this.timer.unref();
	}

	flush() {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		const tmp = `${this.file}.${process.pid}.tmp`;
		fs.mkdirSync(path.dirname(this.file), { recursive: true });
		fs.writeFileSync(tmp, JSON.stringify(this.collect(), null, 1));
		fs.renameSync(tmp, this.file);
		this.writes += 1;
	}
}

module.exports = { Store, Persister, HttpError, badRequest, hashKey, pairKey, mergeConfig, seedState, STATE_FORMAT, STATE_VERSION };
