// @ts-check
'use strict';
/**
 * Sync Usage in real n8n, the way it runs in production: a published workflow on a Schedule
 * Trigger under `n8n start` (the run's shared n8n). The ledger lives in the node's static data, so the second run pushes
 * nothing and the third pushes only the count that changed; Synthesize rebuilds the billing view
 * exactly once per run that pushed; unmapped rows come out of their own output.
 */
const { createE2e } = require('../../tools/lib/e2e');
const { received, seed, defaultPartner } = require('./helpers');

jest.setTimeout(6 * 60_000);

const WORKFLOW = 'gsE2eSyncUsage01';
const ACCOUNTS = [1, 2, 3, 4, 5].map((index) => ({ id: `e2e-su-${index}`, name: `E2E Sync Usage ${index}` }));

/** @type {import('../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../tools/lib/e2e').SandboxHandle} */
let synthesize;
/** @type {string[]} */
let serviceIds;
/** @type {any[]} */
let executions;

/**
 * Every execution of a workflow with its data, once all of them have finished.
 * @param {string} workflowId
 */
async function settledExecutions(workflowId) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const all = await e2e.n8n.executions({ workflowId, includeData: true });
		if (all.every((execution) => execution.finished || execution.stoppedAt)) return all;
		if (Date.now() > deadline) throw new Error(`${workflowId}: executions still running after 60 s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** @param {any} execution @param {string} node @param {number} [output] */
function items(execution, node, output = 0) {
	const run = execution.data.resultData.runData[node];
	return run ? (run[0].data.main[output] ?? []).map((/** @type {any} */ item) => item.json) : [];
}

beforeAll(async () => {
	e2e = await createE2e({ name: 'sync-usage', shared: true });
	synthesize = await e2e.addSandbox('main', { rebuildDebounceMs: 200 });
	({ serviceIds } = await seed(synthesize, {
		services: [{ name: 'E2E Workstations' }, { name: 'E2E Servers' }],
		accounts: ACCOUNTS,
		mapAccounts: ACCOUNTS.slice(0, 4).map((account) => account.id),
		mapServices: true,
	}));
	await e2e.importAll([e2e.workflow('sync-usage-scheduled', { sandbox: synthesize })]);
	await e2e.activate(WORKFLOW);
	await e2e.n8n.waitForExecutions(WORKFLOW, 3, { timeoutMs: 150_000 });
	// No run after these: unpublished, and the executions read once none is still running.
	await e2e.deactivate(WORKFLOW);
	executions = await settledExecutions(WORKFLOW);
	executions.sort((a, b) => Number(a.id) - Number(b.id));
});

afterAll(() => e2e?.close());

it('runs on the schedule in trigger mode and every run succeeds', () => {
	expect(executions.slice(0, 3).map((execution) => [execution.mode, execution.status])).toEqual([
		['trigger', 'success'],
		['trigger', 'success'],
		['trigger', 'success'],
	]);
});

it('first run: duplicate rows summed, every mapped pair pushed, the unmapped account on its own output', async () => {
	const [first] = executions;
	const [summary] = items(first, 'Sync usage');
	expect(summary).toMatchObject({
		partner: 'credential',
		rows: { input: 11, pushed: 9, unchanged: 0, unmapped: 2, failed: 0 },
		pairs: { total: 10, pushed: 8, unmapped: 2 },
		drift: { added: 10 },
		// The first run cannot know that e2e-su-5 is unmapped; its pair came last, so one stored
		// count was sent again without no_build (rebuild recovery).
		rebuild: { triggered: true, recovered: true, pushedWithoutNoBuild: 1 },
		ledger: { pairs: 8, persisted: true },
	});
	expect(items(first, 'Sync usage', 2).map((row) => [row.accountId, row.apiMessage]).sort()).toEqual([
		['e2e-su-5', 'No account map found with id: e2e-su-5'],
		['e2e-su-5', 'No account map found with id: e2e-su-5'],
	]);
	expect(items(first, 'Sync usage', 3)).toEqual([]);
	const workstations = items(first, 'Sync usage', 1).find((row) => row.accountId === 'e2e-su-1' && row.service === 'E2E Workstations');
	expect(workstations).toMatchObject({ unitCount: 15, drift: 'added', outcome: 'pushed' });
});

it('second run pushes nothing: the ledger survived between scheduled executions', () => {
	const [summary] = items(executions[1], 'Sync usage');
	expect(summary).toMatchObject({
		rows: { input: 11, pushed: 0, unchanged: 9, unmapped: 2 },
		rebuild: { triggered: false },
	});
	expect(items(executions[1], 'Sync usage', 1)).toEqual([]);
});

it('third run pushes exactly the one changed pair', () => {
	const [summary] = items(executions[2], 'Sync usage');
	// The changed pair was stored before, so it goes last: no recovery push is needed.
	expect(summary).toMatchObject({
		rows: { pushed: 1, unchanged: 8, unmapped: 2 },
		drift: { changed: 1 },
		rebuild: { triggered: true, recovered: false },
	});
	expect(items(executions[2], 'Sync usage', 1)).toEqual([
		expect.objectContaining({ accountId: 'e2e-su-2', service: 'E2E Workstations', previous: 20, unitCount: 21, drift: 'changed' }),
	]);
});

it('Synthesize received each count once (plus retries of unmapped pairs), with exactly one rebuild per pushing run', async () => {
	const pushes = await received(synthesize, { route: 'setUnitCount' });
	const stored = pushes.filter((push) => push.status === 201);
	// Run 1: 8 pairs + 1 recovery push; run 3: 1 pair. Unmapped pairs are sent every run (2 per run).
	expect(stored).toHaveLength(10);
	expect(pushes.filter((push) => push.status === 404)).toHaveLength(executions.length * 2);
	expect(stored.filter((push) => push.path.includes('no_build=false'))).toHaveLength(2);
	const state = await synthesize.client.waitForState((s) => defaultPartner(s).billing.rebuilds >= 2, { what: 'two rebuilds' });
	const partner = defaultPartner(state);
	expect(partner.billing.rebuilds).toBe(2);
	const count = (/** @type {string} */ account, /** @type {string} */ service) =>
		partner.counts.find((/** @type {any} */ c) => c.accountId === account && c.serviceId === service)?.unitCount;
	expect(count('e2e-su-1', serviceIds[0])).toBe(15);
	expect(count('e2e-su-2', serviceIds[0])).toBe(21);
	expect(count('e2e-su-4', serviceIds[1])).toBe(4);
});
