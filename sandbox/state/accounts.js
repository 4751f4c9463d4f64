// @ts-check
'use strict';
/** Accounts, organization services, and their mapping (the MSP's side). */
const { nowIso, HttpError, badRequest } = require('./common');
const { CatalogueStore } = require('./catalogue');

/** @typedef {import('./types').Partner} Partner */
/** @typedef {import('./types').Account} Account */
/** @typedef {import('./types').OrgService} OrgService */

/**
 * Bulk create of accounts or organization services (synthesize-api.md §7.2, §8.1), appended to the
 * partner's list. [emulator choice] all-or-nothing: a duplicate id inside the payload → 400, an id
 * that already exists → 409 "A resource with this Id already exists." (the text of
 * synthesize-api.md §8.1).
 * @template {Account | OrgService} T
 * @param {T[]} rows the partner's accounts or organization services
 * @param {Array<Record<string, any>>} items validated items
 * @param {'account' | 'service'} kind
 * @param {Record<string, unknown>} extra the fields only this kind has
 * @returns {T[]} the created rows
 */
function createRows(rows, items, kind, extra) {
	const seen = new Set();
	for (const item of items) {
		if (seen.has(item.id)) throw badRequest([`Duplicate ${kind} id in request: ${item.id}`]);
		seen.add(item.id);
	}
	const ids = new Set(rows.map((row) => row.id));
	if (items.some((item) => ids.has(item.id))) throw new HttpError(409, 'A resource with this Id already exists.');
	const at = nowIso();
	return items.map((item) => {
		const row = /** @type {T} */ ({
			id: item.id,
			name: item.name,
			description: item.description ?? '',
			mapped: false,
			mappingId: null,
			...extra,
			createdAt: at,
			updatedAt: at,
		});
		if (typeof item.isArrears === 'boolean') row.isArrears = item.isArrears;
		rows.push(row);
		return row;
	});
}

/**
 * A PATCH of an account or an organization service (synthesize-api.md §7.3, §8.2). [emulator choice]
 * an `id` in the body never renames the row (undocumented in synthesize-api.md §7.3).
 * @param {Account | OrgService} row @param {Record<string, any>} patch
 */
function patchRow(row, patch) {
	if (typeof patch.name === 'string') row.name = patch.name;
	if (typeof patch.description === 'string') row.description = patch.description;
	if (typeof patch.isActive === 'boolean') row.isActive = patch.isActive;
	if (typeof patch.isArrears === 'boolean') row.isArrears = patch.isArrears;
	row.updatedAt = nowIso();
}

/**
 * Map an account or organization service (a new mappingId unless it is mapped already), or unmap it
 * (an account also loses its PSA client).
 * @param {Account | OrgService} row @param {boolean} mapped @param {import('../ids').IdGenerator} ids
 */
function setRowMapped(row, mapped, ids) {
	if (mapped && !row.mapped) {
		row.mapped = true;
		row.mappingId = ids.objectId();
	} else if (!mapped) {
		row.mapped = false;
		row.mappingId = null;
		if ('mappedClientId' in row) row.mappedClientId = null;
	}
}

/**
 * `isActive` and `isArrears` appear in answers once they are set.
 * @param {Record<string, unknown>} out @param {Account | OrgService} row
 */
function withFlags(out, row) {
	if (row.isActive !== undefined) out.isActive = row.isActive;
	if (row.isArrears !== undefined) out.isArrears = row.isArrears;
	return out;
}

class AccountsStore extends CatalogueStore {
	/** @param {Account} a */
	accountRow(a) {
		// [emulator choice] unmapped rows carry mappingId: null (synthesize-api.md §7.1 only says "string")
		return { id: a.id, name: a.name, description: a.description, isMapped: a.mapped, mappingId: a.mappingId };
	}

	/** @param {Account} a */
	accountEcho(a) {
		return withFlags({ id: a.id, name: a.name, description: a.description }, a);
	}

	/** @param {OrgService} s */
	orgServiceRow(s) {
		return withFlags({ id: s.id, name: s.name, description: s.description, isMapped: s.mapped }, s);
	}

	/** @param {Partner} partner @param {string} id */
	findAccount(partner, id) {
		return partner.accounts.find((a) => a.id === id);
	}

	/**
	 * Bulk create (synthesize-api.md §7.2), all-or-nothing (see createRows).
	 * @param {Partner} partner
	 * @param {Array<Record<string, any>>} items validated items
	 */
	createAccounts(partner, items) {
		const created = createRows(partner.accounts, items, 'account', { mappedClientId: null });
		if (this.config.autoMapByName) for (const a of created) this.mapAccountByName(partner, a);
		this.changed();
		return created;
	}

	/** @param {Account} a @param {Record<string, any>} patch */
	patchAccount(a, patch) {
		patchRow(a, patch);
	}

	/** @param {Partner} partner @param {string} id */
	findOrgService(partner, id) {
		return partner.orgServices.find((s) => s.id === id);
	}

	/**
	 * Bulk create (synthesize-api.md §8.1), all-or-nothing as for accounts (see createRows).
	 * @param {Partner} partner @param {Array<Record<string, any>>} items
	 */
	createOrgServices(partner, items) {
		const created = createRows(partner.orgServices, items, 'service', {});
		this.changed();
		return created;
	}

	/** @param {OrgService} s @param {Record<string, any>} patch */
	patchOrgService(s, patch) {
		patchRow(s, patch);
	}

	/**
	 * The PSA client an account is mapped to when the admin API maps it by id: the client of the
	 * same name, else the first client no other account is mapped to (null when there is none).
	 * @param {Partner} partner @param {Account} a
	 */
	clientFor(partner, a) {
		const sameName = partner.clients.find((c) => c.name === a.name);
		if (sameName) return sameName.id;
		const taken = new Set(partner.accounts.map((x) => x.mappedClientId).filter(Boolean));
		return partner.clients.find((c) => !taken.has(c.id))?.id ?? null;
	}

	/** @param {Partner} partner @param {Account} a */
	mapAccountByName(partner, a) {
		const client = partner.clients.find((c) => c.name === a.name);
		if (!client) return false;
		setRowMapped(a, true, this.ids);
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
			setRowMapped(a, mapped, this.ids);
			// The MSP maps an account to a PSA company: the one of the same name, else one not taken yet.
			if (mapped && !a.mappedClientId) a.mappedClientId = this.clientFor(partner, a);
		}
		if (body.byName === true) {
			for (const a of partner.accounts) {
				const client = partner.clients.find((c) => c.name === a.name);
				if (!client) continue;
				if (mapped) this.mapAccountByName(partner, a);
				else setRowMapped(a, false, this.ids);
				byName.push(a.id);
			}
		}
		for (const id of serviceIds) {
			const org = this.findOrgService(partner, id);
			if (this.findSku(id)) {
				if (mapped && !partner.serviceMap[id]) partner.serviceMap[id] = { mappingId: this.ids.objectId() };
				if (!mapped) delete partner.serviceMap[id];
			}
			if (org) setRowMapped(org, mapped, this.ids);
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
}

module.exports = { AccountsStore, createRows, setRowMapped };
