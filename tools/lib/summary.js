// @ts-check
'use strict';
/**
 * "What Synthesize received", read from a sandbox's `/sandbox/state` and `/sandbox/requests`:
 * integration status, services, accounts created, counts pushed, unmapped rows, billing
 * rebuilds, alerts and their tickets. Plus checks against what a run expected.
 */

/**
 * @typedef {object} Received
 * @property {string} partner partner name
 * @property {string} status integration status
 * @property {string} lastSyncedAt
 * @property {Array<{ id: string, name: string, kind: string, mapped: boolean }>} services
 * @property {Array<{ id: string, name: string, mapped: boolean }>} accounts
 * @property {Array<{ accountId: string, accountName: string, serviceId: string, serviceName: string, unitCount: number, pushes: number }>} counts
 * @property {Array<{ accountId: string, serviceId: string, unitCount: unknown, message: string }>} unmapped count pushes answered 404
 * @property {{ rebuilds: number, rebuildRequests: number, rows: number }} billing
 * @property {Array<{ alertId: string, title: string, accountId: string, posts: number, tickets: number, ticketIds: string[], states: string[] }>} alerts
 * @property {{ total: number, byStatus: Record<string, number> }} requests
 */

/**
 * @param {import('./sandbox-client').SandboxClient} client
 * @param {{ partner?: string }} [options] partner id (default: the default partner)
 * @returns {Promise<Received>}
 */
async function readReceived(client, options = {}) {
	const state = await client.state();
	const partner = state.partners.find(
		(/** @type {any} */ p) => p.id === (options.partner ?? state.defaultPartnerId),
	);
	if (!partner) throw new Error(`no partner ${options.partner ?? '(default)'} in the sandbox`);
	/** @type {Map<string, string>} */
	const accountNames = new Map(partner.accounts.map((/** @type {any} */ a) => [a.id, a.name]));
	/** @type {Map<string, string>} */
	const serviceNames = new Map(partner.services.map((/** @type {any} */ s) => [s.id, s.name]));
	const countRequests = await client.requests({ route: 'setUnitCount' });
	const unmapped = countRequests
		.filter((request) => request.status === 404 && request.partnerId === partner.id)
		.map((request) => ({
			accountId: String(request.body?.accountId ?? request.body?.clientOId ?? ''),
			serviceId: (request.path.match(/\/service\/([^/]+)\/count/) ?? [])[1] ?? '',
			unitCount: request.body?.unitCount,
			message: '404',
		}));
	return {
		partner: partner.name,
		status: partner.status,
		lastSyncedAt: partner.lastSyncedAt,
		services: partner.services.map((/** @type {any} */ s) => ({
			id: s.id,
			name: s.name,
			kind: s.kind,
			mapped: s.mapped,
		})),
		accounts: partner.accounts.map((/** @type {any} */ a) => ({
			id: a.id,
			name: a.name,
			mapped: a.mapped,
		})),
		counts: partner.counts.map((/** @type {any} */ c) => ({
			accountId: c.accountId,
			accountName: accountNames.get(c.accountId) ?? c.accountId,
			serviceId: c.serviceId,
			serviceName: serviceNames.get(c.serviceId) ?? c.serviceId,
			unitCount: c.unitCount,
			pushes: c.pushes,
		})),
		unmapped,
		billing: {
			rebuilds: partner.billing.rebuilds,
			rebuildRequests: partner.billing.rebuildRequests,
			rows: partner.billing.view.length,
		},
		alerts: partner.alerts.map((/** @type {any} */ a) => ({
			alertId: a.alertId,
			title: a.title,
			accountId: a.accountId,
			posts: a.posts,
			tickets: a.tickets,
			ticketIds: a.messages.map((/** @type {any} */ m) => m.ticketId).filter(Boolean),
			states: a.messages.map((/** @type {any} */ m) => m.status),
		})),
		requests: { total: state.requests.total, byStatus: state.requests.byStatus },
	};
}

/**
 * Human-readable lines.
 * @param {Received} r
 * @returns {string[]}
 */
function formatReceived(r) {
	const list = (/** @type {string[]} */ items, max = 6) =>
		items.length <= max
			? items.join(', ')
			: `${items.slice(0, max).join(', ')}, … (${items.length - max} more)`;
	const vendorServices = r.services.filter((s) => s.kind === 'vendor');
	const orgServices = r.services.filter((s) => s.kind === 'organization');
	const lines = [
		`Integration       ${r.partner}: ${r.status}, last synced ${r.lastSyncedAt.startsWith('1900') ? 'never' : r.lastSyncedAt}`,
		`Services          ${vendorServices.length} vendor (${vendorServices.filter((s) => s.mapped).length} mapped)${vendorServices.length ? `: ${list(vendorServices.map((s) => s.name))}` : ''}${orgServices.length ? `; ${orgServices.length} organization` : ''}`,
		`Accounts created  ${r.accounts.length} (${r.accounts.filter((a) => a.mapped).length} mapped)${
			r.accounts.length
				? `: ${list(
						r.accounts.map((a) => `${a.name} (${a.id})`),
						5,
					)}`
				: ''
		}`,
		`Counts pushed     ${r.counts.length} account × service counts accepted${
			r.counts.length
				? `: ${list(
						r.counts.map((c) => `${c.accountName} · ${c.serviceName} = ${c.unitCount}`),
						4,
					)}`
				: ''
		}`,
		`Unmapped rows     ${r.unmapped.length}${r.unmapped.length ? ` (404, reported, not fatal): ${list(r.unmapped.map((u) => `${u.accountId} · ${r.services.find((s) => s.id === u.serviceId)?.name ?? u.serviceId} = ${u.unitCount}`))}` : ''}`,
		`Billing rebuilds  ${r.billing.rebuilds} (${r.billing.rebuildRequests} requested; billing view ${r.billing.rows} rows)`,
		`Alerts → tickets  ${r.alerts.length} → ${r.alerts.reduce((n, a) => n + a.tickets, 0)}${
			r.alerts.length
				? `: ${list(
						r.alerts.map(
							(a) =>
								`"${a.title}" → ${a.ticketIds.length ? `ticket ${a.ticketIds.join(', ')}` : a.states.join('/')}`,
						),
						3,
					)}`
				: ''
		}`,
		`API requests      ${r.requests.total} (${Object.entries(r.requests.byStatus)
			.map(([status, n]) => `${status}: ${n}`)
			.join(', ')})`,
	];
	return lines;
}

/**
 * @typedef {{ name: string, ok: boolean, detail: string }} Check
 */

/**
 * Compare with what a run should have delivered (each expectation optional; numbers are minimums
 * unless noted).
 * @param {Received} r
 * @param {{ status?: string, services?: number, accounts?: number, mappedAccounts?: number, counts?: number, unmapped?: number, rebuilds?: number, tickets?: number }} expected
 * @returns {Check[]}
 */
function checkReceived(r, expected) {
	/** @type {Check[]} */
	const checks = [];
	/**
	 * @param {string} name
	 * @param {number} actual
	 * @param {number | undefined} atLeast
	 */
	const atLeast = (name, actual, atLeast) => {
		if (atLeast === undefined) return;
		checks.push({
			name,
			ok: actual >= atLeast,
			detail: `${actual} (expected at least ${atLeast})`,
		});
	};
	if (expected.status !== undefined) {
		checks.push({
			name: 'integration status',
			ok: r.status === expected.status,
			detail: `${r.status} (expected ${expected.status})`,
		});
	}
	atLeast(
		'vendor services',
		r.services.filter((s) => s.kind === 'vendor').length,
		expected.services,
	);
	atLeast('accounts created', r.accounts.length, expected.accounts);
	atLeast('accounts mapped', r.accounts.filter((a) => a.mapped).length, expected.mappedAccounts);
	atLeast('counts accepted', r.counts.length, expected.counts);
	if (expected.unmapped !== undefined) {
		checks.push({
			name: 'unmapped rows reported',
			ok: r.unmapped.length === expected.unmapped,
			detail: `${r.unmapped.length} (expected ${expected.unmapped})`,
		});
	}
	atLeast('billing rebuilds', r.billing.rebuilds, expected.rebuilds);
	atLeast(
		'alert tickets',
		r.alerts.reduce((n, a) => n + a.tickets, 0),
		expected.tickets,
	);
	return checks;
}

module.exports = { readReceived, formatReceived, checkReceived };
