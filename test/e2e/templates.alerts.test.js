// @ts-check
'use strict';
/**
 * The six alert-sync templates (Huntress, SentinelOne, NinjaOne, Datto RMM, Auvik, REST JSON),
 * imported into one real n8n 2.41 under `n8n start` (the Data Table module runs only there) and
 * run by their real Schedule Trigger, all six at the same second, each against its vendor
 * fixture and its own Synthesize sandbox in STRICT mode: the sandbox does not de-duplicate by
 * alertId, so every POST it accepts is a ticket, and "one ticket per incident" is the package's
 * own doing.
 *
 *   round 1  stage 1 of the incident timeline (sandbox/vendors/incidents.js); the account of #5
 *            is not mapped; the answer to the second alert POST is lost after Synthesize applied
 *            it (a 502 in the "after" phase)
 *   round 2  #5's account mapped; stage 2: #2 severity raised, #3 resolved, #8 new
 *   restart  n8n stopped and started again
 *   round 3  stage 3: #3 reopened, #4 resolved, #9 new
 *   round 4  round 3 is made to look as if it died: its state row goes back to what round 2
 *            saved, with round 3's lease never released; the same stage is read again
 *   round 5  Synthesize refuses every call (403): the run fails before any alert and releases
 *            its lease, keeping the ledger and the cursor
 *
 * Then, per template: tickets per incident exactly as the timeline and the template's Re-Alert
 * When setting say (no duplicate, nothing lost); the lost answer's incident has its one ticket
 * and was never posted again; the unmapped incident arrived once mapped; round 4 sent nothing,
 * reported what the dead run may have sent as uncertain, and released the lease.
 */
const axios = require('axios').default;
const { createE2e } = require('../../tools/lib/e2e');
const { startVendorFixture } = require('../../sandbox/vendors');
const { expectedTickets } = require('../../sandbox/vendors/incidents');
const { configureTemplate } = require('../../tools/lib/templates');
const { ALERT_SPECS } = require('./alerts/specs');
const { fireSchedulesOnce, stateRows, setStateRow, outputOf } = require('./alerts/n8n-state');

jest.setTimeout(15 * 60_000);

const INCIDENT_LINE = '^Incident ID: (.+)$';

/**
 * @typedef {object} Env
 * @property {import('./alerts/specs').AlertSpec} spec
 * @property {import('../../tools/lib/e2e').SandboxHandle} handle
 * @property {import('../../sandbox/vendors/http').VendorFixture} fixture
 * @property {Array<[string, string]>} accounts
 * @property {string} workflowId
 * @property {string} stateKey
 * @property {any[]} runs the execution of each round
 */

/** @type {Awaited<ReturnType<typeof createE2e>>} */
let e2e;
/** @type {import('../../sandbox/vendors/http').VendorFixture} */
let sink;
/** @type {Record<string, Env>} */
const envs = {};
/** @type {Record<string, number>} */
const timings = {};
/** @type {Record<string, any>} the state rows after round 2 (what a run that died in round 3 leaves) */
let rowsAfterRound2 = {};
/** @type {Record<string, any>} the state rows after round 4 */
let rowsAfterRound4 = {};

const keys = ALERT_SPECS.map((spec) => spec.key);

/** Per incident number: tickets and POSTs the sandbox received, and which alertIds. @param {Env} env */
async function received(env) {
	const summary = (
		await axios.get(`${env.handle.sandbox.url}/sandbox/alerts/summary`, { params: { incident: INCIDENT_LINE } })
	).data.partners[0];
	/** @type {Record<number, { tickets: number, posts: number, alertIds: string[] }>} */
	const byNumber = {};
	for (const row of summary.incidents) {
		const n = env.spec.numberOf(row.incident);
		expect([row.incident, Number.isInteger(n)]).toEqual([row.incident, true]);
		byNumber[n] = { tickets: row.tickets, posts: row.posts, alertIds: row.alertIds };
	}
	return { byNumber, summary };
}

/** @param {Env} env @param {number} round @param {number} output */
const outputs = (env, round, output) => outputOf(env.runs[round], 'Sync alerts', output);
/** @param {Env} env @param {number} round */
const summaryOf = (env, round) => outputs(env, round, 0)[0];
/** The timeline numbers of the incidents on one output. @param {Env} env @param {number} round @param {number} output */
const numbersOn = (env, round, output) =>
	outputs(env, round, output)
		.map((json) => env.spec.numberOf(json.incidentId))
		.sort((a, b) => a - b);

/** @param {number} round */
async function runRound(round) {
	const started = Date.now();
	const executions = await fireSchedulesOnce(e2e.n8n, keys.map((key) => envs[key].workflowId));
	for (const key of keys) envs[key].runs[round] = executions[envs[key].workflowId];
	timings[`round${round + 1}Ms`] = Date.now() - started;
}

beforeAll(async () => {
	const started = Date.now();
	e2e = await createE2e({ name: 'templates-alerts' });
	sink = await startVendorFixture('generic');
	/** @type {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} */
	const credentials = [];
	const workflows = [];
	for (const spec of ALERT_SPECS) {
		const handle = await e2e.addSandbox(`alerts-${spec.key}`, { alertDedupe: false, alertTicketDelayMs: 300 });
		const fixture = await startVendorFixture(spec.fixture, { dataset: 'incidents-1' });
		const accounts = spec.accounts(fixture.dataset());
		// What the usage sync of the same vendor creates; the MSP mapped all but the fourth.
		await handle.client.vendor('POST', '/organization/accounts', accounts.map(([id, name]) => ({ id, name })));
		await handle.client.map({ accounts: accounts.slice(0, 3).map(([id]) => id) });
		// The answer to the second alert POST is lost after the sandbox processed it.
		await axios.post(`${handle.sandbox.url}/sandbox/faults`, {
			seed: 1,
			rules: [{ route: 'createAlert', type: 'status', statuses: [502], phase: 'after', count: 1, skip: 1 }],
		});
		/** @type {Record<string, string>} */
		const ids = {};
		for (const [type, data] of Object.entries(spec.credentials(fixture))) {
			const id = `alertCred${String(credentials.length + 1).padStart(7, '0')}`;
			credentials.push({ id, name: `${spec.key} ${type}`, type, data: /** @type {Record<string, unknown>} */ (data) });
			ids[type] = id;
		}
		const wf = configureTemplate(
			e2e.workflow(`workflows/${spec.template}`, { sandbox: handle }),
			{
				[spec.setting]: fixture.url,
				reAlertWhen: spec.reAlertWhen,
				leaseSeconds: 120,
				ticketWaitSeconds: 10,
				ticketPollSeconds: 1,
				notifyWebhookUrl: `${sink.url}/notify/${spec.key}`,
			},
			ids,
		);
		workflows.push(wf);
		const settings = wf.nodes.find((/** @type {any} */ n) => n.name === 'Settings').parameters.assignments.assignments;
		const stateKey = settings.find((/** @type {any} */ a) => a.name === 'stateKey').value;
		envs[spec.key] = { spec, handle, fixture, accounts, workflowId: wf.id, stateKey, runs: [] };
	}
	// n8n first (its own: a restart below), then the credentials and workflows through its APIs
	// instead of two CLI boots.
	const boot = await e2e.n8n.start();
	timings.startMs = boot.ms;
	await e2e.importAll(workflows, credentials);
	timings.importMs = Date.now() - started;

	await runRound(0);
	for (const env of Object.values(envs)) {
		await env.handle.client.map({ accounts: [env.accounts[3][0]] });
		env.fixture.setDataset('incidents-2');
	}
	await runRound(1);
	rowsAfterRound2 = await stateRows(e2e.n8n);
	const restarted = Date.now();
	await e2e.n8n.restart();
	timings.restartMs = Date.now() - restarted;
	for (const env of Object.values(envs)) env.fixture.setDataset('incidents-3');
	await runRound(2);
	// Round 3 "died": its sends happened, but its state row holds what round 2 saved and its lease.
	const round3Rows = await stateRows(e2e.n8n);
	for (const env of Object.values(envs)) {
		const round3 = env.runs[2];
		const claimed = outputOf(round3, 'Claim lease')[0];
		await setStateRow(e2e.n8n, env.stateKey, {
			ledger: rowsAfterRound2[env.stateKey].ledger,
			cursor: rowsAfterRound2[env.stateKey].cursor,
			leaseOwner: String(round3.id),
			leaseSince: claimed.leaseSince,
			leaseUntil: Date.now() - 1000,
		});
		expect(round3Rows[env.stateKey].leaseOwner).toBe('');
	}
	await runRound(3);
	rowsAfterRound4 = await stateRows(e2e.n8n);
	for (const env of Object.values(envs))
		await axios.post(`${env.handle.sandbox.url}/sandbox/faults`, { seed: 2, rules: [{ type: 'forbidden' }] });
	await runRound(4);
	timings.totalMs = Date.now() - started;
	process.stderr.write(`[alerts e2e] ${JSON.stringify(timings)}\n`);
});

afterAll(async () => {
	for (const env of Object.values(envs)) await env.fixture?.close();
	await sink?.close();
	await e2e?.close();
});

describe.each(keys)('%s alert sync, strict Synthesize (no de-duplication by alertId)', (key) => {
	/** @type {Env} */
	let env;
	beforeAll(() => {
		env = envs[key];
	});

	it('every run succeeds on its schedule and leaves the lease released', async () => {
		for (const run of env.runs.slice(0, 4)) {
			expect([run.mode, run.status, run.data.resultData.error?.message]).toEqual(['trigger', 'success', undefined]);
			expect(outputOf(run, 'Skipped')).toEqual([]);
			expect(outputOf(run, 'Save state')).toHaveLength(1);
		}
		const row = (await stateRows(e2e.n8n))[env.stateKey];
		expect(row.leaseOwner).toBe('');
		expect(row.leaseUntil).toBeLessThanOrEqual(Date.now());
		expect(Date.parse(row.cursor)).toBe(outputOf(env.runs[3], 'Check lease')[0].untilMs);
		expect(JSON.parse(row.ledger)).toMatchObject({ kind: 'alerts' });
	});

	it('round 5, Synthesize refusing everything: the run fails before any alert, releases its lease and keeps ledger and cursor', async () => {
		const run = env.runs[4];
		expect(run.status).toBe('success');
		const [summary] = outputs(env, 4, 0);
		expect(summary.error).toMatch(/403/);
		expect(summary.alertsAttempted).toBeUndefined();
		expect(outputOf(run, 'Release lease')).toHaveLength(1);
		expect(outputOf(run, 'Run report')[0].text).toMatch(/failed before any alert was sent/);
		const row = (await stateRows(e2e.n8n))[env.stateKey];
		const before = rowsAfterRound4[env.stateKey];
		expect([row.leaseOwner, row.ledger, row.cursor]).toEqual(['', before.ledger, before.cursor]);
	});

	it('round 1: every new open incident is sent once; #5 waits on its unmapped account; #6 (resolved before) gets nothing; one lost answer is uncertain', async () => {
		const summary = summaryOf(env, 0);
		expect(summary.incidents).toMatchObject({ sent: 4, unmapped: 1, skipped: 1, uncertain: 1, failed: 0 });
		expect(numbersOn(env, 0, 3)).toEqual([5]);
		expect(numbersOn(env, 0, 2)).toEqual([6]);
		const [lost] = outputs(env, 0, 4);
		expect(lost).toMatchObject({ outcome: 'uncertain', note: expect.stringMatching(/NOT sent again/) });
		expect(summary.uncertainIncidents).toEqual([expect.objectContaining({ incidentId: lost.incidentId })]);
		expect([...numbersOn(env, 0, 1), env.spec.numberOf(lost.incidentId)].sort()).toEqual([1, 2, 3, 4, 7]);
		expect(outputs(env, 0, 1).every((sent) => sent.ticketStatus === 'success' && /^\d+$/.test(sent.ticketId))).toBe(true);
	});

	it('round 2: #5 is sent once its account is mapped, #8 is new, #2 is re-alerted only if the template says so', async () => {
		const expectSent = [5, 8, ...(env.spec.reAlertWhen === 'never' ? [] : [2])].sort();
		expect(numbersOn(env, 1, 1)).toEqual(expectSent);
		const five = outputs(env, 1, 1).find((json) => env.spec.numberOf(json.incidentId) === 5);
		expect(five).toMatchObject({ reason: 'retry', ticketStatus: 'success' });
		expect(summaryOf(env, 1).incidents).toMatchObject({ failed: 0, uncertain: 0, unmapped: 0 });
	});

	it('round 3 (after a restart of n8n): #9 is new, #3 reopened is re-alerted only if the template says so, nothing else', async () => {
		const expectSent = [9, ...(env.spec.reAlertWhen === 'severityRaisedOrReopened' ? [3] : [])].sort();
		expect(numbersOn(env, 2, 1)).toEqual(expectSent);
		expect(summaryOf(env, 2).incidents).toMatchObject({ failed: 0, uncertain: 0, unmapped: 0 });
		// #8, sent in round 2, is read again through the cursor's overlap: nothing is sent for it.
		expect(numbersOn(env, 2, 2)).toContain(8);
	});

	it('round 4, after a run that died: nothing is sent again; what the dead run may have sent is reported uncertain', async () => {
		expect(outputOf(env.runs[3], 'Check lease')[0].unfinishedRunSince).toBe(outputOf(env.runs[2], 'Claim lease')[0].leaseSince);
		expect(outputs(env, 3, 1)).toEqual([]);
		const mayHave = [9, ...(env.spec.reAlertWhen === 'severityRaisedOrReopened' ? [3] : [])].sort();
		expect(numbersOn(env, 3, 4)).toEqual(mayHave);
		for (const json of outputs(env, 3, 4)) expect(json.note).toMatch(/did not finish/);
	});

	it('in the end: exactly the tickets the timeline and the setting say — no duplicate, none lost; the lost answer has its one ticket', async () => {
		const { byNumber, summary } = await received(env);
		const expected = expectedTickets(3, env.spec.reAlertWhen);
		const tickets = Object.fromEntries(Object.entries(byNumber).map(([n, row]) => [n, row.tickets]));
		expect(tickets).toEqual(Object.fromEntries(Object.entries(expected).map(([n, count]) => [n, count])));
		expect(summary.duplicates.alertIds).toEqual([]);
		// One POST per ticket: nothing was sent twice and no alert failed.
		for (const [n, row] of Object.entries(byNumber)) expect([n, row.posts]).toEqual([n, row.tickets]);
		expect(summary.totals).toMatchObject({ failed: 0, pending: 0 });
		// The lost answer: Synthesize made its ticket, and that alert was never posted again (a
		// re-alert of the same incident, when the template asks for one, is another alert).
		const [lost] = outputs(env, 0, 4);
		expect(byNumber[env.spec.numberOf(lost.incidentId)].tickets).toBe(expected[env.spec.numberOf(lost.incidentId)]);
		expect(summary.alerts.find((/** @type {any} */ a) => a.alertId === lost.alertId)).toMatchObject({ posts: 1, tickets: 1 });
	});
});

it('the run reports reach the chat only when something needs a look', () => {
	for (const key of keys) {
		const texts = sink.received.filter((r) => r.path === `/notify/${key}`).map((r) => r.body.text);
		expect(texts.length).toBeGreaterThanOrEqual(3);
		expect(texts[0]).toMatch(/alert\(s\) sent, .* 1 uncertain \(check the PSA for: /);
	}
});
