// @ts-check
'use strict';
/**
 * Huntress API v1 fixture (https://api.huntress.io/docs, "Organizations", "Agents", "Pagination").
 *
 * - Auth: `Authorization: Basic base64(<public key>:<private key>)`; anything else → 401.
 * - `GET /v1/account`, `GET /v1/organizations`, `GET /v1/agents` (`organization_id`, `platform`
 *   filters). Lists take `limit` (default 10, maximum 500) and `page_token`, sort by `id`
 *   (`sort_direction` default `desc`) and answer `{ <resource>: [...], pagination: {
 *   current_page, current_page_count, limit, total_count, next_page_token, next_page_url } }`;
 *   the last page has no `next_page_token` / `next_page_url`.
 * - Dataset `default`: 10 organizations with 1,130 agents (3 pages of 500), about 6 % of them
 *   last seen more than 30 days ago; identity (ITDR) and SAT learner counts on the organizations.
 *   `churned`: "Trey Research" and its agents are gone.
 * - `GET /v1/incident_reports` ("Incident Reports"): the same paging, `sort_field` (`id`,
 *   `created_at`, `updated_at`), `sort_direction`, filters `status`, `severity`,
 *   `organization_id`; a report has `subject`, `summary`, `body`, `severity` (`low`, `high`,
 *   `critical`), `status` (`sent`, `closed`, `dismissed`, …), `sent_at`, `closed_at`,
 *   `status_updated_at`, `updated_at`. The reports follow the timeline of ./incidents.js on the
 *   first four organizations (variants `incidents-1` to `incidents-3`; every other variant is
 *   stage 1).
 */
const { ok, fail, basicAuth, encodeToken, decodeToken, pageSize } = require('./http');
const { CUSTOMERS, rng, spread, daysAgo } = require('./data');
const { incidentsAt, stageOf } = require('./incidents');

const CREDENTIALS = { publicKey: 'hk_fixture_public', privateKey: 'hs_fixture_private' };
const MAX_LIMIT = 500;
const LEAVER = 'Trey Research';

/** Huntress has three severities: medium incidents are reported as low. */
const SEVERITY = { low: 'low', medium: 'low', high: 'high', critical: 'critical' };

/**
 * Incident reports of the timeline (./incidents.js) on the first four organizations.
 * @param {any[]} organizations @param {any[]} agents @param {number} stage
 */
function incidentReports(organizations, agents, stage) {
	const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();
	return incidentsAt('huntress', stage).map((incident) => {
		const org = organizations[incident.org];
		const severity = SEVERITY[incident.severity];
		return {
			id: 80_000 + incident.n,
			account_id: 77,
			agent_id: agents.find((a) => a.organization_id === org.id)?.id ?? null,
			organization_id: org.id,
			subject: `${severity.toUpperCase()} - ${incident.title}`,
			summary: incident.detail,
			body: `<p>${incident.detail}</p>`,
			severity,
			status: incident.resolved ? 'closed' : 'sent',
			status_updated_at: iso(incident.updatedAt),
			sent_at: iso(incident.createdAt),
			closed_at: incident.resolvedAt ? iso(incident.resolvedAt) : null,
			updated_at: iso(incident.updatedAt),
			indicator_types: ['footholds'],
			indicator_counts: { footholds: 1 },
			platform: 'windows',
			remediations: { total_count: 0, has_more: false, items: [] },
		};
	});
}

/** @param {string} variant */
function dataset(variant) {
	const stage = stageOf(variant);
	if (variant.startsWith('incidents-')) variant = 'default';
	const r = rng('huntress');
	const now = Date.now();
	const names = [0, 1, 17, 2, 3, 4, 7, 8, 9, 18].map((i) => CUSTOMERS[i]);
	const perOrg = spread(
		1130,
		names.map(() => r.int(2, 12)),
	);
	/** @type {any[]} */
	const organizations = [];
	/** @type {any[]} */
	const agents = [];
	let agentId = 50_000;
	names.forEach((name, index) => {
		const id = 1001 + index;
		const created = daysAgo(now, 400 + index * 17);
		organizations.push({
			id,
			name,
			key: name.toLowerCase().replace(/[^a-z0-9]+/g, ''),
			account_id: 77,
			created_at: created,
			updated_at: daysAgo(now, index + 1),
			agents_count: perOrg[index],
			billable_identity_count: index % 3 === 0 ? r.int(10, 80) : 0,
			sat_learner_count: index % 4 === 1 ? r.int(5, 60) : 0,
			logs_sources_count: 0,
			incident_reports_count: r.int(0, 4),
			report_recipients: [],
			microsoft_365_tenant_id: null,
			microsoft_365_users_count: 0,
			notify_emails: [],
		});
		for (let n = 0; n < perOrg[index]; n++) {
			const platform = r.chance(0.82) ? 'windows' : r.chance(0.6) ? 'darwin' : 'linux';
			const stale = r.chance(0.06);
			agents.push({
				id: ++agentId,
				account_id: 77,
				organization_id: id,
				hostname: `${platform === 'windows' ? 'WS' : platform === 'darwin' ? 'MAC' : 'LNX'}-${id}-${n + 1}`,
				platform,
				os: platform === 'windows' ? 'Windows 11 Pro' : platform === 'darwin' ? 'macOS 15' : 'Ubuntu 24.04',
				version: '0.14.24',
				edr_version: '0.3.20',
				arch: 'x86_64',
				domain_name: 'WORKGROUP',
				ipv4_address: `10.${index}.${Math.floor(n / 250)}.${(n % 250) + 1}`,
				external_ip: `198.51.100.${index + 1}`,
				created_at: created,
				updated_at: daysAgo(now, stale ? 45 : 0.1),
				last_callback_at: daysAgo(now, stale ? r.int(31, 120) : r.next() * 2),
				defender_status: 'Healthy',
				firewall_status: 'Enabled',
			});
		}
	});
	const incident_reports = incidentReports(organizations, agents, stage);
	if (variant === 'churned') {
		const gone = organizations.find((o) => o.name === LEAVER);
		return {
			organizations: organizations.filter((o) => o !== gone),
			agents: agents.filter((a) => a.organization_id !== gone.id),
			incident_reports,
		};
	}
	if (variant !== 'default') throw new Error(`huntress: unknown dataset "${variant}"`);
	return { organizations, agents, incident_reports };
}

/**
 * One page of a list, Huntress style (sorted by `sort_field`, `id` by default).
 * @param {import('./http').HandlerContext} ctx
 * @param {string} key 'organizations' | 'agents' | 'incident_reports'
 * @param {any[]} rows already filtered
 */
function page(ctx, key, rows) {
	const limit = pageSize(ctx.query.get('limit'), { fallback: 10, max: MAX_LIMIT, cap: ctx.pageCap });
	if (limit === null) return fail(400, { status: 400, error: 'limit is invalid' });
	const token = ctx.query.get('page_token');
	const cursor = decodeToken(token);
	if (token && (!cursor || typeof cursor.offset !== 'number'))
		return fail(400, { status: 400, error: 'page_token is invalid' });
	const offset = cursor ? cursor.offset : 0;
	const direction = ctx.query.get('sort_direction') === 'asc' ? 1 : -1;
	const field = ctx.query.get('sort_field') || 'id';
	if (!['id', 'created_at', 'updated_at'].includes(field)) return fail(400, { status: 400, error: 'sort_field is invalid' });
	const value = (/** @type {any} */ row) => (field === 'id' ? row.id : Date.parse(row[field] ?? row.sent_at));
	const sorted = [...rows].sort((a, b) => (value(a) - value(b) || a.id - b.id) * direction);
	const slice = sorted.slice(offset, offset + limit);
	/** @type {Record<string, unknown>} */
	const pagination = {
		current_page: Math.floor(offset / limit) + 1,
		current_page_count: slice.length,
		limit,
		total_count: sorted.length,
	};
	if (offset + limit < sorted.length) {
		const next = encodeToken({ offset: offset + limit });
		const url = new URL(ctx.path, ctx.baseUrl);
		for (const [k, v] of ctx.query) if (k !== 'page_token') url.searchParams.set(k, v);
		url.searchParams.set('page_token', next);
		pagination.next_page_token = next;
		pagination.next_page_url = url.toString();
	}
	return ok({ [key]: slice, pagination });
}

/** @type {import('./http').VendorDefinition} */
module.exports = {
	name: 'huntress',
	title: 'Huntress',
	credentials: CREDENTIALS,
	dataset,
	handle(ctx) {
		const auth = basicAuth(ctx.req);
		if (
			!auth ||
			auth.user !== ctx.credentials.publicKey ||
			auth.password !== ctx.credentials.privateKey
		) {
			return fail(401, { status: 401, error: 'Unauthorized: invalid API key or secret' });
		}
		if (ctx.method !== 'GET') return fail(405, { status: 405, error: 'Method not allowed' });
		if (ctx.path === '/v1/account') {
			return ok({ account: { id: 77, name: 'Example MSP (fixture)', subdomain: 'examplemsp' } });
		}
		if (ctx.path === '/v1/organizations') {
			const name = ctx.query.get('name');
			return page(
				ctx,
				'organizations',
				ctx.data.organizations.filter((/** @type {any} */ o) => !name || o.name === name),
			);
		}
		if (ctx.path === '/v1/agents') {
			const org = ctx.query.get('organization_id');
			const platform = ctx.query.get('platform');
			return page(
				ctx,
				'agents',
				ctx.data.agents.filter(
					(/** @type {any} */ a) =>
						(!org || String(a.organization_id) === org) && (!platform || a.platform === platform),
				),
			);
		}
		if (ctx.path === '/v1/incident_reports') {
			const filters = ['status', 'severity', 'organization_id'].map((k) => [k, ctx.query.get(k)]);
			return page(
				ctx,
				'incident_reports',
				ctx.data.incident_reports.filter((/** @type {any} */ report) =>
					filters.every(([k, v]) => !v || String(report[/** @type {string} */ (k)]) === v),
				),
			);
		}
		return fail(404, { status: 404, error: 'Not found' });
	},
};
