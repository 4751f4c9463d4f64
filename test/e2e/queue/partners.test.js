// @ts-check
'use strict';
/**
 * The partners sync in n8n's queue mode, for real: PostgreSQL, Redis, main and two `n8n worker`s
 * (tools/lib/queue-mode.js), the dispatcher (workflows/partners/gradient-partners-sync.json) and
 * its lane workflow (gradient-partners-sync-lane.json), the connect workflow beside them, against
 * the Synthesize sandbox with partners seeded in bulk and the vendor platform serving each
 * partner's tenant (tools/lib/fleet/). The partners table is filled through n8n's public API with
 * keys sealed by the package's own code, as the connect page stores them.
 *
 * What static data could not do on workers (test/e2e/queue/static-data.test.js), each partner's
 * ledger in its table row does:
 * - run 1 (the real Schedule Trigger, in main) pushes every pair; the lane executions ran on both
 *   workers; every row holds a ledger equal, pair by pair, to what Synthesize stores; the report
 *   says all synced;
 * - every partner's open incident becomes one alert in run 1 (a ticket: the sandbox does not
 *   de-duplicate here, so a second POST would be a second ticket);
 * - run 2 with unchanged data pushes nothing and sends no alert;
 * - a customer of one partner leaves and every partner has a new incident: run 3 pushes exactly
 *   one zero for each of its pairs and nothing else, and sends exactly the new incidents; run 4
 *   nothing;
 * - ten more partners: the dispatcher's execution has the same items and (within 2 %) the same
 *   saved size with 20 partners as with 10, and run 5 pushes exactly the new partners' pairs;
 * - one limit for the whole vendor (`rateLimitScope: vendor`, the sandbox counting every
 *   partner's requests against one budget): run 6 pushes every pair of the 20 partners with no
 *   429 and never more than the budget in any second.
 */
const { startQueueMode } = require('../../../tools/lib/queue-mode');
const { startFleet, installFleet } = require('../../../tools/lib/fleet');
const fleetN8n = require('../../../tools/lib/fleet/n8n');
const { outputOf } = require('../../../tools/lib/fleet/runs');
const { settledLaneExecutions, savedSize, itemCounts } = require('./fleet-helpers');

jest.setTimeout(5 * 60_000);

const PARTNERS = 10;
const PAIRS = 12;
const LANES = 3;
/** Fewer than a lane's partners: some lanes loop and hand over to a new execution. */
const PER_EXECUTION = 2;
const { WORKFLOWS } = fleetN8n;

/** @type {import('../../../tools/lib/queue-mode').QueueMode} */
let qm;
/** @type {import('../../../tools/lib/fleet').Fleet} */
let fleet;
/** @type {string} */
let tableId;
const fileStarted = Date.now();
/** Dispatcher executions (= run ids) of the runs, in order. */
/** @type {string[]} */
const runIds = [];
/** @type {Record<string, number>} */
const took = {};

/** The partners of the first ten rows. */
const first = () => fleet.partners.slice(0, PARTNERS);

/**
 * Start a run (webhook, or the real schedule), wait for its report; the count pushes it caused.
 * @param {'webhook' | 'schedule'} [how]
 */
async function run(how = 'webhook') {
	const since = await fleet.client.lastSeq();
	const started =
		how === 'schedule'
			? await fleet.runs.startBySchedule(WORKFLOWS.dispatcher.id, (id) => qm.activate(id))
			: await fleet.runs.start();
	const report = await fleet.runs.waitForReport(started.runId, { timeoutMs: 120_000 });
	runIds.push(started.runId);
	took[`run ${runIds.length}`] = report.at - started.at;
	const requests = await fleet.client.requests({ since });
	return {
		since,
		started,
		report,
		requests,
		pushes: requests.filter((r) => r.routeId === 'setUnitCount'),
		alerts: requests.filter((r) => r.routeId === 'createAlert'),
	};
}

/** The incident of an alert POST: the last line Sync Alerts writes. @param {any} request */
const incidentOf = (request) => /^Incident ID: (.+)$/m.exec(request.body.description)?.[1];

/** What a partner's summary says of usage and alerts. @param {string} usage @param {string} alerts */
const summaryText = (usage, alerts) => `${usage}; alerts: ${alerts}, 0 unmapped, 0 failed, 0 uncertain`;

beforeAll(async () => {
	fleet = await startFleet({ partners: 2 * PARTNERS, pairs: PAIRS, sandbox: { latency: { ms: 5, jitter: 0 } } });
	qm = await startQueueMode({ name: 'queue-partners', workers: 2 });
	took.bringUp = Date.now() - fileStarted;
	// The lane that finishes first watches the run every 5 s until every lane has finished.
	({ tableId } = await installFleet(fleet, qm, { lanes: LANES, partners: first(), settings: { watchSeconds: 5, partnersPerExecution: PER_EXECUTION } }));
});

afterAll(async () => {
	if (qm) process.stderr.write(`[queue partners] rss (MiB): ${JSON.stringify(qm.rss())}\n`);
	await qm?.close();
	await fleet?.close();
	took.file = Date.now() - fileStarted;
	process.stderr.write(`[queue partners] ms: ${JSON.stringify(took)}\n`);
});

it('run 1 (the Schedule Trigger, in main) pushes every pair, on both workers; every row holds the ledger Synthesize matches', async () => {
	const { started, report, pushes, alerts } = await run('schedule');
	expect(report).toMatchObject({ synced: PARTNERS, failed: 0, notReached: 0, copies: 1 });
	expect(started).toMatchObject({ lanes: LANES, started: LANES });
	expect(pushes).toHaveLength(PARTNERS * PAIRS);
	expect(pushes.filter((r) => r.status !== 201)).toEqual([]);
	// One alert per partner, for its one open incident.
	expect(alerts.map((r) => [r.partnerId, incidentOf(r), r.status]).sort()).toEqual(
		first().map((p) => [p.organizationId, 'INC-1', 201]).sort(),
	);
	// Every lane execution ran on a worker, and both workers took some.
	const lanes = await settledLaneExecutions(qm, started.runId);
	expect(lanes.filter((e) => e.status !== 'success')).toEqual([]);
	// PER_EXECUTION partners per execution, then a new one: a lane of n partners takes
	// floor(n / PER_EXECUTION) + 1 executions (the last finds no partner left, or a loop's end
	// does); the dispatcher's own ran on a worker too.
	const perLane = Array.from({ length: LANES }, (_, lane) => Math.ceil((PARTNERS - lane) / LANES));
	expect(lanes).toHaveLength(perLane.reduce((n, partners) => n + Math.floor(partners / PER_EXECUTION) + 1, 0));
	const workers = await Promise.all(lanes.map((e) => qm.waitForWorkerOf(e.id)));
	expect(new Set(workers)).toEqual(new Set(['w1', 'w2']));
	expect(['w1', 'w2']).toContain(await qm.waitForWorkerOf(started.runId));
	const table = await fleetN8n.readTable(qm.api);
	for (const partner of first()) {
		const row = table[partner.partnerId];
		expect({ partner: partner.partnerId, status: row.status, lastRunId: row.lastRunId, leaseOwner: row.leaseOwner }).toEqual({
			partner: partner.partnerId,
			status: 'connected',
			lastRunId: started.runId,
			leaseOwner: '',
		});
		expect(row.lastSyncSummary).toBe(summaryText(`pushed ${PAIRS}, unchanged 0, unmapped 0, failed 0 (of ${PAIRS} rows)`, '1 sent, 0 already sent'));
		expect(JSON.parse(row.alertLedger)).toMatchObject({ version: 1, kind: 'alerts' });
		const ledger = JSON.parse(row.usageLedger);
		expect(Object.values(ledger.counts).reduce((n, accounts) => n + Object.keys(accounts).length, 0)).toBe(PAIRS);
	}
	expect(await fleet.compare(qm.api, first().map((p) => p.partnerId))).toMatchObject({
		partners: PARTNERS,
		pairs: PARTNERS * PAIRS,
		lost: 0,
		ledgerMismatches: 0,
		withoutLedger: 0,
	});
	// Nothing of the ledger in static data: the lane's and the dispatcher's are empty.
	const stored = await qm.postgres.rows(
		`SELECT id, "staticData" AS data FROM workflow_entity WHERE id IN ('${WORKFLOWS.lane.id}', '${WORKFLOWS.dispatcher.id}')`,
	);
	expect(stored.filter((row) => JSON.stringify(row.data ?? {}).includes('counts'))).toEqual([]);
});

it('run 2 with unchanged data pushes 0 counts and sends no alert', async () => {
	const { report, pushes, alerts } = await run();
	expect(report).toMatchObject({ synced: PARTNERS, failed: 0, notReached: 0 });
	expect(pushes).toEqual([]);
	expect(alerts).toEqual([]);
	const table = await fleetN8n.readTable(qm.api);
	for (const partner of first())
		expect(table[partner.partnerId].lastSyncSummary).toBe(summaryText(`pushed 0, unchanged ${PAIRS}, unmapped 0, failed 0 (of ${PAIRS} rows)`, '0 sent, 1 already sent'));
});

it('a customer leaves and every partner has a new incident: run 3 pushes exactly one zero for each of its pairs and sends the new incidents, run 4 nothing', async () => {
	const partner = fleet.partners[3];
	const accountId = fleet.source.vanish(partner.partnerId, 2);
	fleet.source.raiseIncidents();
	const third = await run();
	expect(third.report).toMatchObject({ synced: PARTNERS, failed: 0 });
	expect(third.alerts.map((r) => [r.partnerId, incidentOf(r), r.status]).sort()).toEqual(
		first().map((p) => [p.organizationId, 'INC-2', 201]).sort(),
	);
	const zeros = third.pushes.map((r) => ({ partnerId: r.partnerId, status: r.status, accountId: r.body.accountId, unitCount: r.body.unitCount }));
	expect(zeros).toHaveLength(3);
	expect(zeros).toEqual(Array(3).fill({ partnerId: partner.organizationId, status: 201, accountId, unitCount: 0 }));
	expect(new Set(third.pushes.map((r) => r.path.split('?')[0])).size).toBe(3);
	const fourth = await run();
	expect(fourth.report).toMatchObject({ synced: PARTNERS, failed: 0 });
	expect(fourth.pushes).toEqual([]);
	expect(fourth.alerts).toEqual([]);
	expect(await fleet.alerts()).toMatchObject({ posts: 2 * PARTNERS, tickets: 2 * PARTNERS, duplicateIncidents: [], duplicateAlertIds: [] });
	expect(await fleet.compare(qm.api, first().map((p) => p.partnerId))).toMatchObject({ lost: 0, ledgerMismatches: 0 });
});

it("the dispatcher's execution does not grow with the partners: 10 → 20 partners, same items, same saved size", async () => {
	const added = fleet.partners.slice(PARTNERS);
	await fleetN8n.insertRows(qm.api, tableId, fleetN8n.sealedRows(added));
	const fifth = await run();
	expect(fifth.report).toMatchObject({ synced: 2 * PARTNERS, failed: 0, notReached: 0 });
	// Only the new partners' pairs, all of them.
	expect(fifth.pushes).toHaveLength(PARTNERS * PAIRS);
	expect(new Set(fifth.pushes.map((r) => r.partnerId))).toEqual(new Set(added.map((p) => p.organizationId)));
	// Run 2 (10 partners) and run 5 (20 partners), both started by the same webhook.
	const [ten, twenty] = await Promise.all([runIds[1], runIds[4]].map((id) => qm.api.get(`/executions/${id}`, { params: { includeData: true } })));
	expect(itemCounts(twenty.data)).toEqual(itemCounts(ten.data));
	expect(outputOf(twenty.data, 'Start the lanes')).toHaveLength(LANES);
	const [bytesTen, bytesTwenty] = await Promise.all([savedSize(qm, runIds[1]), savedSize(qm, runIds[4])]);
	process.stderr.write(`[queue partners] dispatcher execution saved: ${bytesTen} B (10 partners), ${bytesTwenty} B (20 partners)\n`);
	expect(Math.abs(bytesTwenty - bytesTen) / bytesTen).toBeLessThan(0.02);
	expect(await fleet.compare(qm.api)).toMatchObject({ partners: 2 * PARTNERS, lost: 0, ledgerMismatches: 0, withoutLedger: 0 });
});

it('per vendor: the lanes share one budget, run 6 pushes every pair without a 429 and within it in every second', async () => {
	// 30 a second for the whole vendor. The dispatcher gives each of the 3 lanes a third of 27 for
	// every Synthesize call (the key check, Sync accounts, Sync alerts and Sync usage), and the
	// lanes take turns on one clock grid; the 3 left are room for arrival times varying on a busy
	// machine (one slot of the grid is 37 ms).
	const BUDGET = 30;
	await fleet.client.config({ rateLimit: { perSecond: BUDGET, burst: 10, model: 'window', scope: 'vendor' } });
	await fleetN8n.updateSettings(qm.api, WORKFLOWS.dispatcher.id, { rateLimitScope: 'vendor', requestsPerSecond: BUDGET - 3 });
	await qm.activate(WORKFLOWS.dispatcher.id);
	fleet.source.bump();
	const sixth = await run();
	const calls = sixth.requests.reduce((counts, r) => counts.set(`${r.routeId} ${r.status}`, (counts.get(`${r.routeId} ${r.status}`) ?? 0) + 1), new Map());
	process.stderr.write(`[queue partners] per vendor: requests ${JSON.stringify(Object.fromEntries(calls))}\n`);
	expect(sixth.report).toMatchObject({ synced: 2 * PARTNERS, failed: 0, notReached: 0 });
	// Every pair changed (the customer who left in run 3 has none).
	const pairs = fleet.partners.reduce((n, p) => n + fleet.source.expected(p.partnerId).size, 0);
	expect(pairs).toBe(2 * PARTNERS * PAIRS - 3);
	expect(sixth.pushes).toHaveLength(pairs);
	expect(sixth.requests.filter((r) => r.status === 429)).toEqual([]);
	const rate = await fleet.client.admin('GET', '/sandbox/requests/rate', undefined, { scope: 'vendor', since: sixth.since });
	process.stderr.write(`[queue partners] per vendor: most arrivals in any 1,000 ms ${rate.maxArrivedInAnyWindow} (budget ${BUDGET})\n`);
	expect(rate).toMatchObject({ complete: true, scope: 'vendor' });
	expect(rate.maxArrivedInAnyWindow).toBeLessThanOrEqual(BUDGET);
	expect(await fleet.compare(qm.api)).toMatchObject({ partners: 2 * PARTNERS, lost: 0, ledgerMismatches: 0, withoutLedger: 0 });
});
