// @ts-check
'use strict';
/**
 * The polling trigger under faults and across n8n restarts, in real n8n (`n8n start`, the default
 * scheduler): two triggers of test/e2e/workflows/trigger-events.json (the fixture of
 * trigger.test.js, which covers every event and the durable-cursor scheduler without faults).
 *
 *   1. started and published without faults: the activation polls record the baseline;
 *   2. the random faults of the suite on every route, and an outage of Get Accounts long enough
 *      to fail a whole poll (the transport's retries included); a change for each trigger; the
 *      next scheduled poll (the real schedule of the default scheduler, once a minute at a second
 *      chosen to come a few seconds after the changes) fails for one trigger and reports the other;
 *   3. n8n stopped after that poll; a second change for each trigger while it is down;
 *   4. n8n started again, faults still on: the activation poll reports what is outstanding;
 *   5. one more restart: nothing new (the cursors in static data count exactly the polls that
 *      reported something).
 * Every change arrives exactly once: none lost to the failed poll or the restarts, none twice.
 */
const { createE2e, sqliteRows } = require('../../../tools/lib/e2e');
const { defaultPartner, secondIn, pollEveryMinuteAt } = require('../helpers');
const { faultProfile, faultsFired, recordFigures, sleep } = require('./common');

jest.setTimeout(10 * 60_000);

const WORKFLOW = 'gsE2eTriggers001';
const KEPT = ['Integration Status Changed', 'New Unmapped Account', 'Event received'];
const UNMAPPED_KEY = 'rel-trigger-unmapped-partner-key';

/** @type {import('../../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../../tools/lib/e2e').SandboxHandle} */
let sb;
/** @type {{ partnerId: string, token: string }} */
let unmappedPartner;
let mainPartnerId = '';

/** Items every finished execution of the workflow emitted, with the trigger that emitted them. */
async function emitted() {
	const executions = (await e2e.n8n.executions({ workflowId: WORKFLOW, includeData: true }))
		.filter((execution) => execution.finished || execution.stoppedAt)
		.sort((a, b) => Number(a.id) - Number(b.id));
	return executions.flatMap((execution) => {
		const runData = execution.data?.resultData?.runData ?? {};
		return ['Integration Status Changed', 'New Unmapped Account'].flatMap((node) =>
			(runData[node]?.[0]?.data?.main?.[0] ?? []).map((/** @type {any} */ item) => ({ node, execution: String(execution.id), status: execution.status, json: item.json })),
		);
	});
}

/**
 * Wait until `done(items)` holds.
 * @param {(items: Awaited<ReturnType<typeof emitted>>) => boolean} done
 * @param {string} what
 */
async function waitFor(done, what, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const items = await emitted();
		if (done(items)) return items;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(items.map((item) => item.json.subject))}\n${e2e.n8n.log.tail(20)}`);
		await sleep(300);
	}
}

/** Resolves once both triggers finished a poll whose requests came after `since`. @param {number} since */
async function polledSince(since, timeoutMs = 150_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const log = sb.sandbox.log.list({ since });
		const accounts = log.some((request) => request.partnerId === unmappedPartner.partnerId && request.routeId === 'getAccounts' && request.status === 200);
		const status = log.some((request) => request.partnerId === mainPartnerId && request.routeId === 'getIntegration' && request.status === 200);
		if (accounts && status) return;
		if (Date.now() > deadline) throw new Error(`no complete poll of both triggers after #${since}`);
		await sleep(500);
	}
}

/** @param {string} id */
async function createAccount(id) {
	const response = await sb.client.vendor('POST', '/organization/accounts', [{ id, name: `Reliability ${id}` }], { token: unmappedPartner.token });
	if (response.status !== 201) throw new Error(`create ${id}: ${response.status}`);
}

/** @param {string} status */
const setStatus = (status) => sb.client.admin('POST', '/sandbox/status', { status, partner: mainPartnerId });

const figures = /** @type {Record<string, any>} */ ({});

beforeAll(async () => {
	e2e = await createE2e({ name: 'reliability-trigger' });
	sb = await e2e.addSandbox('trigger');
	mainPartnerId = defaultPartner(sb.sandbox.snapshot()).id;
	unmappedPartner = sb.sandbox.addPartner({ name: 'Reliability trigger MSP', partnerKey: UNMAPPED_KEY });
	await createAccount('rel-0'); // already there at the baseline: never reported
	const workflow = e2e.workflow('trigger-events', {
		sandbox: sb,
		vars: { MAPPING_KEY: 'unused', UNMAPPED_KEY, CLIENTS_KEY: 'unused', CATALOGUE_KEY: 'unused', STALE_KEY: 'unused' },
	});
	workflow.nodes = workflow.nodes.filter((/** @type {any} */ node) => KEPT.includes(node.name));
	workflow.connections = Object.fromEntries(Object.entries(workflow.connections).filter(([name]) => KEPT.includes(name)));
	await e2e.n8n.start();
	// The first scheduled poll a few seconds after publishing, the faults and the changes (if n8n
	// is slower than that, it polls once for nothing and again a minute later).
	pollEveryMinuteAt(workflow, secondIn(8_000));
	await e2e.importAll([workflow]);
	const since = sb.sandbox.log.nextSeq - 1;
	await e2e.activate(WORKFLOW);
	await polledSince(since); // the activation polls: the baseline
});

afterAll(() => e2e?.close());

it('a poll that fails under faults, and two restarts, lose no event and repeat none', async () => {
	const started = Date.now();
	const faultsSince = sb.sandbox.log.nextSeq - 1;
	await sb.client.faults({
		seed: 12,
		rules: [
			// Every attempt of one poll's Get Accounts (the transport tries 5 times) fails.
			{ type: 'status', statuses: [503], route: 'getAccounts', count: 5, phase: 'before' },
			...faultProfile(),
		],
	});
	await createAccount('rel-A');
	await setStatus('pending');
	// The outage took a whole poll of New Unmapped Account; the status trigger reported its change.
	await waitFor((items) => items.some((item) => item.json.after?.status === 'pending'), 'the pending status');
	const outage = async () => (await sb.client.admin('GET', '/sandbox/faults')).rules[0].fired;
	const deadline = Date.now() + 150_000;
	while ((await outage()) < 5) {
		if (Date.now() > deadline) throw new Error('the outage never took a whole poll');
		await sleep(500);
	}
	figures.failedPollRequests = await outage();
	expect((await emitted()).filter((item) => item.node === 'New Unmapped Account')).toEqual([]);

	await e2e.n8n.stop();
	await createAccount('rel-B');
	await setStatus('active');
	await e2e.n8n.start();
	// The activation poll after the start reports what is outstanding (faults still on).
	await waitFor(
		(items) =>
			['rel-A', 'rel-B'].every((id) => items.some((item) => item.json.subject?.id === id)) && items.some((item) => item.json.after?.status === 'active'),
		'rel-A, rel-B and the active status',
	);

	// One more restart: its activation poll finds nothing new.
	await e2e.n8n.stop();
	const since = sb.sandbox.log.nextSeq - 1;
	await e2e.n8n.start();
	await polledSince(since);
	const faults = await sb.client.clearFaults();

	const items = await emitted();
	// A poll that reports something counts it in its cursor's seq, saved in static data with its
	// execution: after the stop, each trigger's seq equals the executions it started. A repeat
	// from the last activation poll whose execution was not stored yet above would show here.
	await e2e.n8n.stop();
	const [row] = await sqliteRows(e2e.userFolder)(`SELECT staticData FROM workflow_entity WHERE id = '${WORKFLOW}'`);
	const staticData = JSON.parse(String(row?.staticData ?? 'null'));
	for (const node of ['Integration Status Changed', 'New Unmapped Account']) {
		const executions = new Set(items.filter((item) => item.node === node).map((item) => item.execution));
		expect({ node, seq: staticData?.[`node:${node}`]?.cursor?.seq }).toEqual({ node, seq: executions.size });
	}
	const unmapped = items.filter((item) => item.node === 'New Unmapped Account').map((item) => item.json.subject.id);
	const statuses = items.filter((item) => item.node === 'Integration Status Changed').map((item) => `${item.json.before.status}→${item.json.after.status}`);
	expect(unmapped.sort()).toEqual(['rel-A', 'rel-B']);
	expect(statuses).toEqual(['inactive→pending', 'pending→active']);
	const ids = items.map((item) => item.json.eventId);
	expect(new Set(ids).size).toBe(ids.length);
	expect(items.every((item) => item.status === 'success')).toBe(true);
	Object.assign(figures, {
		changes: 4,
		events: items.length,
		lost: 4 - new Set(items.map((item) => `${item.node}|${item.json.eventId}`)).size,
		duplicates: ids.length - new Set(ids).size,
		restarts: 2,
		faultsFired: faultsFired(sb.sandbox.log.list({ since: faultsSince }), faults.fired ?? {}),
		ms: Date.now() - started,
	});
	recordFigures('trigger-faults', figures);
});
