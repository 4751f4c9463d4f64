// @ts-check
'use strict';
/**
 * The Gradient Synthesize Trigger in real n8n, the way it runs in production: one published
 * workflow with one polling trigger per event under `n8n start`, against the sandbox. Each
 * trigger watches its own sandbox partner, so the sandbox's request log tells their polls apart
 * and a change for one event cannot leak into another.
 *
 * n8n runs one poll of a poll trigger whenever it activates it (n8n-core `activatePollTrigger` →
 * `executePollTrigger(true)`, which emits what that poll returns): at publishing, and, on the
 * default scheduler, at every start. The rounds use that instead of waiting for minute-granular
 * polls; one round stays on the real schedule, so the cron path is proven too. Four rounds, one
 * change per event in each, all triggers polling in parallel:
 *   1. default scheduler, n8n running: publishing's activation poll records the baseline silently
 *      (what was already true, e.g. an already stale sync, is not reported); a change, then the
 *      workflow unpublished and published again → one execution, from that activation poll;
 *   2. default scheduler, change made while n8n is stopped: the activation poll after the start
 *      reports it, once;
 *   3. first start with durable cursors (the three N8N_SCHEDULER…/N8N_POLLER… flags): the cursor
 *      moves from static data to poller_state keeping its baseline; half of the changes are made
 *      before the start (its activation poll reports them), half after its activation poll (which
 *      the durable path does not commit when it finds nothing; published again, the next
 *      activation poll reports them against the same baseline);
 *   4. durable cursors, change made while n8n is stopped → one execution at the first *scheduled*
 *      poll (a restart runs no activation poll on this path): the triggers are first moved to
 *      poll at a second just after the restart, and no poll request may come before it;
 * then one more poll of every trigger (published again): nothing new. Across all of it: exactly
 * one execution per change, one item each, the expected event, before/after, subject and
 * partner, and no eventId twice. A cursor that was not kept shows up as a repeat at the next poll
 * (or the next start), a baseline recorded again as a lost event. The cursors themselves are read
 * from n8n's database: static data after round 2, poller_state at the end.
 *
 * About a minute: four n8n starts, and one scheduled poll a few seconds after the last.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { createE2e } = require('../../tools/lib/e2e');
const { defaultPartner, secondIn, pollEveryMinuteAt, reschedulePolls } = require('./helpers');

jest.setTimeout(6 * 60_000);

const WORKFLOW = 'gsE2eTriggers001';
const DURABLE = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};
/** One poll interval (1 minute), plus the durable scheduler's lateness and a busy machine. */
const ONE_POLL_MS = 110_000;
/** An activation poll of every trigger, and its executions stored, on a busy machine. */
const ACTIVATION_MS = 60_000;

const { TRIGGERS, SLOTS, readTriggerExecution, finishedOldestFirst } = require('./trigger-slots');
/** @typedef {import('./trigger-slots').Slot} Slot */

/** @type {import('../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../tools/lib/e2e').SandboxHandle} */
let sb;
/** @type {Record<Slot, { id: string, integrationId: string, name: string, key: string, token: string }>} */
const partners = /** @type {any} */ ({});
/** What each round expects of each trigger: the item (toMatchObject) and when the change was made. */
/** @type {Array<Record<Slot, { expected: any, madeAt: number }>>} */
const rounds = [];
/** Partner keys given to the triggers as node parameters: they must never show up in the output. */
/** @type {string[]} */
const nodeKeys = [];
/** Timing of the phases, reported at the end. */
/** @type {Record<string, number>} */
const took = {};
/** How long each `n8n start` took (ms): round 4 schedules its poll after the next one. */
/** @type {number[]} */
const starts = [];
const HOUR = 3_600_000;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} method @param {string} path @param {unknown} [body] */
const admin = (method, path, body) => sb.client.admin(method, path, body);

/**
 * Every finished execution of the workflow, oldest first, with the trigger that started it and
 * the items it emitted.
 */
async function triggerExecutions() {
	const all = await e2e.n8n.executions({ workflowId: WORKFLOW, includeData: true });
	return finishedOldestFirst(all).map((execution) => {
		const { runData, started, slot, items } = readTriggerExecution(execution);
		const received = runData['Event received']?.[0]?.data?.main?.[0]?.length ?? 0;
		return {
			id: String(execution.id),
			mode: execution.mode,
			status: execution.status,
			started,
			slot,
			items,
			received,
		};
	});
}

/** @param {Awaited<ReturnType<typeof triggerExecutions>>} executions */
function bySlot(executions) {
	/** @type {Record<string, typeof executions>} */
	const grouped = Object.fromEntries(SLOTS.map((slot) => [slot, []]));
	for (const execution of executions) if (execution.slot) grouped[execution.slot].push(execution);
	return grouped;
}

/**
 * Wait until every trigger (or every one of `slots`) has `count` executions; returns them all.
 * @param {number} count
 * @param {number} timeoutMs
 * @param {Slot[]} [slots]
 */
async function waitForRound(count, timeoutMs, slots = SLOTS) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await triggerExecutions();
		const grouped = bySlot(executions);
		if (slots.every((slot) => grouped[slot].length >= count)) return executions;
		if (Date.now() > deadline) {
			const counts = SLOTS.map((slot) => `${slot} ${grouped[slot].length}`).join(', ');
			throw new Error(
				`not every trigger has ${count} executions after ${timeoutMs} ms: ${counts}\n${e2e.n8n.log.tail(30)}`,
			);
		}
		await sleep(300);
	}
}

/**
 * The request that ends one complete poll of a trigger: Get Clients past the partner's last
 * client (the walk's empty page), otherwise the trigger's last route.
 * @param {Slot} slot
 * @param {any} state GET /sandbox/state
 * @param {import('../../tools/lib/sandbox-client').LoggedRequest} request
 */
function endsPoll(slot, state, request) {
	const trigger = TRIGGERS[slot];
	if (
		request.partnerId !== partners[slot].id ||
		request.routeId !== trigger.lastRoute ||
		request.status !== 200
	)
		return false;
	if (slot !== 'clients') return true;
	const clients = state.partners.find(
		(/** @type {any} */ p) => p.id === partners.clients.id,
	).clients;
	return request.path.includes(`previousId=${clients[clients.length - 1].id}`);
}

/**
 * Wait until every trigger has finished a whole poll whose requests all came after `since`.
 * @param {number} since a request sequence number
 * @param {number} timeoutMs
 */
async function waitForPolls(since, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = await sb.client.state();
		const requests = await sb.client.requests({ since });
		const done = SLOTS.filter((slot) => {
			const own = requests.filter((request) => request.partnerId === partners[slot].id);
			// The first request of a poll is Get Integration: the poll must have started after `since`.
			const first = own.findIndex((request) => request.routeId === 'getIntegration');
			return first !== -1 && own.slice(first).some((request) => endsPoll(slot, state, request));
		});
		if (done.length === SLOTS.length) return requests;
		if (Date.now() > deadline) {
			throw new Error(
				`no complete poll after #${since} for ${SLOTS.filter((slot) => !done.includes(slot)).join(', ')} within ${timeoutMs} ms`,
			);
		}
		await sleep(200);
	}
}

/** @param {Slot} slot @param {string} id @param {string} name */
async function createAccount(slot, id, name) {
	const response = await sb.client.vendor('POST', '/organization/accounts', [{ id, name }], {
		token: partners[slot].token,
	});
	if (response.status !== 201)
		throw new Error(`create account ${id}: ${response.status} ${JSON.stringify(response.data)}`);
}

/** @param {string} lastSyncedAt */
const staleEventId = (lastSyncedAt) =>
	`syncWentStale:${crypto
		.createHash('sha256')
		.update(
			JSON.stringify([
				'syncWentStale',
				partners.stale.id,
				partners.stale.integrationId,
				'',
				'',
				`${lastSyncedAt}@1h`,
			]),
		)
		.digest('hex')
		.slice(0, 32)}`;

/** @param {string} name */
async function addSku(name) {
	const { added } = await admin('POST', '/sandbox/services', {
		add: [{ name, category: 'security', subcategory: 'email security' }],
	});
	return added[0];
}

/** The catalogue SKUs the rounds use. */
const skus = /** @type {Record<string, { id: string, name: string }>} */ ({});

/**
 * One change per event and round, made through the sandbox as the MSP (or Gradient) would, and
 * the item the trigger must emit for it.
 * @type {Record<Slot, (round: number, madeAt: number) => Promise<any>>}
 */
const CHANGES = {
	// inactive → pending → active → inactive → pending.
	async status(round) {
		const statuses = ['inactive', 'pending', 'active', 'inactive', 'pending'];
		await admin('POST', '/sandbox/status', {
			status: statuses[round],
			partner: partners.status.id,
		});
		return {
			event: 'integrationStatusChanged',
			subject: { id: partners.status.integrationId, name: partners.status.name },
			before: { status: statuses[round - 1] },
			after: { status: statuses[round] },
		};
	},
	// e2e-map-1 mapped, unmapped; e2e-map-2 mapped; e2e-map-1 mapped again (a new event id).
	async mapping(round) {
		const [id, change] = /** @type {const} */ ([
			['e2e-map-1', 'mapped'],
			['e2e-map-1', 'unmapped'],
			['e2e-map-2', 'mapped'],
			['e2e-map-1', 'mapped'],
		])[round - 1];
		if (change === 'mapped') await sb.client.map({ accounts: [id], partner: partners.mapping.id });
		else await sb.client.unmap({ accounts: [id], partner: partners.mapping.id });
		return {
			event: 'accountMappingChanged',
			change,
			subject: { id, name: `E2E Mapping ${id.slice(-1)}` },
			before: { isMapped: change !== 'mapped' },
			after:
				change === 'mapped'
					? { isMapped: true, mappingId: expect.stringMatching(/^[0-9a-f]{24}$/) }
					: { isMapped: false, mappingId: null },
		};
	},
	// One new account a round. Round 2 also adds one that is mapped when first seen: no event.
	async unmapped(round) {
		await createAccount('unmapped', `e2e-new-${round}`, `E2E New ${round}`);
		if (round === 2) {
			await createAccount('unmapped', 'e2e-new-mapped', 'E2E New (mapped at once)');
			await sb.client.map({ accounts: ['e2e-new-mapped'], partner: partners.unmapped.id });
		}
		return {
			event: 'newUnmappedAccount',
			subject: { id: `e2e-new-${round}`, name: `E2E New ${round}` },
			before: null,
			after: { id: `e2e-new-${round}`, name: `E2E New ${round}`, isMapped: false, mappingId: null },
		};
	},
	// One client a round, appended to a list read two clients a page.
	async clients(round) {
		const [client] = await admin('POST', '/sandbox/clients', {
			name: `E2E Client ${round}`,
			partner: partners.clients.id,
		});
		return {
			event: 'newPsaClient',
			subject: { id: client.id, name: `E2E Client ${round}` },
			before: null,
			after: { id: client.id, name: `E2E Client ${round}`, identifier: client.identifier },
		};
	},
	// A SKU added, renamed, removed; then the SKU of the baseline renamed.
	async catalogue(round) {
		const event = 'serviceCatalogueChanged';
		if (round === 1) {
			skus.backup = await addSku('E2E Backup');
			const { id } = skus.backup;
			return {
				event,
				change: 'added',
				subject: { id, name: 'E2E Backup' },
				before: null,
				after: { id, name: 'E2E Backup', category: 'security', subcategory: 'email security' },
			};
		}
		if (round === 2) {
			const { id } = skus.backup;
			await admin('POST', '/sandbox/services', { rename: [{ id, name: 'E2E Backup Plus' }] });
			return {
				event,
				change: 'renamed',
				subject: { id, name: 'E2E Backup Plus' },
				before: { id, name: 'E2E Backup' },
				after: { id, name: 'E2E Backup Plus' },
			};
		}
		if (round === 3) {
			const { id } = skus.backup;
			await admin('POST', '/sandbox/services', { remove: [id] });
			return {
				event,
				change: 'removed',
				subject: { id, name: 'E2E Backup Plus' },
				before: { id, name: 'E2E Backup Plus' },
				after: null,
			};
		}
		const { id } = skus.edr;
		await admin('POST', '/sandbox/services', { rename: [{ id, name: 'E2E EDR' }] });
		return {
			event,
			change: 'renamed',
			subject: { id, name: 'E2E EDR' },
			before: { id, name: 'E2E Endpoint Protection' },
			after: { id, name: 'E2E EDR' },
		};
	},
	// Stale after 1 hour: each round a newer lastSyncedAt that is already more than an hour old,
	// i.e. a new stale period. The period names the event, so its id is known in advance.
	async stale(round, madeAt) {
		const lastSyncedAt = new Date(madeAt - (5 - round) * HOUR).toISOString();
		await admin('POST', '/sandbox/status', { lastSyncedAt, partner: partners.stale.id });
		return {
			eventId: staleEventId(lastSyncedAt),
			event: 'syncWentStale',
			subject: { id: partners.stale.integrationId, name: partners.stale.name },
			before: { stale: false, lastSyncedAt },
			after: {
				stale: true,
				lastSyncedAt,
				staleSince: new Date(Date.parse(lastSyncedAt) + HOUR).toISOString(),
				staleAfterHours: 1,
			},
		};
	},
};

/**
 * Make round `round`'s change for each of `slots`, and record what each trigger must emit.
 * @param {number} round 1..4
 * @param {Slot[]} [slots]
 */
async function makeChanges(round, slots = SLOTS) {
	rounds[round - 1] ??= /** @type {any} */ ({});
	for (const slot of slots) {
		const madeAt = Date.now();
		rounds[round - 1][slot] = { expected: await CHANGES[slot](round, madeAt), madeAt };
	}
}

/**
 * Every trigger has exactly `round` executions: the newest is this round's, with exactly the one
 * expected item; every earlier one is still the one of its own round.
 * @param {Awaited<ReturnType<typeof triggerExecutions>>} executions
 * @param {number} round
 */
function expectRound(executions, round) {
	expect(executions.filter((execution) => !execution.slot)).toEqual([]);
	const grouped = bySlot(executions);
	for (const slot of SLOTS) {
		const own = grouped[slot];
		expect({ slot, executions: own.length }).toEqual({ slot, executions: round });
		own.forEach((execution, index) => {
			const { expected, madeAt } = rounds[index][slot];
			expect({
				slot,
				round: index + 1,
				mode: execution.mode,
				status: execution.status,
				started: execution.started,
				received: execution.received,
			}).toEqual({
				slot,
				round: index + 1,
				mode: 'trigger',
				status: 'success',
				started: [TRIGGERS[slot].node],
				received: 1,
			});
			expect(execution.items).toHaveLength(1);
			const [item] = execution.items;
			expect(item).toMatchObject({
				eventId: expect.stringMatching(new RegExp(`^${TRIGGERS[slot].event}:[0-9a-f]{32}$`)),
				...expected,
				partner: {
					organizationId: partners[slot].id,
					name: partners[slot].name,
					integrationId: partners[slot].integrationId,
				},
			});
			// observedAt: the poll that saw the change, after it was made.
			expect(Date.parse(item.observedAt)).toBeGreaterThanOrEqual(madeAt - 1000);
		});
	}
	const ids = executions.flatMap((execution) =>
		execution.items.map((/** @type {any} */ item) => item.eventId),
	);
	expect(new Set(ids).size).toBe(ids.length);
}

/** The workflow as imported: its trigger node ids key the durable cursors. */
/** @type {any} */
let workflow;
/** Every execution as the public API returns it, read before n8n stops for good. */
/** @type {any[]} */
let saved = [];
/** The baseline epoch of each trigger's cursor, read from static data after the default rounds. */
/** @type {Record<string, string>} */
const epochs = {};

/**
 * Read n8n's SQLite database (read-only; n8n may be running).
 * @template T
 * @param {(db: import('node:sqlite').DatabaseSync) => T} read
 * @returns {T}
 */
function readDatabase(read) {
	const { DatabaseSync } = require('node:sqlite');
	const db = new DatabaseSync(path.join(e2e.userFolder, '.n8n', 'database.sqlite'), {
		readOnly: true,
	});
	try {
		return read(db);
	} finally {
		db.close();
	}
}

/** The workflow's static data (the default scheduler's cursors), as n8n saved it. */
function savedStaticData() {
	const row = readDatabase((db) =>
		db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(WORKFLOW),
	);
	return JSON.parse(String(row?.staticData ?? 'null'));
}

/**
 * The cursor every trigger must have after `round` rounds: its own event and partner, one change
 * counted per round, the baseline of the first poll, nothing secret, and small.
 * @param {any} stored what the trigger keeps (`{ cursor }`)
 * @param {Slot} slot
 * @param {number} round
 */
function expectCursor(stored, slot, round) {
	expect(Object.keys(stored)).toEqual(['cursor']);
	expect({ slot, ...stored.cursor }).toMatchObject({
		slot,
		v: 1,
		event: TRIGGERS[slot].event,
		scope: partners[slot].id,
		config: slot === 'stale' ? 'staleAfterHours=1' : '',
		seq: round,
	});
	const text = JSON.stringify(stored);
	expect(text.length).toBeLessThan(300);
	expect([...e2e.secrets(), ...nodeKeys].filter((secret) => text.includes(secret))).toEqual([]);
}

beforeAll(async () => {
	const started = Date.now();
	e2e = await createE2e({ name: 'trigger' });
	// Two clients a page: every Get Clients walk spans several pages with previousId.
	sb = await e2e.addSandbox('trigger', { clientsPageSize: 2 });

	const main = defaultPartner(await sb.client.state());
	partners.status = {
		id: main.id,
		integrationId: main.integrationId,
		name: main.name,
		key: sb.sandbox.partnerKey,
		token: sb.sandbox.token,
	};
	/** @type {Record<string, string>} */
	const vars = {};
	for (const slot of SLOTS) {
		const variable = TRIGGERS[slot].key;
		if (variable === null) continue;
		const key = `e2e-trigger-${slot}-partner-key`;
		const created = await admin('POST', '/sandbox/partners', {
			name: `E2E ${TRIGGERS[slot].node} MSP`,
			partnerKey: key,
		});
		const partner = (await sb.client.state()).partners.find(
			(/** @type {any} */ p) => p.id === created.partnerId,
		);
		partners[slot] = {
			id: created.partnerId,
			integrationId: partner.integrationId,
			name: created.name,
			key,
			token: created.token,
		};
		vars[variable] = key;
		nodeKeys.push(key, created.token);
	}

	// What is already true before publishing, and must not be reported.
	await createAccount('mapping', 'e2e-map-1', 'E2E Mapping 1');
	await createAccount('mapping', 'e2e-map-2', 'E2E Mapping 2');
	await createAccount('mapping', 'e2e-map-3', 'E2E Mapping 3');
	await sb.client.map({ accounts: ['e2e-map-3'], partner: partners.mapping.id });
	await createAccount('unmapped', 'e2e-new-0', 'E2E New 0');
	skus.edr = await addSku('E2E Endpoint Protection');
	// Already stale at the baseline: that stale period counts as current state.
	await admin('POST', '/sandbox/status', {
		lastSyncedAt: new Date(Date.now() - 6 * HOUR).toISOString(),
		partner: partners.stale.id,
	});

	// n8n first, then the credential and the workflow through its APIs (no CLI boot). The
	// scheduled polls come at a fixed second, chosen about a minute away: rounds 1 to 3 do not
	// wait for them (one that came anyway would report a change in place of the activation poll,
	// still exactly once); round 4 moves them to just after its restart.
	const startedAt = Date.now();
	await e2e.n8n.start();
	starts.push(Date.now() - startedAt);
	workflow = pollEveryMinuteAt(
		e2e.workflow('trigger-events', { sandbox: sb, vars }),
		secondIn(-5_000),
	);
	await e2e.importAll([workflow]);
	took.setup = Date.now() - started;
});

afterAll(async () => {
	await e2e?.close();
	const phases = Object.entries(took).map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`);
	process.stderr.write(`[trigger e2e] ${phases.join(', ')}\n`);
});

/**
 * Unpublish and publish the workflow again, each waited for: publishing runs one activation poll
 * of every trigger. Resolves once every trigger finished that poll.
 */
async function republish() {
	await e2e.deactivate(WORKFLOW);
	const since = await sb.client.lastSeq();
	await e2e.activate(WORKFLOW);
	await waitForPolls(since, ACTIVATION_MS);
}

describe('default scheduler', () => {
	it('the activation poll at publishing records a silent baseline; a change while n8n runs → exactly one execution per trigger at the next activation', async () => {
		const started = Date.now();
		const since = await sb.client.lastSeq();
		// Resolves once n8n has processed the publication, i.e. run the activation polls; the
		// sandbox's request log shows each trigger's whole poll.
		await e2e.activate(WORKFLOW);
		await waitForPolls(since, ACTIVATION_MS);
		expect(await triggerExecutions()).toEqual([]);
		await makeChanges(1);
		await republish();
		expectRound(await waitForRound(1, ACTIVATION_MS), 1);
		took.round1 = Date.now() - started;
	});

	it('a change made while n8n is stopped → exactly one execution per trigger at the start, nothing repeated', async () => {
		const started = Date.now();
		await e2e.n8n.stop();
		await makeChanges(2);
		const startedAt = Date.now();
		await e2e.n8n.start();
		starts.push(Date.now() - startedAt);
		// The activation poll compares with the stored cursor and reports what changed meanwhile.
		expectRound(await waitForRound(2, ACTIVATION_MS), 2);
		took.round2 = Date.now() - started;
	});

	it('the cursors are in the workflow static data, one per trigger node, small and without a key', async () => {
		await e2e.n8n.stop();
		const staticData = savedStaticData();
		expect(Object.keys(staticData).sort()).toEqual(
			SLOTS.map((slot) => `node:${TRIGGERS[slot].node}`).sort(),
		);
		for (const slot of SLOTS) {
			const stored = staticData[`node:${TRIGGERS[slot].node}`];
			expectCursor(stored, slot, 2);
			epochs[slot] = stored.cursor.epoch;
		}
	});
});

describe('durable cursors (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_POLLER_DURABLE_CURSORS_ENABLED)', () => {
	// Half of the changes are made before the first durable start (its activation poll reports
	// them), half once that activation poll is done (it returned null, which the durable path
	// does not commit: the next poll must still compare with the same baseline).
	const EARLY = /** @type {Slot[]} */ (['status', 'mapping', 'clients']);
	const LATE = /** @type {Slot[]} */ (['unmapped', 'catalogue', 'stale']);

	it('first start: a change made before it (its activation poll) or after its activation poll (the next one, published again) → exactly one execution per trigger', async () => {
		const started = Date.now();
		await makeChanges(3, EARLY);
		const since = await sb.client.lastSeq();
		const startedAt = Date.now();
		await e2e.n8n.start({ env: DURABLE });
		starts.push(Date.now() - startedAt);
		await waitForPolls(since, ACTIVATION_MS);
		const early = bySlot(await waitForRound(3, ACTIVATION_MS, EARLY));
		expect(SLOTS.map((slot) => [slot, early[slot].length])).toEqual(
			SLOTS.map((slot) => [slot, EARLY.includes(slot) ? 3 : 2]),
		);
		await makeChanges(3, LATE);
		await republish();
		expectRound(await waitForRound(3, ACTIVATION_MS), 3);
		took.round3 = Date.now() - started;
	});

	it('a change made while n8n is stopped → exactly one execution per trigger at the first scheduled poll after the start (no activation poll), nothing repeated', async () => {
		const started = Date.now();
		// The scheduled polls move to a second just after the coming restart: stopping, the
		// changes and the start take about as long as the slowest start so far, plus a margin.
		// (Published again to take the new schedule: its activation poll has nothing to report.)
		const second = secondIn(Math.max(...starts) + 8_000);
		await reschedulePolls(e2e, WORKFLOW, second);
		await e2e.n8n.stop();
		await makeChanges(4);
		const since = await sb.client.lastSeq();
		await e2e.n8n.start({ env: DURABLE });
		expectRound(await waitForRound(4, ONE_POLL_MS), 4);
		// The cron path reported it: the first request after the start came at the scheduled
		// second (a minute later if the start took longer), no activation poll before it.
		const [first] = await sb.client.requests({ since });
		const lateBy = (new Date(first.at).getUTCSeconds() - second + 60) % 60;
		expect({ scheduledSecond: second, firstRequest: first.at, lateBySeconds: lateBy }).toEqual({
			scheduledSecond: second,
			firstRequest: first.at,
			lateBySeconds: expect.any(Number),
		});
		expect(lateBy).toBeLessThanOrEqual(5);
		took.round4PollLate = lateBy * 1000;
		took.round4 = Date.now() - started;
	});

	it('one more poll of every trigger (published again) finds nothing: no repeat of the last change', async () => {
		const started = Date.now();
		await republish();
		// An execution of that poll would be committed with its cursor: poller_state's seq, read
		// after n8n stops (next test), would be 5.
		expectRound(await triggerExecutions(), 4);
		saved = await e2e.n8n.executions({ workflowId: WORKFLOW, includeData: true });
		took.lastPoll = Date.now() - started;
	});

	it('the cursors are in poller_state (same baseline epoch as in static data); static data is left as it was', async () => {
		await e2e.n8n.stop();
		const rows =
			/** @type {Array<{ nodeId: string, cursor: string, consecutiveErrors: number }>} */ (
				readDatabase((db) =>
					db
						.prepare(
							'SELECT nodeId, cursor, consecutiveErrors FROM poller_state WHERE workflowId = ?',
						)
						.all(WORKFLOW),
				)
			);
		const nodeIds = Object.fromEntries(
			workflow.nodes.map((/** @type {any} */ node) => [node.name, node.id]),
		);
		expect(rows.map((row) => row.nodeId).sort()).toEqual(
			SLOTS.map((slot) => nodeIds[TRIGGERS[slot].node]).sort(),
		);
		for (const slot of SLOTS) {
			const row = rows.find((r) => r.nodeId === nodeIds[TRIGGERS[slot].node]);
			const stored = JSON.parse(String(row?.cursor));
			expectCursor(stored, slot, 4);
			expect({ slot, epoch: stored.cursor.epoch, errors: row?.consecutiveErrors }).toEqual({
				slot,
				epoch: epochs[slot],
				errors: 0,
			});
		}
		const staticData = savedStaticData();
		for (const slot of SLOTS)
			expect({ slot, seq: staticData[`node:${TRIGGERS[slot].node}`].cursor.seq }).toEqual({
				slot,
				seq: 2,
			});
	});
});

describe('across all four rounds', () => {
	it('no key or token in the emitted data, and n8n logged no trigger error', () => {
		expect(saved).toHaveLength(4 * SLOTS.length);
		// `data` is what the triggers emitted and the workflow did with it. (`workflowData`, n8n's copy
		// of the workflow in each execution, holds the node parameters, Partner API Key included.)
		const text = JSON.stringify(saved.map((execution) => execution.data));
		expect([...e2e.secrets(), ...nodeKeys].filter((secret) => text.includes(secret))).toEqual([]);
		expect(e2e.n8n.log.text()).not.toMatch(
			/reported the error|Failed to commit the poll cursor|poll.*(failed|error)/i,
		);
	});
});
