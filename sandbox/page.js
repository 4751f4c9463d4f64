// @ts-check
'use strict';
/**
 * GET / — a small read-only page of the state of one partner (?partner=<id>), roughly what the MSP
 * sees in Synthesize: integration status, accounts and their mapping, services and their mapping,
 * the latest counts, the billing view with its rebuild counter, and alerts with their tickets.
 * Server-rendered, everything escaped, no external assets, refreshes itself every 5 s.
 */
const { NEVER_SYNCED, DEFAULT_VENDOR_KEY, DEFAULT_PARTNER_KEY } = require('./defaults');

/** @param {unknown} v */
function esc(v) {
	return String(v ?? '').replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** @param {string | null | undefined} iso */
function when(iso) {
	if (!iso) return '—';
	if (iso === NEVER_SYNCED || iso.startsWith('1900-')) return 'never';
	return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** @param {boolean} mapped */
function mapBadge(mapped) {
	return mapped ? '<span class="badge ok">Mapped</span>' : '<span class="badge warn">Not mapped</span>';
}

/**
 * @param {string[]} headers
 * @param {string[][]} rows cells are already-escaped HTML
 * @param {string} testId
 * @param {string} empty
 */
function table(headers, rows, testId, empty) {
	if (!rows.length) return `<p class="empty" data-testid="${testId}">${esc(empty)}</p>`;
	return `<table data-testid="${testId}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
		.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
		.join('')}</tbody></table>`;
}

/**
 * Counts Synthesize refused as unmapped (404 on Set Unit Count) for this partner, newest first,
 * one row per account and service: what a user most needs to see before the MSP maps.
 * @param {import('./requestlog').LogEntry[]} entries
 * @param {string} partnerId
 */
function refusedCounts(entries, partnerId) {
	/** @type {Map<string, { accountId: string, serviceId: string, unitCount: unknown, at: string, times: number }>} */
	const rows = new Map();
	for (const e of entries) {
		if (e.routeId !== 'setUnitCount' || e.status !== 404 || e.partnerId !== partnerId) continue;
		const body = /** @type {any} */ (e.body) ?? {};
		const serviceId = decodeURIComponent(/\/service\/([^/]+)\/count/.exec(e.path)?.[1] ?? '');
		const accountId = String(body.accountId ?? body.clientOId ?? '');
		const key = `${accountId}\u0000${serviceId}`;
		const row = rows.get(key);
		if (row) Object.assign(row, { unitCount: body.unitCount, at: e.at, times: row.times + 1 });
		else rows.set(key, { accountId, serviceId, unitCount: body.unitCount, at: e.at, times: 1 });
	}
	return [...rows.values()].reverse();
}

/**
 * @param {import('./state').Store} store
 * @param {string | null} partnerId
 * @param {{ baseUrl?: string, requests?: import('./requestlog').LogEntry[] }} [context] the URL the
 *   page was asked on (shown as the Base URL), and the request log (for refused counts)
 */
function renderPage(store, partnerId, context = {}) {
	const partner = store.partnerFor(partnerId || undefined);
	const snap = store.partnerSnapshot(partner);
	const vendor = store.data.vendor;
	const accountName = /** @param {string} id */ (id) => snap.accounts.find((a) => a.id === id)?.name ?? id;
	const serviceName = /** @param {string} id */ (id) => snap.services.find((s) => s.id === id)?.name ?? id;
	const clientName = /** @param {string | null} id */ (id) => (id ? partner.clients.find((c) => c.id === id)?.name ?? '' : '');

	const partnerLinks = store
		.partners()
		.map((p) => (p.id === partner.id ? `<strong>${esc(p.name)}</strong>` : `<a href="/?partner=${encodeURIComponent(p.id)}">${esc(p.name)}</a>`))
		.join(' · ');

	const accounts = table(
		['Account id', 'Name', 'Description', 'Mapping', 'PSA company'],
		snap.accounts.map((a) => [
			`<code>${esc(a.id)}</code>`,
			esc(a.name),
			esc(a.description),
			`<span data-testid="account-mapping" data-account="${esc(a.id)}">${mapBadge(a.mapped)}</span>`,
			`<span data-testid="psa-company">${esc(a.mapped ? clientName(a.mappedClientId) : '')}</span>`,
		]),
		'accounts',
		'No accounts yet: the vendor has not created any for this partner.',
	);

	const services = table(
		['Service', 'Id', 'Kind', 'Category', 'Mapping'],
		snap.services.map((s) => [
			esc(s.name),
			`<code>${esc(s.id)}</code>`,
			esc(s.kind),
			esc('category' in s ? `${s.category} / ${s.subcategory}` : ''),
			mapBadge(s.mapped),
		]),
		'services',
		'No services yet.',
	);

	const counts = table(
		['Account', 'Service', 'Latest count', 'Pushed at', 'no_build', 'Pushes'],
		snap.counts.map((c) => [
			esc(accountName(c.accountId)),
			esc(serviceName(c.serviceId)),
			`<span class="num" data-testid="count">${esc(c.unitCount)}</span>`,
			esc(when(c.updatedAt)),
			c.noBuild ? 'yes' : 'no',
			esc(c.pushes),
		]),
		'counts',
		'No unit counts received yet.',
	);

	const b = snap.billing;
	const billing = table(
		['Account', 'Service', 'Billed units', 'Count from'],
		b.view.map((r) => [esc(r.accountName), esc(r.serviceName), `<span class="num">${esc(r.unitCount)}</span>`, esc(when(r.updatedAt))]),
		'billing-view',
		'The billing view is empty (no rebuild yet, or nothing mapped).',
	);

	const refused = table(
		['Account', 'Service', 'Count refused', 'Last tried', 'Tries'],
		refusedCounts(context.requests ?? [], partner.id).map((r) => [
			`${esc(accountName(r.accountId))} <code>${esc(r.accountId)}</code>`,
			esc(serviceName(r.serviceId)),
			`<span class="num">${esc(r.unitCount)}</span>`,
			esc(when(r.at)),
			esc(r.times),
		]),
		'refused-counts',
		'No count was refused: every account and service that received one is mapped.',
	);

	// The well-known sandbox keys are shown, so a user can type the credential into n8n; keys a
	// caller chose (tests with secrets, a shared sandbox) never are.
	const knownKeys = store.vendorKey === DEFAULT_VENDOR_KEY && store.partnerKey === DEFAULT_PARTNER_KEY;
	const isDefault = partner.id === store.partnerFor(undefined).id;
	const keys = isDefault && knownKeys
		? `<section data-testid="credential"><h2>Credential for n8n (sandbox keys)</h2><dl>
<dt>Base URL</dt><dd><code data-testid="base-url">${esc(context.baseUrl ?? '')}</code></dd>
<dt>Vendor API Key</dt><dd><code data-testid="vendor-key">${esc(store.vendorKey)}</code></dd>
<dt>Partner API Key</dt><dd><code data-testid="partner-key">${esc(store.partnerKey)}</code></dd>
</dl></section>`
		: '';

	const alertRows = [];
	for (const a of snap.alerts) {
		for (const m of a.messages) {
			alertRows.push([
				esc(a.alertId),
				esc(a.title),
				esc(accountName(a.accountId)),
				`<span class="badge ${m.status === 'success' ? 'ok' : m.status === 'failed' ? 'bad' : 'warn'}" data-testid="alert-status">${esc(m.status)}</span>`,
				m.ticketId ? `<span data-testid="ticket">Ticket #${esc(m.ticketId)}</span>` : esc(m.errors.join('; ')),
				esc(`${a.posts} / ${a.tickets}`),
			]);
		}
	}
	const alerts = table(['Alert id', 'Title', 'Account', 'Status', 'Ticket', 'POSTs / tickets'], alertRows, 'alerts', 'No alerts received yet.');

	const statusClass = snap.status === 'active' ? 'ok' : snap.status === 'error' || snap.status === 'disabled' ? 'bad' : 'warn';
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Synthesize sandbox — ${esc(partner.name)}</title>
<style>
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
header{background:#1f2a44;color:#fff;padding:12px 20px}header a{color:#cfe0ff}
main{padding:12px 20px;max-width:1200px}section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:10px 14px;margin:12px 0}
h1{font-size:18px;margin:0}h2{font-size:15px;margin:0 0 8px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eef0f4;vertical-align:top}th{font-weight:600;color:#4a5468}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.ok{background:#dff5e3;color:#17612a}.warn{background:#fff1cc;color:#7a5600}.bad{background:#fde0de;color:#8f1d15}
.num{font-variant-numeric:tabular-nums;font-weight:600}.empty{color:#6b7385;margin:0}code{font-size:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:#4a5468}
</style>
</head>
<body>
<header>
<h1>Synthesize sandbox — billing view</h1>
<div>Vendor: <span data-testid="vendor-name">${esc(vendor.name)}</span> · Partners: ${partnerLinks}</div>
</header>
<main>
<section>
<h2>Integration</h2>
<dl>
<dt>Partner</dt><dd data-testid="partner-name">${esc(partner.name)}</dd>
<dt>Integration status</dt><dd><span class="badge ${statusClass}" data-testid="integration-status">${esc(snap.status)}</span></dd>
<dt>Last synced</dt><dd data-testid="last-synced">${esc(when(snap.lastSyncedAt))}</dd>
<dt>PSA clients</dt><dd>${esc(snap.clientsCount)}</dd>
</dl>
</section>
<section><h2>Accounts (${esc(snap.accounts.length)})</h2>${accounts}</section>
<section><h2>Services (${esc(snap.services.length)})</h2>${services}</section>
${keys}
<section><h2>Latest unit counts</h2>${counts}</section>
<section><h2>Counts refused as unmapped (404)</h2><p class="empty">Synthesize refuses a count until the MSP maps its account and service; the sync sends it again.</p>${refused}</section>
<section>
<h2>Billing view</h2>
<p>Rebuilds: <span class="num" data-testid="rebuilds">${esc(b.rebuilds)}</span> · rebuild requests: <span class="num" data-testid="rebuild-requests">${esc(b.rebuildRequests)}</span> · last rebuild: ${esc(when(b.lastRebuildAt))}${b.pending ? ' · <span class="badge warn">rebuild pending</span>' : ''}</p>
${billing}
</section>
<section><h2>Alerts and tickets</h2>${alerts}</section>
<p class="empty">Read-only sandbox page · refreshes every 5 s · admin API under <code>/sandbox/</code></p>
</main>
</body>
</html>
`;
}

module.exports = { renderPage, esc };
