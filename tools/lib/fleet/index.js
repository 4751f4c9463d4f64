// @ts-check
'use strict';
/**
 * A fleet of MSP partners for the partners workflows, at any size: the Synthesize sandbox seeded
 * in bulk (the vendor's three services, N partners with their accounts, everything mapped), the
 * vendor platform serving every partner's tenant (tenants.js), a recorder standing in for the
 * chat webhook the report is posted to, and the n8n side (n8n.js): credentials, the connect,
 * dispatcher and lane workflows, the partners table with sealed keys.
 *
 *   const fleet = await startFleet({ partners: 10, pairs: 30 });          // sandbox, source, notify
 *   await installFleet(fleet, qm, { lanes: 4 });                          // into a queue-mode stack
 *   const run = await fleet.runs.start(); await fleet.runs.waitForReport(run.runId);
 *   const check = await fleet.compare(qm.api);                            // Synthesize vs ledgers
 *   await fleet.close();
 */
const { startSandbox } = require('../../../sandbox');
const { sandboxClient } = require('../sandbox-client');
const { startRecorder } = require('../recorder');
const { startFleetSource, customersFor, SERVICES } = require('./tenants');
const fleetN8n = require('./n8n');
const { createRuns, compareLedgers } = require('./runs');

/** The vendor's services, as the connect workflow's Service catalog creates them. */
const CATALOG = [
	{ name: SERVICES[0], category: 'service delivery', subcategory: 'desktop management and support' },
	{ name: SERVICES[1], category: 'service delivery', subcategory: 'server management and support' },
	{ name: SERVICES[2], category: 'productivity', subcategory: 'hosted email' },
];

/** @param {number} i */
const fleetPartnerId = (i) => `msp-${String(i).padStart(4, '0')}`;

/**
 * @param {object} options
 * @param {number} options.partners
 * @param {number} options.pairs (account, service) pairs per partner
 * @param {number} [options.incidents] open incidents each partner's tenant starts with (default 1)
 * @param {Record<string, unknown>} [options.sandbox] startSandbox() options (rateLimit, latency, requestLogSize…)
 */
async function startFleet(options) {
	const sandbox = await startSandbox({
		port: 0,
		quiet: true,
		seed: 'empty',
		rebuildDebounceMs: 100,
		// A ticket for every alert POST, as a Synthesize that does not de-duplicate: a second alert
		// for an incident would be a second ticket (docs/alerts.md, "How exactly-once is kept").
		alertDedupe: false,
		...options.sandbox,
	});
	/** @type {Array<() => Promise<void>>} */
	const closers = [() => sandbox.close()];
	try {
		const client = sandboxClient(sandbox.url, { token: sandbox.token });
		const added = await client.admin('POST', '/sandbox/services', {
			add: CATALOG.map((s) => ({ ...s, description: s.name })),
		});
		/** @type {Record<string, string>} */
		const serviceIds = Object.fromEntries(added.added.map((/** @type {any} */ s) => [s.name, s.id]));
		const bulk = await client.admin('POST', '/sandbox/partners/bulk', {
			count: options.partners,
			prefix: 'fleet',
			accountsPerPartner: customersFor(options.pairs),
		});
		const partners = bulk.partners.map((/** @type {any} */ p) => ({
			partnerId: fleetPartnerId(p.index),
			// Synthesize's id of the partner (the sandbox's request log names partners by it)
			synthesizeId: p.partnerId,
			index: p.index,
			name: p.name,
			organizationId: p.organizationId,
			partnerKey: p.partnerKey,
			token: p.token,
			accountIdPrefix: p.accountIdPrefix,
		}));
		const source = await startFleetSource({ tenants: partners, pairs: options.pairs, incidents: options.incidents });
		closers.push(() => source.close());
		const notify = await startRecorder({ respond: () => ({ status: 200, body: { ok: true } }) });
		closers.push(() => notify.close());
		return {
			sandbox,
			client,
			source,
			notify,
			partners,
			serviceIds,
			pairs: options.pairs,
			/** Set by installFleet(). @type {ReturnType<typeof createRuns>} */
			runs: /** @type {any} */ (undefined),
			/** Partners by their partnerId. @param {string} partnerId */
			partner: (partnerId) => partners.find((/** @type {any} */ p) => p.partnerId === partnerId),
			/**
			 * Synthesize against every partner's ledger (or those given), pair by pair (runs.js).
			 * @param {import('axios').AxiosInstance} api n8n's public API
			 * @param {string[]} [only] partner IDs
			 */
			async compare(api, only) {
				const table = await fleetN8n.readTable(api);
				const synthesize = (await client.admin('GET', '/sandbox/billing/counts')).partners;
				const chosen = only ? partners.filter((/** @type {any} */ p) => only.includes(p.partnerId)) : partners;
				return compareLedgers({ partners: chosen, table, synthesize, expected: source.expected, serviceIds });
			},
			/**
			 * What Synthesize received as alerts, over every partner (the sandbox's alert summary, by
			 * the incident ID Sync Alerts writes on a description's last line): POSTs, tickets, the
			 * incidents with at least one ticket, and the incidents or alertIds with more than one.
			 * Read once no alert is pending any more (the sandbox opens a ticket alertTicketDelayMs
			 * after the POST), or after 30 s.
			 */
			async alerts() {
				const query = { incident: '^Incident ID: (.+)$' };
				let summary = await client.admin('GET', '/sandbox/alerts/summary', undefined, query);
				for (const deadline = Date.now() + 30_000; summary.partners.some((/** @type {any} */ p) => p.totals.pending > 0) && Date.now() < deadline; ) {
					await new Promise((resolve) => setTimeout(resolve, 250));
					summary = await client.admin('GET', '/sandbox/alerts/summary', undefined, query);
				}
				const result = { posts: 0, tickets: 0, pending: 0, incidentsTicketed: 0, duplicateIncidents: /** @type {string[]} */ ([]), duplicateAlertIds: /** @type {string[]} */ ([]) };
				for (const partner of summary.partners) {
					result.posts += partner.totals.posts;
					result.tickets += partner.totals.tickets;
					result.pending += partner.totals.pending;
					result.incidentsTicketed += (partner.incidents ?? []).filter((/** @type {any} */ i) => i.tickets > 0).length;
					result.duplicateIncidents.push(...partner.duplicates.incidents.map((/** @type {string} */ i) => `${partner.partnerId}:${i}`));
					result.duplicateAlertIds.push(...partner.duplicates.alertIds.map((/** @type {string} */ a) => `${partner.partnerId}:${a}`));
				}
				return result;
			},
			async close() {
				for (const close of closers.reverse()) await close().catch(() => {});
			},
		};
	} catch (error) {
		for (const close of closers.reverse()) await close().catch(() => {});
		throw error;
	}
}

/** @typedef {Awaited<ReturnType<typeof startFleet>>} Fleet */

/**
 * The n8n side, into a running queue-mode stack (or anything with the same importer, api and
 * webhook): credentials, the three partners workflows (dispatcher and lane published), the
 * partners table filled with the fleet's sealed keys.
 * @param {Fleet} fleet
 * @param {{ url: string, api: import('axios').AxiosInstance, webhook: Function, importCredentials: Function, importWorkflows: Function, activate: Function }} n8n
 * @param {{ lanes: number, settings?: Record<string, string | number>, partners?: Fleet['partners'] }} options
 *   settings: more dispatcher Settings (leaseMinutes, rateLimitScope, requestsPerSecond…); partners: the rows to insert (default all)
 */
async function installFleet(fleet, n8n, options) {
	const { WORKFLOWS } = fleetN8n;
	await n8n.importCredentials(
		fleetN8n.fleetCredentials({
			synthesizeUrl: fleet.sandbox.url,
			vendorKey: fleet.sandbox.vendorKey,
			sourceApiKey: fleet.source.credentials.apiKey,
		}),
	);
	const settings = {
		tenantApiUrl: fleet.source.tenantApiUrl,
		laneWebhookUrl: `${n8n.url}/webhook/${WORKFLOWS.lane.path}`,
		syncOneWebhookUrl: `${n8n.url}/webhook/${WORKFLOWS.lane.syncOnePath}`,
		notifyWebhookUrl: `${fleet.notify.url}/report`,
		lanes: options.lanes,
		...options.settings,
	};
	await n8n.importWorkflows([
		fleetN8n.prepareWorkflow(WORKFLOWS.connect.file),
		fleetN8n.prepareWorkflow(WORKFLOWS.dispatcher.file, settings),
		fleetN8n.prepareWorkflow(WORKFLOWS.lane.file),
	]);
	await n8n.activate(WORKFLOWS.lane.id);
	await n8n.activate(WORKFLOWS.dispatcher.id);
	const tableId = await fleetN8n.createPartnersTable(n8n.api);
	await fleetN8n.insertRows(n8n.api, tableId, fleetN8n.sealedRows(options.partners ?? fleet.partners));
	fleet.runs = createRuns({ n8n, notify: fleet.notify });
	return { tableId, settings };
}

module.exports = { startFleet, installFleet, fleetPartnerId, CATALOG };
