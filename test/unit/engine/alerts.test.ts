import { createHash } from 'crypto';

import type {
	AlertBody,
	AlertPort,
	AlertRun,
	AlertSettings,
	CreateResult,
	IncidentRowInput,
} from '../../../nodes/shared/engine/alerts';
import {
	incidentAlertId,
	MAX_LEDGER_INCIDENTS,
	pruneAlertLedger,
	readAlertLedger,
	runAlertSync,
	severityTable,
} from '../../../nodes/shared/engine/alerts';

const ORG = 'org-1';
const NOW = Date.parse('2026-11-27T08:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Message {
	messageId: string;
	accountId: string;
	body: AlertBody;
	polls: number;
	/** Whether it becomes a ticket: the account is mapped when Synthesize processes it. */
	ticket: boolean;
}

/**
 * A Synthesize that does NOT de-duplicate by alertId (every accepted POST is a ticket), with a
 * clock that only moves when the engine sleeps.
 */
function fakeSynthesize(options: { accounts?: Record<string, boolean | undefined> } = {}) {
	const accounts: Record<string, boolean | undefined> = options.accounts ?? {
		'acct-1': true,
		'acct-2': true,
	};
	const messages: Message[] = [];
	let clock = NOW;
	let nextId = 1;
	/** What the next POSTs answer, by incident id (found in the description's last line). */
	const createFaults = new Map<string, CreateResult>();
	/** Polls before a message settles. */
	let pollsToSettle = 1;
	const incidentOf = (body: AlertBody) => /Incident ID: (.+)$/.exec(body.description)?.[1] ?? '';
	const mapped = (accountId: string) => accountId in accounts && accounts[accountId] !== false;
	const accept = (accountId: string, body: AlertBody): Message => {
		const message = {
			messageId: `m${nextId++}`,
			accountId,
			body,
			polls: 0,
			ticket: mapped(accountId),
		};
		messages.push(message);
		return message;
	};
	const port: AlertPort = {
		accounts: async () => Object.entries(accounts).map(([id, isMapped]) => ({ id, isMapped })),
		services: async () => [{ id: '64cc000000000000000000a1', name: 'Managed EDR' }],
		create: async (accountId, body) => {
			const fault = createFaults.get(incidentOf(body));
			if (fault && !fault.ok) {
				createFaults.delete(incidentOf(body));
				// A lost answer: Synthesize applied it.
				if (fault.kind === 'uncertain') accept(accountId, body);
				return fault;
			}
			return { ok: true, messageId: accept(accountId, body).messageId };
		},
		status: async (messageId) => {
			const message = messages.find((m) => m.messageId === messageId);
			if (!message) return { state: 'unknown', reason: 'not found' };
			message.polls++;
			if (message.polls < pollsToSettle) return { state: 'pending' };
			if (message.ticket) return { state: 'success', ticketId: `T-${messageId}` };
			return {
				state: 'failed',
				statusCode: 404,
				errors: [`No account map found with id: ${message.accountId}`],
			};
		},
		sleep: async (ms) => {
			clock += ms;
		},
		now: () => clock,
		cancelled: () => false,
	};
	const ticketsOf = (incidentId: string) =>
		messages.filter((m) => incidentOf(m.body) === incidentId && m.ticket).length;
	return {
		port,
		messages,
		accounts,
		createFaults,
		ticketsOf,
		setPollsToSettle: (n: number) => (pollsToSettle = n),
		advance: (ms: number) => (clock += ms),
		now: () => clock,
	};
}

function settings(overrides: Partial<AlertSettings> = {}): AlertSettings {
	return {
		organizationId: ORG,
		severities: severityTable(1, []),
		reAlertWhen: 'never',
		sendResolved: false,
		forgetAfterDays: 30,
		resendIds: new Set(),
		checkMapping: true,
		ticketWaitMs: 10_000,
		pollIntervalMs: 1000,
		maxEarlierChecks: 100,
		maxRetries: 100,
		concurrency: 3,
		dryRun: false,
		now: new Date(NOW),
		...overrides,
	};
}

let index = 0;
function incident(
	id: string,
	overrides: Partial<Omit<IncidentRowInput, 'index'>> = {},
): IncidentRowInput {
	return {
		index: index++,
		id,
		accountId: 'acct-1',
		title: `Incident ${id}`,
		description: `What happened in ${id}`,
		severity: 'high',
		time: new Date(NOW - HOUR).toISOString(),
		resolved: false,
		...overrides,
	};
}

/** One run; the ledger goes through JSON as a Data Table column would keep it. */
async function run(
	synthesize: ReturnType<typeof fakeSynthesize>,
	rows: IncidentRowInput[],
	previous: AlertRun | undefined,
	overrides: Partial<AlertSettings> = {},
): Promise<AlertRun> {
	const ledger = previous ? JSON.parse(JSON.stringify(previous.ledger)) : undefined;
	return await runAlertSync(
		rows,
		ledger,
		settings({ now: new Date(synthesize.now()), ...overrides }),
		synthesize.port,
	);
}

const outcomes = (result: AlertRun) =>
	Object.fromEntries(result.incidents.map((i) => [i.incidentId, i.outcome]));

describe('the alertId rule', () => {
	it('is inc- and 32 hex of SHA-256(organization, account, incident), then -k from the second alert', () => {
		const digest = createHash('sha256').update('org-1\nacct-1\n4711').digest('hex');
		expect(incidentAlertId('org-1', 'acct-1', '4711', 1)).toBe(`inc-${digest.slice(0, 32)}`);
		expect(incidentAlertId('org-1', 'acct-1', '4711', 3)).toBe(`inc-${digest.slice(0, 32)}-3`);
		expect(incidentAlertId('org-2', 'acct-1', '4711', 1)).not.toBe(
			incidentAlertId('org-1', 'acct-1', '4711', 1),
		);
	});
});

describe('one ticket per incident, without Synthesize de-duplicating', () => {
	it('sends each new incident once; the next runs send nothing for them', async () => {
		const synthesize = fakeSynthesize();
		const input = [incident('a'), incident('b', { accountId: 'acct-2', severity: 'critical' })];
		const first = await run(synthesize, input, undefined);
		expect(outcomes(first)).toEqual({ a: 'sent', b: 'sent' });
		expect(first.incidents.map((i) => i.ticketStatus)).toEqual(['success', 'success']);
		expect(synthesize.messages.map((m) => m.body.priority)).toEqual([3, 4]);
		expect(synthesize.messages[0].body).toMatchObject({
			title: 'Incident a',
			description: 'What happened in a\n\nIncident ID: a',
			alertId: incidentAlertId(ORG, 'acct-1', 'a', 1),
			status: 1,
		});
		const second = await run(synthesize, input, first);
		const third = await run(synthesize, input, second);
		expect(outcomes(third)).toEqual({ a: 'alreadySent', b: 'alreadySent' });
		expect(synthesize.messages).toHaveLength(2);
		expect(synthesize.ticketsOf('a')).toBe(1);
		expect(third.summary.incidents).toMatchObject({ sent: 0, alreadySent: 2 });
	});

	it('waits for tickets within one budget for the run; one still queued is checked first next run, not sent again', async () => {
		const synthesize = fakeSynthesize();
		synthesize.setPollsToSettle(100);
		const input = [incident('a'), incident('b'), incident('c')];
		const first = await run(synthesize, input, undefined, {
			ticketWaitMs: 3000,
			pollIntervalMs: 1000,
		});
		// Three alerts, one budget: 3 polls of each, 3 s in all (not 3 s per alert).
		expect(first.summary.ticketWait.waitedMs).toBe(3000);
		expect(first.summary.alerts).toMatchObject({ accepted: 3, pending: 3 });
		expect(first.ledger.incidents['acct-1'].a).toMatchObject({ s: 'queued', m: 'm1' });
		synthesize.setPollsToSettle(0);
		const second = await run(synthesize, [], first);
		expect(second.summary.earlier).toMatchObject({ checked: 3, ticketed: 3 });
		expect(second.ledger.incidents['acct-1'].a).toMatchObject({ s: 'sent', tk: 'T-m1' });
		expect(synthesize.messages).toHaveLength(3);
	});

	it('an alert whose answer was lost is uncertain: reported on Failed, never sent again unless named', async () => {
		const synthesize = fakeSynthesize();
		synthesize.createFaults.set('b', {
			ok: false,
			kind: 'uncertain',
			reason: 'Synthesize failed to process the request (502)',
		});
		const input = [incident('a'), incident('b')];
		const first = await run(synthesize, input, undefined);
		expect(outcomes(first)).toEqual({ a: 'sent', b: 'uncertain' });
		expect(first.incidents[1].note).toMatch(/NOT sent again/);
		expect(first.summary.uncertainIncidents).toEqual([
			{ incidentId: 'b', accountId: 'acct-1', alertId: incidentAlertId(ORG, 'acct-1', 'b', 1) },
		]);
		const second = await run(synthesize, input, first);
		expect(outcomes(second)).toEqual({ a: 'alreadySent', b: 'alreadySent' });
		expect(second.incidents[1].note).toMatch(/uncertain since an earlier run/);
		// Synthesize applied the lost one: exactly one ticket each, and nothing re-sent.
		expect(synthesize.ticketsOf('b')).toBe(1);
		expect(synthesize.messages).toHaveLength(2);
		const resent = await run(synthesize, input, second, { resendIds: new Set(['b']) });
		expect(outcomes(resent)).toEqual({ a: 'alreadySent', b: 'sent' });
		// The lost alert may exist: the resend is another alert, under the next alertId.
		expect(resent.incidents[1]).toMatchObject({
			reason: 'resend',
			alertId: incidentAlertId(ORG, 'acct-1', 'b', 2),
		});
	});

	it('an incident whose alert is uncertain is re-alerted on a change only as asked, under the next alertId', async () => {
		const synthesize = fakeSynthesize();
		synthesize.createFaults.set('a', { ok: false, kind: 'uncertain', reason: 'socket hang up' });
		const first = await run(synthesize, [incident('a', { severity: 'medium' })], undefined);
		const same = await run(synthesize, [incident('a', { severity: 'medium' })], first, {
			reAlertWhen: 'severityRaised',
		});
		expect(outcomes(same)).toEqual({ a: 'alreadySent' });
		const raised = await run(synthesize, [incident('a', { severity: 'critical' })], same, {
			reAlertWhen: 'severityRaised',
		});
		expect(raised.incidents[0]).toMatchObject({
			outcome: 'sent',
			reason: 'severityRaised',
			alertId: incidentAlertId(ORG, 'acct-1', 'a', 2),
		});
		// The lost one (applied) and the re-alert: the documented two.
		expect(synthesize.ticketsOf('a')).toBe(2);
	});

	it('an account Synthesize says is unmapped gets no alert; once mapped, the owed alert goes out from the ledger', async () => {
		const synthesize = fakeSynthesize({ accounts: { 'acct-1': true, 'acct-2': false } });
		const first = await run(
			synthesize,
			[incident('a'), incident('u', { accountId: 'acct-2' })],
			undefined,
		);
		expect(outcomes(first)).toEqual({ a: 'sent', u: 'unmapped' });
		expect(first.incidents[1].note).toMatch(/not mapped/);
		expect(synthesize.messages).toHaveLength(1);
		// Still unmapped, and no longer in the input (the cursor moved on): not retried, not lost.
		const second = await run(synthesize, [], first);
		expect(second.summary.retriedFromLedger).toBe(0);
		expect(second.ledger.incidents['acct-2'].u).toMatchObject({ s: 'owed', n: 0 });
		synthesize.accounts['acct-2'] = true;
		const third = await run(synthesize, [], second);
		expect(third.summary.retriedFromLedger).toBe(1);
		expect(third.incidents).toEqual([
			expect.objectContaining({ incidentId: 'u', outcome: 'sent', reason: 'retry', rows: [] }),
		]);
		expect(synthesize.messages[1].body.alertId).toBe(incidentAlertId(ORG, 'acct-2', 'u', 1));
		expect(synthesize.ticketsOf('u')).toBe(1);
	});

	it('a ticket that failed for a mapping reason is retried under a new alertId; a missing account too', async () => {
		const synthesize = fakeSynthesize({ accounts: { 'acct-1': true, 'acct-2': false } });
		const input = [incident('u', { accountId: 'acct-2' }), incident('x', { accountId: 'acct-9' })];
		const first = await run(synthesize, input, undefined, { checkMapping: false });
		expect(outcomes(first)).toEqual({ u: 'unmapped', x: 'unmapped' });
		expect(first.incidents[0]).toMatchObject({ ticketStatus: 'failed' });
		expect(first.ledger.incidents['acct-2'].u).toMatchObject({ s: 'owed', n: 1 });
		synthesize.accounts['acct-2'] = true;
		synthesize.accounts['acct-9'] = true;
		const second = await run(synthesize, input, first, { checkMapping: false });
		expect(outcomes(second)).toEqual({ u: 'sent', x: 'sent' });
		expect(second.incidents[0].alertId).toBe(incidentAlertId(ORG, 'acct-2', 'u', 2));
		expect(synthesize.ticketsOf('u')).toBe(1);
		expect(synthesize.ticketsOf('x')).toBe(1);
	});
});

describe('changes', () => {
	it('re-alerts only as asked: a raised severity gets a second alert with a new alertId; resolving sends nothing', async () => {
		const synthesize = fakeSynthesize();
		const first = await run(synthesize, [incident('a', { severity: 'medium' })], undefined);
		const lower = await run(synthesize, [incident('a', { severity: 'low' })], first, {
			reAlertWhen: 'severityRaised',
		});
		expect(outcomes(lower)).toEqual({ a: 'alreadySent' });
		const never = await run(synthesize, [incident('a', { severity: 'critical' })], lower);
		expect(outcomes(never)).toEqual({ a: 'alreadySent' });
		const raised = await run(synthesize, [incident('a', { severity: 'critical' })], never, {
			reAlertWhen: 'severityRaised',
		});
		expect(outcomes(raised)).toEqual({ a: 'sent' });
		expect(raised.incidents[0]).toMatchObject({
			reason: 'severityRaised',
			alertId: incidentAlertId(ORG, 'acct-1', 'a', 2),
		});
		expect(synthesize.messages[1].body.title).toBe(
			'[Severity raised: Medium → Very High] Incident a',
		);
		expect(raised.summary.reAlerts).toBe(1);
		const again = await run(
			synthesize,
			[incident('a', { severity: 'critical', resolved: true })],
			raised,
			{
				reAlertWhen: 'severityRaisedOrReopened',
			},
		);
		expect(outcomes(again)).toEqual({ a: 'alreadySent' });
		expect(synthesize.messages).toHaveLength(2);
	});

	it('a reopened incident is re-alerted only under Severity Raised or Reopened', async () => {
		const synthesize = fakeSynthesize();
		const first = await run(synthesize, [incident('a')], undefined);
		const resolved = await run(synthesize, [incident('a', { resolved: true })], first);
		const reopenedNoPolicy = await run(synthesize, [incident('a')], resolved, {
			reAlertWhen: 'severityRaised',
		});
		expect(outcomes(reopenedNoPolicy)).toEqual({ a: 'alreadySent' });
		const resolvedAgain = await run(
			synthesize,
			[incident('a', { resolved: 'true' })],
			reopenedNoPolicy,
		);
		const reopened = await run(synthesize, [incident('a', { resolved: 0 })], resolvedAgain, {
			reAlertWhen: 'severityRaisedOrReopened',
		});
		expect(outcomes(reopened)).toEqual({ a: 'sent' });
		expect(synthesize.messages[1].body.title).toBe('[Reopened] Incident a');
	});

	it('an incident resolved before it was ever sent gets no alert, unless Send Resolved Incidents is on', async () => {
		const synthesize = fakeSynthesize();
		const off = await run(synthesize, [incident('r', { resolved: true })], undefined);
		expect(outcomes(off)).toEqual({ r: 'skipped' });
		expect(off.ledger.incidents).toEqual({});
		const on = await run(synthesize, [incident('r', { resolved: true })], off, {
			sendResolved: true,
		});
		expect(outcomes(on)).toEqual({ r: 'sent' });
	});

	it('an owed alert whose incident resolves first is dropped', async () => {
		const synthesize = fakeSynthesize({ accounts: { 'acct-1': false } });
		const first = await run(synthesize, [incident('a')], undefined);
		expect(outcomes(first)).toEqual({ a: 'unmapped' });
		synthesize.accounts['acct-1'] = true;
		const second = await run(synthesize, [incident('a', { resolved: true })], first);
		expect(outcomes(second)).toEqual({ a: 'skipped' });
		expect(second.ledger.incidents).toEqual({});
		expect(synthesize.messages).toHaveLength(0);
	});
});

describe('a run that never finished', () => {
	it('sends what the dead run cannot have seen; everything it could have sent becomes uncertain', async () => {
		const synthesize = fakeSynthesize({ accounts: { 'acct-1': true, 'acct-2': false } });
		const first = await run(
			synthesize,
			[incident('old'), incident('owed', { accountId: 'acct-2' })],
			undefined,
		);
		synthesize.accounts['acct-2'] = true;
		synthesize.advance(HOUR);
		const since = new Date(synthesize.now() - 10 * 60_000);
		const input = [
			incident('old'),
			incident('before', { time: new Date(since.getTime() - 1000).toISOString() }),
			incident('after', { time: new Date(since.getTime() + 1000).toISOString() }),
		];
		const next = await run(synthesize, input, first, { unfinishedRunSince: since });
		expect(outcomes(next)).toEqual({
			old: 'alreadySent',
			before: 'uncertain',
			after: 'sent',
			owed: 'uncertain',
		});
		expect(next.incidents.find((i) => i.incidentId === 'before')?.note).toMatch(/did not finish/);
		const later = await run(synthesize, input, next);
		expect(outcomes(later)).toEqual({
			old: 'alreadySent',
			before: 'alreadySent',
			after: 'alreadySent',
		});
		expect(
			synthesize.messages.map((m) => /Incident ID: (.+)$/.exec(m.body.description)?.[1]),
		).toEqual(['old', 'after']);
	});
});

describe('input', () => {
	it('bad items go to problems with a reason; the others are sent; duplicates are one incident; empty items are nothing', async () => {
		const synthesize = fakeSynthesize();
		const rows = [
			incident('a'),
			incident('', {}),
			incident('c', { accountId: undefined }),
			incident('d', { title: '  ' }),
			incident('e', { severity: 'apocalyptic' }),
			incident('f', { time: 'yesterday' }),
			incident('g', { resolved: 'maybe' }),
			incident('a', { title: 'Incident a (updated)' }),
			{
				index: index++,
				id: undefined,
				accountId: undefined,
				title: undefined,
				description: undefined,
				severity: undefined,
				time: undefined,
				empty: true,
			},
		];
		const result = await run(synthesize, rows, undefined);
		expect(result.problems.map((p) => p.reason)).toEqual([
			'Incident ID is empty',
			'Account ID is missing',
			'Title is empty',
			'Severity "apocalyptic" is not mapped',
			'Time "yesterday" is not a date',
			'Resolved "maybe" is not true or false',
		]);
		expect(result.problems[3].fix).toMatch(/Severity Mapping/);
		expect(outcomes(result)).toEqual({ a: 'sent' });
		expect(result.incidents[0].rows).toEqual([rows[0].index, rows[7].index]);
		expect(synthesize.messages[0].body.title).toBe('Incident a (updated)');
		expect(result.summary.rows).toEqual({ input: 8, empty: 1, invalid: 6 });
	});

	it('severities map to priorities, with the user mapping and its ticket status first; epoch seconds are times', async () => {
		const synthesize = fakeSynthesize();
		const severities = severityTable(2, [{ severity: 'Malicious', priority: 4, status: 5 }]);
		await run(
			synthesize,
			[
				incident('a', { severity: 'MALICIOUS', time: Math.floor(NOW / 1000) - 60 }),
				incident('b', { severity: 'Moderate' }),
				incident('c', { severity: 1 }),
			],
			undefined,
			{ severities },
		);
		expect(synthesize.messages.map((m) => [m.body.priority, m.body.status])).toEqual([
			[4, 5],
			[2, 2],
			[1, 2],
		]);
	});

	it('refuses a ledger that is not an alert ledger rather than start empty and send everything again', () => {
		expect(() => readAlertLedger({ version: 1, counts: {} })).toThrow(/not an alert ledger/);
		expect(readAlertLedger('')).toMatchObject({ kind: 'alerts', incidents: {} });
	});
});

describe('the ledger stays bounded', () => {
	it('forgets incidents resolved or unseen for Forget After days, and never sends one created before what it forgot', async () => {
		const synthesize = fakeSynthesize();
		const first = await run(synthesize, [incident('a'), incident('b')], undefined);
		synthesize.advance(2 * DAY);
		const resolved = await run(synthesize, [incident('a', { resolved: true })], first);
		synthesize.advance(31 * DAY);
		const later = await run(
			synthesize,
			[incident('c', { time: new Date(synthesize.now()).toISOString() })],
			resolved,
		);
		expect(later.summary.pruned).toBe(2);
		expect(Object.keys(later.ledger.incidents['acct-1'])).toEqual(['c']);
		expect(later.ledger.forgottenBefore).toBe(new Date(NOW - HOUR).toISOString());
		// "b" changes after being forgotten: it is not sent a second time.
		const changed = await run(synthesize, [incident('b', { severity: 'critical' })], later);
		expect(outcomes(changed)).toEqual({ b: 'skipped' });
		expect(synthesize.ticketsOf('b')).toBe(1);
	});

	it('drops the oldest seen beyond the hard cap', () => {
		const ledger = readAlertLedger(undefined);
		for (let n = 0; n < 5; n++)
			ledger.incidents[`acct-${n}`] = {
				i: {
					s: 'sent',
					t: new Date(NOW - n * DAY).toISOString(),
					seen: new Date(NOW - n * HOUR).toISOString(),
					sev: 1,
					n: 1,
				},
			};
		expect(pruneAlertLedger(ledger, new Date(NOW), 30, 3)).toBe(2);
		expect(Object.keys(ledger.incidents).sort()).toEqual(['acct-0', 'acct-1', 'acct-2']);
		expect(MAX_LEDGER_INCIDENTS).toBe(20_000);
	});
});

describe('failures while sending', () => {
	it('after a 401 nothing more is sent in the run; the alerts left are owed and go out next run', async () => {
		const synthesize = fakeSynthesize();
		synthesize.createFaults.set('a', {
			ok: false,
			kind: 'stop',
			reason: 'Synthesize did not accept the API keys (401)',
		});
		const input = [incident('a'), incident('b'), incident('c')];
		const first = await run(synthesize, input, undefined, { concurrency: 1 });
		expect(outcomes(first)).toEqual({ a: 'failed', b: 'failed', c: 'failed' });
		expect(first.incidents[1].note).toMatch(/^Not sent: an earlier alert/);
		expect(synthesize.messages).toHaveLength(0);
		const second = await run(synthesize, input, first);
		expect(outcomes(second)).toEqual({ a: 'sent', b: 'sent', c: 'sent' });
		expect(second.incidents.map((i) => i.alertId)).toEqual(
			['a', 'b', 'c'].map((id) => incidentAlertId(ORG, 'acct-1', id, 1)),
		);
	});

	it('a dry run sends nothing and shows the exact request', async () => {
		const synthesize = fakeSynthesize();
		const dry = await run(synthesize, [incident('a')], undefined, { dryRun: true });
		expect(outcomes(dry)).toEqual({ a: 'planned' });
		expect(dry.incidents[0].request).toEqual({
			method: 'POST',
			path: '/api/vendor-api/alerting/acct-1',
			body: expect.objectContaining({
				alertId: incidentAlertId(ORG, 'acct-1', 'a', 1),
				priority: 3,
			}),
		});
		expect(synthesize.messages).toHaveLength(0);
	});
});
