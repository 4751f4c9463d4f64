// @ts-check
'use strict';
/**
 * Generic sources, for the templates that do not depend on one vendor:
 *
 * - A paginated REST JSON API (header `X-API-Key`): `GET /api/v1/customers` and
 *   `GET /api/v1/assets` take `offset` and `limit` (default 50, maximum 100) and answer
 *   `{ items: [...], total, offset, limit }`.
 * - Ready-made usage rows (header `X-API-Key`): `GET /api/v1/usage` → `[{ accountId, accountName,
 *   service, unitCount }]` — what a billing export or an in-house system already computes.
 * - A spreadsheet export: `GET /exports/usage.csv` (`customer_id,customer_name,product,quantity`,
 *   one line per licence block, so several lines per customer and product), like a sheet
 *   published as CSV. No auth: such links carry their secret in the URL.
 * - A notification sink: `POST /notify[/…]` records the body (a Teams, Slack or Discord incoming
 *   webhook stand-in) in `fixture.received` and answers `{ ok: true }`.
 * - Incidents (header `X-API-Key`): `GET /api/v1/incidents` takes `updatedSince`, `updatedUntil`
 *   (ISO 8601, inclusive) and the same `offset`/`limit` paging, oldest change first → `{ items:
 *   [{ id, customerId, title, description, severity (low, medium, high, critical), status (open,
 *   resolved), createdAt, updatedAt, resolvedAt }], total, offset, limit }`. They follow the
 *   timeline of ./incidents.js on the first four customers (variants `incidents-1` to
 *   `incidents-3`).
 *
 * Dataset `default`: 9 customers, 300 assets (3 pages of 100). `churned`: "Lucerne Publishing"
 * and everything it had is gone.
 */
const { ok, fail, pageSize } = require('./http');
const { CUSTOMERS, rng, spread } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

const CREDENTIALS = { apiKey: 'generic-fixture-api-key' };
const MAX_LIMIT = 100;
const LEAVER = 'Lucerne Publishing';
/** @type {Array<[string, number]>} */
const KINDS = [
	['workstation', 60],
	['server', 12],
	['mailbox', 28],
];
const SERVICE_OF = { workstation: 'Managed Workstation', server: 'Managed Server', mailbox: 'Hosted Mailbox' };

/** @param {any[]} customers @param {number} stage */
function incidents(customers, stage) {
	const iso = (/** @type {number | null} */ ms) =>
		ms === null ? null : new Date(ms).toISOString();
	return incidentsAt('generic', stage).map((incident) => ({
		id: `INC-${1000 + incident.n}`,
		customerId: customers[incident.org].id,
		title: incident.title,
		description: incident.detail,
		severity: incident.severity,
		status: incident.resolved ? 'resolved' : 'open',
		createdAt: iso(incident.createdAt),
		updatedAt: iso(incident.updatedAt),
		resolvedAt: iso(incident.resolvedAt),
	}));
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
	const r = rng('generic');
	const names = [0, 1, 17, 2, 4, 6, 10, 14, 22].map((i) => CUSTOMERS[i]);
	const customers = names.map((name, index) => ({
		id: `CUST-${String(index + 1).padStart(3, '0')}`,
		name,
		status: 'active',
	}));
	const perCustomer = spread(
		300,
		names.map(() => r.int(2, 9)),
	);
	/** @type {any[]} */
	const assets = [];
	customers.forEach((customer, index) => {
		for (let n = 0; n < perCustomer[index]; n++) {
			const kind = r.weighted(KINDS);
			assets.push({
				id: `AST-${String(assets.length + 1).padStart(5, '0')}`,
				customerId: customer.id,
				kind,
				retired: r.chance(0.04),
			});
		}
	});
	// Licence blocks for the spreadsheet: a few lines per customer and product.
	/** @type {any[]} */
	const licenceLines = [];
	for (const customer of customers) {
		for (const product of ['Backup Storage (TB)', 'Security Awareness Training', 'Managed Firewall']) {
			if (r.chance(0.25)) continue;
			const blocks = r.int(1, 3);
			for (let b = 0; b < blocks; b++) {
				licenceLines.push({
					customer_id: customer.id,
					customer_name: customer.name,
					product,
					quantity: r.int(1, 20),
				});
			}
		}
	}
	if (variant !== 'default' && variant !== 'churned') throw new Error(`generic: unknown dataset "${variant}"`);
	const gone = variant === 'churned' ? customers.find((c) => c.name === LEAVER) : undefined;
	const keep = (/** @type {string} */ id) => id !== gone?.id;
	return {
		customers: customers.filter((c) => keep(c.id)),
		assets: assets.filter((a) => keep(a.customerId)),
		licenceLines: licenceLines.filter((l) => keep(l.customer_id)),
		incidents: incidents(customers, stage),
	};
}

/** The ready-made usage rows: active assets counted per customer and service. @param {any} data */
function usageRows(data) {
	/** @type {Map<string, any>} */
	const rows = new Map();
	for (const asset of data.assets) {
		if (asset.retired) continue;
		const customer = data.customers.find((/** @type {any} */ c) => c.id === asset.customerId);
		const service = SERVICE_OF[/** @type {keyof typeof SERVICE_OF} */ (asset.kind)];
		const key = `${asset.customerId}|${service}`;
		const row = rows.get(key) || { accountId: asset.customerId, accountName: customer.name, service, unitCount: 0 };
		row.unitCount++;
		rows.set(key, row);
	}
	return [...rows.values()];
}

/** @param {any[]} lines */
function toCsv(lines) {
	/** @param {unknown} value */
	const cell = (value) => {
		const text = String(value);
		return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
	};
	const header = ['customer_id', 'customer_name', 'product', 'quantity'];
	return [header.join(','), ...lines.map((l) => header.map((h) => cell(l[h])).join(','))].join('\n') + '\n';
}

/**
 * @param {import('./http').HandlerContext} ctx
 * @param {any[]} rows
 */
function page(ctx, rows) {
	const limit = pageSize(ctx.query.get('limit'), { fallback: 50, max: MAX_LIMIT, cap: ctx.pageCap });
	const raw = ctx.query.get('offset');
	const offset = raw === null || raw === '' ? 0 : Number(raw);
	if (limit === null || !Number.isInteger(offset) || offset < 0)
		return fail(400, { error: 'offset and limit must be non-negative integers' });
	return ok({ items: rows.slice(offset, offset + limit), total: rows.length, offset, limit });
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'generic',
	title: 'Generic sources',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		if (ctx.path === '/notify' || ctx.path.startsWith('/notify/')) {
			if (ctx.method !== 'POST') return fail(405, { error: 'POST only' });
			ctx.fixture.received.push({
				path: ctx.path,
				headers: ctx.req.headers,
				body: ctx.body,
				at: new Date().toISOString(),
			});
			return ok({ ok: true });
		}
		if (ctx.path === '/exports/usage.csv') {
			return { status: 200, text: toCsv(ctx.data.licenceLines), headers: { 'content-type': 'text/csv; charset=utf-8' } };
		}
		if (ctx.req.headers['x-api-key'] !== ctx.credentials.apiKey)
			return fail(401, { error: 'Missing or invalid X-API-Key header' });
		if (ctx.method !== 'GET') return fail(405, { error: 'GET only' });
		if (ctx.path === '/api/v1/customers') return page(ctx, ctx.data.customers);
		if (ctx.path === '/api/v1/assets') return page(ctx, ctx.data.assets);
		if (ctx.path === '/api/v1/usage') return ok(usageRows(ctx.data));
		if (ctx.path === '/api/v1/incidents') {
			const [since, until] = ['updatedSince', 'updatedUntil'].map((k) => ctx.query.get(k));
			if ([since, until].some((v) => v && Number.isNaN(Date.parse(v))))
				return fail(400, { error: 'updatedSince and updatedUntil must be ISO 8601 dates' });
			const at = (/** @type {any} */ i) => Date.parse(i.updatedAt);
			const rows = ctx.data.incidents
				.filter(
					(/** @type {any} */ i) =>
						(!since || at(i) >= Date.parse(since)) && (!until || at(i) <= Date.parse(until)),
				)
				.sort(
					(/** @type {any} */ a, /** @type {any} */ b) => at(a) - at(b) || a.id.localeCompare(b.id),
				);
			return page(ctx, rows);
		}
		return fail(404, { error: `No route ${ctx.path}` });
	},
};
