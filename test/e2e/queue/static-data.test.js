// @ts-check
'use strict';
/**
 * n8n 2.41.1 in queue mode (main + 2 workers + PostgreSQL + Redis, tools/lib/queue-mode.js): what
 * the package has to live with.
 *
 * - Workflow static data does not accumulate. A worker runs each production execution from a
 *   workflow snapshot without static data (it reloads it only to resume an execution), then saves
 *   the whole object back. So a counter in `$getWorkflowStaticData('global')` reads empty in every
 *   execution, even sequential ones while the database holds `counter: 1`. In regular mode the same
 *   workflow counts 0, 1, 2. The values asserted below are the ones observed: if n8n changes this,
 *   the test fails and the package's use of static data has to be looked at again.
 * - Production executions run on the workers (attributed from the workers' logs, and
 *   `GS_WORKER_NAME` read inside the execution) and 20 concurrent webhook calls are spread over
 *   both workers.
 * - The packed package is loaded by every worker, and a credential created through main is
 *   decrypted on every worker (one encryption key everywhere).
 */
const { startQueueMode } = require('../../../tools/lib/queue-mode');
const { NODE_TYPE, CREDENTIAL_TYPE } = require('../../../tools/lib/e2e');

const COUNTER = {
	id: 'gsQueueStatic01',
	name: 'Queue mode: static data counter',
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		{
			id: 'b0c7a4f2-0001-4a4e-9d1c-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'b0c7a4f2-0001-4a4e-9d1c-0000000000aa',
			parameters: {
				httpMethod: 'GET',
				path: 'gs-queue-counter',
				responseMode: 'lastNode',
				options: {},
			},
		},
		{
			id: 'b0c7a4f2-0001-4a4e-9d1c-000000000002',
			name: 'Count',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				jsCode: `const delayMs = Number($json.query.delayMs ?? 0);
if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
const data = $getWorkflowStaticData('global');
const before = data.counter ?? null;
data.counter = (before ?? 0) + 1;
return [{ json: { before, after: data.counter, executionId: $execution.id, worker: $env.GS_WORKER_NAME ?? null } }];`,
			},
		},
	],
	connections: { Webhook: { main: [[{ node: 'Count', type: 'main', index: 0 }]] } },
};

const CREDENTIAL_ID = 'gsQueueCred0001';

const vendorWorkflow = () => ({
	id: 'gsQueueVendor01',
	name: 'Queue mode: the package on the workers',
	settings: { executionOrder: 'v1' },
	pinData: {},
	nodes: [
		{
			id: 'b0c7a4f2-0002-4a4e-9d1c-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'b0c7a4f2-0002-4a4e-9d1c-0000000000aa',
			parameters: {
				httpMethod: 'GET',
				path: 'gs-queue-vendor',
				responseMode: 'lastNode',
				options: {},
			},
		},
		{
			id: 'b0c7a4f2-0002-4a4e-9d1c-000000000002',
			name: 'Hold',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				jsCode: `await new Promise((resolve) => setTimeout(resolve, 300));
return [{ json: { worker: $env.GS_WORKER_NAME ?? null } }];`,
			},
		},
		{
			id: 'b0c7a4f2-0002-4a4e-9d1c-000000000003',
			name: 'Get Vendor',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			parameters: { resource: 'vendor', operation: 'get' },
			credentials: {
				[CREDENTIAL_TYPE]: { id: CREDENTIAL_ID, name: 'Gradient Synthesize (queue)' },
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Hold', type: 'main', index: 0 }]] },
		Hold: { main: [[{ node: 'Get Vendor', type: 'main', index: 0 }]] },
	},
});

/** @type {import('../../../tools/lib/queue-mode').QueueMode} */
let qm;
/** @type {import('../../../sandbox').Sandbox} */
let sandbox;
const fileStarted = Date.now();

beforeAll(async () => {
	const { startSandbox } = require('../../../sandbox');
	sandbox = await startSandbox({ port: 0, quiet: true });
	// $env in the Code node reads the worker's environment (GS_WORKER_NAME) only when allowed.
	qm = await startQueueMode({
		name: 'queue-static-data',
		workers: 2,
		env: { N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
	});
	process.stderr.write(`[queue] rss after bring-up (MiB): ${JSON.stringify(qm.rss())}\n`);
	await qm.importCredentials([
		{
			id: CREDENTIAL_ID,
			name: 'Gradient Synthesize (queue)',
			type: CREDENTIAL_TYPE,
			data: {
				vendorApiKey: sandbox.vendorKey,
				partnerApiKey: sandbox.partnerKey,
				baseUrl: sandbox.url,
			},
		},
	]);
	await qm.importWorkflows([COUNTER, vendorWorkflow()]);
	await qm.activate(COUNTER.id);
	await qm.activate('gsQueueVendor01');
});

afterAll(async () => {
	if (qm) process.stderr.write(`[queue] rss at the end (MiB): ${JSON.stringify(qm.rss())}\n`);
	await qm?.close();
	await sandbox?.close();
	process.stderr.write(`[queue] file took ${((Date.now() - fileStarted) / 1000).toFixed(1)} s\n`);
});

/** The workflow's static data as stored in PostgreSQL. */
async function storedStaticData() {
	const [row] = await qm.postgres.rows(
		`SELECT "staticData" AS data FROM workflow_entity WHERE id = '${COUNTER.id}'`,
	);
	return row?.data ?? null;
}

it('runs production webhooks on the workers, and static data does not accumulate across executions', async () => {
	/** @type {any[]} */
	const runs = [];
	/** @type {any[]} */
	const stored = [];
	for (let i = 0; i < 3; i++) {
		const response = await qm.webhook('gs-queue-counter');
		expect(response.status).toBe(200);
		runs.push(response.data);
		stored.push(await storedStaticData());
	}
	for (const run of runs) {
		// The worker's log says it started the execution, and the execution ran in that worker.
		const worker = await qm.waitForWorkerOf(run.executionId);
		expect(['w1', 'w2']).toContain(worker);
		expect(run.worker).toBe(worker);
	}
	// Regular mode would read 0, 1, 2. In queue mode every execution starts from empty static
	// data and writes 1, although the database already holds counter 1 from the first run.
	expect(runs.map((run) => run.before)).toEqual([null, null, null]);
	expect(runs.map((run) => run.after)).toEqual([1, 1, 1]);
	expect(stored).toEqual([
		{ global: { counter: 1 } },
		{ global: { counter: 1 } },
		{ global: { counter: 1 } },
	]);
	const executions = await qm.waitForExecutions(COUNTER.id, 3);
	expect(executions.map((execution) => [execution.mode, execution.status])).toEqual([
		['webhook', 'success'],
		['webhook', 'success'],
		['webhook', 'success'],
	]);
	// No execution ran on main: main's log has no worker line, and each execution is in one worker's log.
	expect(qm.main.log.text()).not.toMatch(/Worker started execution/);
	for (const run of runs) {
		expect(
			qm.workers.filter((worker) => worker.executionIds().includes(run.executionId)),
		).toHaveLength(1);
	}
});

it('spreads 20 concurrent webhook calls over both workers', async () => {
	const responses = await Promise.all(
		Array.from({ length: 20 }, () =>
			qm.webhook('gs-queue-counter', { params: { delayMs: '500' } }),
		),
	);
	expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
	/** @type {Record<string, number>} */
	const perWorker = {};
	for (const { data } of responses) {
		const worker = await qm.waitForWorkerOf(data.executionId);
		expect(data.worker).toBe(worker);
		perWorker[worker] = (perWorker[worker] ?? 0) + 1;
	}
	process.stderr.write(`[queue] 20 concurrent calls per worker: ${JSON.stringify(perWorker)}\n`);
	expect(Object.keys(perWorker).sort()).toEqual(['w1', 'w2']);
	expect(perWorker.w1 + perWorker.w2).toBe(20);
	// Still no accumulation, also under concurrency.
	expect(new Set(responses.map(({ data }) => data.before))).toEqual(new Set([null]));
	// Each worker process is a distinct, live process.
	expect(new Set(qm.workers.map((worker) => worker.pid)).size).toBe(2);
});

it('loads the packed package on every worker and decrypts a credential created through main', async () => {
	const responses = await Promise.all(
		Array.from({ length: 8 }, () => qm.webhook('gs-queue-vendor')),
	);
	expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
	for (const { data } of responses) expect(data).toMatchObject({ name: 'Acme RMM (sandbox)' });
	const executions = await qm.waitForExecutions('gsQueueVendor01', 8);
	const workers = new Set(executions.map((execution) => qm.workerOfExecution(execution.id)));
	expect([...workers].sort()).toEqual(['w1', 'w2']);
});
