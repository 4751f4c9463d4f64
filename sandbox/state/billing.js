// @ts-check
'use strict';
/** Unit counts (per account and service), the debounced billing rebuild and the billing view. */
const { nowIso, pairKey } = require('./common');
const { AccountsStore } = require('./accounts');

/** @typedef {import('./types').Partner} Partner */
/** @typedef {import('./types').BillingRow} BillingRow */

class BillingStore extends AccountsStore {
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

	/**
	 * Per partner, how many (account, service) counts are stored and the sum of their latest values, and
	 * the same of the billing view as of its last rebuild, plus totals (GET /sandbox/billing/summary):
	 * what a scale test compares with its own ledger without reading every row.
	 * @param {Partner[]} partners
	 */
	billingSummary(partners) {
		const totals = { partners: partners.length, accounts: 0, counts: 0, unitSum: 0, pushes: 0, viewRows: 0, viewUnitSum: 0, rebuilds: 0, pending: 0 };
		const rows = partners.map((p) => {
			let counts = 0;
			let unitSum = 0;
			let pushes = 0;
			for (const c of Object.values(p.counts)) {
				counts++;
				unitSum += c.unitCount;
				pushes += c.pushes;
			}
			const viewUnitSum = p.billing.view.reduce((sum, r) => sum + r.unitCount, 0);
			const row = {
				partnerId: p.id,
				name: p.name,
				status: p.status,
				accounts: p.accounts.length,
				mappedAccounts: p.accounts.filter((a) => a.mapped).length,
				counts,
				unitSum,
				pushes,
				billing: {
					rebuilds: p.billing.rebuilds,
					pending: p.billing.pending,
					lastRebuildAt: p.billing.lastRebuildAt,
					viewRows: p.billing.view.length,
					viewUnitSum,
				},
			};
			totals.accounts += row.accounts;
			totals.counts += counts;
			totals.unitSum += unitSum;
			totals.pushes += pushes;
			totals.viewRows += row.billing.viewRows;
			totals.viewUnitSum += viewUnitSum;
			totals.rebuilds += p.billing.rebuilds;
			if (p.billing.pending) totals.pending++;
			return row;
		});
		return { partners: rows, totals };
	}

	/**
	 * Per partner, the latest stored count of every (account, service) pair in a ledger's shape,
	 * service id → account id → count (GET /sandbox/billing/counts): what a test compares pair by
	 * pair with the ledger a workflow kept.
	 * @param {Partner[]} partners
	 */
	billingCounts(partners) {
		return {
			partners: partners.map((p) => {
				/** @type {Record<string, Record<string, number>>} */
				const counts = {};
				let pushes = 0;
				for (const c of Object.values(p.counts)) {
					(counts[c.serviceId] ??= {})[c.accountId] = c.unitCount;
					pushes += c.pushes;
				}
				return { partnerId: p.id, name: p.name, pairs: Object.keys(p.counts).length, pushes, counts };
			}),
		};
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
}

module.exports = { BillingStore };
