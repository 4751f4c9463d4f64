import { describeRequest } from '../../api/routes';
import { pool } from '../pool';
import { incidentAlertId } from './incidents';
import type { AlertEntry, AlertLedger } from './ledger';
import { entries } from './ledger';
import type { PlannedSend } from './plan';
import { MAX_TRIES } from './plan';
import type {
	AlertBody,
	AlertPort,
	AlertSettings,
	EarlierChecks,
	IncidentResult,
	StatusResult,
} from './types';

/**
 * Step 3 of an alert sync: the alerts go out, then the run waits for their tickets within one
 * budget for the whole run. Every answer is written to the ledger entry as it comes, so what
 * Synthesize accepted is recorded even if the run stops right after.
 */

/** A queued alert older than this is no longer checked: it counts as sent (never re-sent). */
export const QUEUED_GIVE_UP_DAYS = 7;

const LOST_NOTE =
	'The answer to this alert was lost (Synthesize may have created it). It is NOT sent again, so it cannot become a second ticket. Check the PSA for a ticket for this incident; if there is none, add its id to Resend Incident IDs.';

/** Whether a failed ticket failed because the account is not mapped (then it is unmapped). */
export function mappingFailure(status: { errors: string[]; statusCode?: number | null }): boolean {
	return (
		status.statusCode === 404 || status.errors.some((error) => /\bmap(ped|ping)?\b/i.test(error))
	);
}

function clearQueue(entry: AlertEntry): void {
	delete entry.m;
	delete entry.q;
}

/**
 * What a status answer does to a queued entry (and to the result of this run's alert, if any).
 * Returns what it became.
 */
export function applyStatus(
	entry: AlertEntry,
	status: StatusResult,
	result?: IncidentResult,
): 'success' | 'unmapped' | 'failed' | 'pending' {
	if (status.state === 'success') {
		entry.s = 'sent';
		entry.tk = status.ticketId;
		clearQueue(entry);
		for (const key of ['b', 'k', 'why', 'tries'] as const) delete entry[key];
		if (result) Object.assign(result, { ticketStatus: 'success', ticketId: status.ticketId });
		return 'success';
	}
	if (status.state === 'failed') {
		const errors = status.errors.join('; ') || status.message || 'no reason given';
		const unmapped = mappingFailure(status);
		entry.s = 'owed';
		clearQueue(entry);
		entry.why = `ticket failed: ${errors}`.slice(0, 300);
		if (!unmapped) entry.tries = (entry.tries ?? 0) + 1;
		if (result) {
			result.ticketStatus = 'failed';
			result.outcome = unmapped ? 'unmapped' : 'failed';
			result.note = unmapped
				? `Synthesize accepted the alert but made no ticket: ${errors}. It is sent again, under a new alertId, on a run after the MSP maps the account.`
				: `Synthesize accepted the alert but made no ticket: ${errors}. Sent again under a new alertId on the next run (attempt ${entry.tries} of ${MAX_TRIES}).`;
		}
		return unmapped ? 'unmapped' : 'failed';
	}
	if (status.state === 'unknown' && result) {
		result.ticketStatus = 'unknown';
		result.note = `${status.reason}. The alert is queued; the next run checks it again.`;
	}
	return 'pending';
}

/**
 * Alerts queued by earlier runs, checked first: at most `maxEarlierChecks`, oldest first. Those
 * queued longer than QUEUED_GIVE_UP_DAYS are no longer checked and count as sent.
 */
export async function checkEarlier(
	ledger: AlertLedger,
	settings: AlertSettings,
	port: AlertPort,
	warnings: string[],
): Promise<EarlierChecks> {
	const counts: EarlierChecks = {
		checked: 0,
		ticketed: 0,
		unmapped: 0,
		failed: 0,
		stillPending: 0,
		givenUp: 0,
	};
	const limit = settings.now.getTime() - QUEUED_GIVE_UP_DAYS * 86_400_000;
	const queued = [...entries(ledger)]
		.map(({ entry }) => entry)
		.filter((entry) => entry.s === 'queued')
		.sort((a, b) => Date.parse(a.q ?? '') - Date.parse(b.q ?? ''));
	const toCheck: AlertEntry[] = [];
	for (const entry of queued) {
		if (!entry.m || Date.parse(entry.q ?? '') < limit) {
			entry.s = 'sent';
			entry.why = `queued since ${entry.q ?? '?'}, no longer checked`;
			clearQueue(entry);
			counts.givenUp++;
		} else if (toCheck.length < settings.maxEarlierChecks) toCheck.push(entry);
		else counts.stillPending++;
	}
	if (counts.givenUp > 0)
		warnings.push(
			`${counts.givenUp} alert(s) stayed queued in Synthesize for more than ${QUEUED_GIVE_UP_DAYS} days: they count as sent and are no longer checked.`,
		);
	await pool(toCheck, settings.concurrency, async (entry) => {
		counts.checked++;
		const outcome = applyStatus(entry, await port.status(entry.m as string));
		if (outcome === 'success') counts.ticketed++;
		else if (outcome === 'unmapped') counts.unmapped++;
		else if (outcome === 'failed') counts.failed++;
		else counts.stillPending++;
	});
	return counts;
}

/**
 * Sends the planned alerts. Each answer goes to its ledger entry at once: accepted → queued
 * (with its messageId); 404 → owed, unmapped; refused → owed, retried next run; answer lost →
 * uncertain, never sent again. After a 401, a 403 or a rate limit that outlasted the retries,
 * nothing more is sent in this run (those left are owed).
 */
export async function sendAlerts(
	sends: PlannedSend[],
	settings: AlertSettings,
	port: AlertPort,
): Promise<PlannedSend[]> {
	const accepted: PlannedSend[] = [];
	let stopped: string | undefined;
	await pool(sends, settings.concurrency, async (send) => {
		const { entry, result } = send;
		const alertId = incidentAlertId(
			settings.organizationId,
			send.accountId,
			send.incidentId,
			entry.n + 1,
		);
		const body: AlertBody = { ...send.body, alertId };
		entry.a = alertId;
		result.alertId = alertId;
		if (settings.dryRun) {
			result.outcome = 'planned';
			result.request = describeRequest('createAlert', {
				params: { accountId: send.accountId },
				body: { ...body } as Record<string, string | number>,
			}) as unknown as IncidentResult['request'];
			return;
		}
		if (stopped || port.cancelled()) {
			result.outcome = 'failed';
			result.note = `Not sent: ${stopped ?? 'the execution was cancelled'}. It is sent on the next run.`;
			entry.why = 'not sent yet';
			return;
		}
		const answer = await port.create(send.accountId, body);
		const now = new Date(port.now()).toISOString();
		if (answer.ok) {
			Object.assign(entry, { s: 'queued', n: entry.n + 1, m: answer.messageId, q: now });
			entry.p = Math.max(entry.p ?? 0, body.priority);
			entry.seen = now;
			delete entry.why;
			delete entry.tries;
			Object.assign(result, { outcome: 'sent', messageId: answer.messageId });
			result.ticketStatus = settings.ticketWaitMs > 0 ? 'pending' : 'notWaited';
			accepted.push(send);
			return;
		}
		entry.why = answer.reason.slice(0, 300);
		if (answer.kind === 'uncertain') {
			// It may have been accepted: counted, so a later alert for this incident gets a new alertId.
			entry.n += 1;
			entry.p = Math.max(entry.p ?? 0, body.priority);
			entry.s = 'uncertain';
			entry.why = `answer lost: ${entry.why}`.slice(0, 300);
			result.outcome = 'uncertain';
			result.note = `${LOST_NOTE} (${answer.reason})`;
			return;
		}
		entry.s = 'owed';
		if (answer.kind === 'unmapped') {
			result.outcome = 'unmapped';
			result.note = `${answer.reason}. Sent again on a run after the MSP maps the account.`;
			return;
		}
		result.outcome = 'failed';
		if (answer.kind === 'stop') {
			stopped = `an earlier alert of this run failed with "${answer.reason}"`;
			result.note = `${answer.reason}. Nothing more is sent in this run; it is sent on the next run.`;
			return;
		}
		entry.tries = (entry.tries ?? 0) + 1;
		result.note = `${answer.reason}. Sent again on the next run (attempt ${entry.tries} of ${MAX_TRIES}).`;
	});
	return accepted;
}

/**
 * Polls the status of this run's alerts until each has a ticket or failed, within one budget
 * for the whole run (not one per alert). Returns how long it waited.
 */
export async function waitForTickets(
	accepted: PlannedSend[],
	settings: AlertSettings,
	port: AlertPort,
): Promise<number> {
	const started = port.now();
	let pending = accepted.filter((send) => send.entry.s === 'queued');
	while (pending.length > 0 && !port.cancelled()) {
		if (port.now() - started + settings.pollIntervalMs > settings.ticketWaitMs) break;
		await port.sleep(settings.pollIntervalMs);
		await pool(pending, settings.concurrency, async (send) => {
			applyStatus(send.entry, await port.status(send.entry.m as string), send.result);
		});
		pending = pending.filter((send) => send.entry.s === 'queued');
	}
	return port.now() - started;
}
