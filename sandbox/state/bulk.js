// @ts-check
'use strict';
/**
 * Many partners at once, for scale tests (POST /sandbox/partners/bulk): deterministic names and
 * partner keys, optionally each with its accounts (one PSA client per account, mapped to it) and
 * the vendor's services mapped, so that a count for every (account, service) pair is accepted.
 */
const { makeToken } = require('../defaults');
const seedData = require('../seed-data');
const { hashKey, HttpError } = require('./common');
const { createPartner } = require('./seed');
const { createRows, setRowMapped } = require('./accounts');
const { ClientsStore } = require('./clients');

/** @typedef {import('./types').Account} Account */

/**
 * @typedef {object} BulkOptions
 * @property {number} count partners to create
 * @property {string} [prefix] default 'bulk': names `${prefix}-partner-${i}`, keys `${prefix}-partner-key-${i}`
 * @property {number} [start] default 1: the first i
 * @property {number} [accountsPerPartner] default 0
 * @property {string} [accountIdPrefix] default `${prefix}-{i}-account-`: account n (1..) of partner i is
 *   `${accountIdPrefix}${n}` with `{i}` replaced by i (without `{i}` every partner has the same ids)
 * @property {boolean} [mapAccounts] default true: every account mapped
 * @property {boolean} [psaClients] default true: one PSA client per account, of the same name (mapped to it when mapAccounts)
 * @property {boolean} [mapServices] default true: every vendor service (SKU) mapped
 */

/**
 * @typedef {{ index: number, name: string, partnerId: string, organizationId: string, partnerKey: string,
 *   token: string, accounts: number, accountIdPrefix: string }} BulkPartner
 */

class BulkStore extends ClientsStore {
	/**
	 * Create `count` partners at once; all-or-nothing when a partner key exists already (409).
	 * @param {BulkOptions} opts validated by the admin API
	 * @returns {{ count: number, accountsPerPartner: number, servicesMapped: string[], partners: BulkPartner[] }}
	 */
	addPartners(opts) {
		const prefix = opts.prefix ?? 'bulk';
		const start = opts.start ?? 1;
		const perPartner = opts.accountsPerPartner ?? 0;
		const idPattern = opts.accountIdPrefix ?? `${prefix}-{i}-account-`;
		const mapAccounts = opts.mapAccounts !== false;
		const psaClients = opts.psaClients !== false;
		const services = opts.mapServices === false ? [] : this.data.vendor.skus.map((s) => s.id);
		const plan = Array.from({ length: opts.count }, (_, k) => {
			const i = start + k;
			return { i, name: `${prefix}-partner-${i}`, partnerKey: `${prefix}-partner-key-${i}` };
		});
		const taken = plan.find((p) => this.keyIndex.has(hashKey(p.partnerKey)));
		if (taken) throw new HttpError(409, `A partner with this partner key already exists (${taken.name}).`);

		const partners = plan.map(({ i, name, partnerKey }) => {
			const partner = createPartner(this.data, this.ids, { name, partnerKey, clients: seedData.EXTRA_PARTNER_CLIENTS });
			const accountIdPrefix = idPattern.replaceAll('{i}', String(i));
			const items = Array.from({ length: perPartner }, (_, n) => ({
				id: `${accountIdPrefix}${n + 1}`,
				name: `${name} customer ${n + 1}`,
			}));
			const accounts = /** @type {Account[]} */ (createRows(partner.accounts, items, 'account', { mappedClientId: null }));
			for (const a of accounts) {
				if (mapAccounts) setRowMapped(a, true, this.ids);
				if (!psaClients) continue;
				const client = { id: this.ids.uuid(), name: a.name, identifier: seedData.identifierFor(a.name) };
				partner.clients.push(client);
				if (mapAccounts) a.mappedClientId = client.id;
			}
			for (const id of services) partner.serviceMap[id] = { mappingId: this.ids.objectId() };
			return {
				index: i,
				name,
				partnerId: partner.id,
				organizationId: this.integrationData(partner).organizationId,
				partnerKey,
				token: makeToken(this.vendorKey, partnerKey),
				accounts: accounts.length,
				accountIdPrefix,
			};
		});
		this.reindex();
		this.changed();
		return { count: partners.length, accountsPerPartner: perPartner, servicesMapped: services, partners };
	}
}

module.exports = { BulkStore };
