// @ts-check
'use strict';
/**
 * The partners sync in queue mode under faults (main + 2 workers, PostgreSQL, Redis; the fleet of
 * tools/lib/fleet/): nothing is lost and every partner is synced or reported.
 *
 * - A worker SIGKILLed while lanes push: its lanes stop. The lane that finished first watches the
 *   run and, once nothing in it has moved for leaseMinutes (0.25 here: no live lease, no claim or
 *   save), reports the partners they held as interrupted and the rest of their stride as not
 *   reached; the others are synced. The next run pushes every pair of the interrupted partners again and syncs the rest:
 *   then every count Synthesize holds equals the partner's ledger, pair by pair, and equals the
 *   source (0 pairs lost, 0 ledger updates lost). Every partner's open incident has one ticket, or
 *   none and is reported uncertain (the dead execution may have sent it); none has two.
 * - Redis restarted between runs (an empty Redis: Bull's queue and n8n's keys gone): the next run
 *   is not lost.
 * - One partner's key regenerated in Synthesize: that partner reported with the 401, the others
 *   synced. One partner's source answering 500: that partner reported, the others synced.
 */
const { startQueueMode } = require('../../../tools/lib/queue-mode');
const { startFleet, installFleet } = require('../../../tools/lib/fleet');
const fleetN8n = require('../../../tools/lib/fleet/n8n');
const { laneExecutions } = require('./fleet-helpers');

jest.setTimeout(5 * 60_000);

const PARTNERS = 12;
const PAIRS = 30;
const LANES = 4;
const { WORKFLOWS } = fleetN8n;

/** @type {import('../../../tools/lib/queue-mode').QueueMode} */
let qm;
/** @type {import('../../../tools/lib/fleet').Fleet} */
let fleet;
const fileStarted = Date.now();
/** @type {Record<string, number>} */
const took = {};

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start a run and wait for its report; the requests it caused, its report item. */
async function run() {
	const since = await fleet.client.lastSeq();
	const started = await fleet.runs.start();
	const report = await fleet.runs.waitForReport(started.runId, { timeoutMs: 120_000 });
	const requests = await fleet.client.requests({ since });
	return { started, report, requests, pushes: requests.filter((r) => r.routeId === 'setUnitCount') };
}

/** Pushes per partner ID of the fleet. @param {Array<{ partnerId: string | null }>} pushes */
function pushesPerPartner(pushes) {
	/** @type {Record<string, number>} */
	const per = {};
	for (const push of pushes) {
		const partner = fleet.partners.find((p) => p.organizationId === push.partnerId);
		if (partner) per[partner.partnerId] = (per[partner.partnerId] ?? 0) + 1;
	}
	return per;
}

beforeAll(async () => {
	fleet = await startFleet({ partners: PARTNERS, pairs: PAIRS, sandbox: { latency: { ms: 30, jitter: 0 } } });
	qm = await startQueueMode({ name: 'queue-faults', workers: 2 });
	took.bringUp = Date.now() - fileStarted;
	// Slow pushes (20 a second per partner), so the kill lands while lanes push; short leases.
	await installFleet(fleet, qm, {
		lanes: LANES,
		settings: { leaseMinutes: 0.25, watchSeconds: 5, requestsPerSecond: 20 },
	});
});

afterAll(async () => {
	await qm?.close();
	await fleet?.close();
	took.file = Date.now() - fileStarted;
	process.stderr.write(`[queue faults] ms: ${JSON.stringify(took)}\n`);
});

it('a worker killed while lanes push: every partner synced or reported; the next run completes them, 0 pairs and 0 ledger updates lost', async () => {
	const started = Date.now();
	const since = await fleet.client.lastSeq();
	const first = await fleet.runs.start();
	// Lanes are pushing: kill the worker running a lane execution now.
	/** @type {import('../../../tools/lib/queue/workers').Worker | undefined} */
	let victim;
	for (const deadline = Date.now() + 60_000; !victim; await sleep(100)) {
		if (Date.now() > deadline) throw new Error('no lane execution was pushing within 60 s');
		const pushed = (await fleet.client.requests({ since })).filter((r) => r.routeId === 'setUnitCount').length;
		if (pushed < 40) continue;
		const running = (await laneExecutions(qm, first.runId)).filter((e) => e.status === 'running');
		const name = running.map((e) => qm.workerOfExecution(e.id)).find(Boolean);
		victim = qm.workers.find((worker) => worker.name === name);
	}
	await victim.kill('SIGKILL');
	const dead = new Set(victim.executionIds());
	const restarted = victim.restart();

	const report = await fleet.runs.waitForReport(first.runId, { timeoutMs: 120_000 });
	took.killedRunReported = Date.now() - started;
	const item = await fleet.runs.reportItem(WORKFLOWS.lane.id, first.runId);
	expect(item.stoppedLanes.length).toBeGreaterThan(0);
	expect(report).toMatchObject({ failed: 0, interrupted: item.interruptedPartners.length, notReached: item.notReachedPartners.length });
	expect(report.synced + report.interrupted + report.notReached).toBe(PARTNERS);
	expect(report.copies).toBe(1);
	expect(report.synced).toBeLessThan(PARTNERS);
	// Every partner is synced in this run or named in the report; the interrupted ones are exactly
	// those whose lease an execution of the dead worker still holds.
	const table = await fleetN8n.readTable(qm.api);
	const held = Object.values(table).filter((row) => row.leaseOwner);
	expect(held.map((row) => row.partnerId).sort()).toEqual([...item.interruptedPartners].sort());
	for (const row of held) expect({ partner: row.partnerId, deadWorker: dead.has(row.leaseOwner) }).toEqual({ partner: row.partnerId, deadWorker: true });
	const named = new Set([...item.interruptedPartners, ...item.notReachedPartners]);
	for (const partner of fleet.partners) {
		const row = table[partner.partnerId];
		if (named.has(partner.partnerId)) continue;
		expect({ partner: partner.partnerId, lastRunId: row.lastRunId, status: row.status }).toEqual({
			partner: partner.partnerId,
			lastRunId: first.runId,
			status: 'connected',
		});
	}
	expect(report.text).toContain(`stopped before their end`);
	// Written once the run had been still for leaseMinutes: the dead executions' leases had run out.
	const leaseEnd = Math.max(0, ...held.map((row) => Number(row.leaseUntil)));
	expect(report.at).toBeGreaterThanOrEqual(leaseEnd);

	// The follow-up run, once the dead executions' leases have expired.
	await restarted;
	const second = await run();
	expect(second.report).toMatchObject({ synced: PARTNERS, failed: 0, notReached: 0, interrupted: 0 });
	// The interrupted partners are pushed in full (the ledger cannot know which pushes of the
	// dead execution were stored), the ones not reached get their first sync, the rest nothing.
	const expected = Object.fromEntries([...named].map((partnerId) => [partnerId, PAIRS]));
	expect(pushesPerPartner(second.pushes)).toEqual(expected);
	const after = await fleetN8n.readTable(qm.api);
	for (const partnerId of item.interruptedPartners)
		expect(after[partnerId].lastSyncSummary).toContain('full push after an interrupted run');
	expect(await fleet.compare(qm.api)).toMatchObject({ partners: PARTNERS, pairs: PARTNERS * PAIRS, lost: 0, ledgerMismatches: 0, withoutLedger: 0 });
	// The killed run was reported once, also after its stopped lanes' partners were synced.
	expect(fleet.runs.reports().filter((r) => r.runId === first.runId)).toHaveLength(1);
	// Each partner's open incident: one alert, from the killed run or the follow-up. One the dead
	// worker may have sent is not sent again but reported uncertain (for someone to check the PSA);
	// no incident has two tickets (the sandbox opens one for every POST).
	const alertPosts = (await fleet.client.requests({ since })).filter((r) => r.routeId === 'createAlert');
	for (const partner of fleet.partners) {
		const posts = alertPosts.filter((r) => r.partnerId === partner.organizationId);
		expect({ partner: partner.partnerId, posts: posts.length, uncertain: posts.length === 0 && after[partner.partnerId].lastSyncSummary.includes('1 uncertain') }).toEqual({
			partner: partner.partnerId,
			posts: posts.length === 0 ? 0 : 1,
			uncertain: posts.length === 0,
		});
	}
	const alerts = await fleet.alerts();
	expect(alerts).toMatchObject({ posts: alertPosts.length, tickets: alertPosts.length, duplicateIncidents: [], duplicateAlertIds: [] });
	took.killTest = Date.now() - started;
});

it('Redis restarted between runs: the next run is not lost', async () => {
	const ms = await qm.redis.restart();
	const partner = fleet.partners[5];
	const accountId = fleet.source.vanish(partner.partnerId, 1);
	const { report, pushes } = await run();
	process.stderr.write(`[queue faults] redis restarted in ${ms} ms; the next run reported\n`);
	expect(report).toMatchObject({ synced: PARTNERS, failed: 0, notReached: 0 });
	expect(pushes.map((r) => [r.partnerId, r.body.accountId, r.body.unitCount, r.status])).toEqual(
		Array(3).fill([partner.organizationId, accountId, 0, 201]),
	);
	expect(await fleet.compare(qm.api)).toMatchObject({ lost: 0, ledgerMismatches: 0 });
});

it("one partner's key regenerated in Synthesize: that partner reported with the 401, the others synced", async () => {
	const partner = fleet.partners[2];
	await fleet.client.admin('POST', '/sandbox/regenerate-partner-key', { partner: partner.organizationId });
	const { report, requests } = await run();
	expect(report).toMatchObject({ synced: PARTNERS - 1, failed: 1, notReached: 0 });
	const item = await fleet.runs.reportItem(WORKFLOWS.lane.id, report.runId);
	expect(item.failedPartners).toEqual([{ partnerId: partner.partnerId, reason: expect.stringContaining('401') }]);
	// One key check for that partner, refused; nothing else sent for it.
	expect(requests.filter((r) => r.partnerId === partner.organizationId || r.status === 401).map((r) => [r.routeId, r.status])).toEqual([
		['getIntegration', 401],
	]);
	const table = await fleetN8n.readTable(qm.api);
	expect(table[partner.partnerId]).toMatchObject({ status: 'error', leaseOwner: '' });
	expect(table[partner.partnerId].lastError).toContain('(401)');
});

it("one partner's source answers 500: that partner reported, the others synced", async () => {
	const revoked = fleet.partners[2];
	const partner = fleet.partners[7];
	const cursorBefore = (await fleetN8n.readTable(qm.api))[partner.partnerId].alertCursor;
	fleet.source.fail(partner.partnerId, 500);
	const { report, requests } = await run();
	fleet.source.heal(partner.partnerId);
	expect(report).toMatchObject({ synced: PARTNERS - 2, failed: 2, notReached: 0 });
	const item = await fleet.runs.reportItem(WORKFLOWS.lane.id, report.runId);
	expect(item.failedPartners).toEqual(
		expect.arrayContaining([
			{ partnerId: revoked.partnerId, reason: expect.stringContaining('401') },
			{ partnerId: partner.partnerId, reason: expect.stringMatching(/^Your platform did not answer for this partner: .*500/) },
		]),
	);
	// Its key was checked and Sync Alerts read what it needs to check earlier alerts (nothing new
	// came from the source); then nothing was sent for it.
	expect(requests.filter((r) => r.partnerId === partner.organizationId).map((r) => r.routeId)).toEqual(['getIntegration', 'getIntegration', 'getAccounts']);
	const table = await fleetN8n.readTable(qm.api);
	expect(table[partner.partnerId].lastError).toContain('Your platform did not answer for its incidents');
	// The next run reads its incidents from where the last answer ended.
	expect(table[partner.partnerId].alertCursor).toBe(cursorBefore);
	expect(await fleet.compare(qm.api, fleet.partners.filter((p) => p !== revoked).map((p) => p.partnerId))).toMatchObject({
		lost: 0,
		ledgerMismatches: 0,
	});
});
