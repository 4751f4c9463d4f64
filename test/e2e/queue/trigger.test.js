// @ts-check
'use strict';
/**
 * The Gradient Synthesize Trigger in n8n's queue mode (PostgreSQL, Redis, main, 2 workers): the
 * polls run in main, the executions they start run on the workers. The triggers of
 * test/e2e/trigger.test.js (one polling trigger per event, each watching its own sandbox partner),
 * here each in a workflow of its own, as docs/trigger.md advises with PostgreSQL: n8n 2.41.1 saves
 * a workflow's static data after each emit without waiting, so two triggers of one workflow
 * emitting together send two UPDATEs of the same row, and the older snapshot can land last (seen
 * once: a cursor stored one round behind, its change reported again after the next publish).
 *
 * Polls are driven the way n8n polls at once: at every activation (publishing, and main's start).
 * Publishing's poll records the baseline silently; then four rounds of one change per event —
 * published again (rounds 1, 2, 4) or main restarted (round 3: a new main process reads the cursor
 * back from PostgreSQL) — and one more publish that finds nothing. Across all of it: exactly one
 * execution per change, each with one item of the expected event and subject, run on a worker, no
 * eventId twice; after every round each trigger's cursor is in workflow_entity.staticData with
 * its change count: the worker executions (which save static data of their own) did not wipe it.
 */
const crypto = require('node:crypto');
const { startQueueMode } = require('../../../tools/lib/queue-mode');
const { loadWorkflow, CREDENTIAL_TYPE } = require('../../../tools/lib/e2e');
const { startSandbox } = require('../../../sandbox');
const { sandboxClient } = require('../../../tools/lib/sandbox-client');

jest.setTimeout(5 * 60_000);

const CREDENTIAL = { id: 'gsQueueTrigCred1', name: 'Gradient Synthesize (queue trigger)' };
const HOUR = 3_600_000;
const ROUNDS = 4;

const { TRIGGERS, SLOTS, readTriggerExecution, finishedOldestFirst } = require('../trigger-slots');
/** @typedef {import('../trigger-slots').Slot} Slot */

/** Each trigger's workflow id (16 letters and digits, like n8n's). @type {Record<Slot, string>} */
const WORKFLOW_OF = /** @type {any} */ (
	Object.fromEntries(SLOTS.map((slot) => [slot, `gsQTrig${slot}`.padEnd(16, '0').slice(0, 16)]))
);
const WORKFLOW_IDS = SLOTS.map((slot) => WORKFLOW_OF[slot]);
const IN_WORKFLOWS = WORKFLOW_IDS.map((id) => `'${id}'`).join(', ');

/** @type {import('../../../tools/lib/queue-mode').QueueMode} */
let qm;
/** @type {import('../../../sandbox').Sandbox} */
let sandbox;
/** @type {import('../../../tools/lib/sandbox-client').SandboxClient} */
let client;
/** @type {Record<Slot, { id: string, token: string }>} */
const partners = /** @type {any} */ ({});
/** What each round's execution of each trigger must hold: [round][slot] → item (toMatchObject). */
/** @type {Array<Record<string, any>>} */
const expected = [];
const fileStarted = Date.now();
/** @type {Record<string, number>} */
const took = {};

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {string} method @param {string} path @param {unknown} [body] */
const admin = (method, path, body) => client.admin(method, path, body);

/** @param {Slot} slot @param {string} id @param {string} name */
async function createAccount(slot, id, name) {
	const response = await client.vendor('POST', '/organization/accounts', [{ id, name }], {
		token: partners[slot].token,
	});
	if (response.status !== 201) throw new Error(`create account ${id}: ${response.status}`);
}

/** One change per event for round `round` (1…4); returns what each trigger must report. */
const CHANGES = {
	/** @param {number} round */
	async status(round) {
		const statuses = ['inactive', 'pending', 'active', 'inactive', 'pending'];
		await admin('POST', '/sandbox/status', { status: statuses[round] });
		return { before: { status: statuses[round - 1] }, after: { status: statuses[round] } };
	},
	/** @param {number} round */
	async mapping(round) {
		const [id, change] = /** @type {const} */ ([
			['q-map-1', 'mapped'],
			['q-map-1', 'unmapped'],
			['q-map-2', 'mapped'],
			['q-map-1', 'mapped'],
		])[round - 1];
		await (change === 'mapped' ? client.map : client.unmap)({
			accounts: [id],
			partner: partners.mapping.id,
		});
		return { change, subject: { id } };
	},
	/** @param {number} round */
	async unmapped(round) {
		await createAccount('unmapped', `q-new-${round}`, `Queue New ${round}`);
		return {
			subject: { id: `q-new-${round}`, name: `Queue New ${round}` },
			after: { isMapped: false },
		};
	},
	/** @param {number} round */
	async clients(round) {
		const [created] = await admin('POST', '/sandbox/clients', {
			name: `Queue Client ${round}`,
			partner: partners.clients.id,
		});
		return { subject: { id: created.id, name: `Queue Client ${round}` } };
	},
	/** @param {number} round */
	async catalogue(round) {
		const { added } = await admin('POST', '/sandbox/services', {
			add: [{ name: `Queue Service ${round}`, category: 'backup', subcategory: 'email security' }],
		});
		return { change: 'added', subject: { id: added[0].id, name: `Queue Service ${round}` } };
	},
	/** @param {number} round */
	async stale(round) {
		const lastSyncedAt = new Date(Date.now() - (5 - round) * HOUR).toISOString();
		await admin('POST', '/sandbox/status', { lastSyncedAt, partner: partners.stale.id });
		return { before: { stale: false, lastSyncedAt }, after: { stale: true, lastSyncedAt } };
	},
};

/** @param {number} round */
async function makeChanges(round) {
	expected[round - 1] = {};
	for (const slot of SLOTS)
		expected[round - 1][slot] = { event: TRIGGERS[slot].event, ...(await CHANGES[slot](round)) };
}

/**
 * Every finished execution of the workflow, oldest first: its trigger, its items. The ids come
 * from PostgreSQL, each execution from the public API by id: n8n's list leaves out what main still
 * counts as running, and in queue mode main can count a poll's execution as running for a minute
 * or more after its worker finished it (seen: one of six hidden past the round's 60 s).
 */
async function triggerExecutions() {
	const rows = await qm.postgres.rows(
		`SELECT id::text AS id FROM execution_entity WHERE "workflowId" IN (${IN_WORKFLOWS}) AND "stoppedAt" IS NOT NULL`,
	);
	const all = await Promise.all(
		rows.map(
			async (row) =>
				(await qm.api.get(`/executions/${row.id}`, { params: { includeData: true } })).data,
		),
	);
	return finishedOldestFirst(all).map((execution) => {
		const { slot, items } = readTriggerExecution(execution);
		return {
			id: String(execution.id),
			status: execution.status,
			mode: execution.mode,
			slot,
			items,
		};
	});
}

/** Wait until every trigger has `count` executions. @param {number} count */
async function waitForRound(count, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await triggerExecutions();
		if (SLOTS.every((slot) => executions.filter((e) => e.slot === slot).length >= count))
			return executions;
		if (Date.now() > deadline)
			throw new Error(
				`not every trigger has ${count} executions: ${executions.map((e) => e.slot).join(', ')}`,
			);
		await sleep(300);
	}
}

/** The cursors in PostgreSQL: trigger slot → its stored change count (seq). */
async function storedCursors() {
	const rows = await qm.postgres.rows(
		`SELECT id, "staticData" AS data FROM workflow_entity WHERE id IN (${IN_WORKFLOWS})`,
	);
	/** @param {Slot} slot */
	const dataOf = (slot) => rows.find((row) => row.id === WORKFLOW_OF[slot])?.data;
	return Object.fromEntries(
		SLOTS.map((slot) => [slot, dataOf(slot)?.[`node:${TRIGGERS[slot].node}`]?.cursor?.seq ?? null]),
	);
}

/**
 * Exactly `round` executions per trigger, each on a worker, with its round's one expected item;
 * no eventId twice; every cursor in PostgreSQL at `round`.
 * @param {Awaited<ReturnType<typeof triggerExecutions>>} executions
 * @param {number} round
 */
async function expectRound(executions, round) {
	expect(executions.filter((e) => !e.slot)).toEqual([]);
	for (const slot of SLOTS) {
		const own = executions.filter((e) => e.slot === slot);
		expect({ slot, executions: own.length }).toEqual({ slot, executions: round });
		for (const [index, execution] of own.entries()) {
			expect({
				slot,
				round: index + 1,
				status: execution.status,
				mode: execution.mode,
				items: execution.items.length,
			}).toEqual({
				slot,
				round: index + 1,
				status: 'success',
				mode: 'trigger',
				items: 1,
			});
			expect(execution.items[0]).toMatchObject({
				...expected[index][slot],
				partner: { organizationId: partners[slot].id },
			});
			expect(['w1', 'w2']).toContain(await qm.waitForWorkerOf(execution.id));
		}
	}
	const ids = executions.flatMap((e) => e.items.map((/** @type {any} */ item) => item.eventId));
	expect(new Set(ids).size).toBe(ids.length);
	expect(await storedCursors()).toEqual(Object.fromEntries(SLOTS.map((slot) => [slot, round])));
}

/** Publish every trigger's workflow, each waited for: publishing polls its trigger once. */
async function publishAll() {
	for (const id of WORKFLOW_IDS) await qm.activate(id);
}

/** Unpublish every workflow and publish them again. */
async function republish() {
	for (const id of WORKFLOW_IDS) await qm.deactivate(id);
	await publishAll();
}

/**
 * The triggers of test/e2e/workflows/trigger-events.json, each in a workflow of its own with the
 * node it feeds.
 * @param {any} base
 */
function workflowPerTrigger(base) {
	return SLOTS.map((slot) => {
		const name = TRIGGERS[slot].node;
		const trigger = base.nodes.find((/** @type {any} */ node) => node.name === name);
		const [[{ node: next }]] = base.connections[name].main;
		return {
			...base,
			id: WORKFLOW_OF[slot],
			name: `${base.name}: ${name}`,
			nodes: [trigger, base.nodes.find((/** @type {any} */ node) => node.name === next)],
			connections: { [name]: base.connections[name] },
		};
	});
}

beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, quiet: true, clientsPageSize: 2 });
	client = sandboxClient(sandbox.url, { token: sandbox.token });
	qm = await startQueueMode({ name: 'queue-trigger', workers: 2 });
	took.bringUp = Date.now() - fileStarted;
	partners.status = { id: sandbox.defaultPartnerId, token: sandbox.token };
	/** @type {Record<string, string>} */
	const vars = {};
	for (const slot of SLOTS) {
		const variable = TRIGGERS[slot].key;
		if (variable === null) continue;
		const key = `queue-trigger-${slot}-partner-key-${crypto.randomUUID()}`;
		const created = await admin('POST', '/sandbox/partners', {
			name: `Queue ${TRIGGERS[slot].node} MSP`,
			partnerKey: key,
		});
		partners[slot] = { id: created.partnerId, token: created.token };
		vars[variable] = key;
	}
	// Already true before publishing, not to be reported: unmapped accounts, a stale sync.
	await createAccount('mapping', 'q-map-1', 'Queue Mapping 1');
	await createAccount('mapping', 'q-map-2', 'Queue Mapping 2');
	await createAccount('unmapped', 'q-new-0', 'Queue New 0');
	await admin('POST', '/sandbox/status', {
		lastSyncedAt: new Date(Date.now() - 6 * HOUR).toISOString(),
		partner: partners.stale.id,
	});
	await qm.importCredentials([
		{
			...CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: {
				vendorApiKey: sandbox.vendorKey,
				partnerApiKey: sandbox.partnerKey,
				baseUrl: sandbox.url,
			},
		},
	]);
	await qm.importWorkflows(
		workflowPerTrigger(loadWorkflow('trigger-events', { credential: CREDENTIAL, vars })),
	);
});

afterAll(async () => {
	await qm?.close();
	await sandbox?.close();
	took.file = Date.now() - fileStarted;
	process.stderr.write(`[queue trigger] ms: ${JSON.stringify(took)}\n`);
});

it('publishing polls in main and records a silent baseline: no execution, every cursor stored at 0', async () => {
	const since = (await client.lastSeq()) ?? 0;
	await publishAll();
	// Every trigger polled (its partner's requests arrived), nothing reported.
	const polled = new Set((await client.requests({ since })).map((r) => r.partnerId));
	for (const slot of SLOTS)
		expect({ slot, polled: polled.has(partners[slot].id) }).toEqual({ slot, polled: true });
	await sleep(2000);
	expect(await triggerExecutions()).toEqual([]);
	expect(await storedCursors()).toEqual(Object.fromEntries(SLOTS.map((slot) => [slot, 0])));
	expect(qm.main.log.text()).not.toMatch(/Worker started execution/);
});

it('rounds 1 and 2 (published again): one execution per change, on the workers; the cursors stay in PostgreSQL', async () => {
	for (const round of [1, 2]) {
		const started = Date.now();
		await makeChanges(round);
		await republish();
		await expectRound(await waitForRound(round), round);
		took[`round${round}`] = Date.now() - started;
	}
});

it('round 3 (main restarted: its start polls with the cursor read back from PostgreSQL): one execution per change', async () => {
	const started = Date.now();
	await qm.main.stop();
	await makeChanges(3);
	await qm.main.start();
	await expectRound(await waitForRound(3), 3);
	took.round3 = Date.now() - started;
});

it('round 4, then one more poll that finds nothing: every change exactly once over the four rounds', async () => {
	const started = Date.now();
	await makeChanges(4);
	await republish();
	await expectRound(await waitForRound(4), ROUNDS);
	const since = await client.lastSeq();
	await republish();
	// That poll happened (requests for every partner) and reported nothing.
	const polled = new Set((await client.requests({ since })).map((r) => r.partnerId));
	expect(SLOTS.filter((slot) => !polled.has(partners[slot].id))).toEqual([]);
	await sleep(3000);
	await expectRound(await triggerExecutions(), ROUNDS);
	took.round4 = Date.now() - started;
});
