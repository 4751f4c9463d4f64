import { ALERT_PRIORITIES } from '../../contract';
import type { Incident } from './incidents';
import { incidentFooter } from './incidents';
import type { AlertEntry, AlertLedger } from './ledger';
import { deleteEntry, entries, getEntry, setEntry } from './ledger';
import type { AlertBody, AlertSettings, IncidentResult, SendReason } from './types';

/**
 * Step 2 of an alert sync: for each incident, what the ledger says was sent, and whether an
 * alert goes out now. Nothing is sent here; the ledger entries are created or updated, and
 * each alert to send is a PlannedSend that step 3 (send.ts) carries out.
 */

/** Refusals or failed tickets of one alert after which it is no longer retried by itself. */
export const MAX_TRIES = 5;

export interface PlannedSend {
	accountId: string;
	incidentId: string;
	entry: AlertEntry;
	body: Omit<AlertBody, 'alertId'>;
	reason: SendReason;
	result: IncidentResult;
}

const priorityName = (value: number): string =>
	ALERT_PRIORITIES.find((priority) => priority.value === value)?.name ?? String(value);

/** The alert's body; a re-alert says what changed in its title. */
export function alertBody(
	incident: Incident,
	reason: SendReason,
	previousPriority?: number,
): Omit<AlertBody, 'alertId'> {
	const prefix =
		reason === 'severityRaised'
			? `[Severity raised: ${priorityName(previousPriority ?? 1)} → ${priorityName(incident.priority)}] `
			: reason === 'reopened'
				? '[Reopened] '
				: '';
	const body: Omit<AlertBody, 'alertId'> = {
		title: `${prefix}${incident.title}`.slice(0, 1000),
		description: `${incident.description}\n\n${incidentFooter(incident.id)}`,
		priority: incident.priority,
		status: incident.status,
	};
	if (incident.service) body.serviceId = incident.service;
	return body;
}

const UNFINISHED_NOTE = (since: Date) =>
	`A previous run started at ${since.toISOString()} did not finish: it may have sent this alert before it died. It is not sent again, so it cannot become a second ticket. Check the PSA for a ticket for this incident; if there is none, add its id to Resend Incident IDs.`;

export class Planner {
	readonly results: IncidentResult[] = [];

	readonly sends: PlannedSend[] = [];

	private readonly now: string;

	constructor(
		private readonly ledger: AlertLedger,
		private readonly settings: AlertSettings,
	) {
		this.now = settings.now.toISOString();
	}

	private record(result: IncidentResult): IncidentResult {
		this.results.push(result);
		return result;
	}

	private base(incident: Incident): IncidentResult {
		return {
			incidentId: incident.id,
			accountId: incident.accountId,
			outcome: 'alreadySent',
			rows: incident.rows,
			title: incident.title,
			priority: incident.priority,
			status: incident.status,
			resolved: incident.resolved,
		};
	}

	/**
	 * An alert to send, unless a run that died may have sent it (`mayHaveBeenSent`): then it is
	 * uncertain and is not sent. The entry keeps `body` until the ticket exists.
	 */
	private send(
		send: Omit<PlannedSend, 'result'>,
		result: IncidentResult,
		mayHaveBeenSent: boolean,
	): void {
		const { entry, reason } = send;
		entry.k = reason;
		entry.b = send.body;
		result.reason = reason;
		const since = this.settings.unfinishedRunSince;
		if (since && mayHaveBeenSent) {
			// The dead run may have had it accepted: counted, so a later alert gets a new alertId.
			entry.n += 1;
			entry.p = Math.max(entry.p ?? 0, send.body.priority);
			entry.s = 'uncertain';
			entry.why = `unfinished run since ${since.toISOString()}`;
			result.outcome = 'uncertain';
			result.note = UNFINISHED_NOTE(since);
			this.record(result);
			return;
		}
		entry.s = 'owed';
		this.record(result);
		this.sends.push({ ...send, result });
	}

	/** Decides what happens to one incident of the input. */
	plan(incident: Incident): void {
		const { settings, ledger, now } = this;
		const { accountId, id } = incident;
		const result = this.base(incident);
		const resend = settings.resendIds.has(id);
		const created = Date.parse(incident.time);
		let entry = getEntry(ledger, accountId, id);

		if (!entry) {
			if (incident.resolved && !settings.sendResolved && !resend) {
				result.outcome = 'skipped';
				result.note =
					'Resolved before it was ever sent: no ticket (Send Resolved Incidents is off).';
				this.record(result);
				return;
			}
			if (ledger.forgottenBefore && created <= Date.parse(ledger.forgottenBefore) && !resend) {
				result.outcome = 'skipped';
				result.note = `Created before ${ledger.forgottenBefore}, the oldest incident the ledger still remembers: it may have been sent and then forgotten (Forget After), so it is not sent. Add its id to Resend Incident IDs to send it.`;
				this.record(result);
				return;
			}
			entry = { s: 'owed', t: incident.time, seen: now, sev: incident.priority, n: 0 };
			if (incident.resolved) Object.assign(entry, { r: 1, ra: now });
			setEntry(ledger, accountId, id, entry);
			const since = settings.unfinishedRunSince;
			// An incident created after the unfinished run started cannot have been seen by it.
			const reason: SendReason = resend ? 'resend' : 'new';
			const body = alertBody(incident, 'new');
			const send = { accountId, incidentId: id, entry, body, reason };
			this.send(send, result, !resend && since !== undefined && created <= since.getTime());
			return;
		}

		// Seen again: what it looks like now.
		entry.seen = now;
		entry.sev = incident.priority;
		entry.t = incident.time;
		let reopened = false;
		if (incident.resolved && !entry.r) Object.assign(entry, { r: 1, ra: now });
		if (!incident.resolved && entry.r) {
			reopened = true;
			delete entry.r;
			delete entry.ra;
		}

		const mayHaveBeenSent = !resend && settings.unfinishedRunSince !== undefined;
		const sendNow = (body: Omit<AlertBody, 'alertId'>, reason: SendReason) =>
			this.send({ accountId, incidentId: id, entry, body, reason }, result, mayHaveBeenSent);
		if (resend && entry.s !== 'queued') {
			sendNow(alertBody(incident, 'new'), 'resend');
			return;
		}
		switch (entry.s) {
			case 'uncertain':
				// Its alert may exist: only a change the user asked to re-alert on sends a new one.
				if (this.reAlert(incident, entry, reopened, sendNow)) return;
				result.note = `Not sent again: uncertain since an earlier run (${entry.why ?? 'answer lost'}). Check the PSA; if there is no ticket, add its id to Resend Incident IDs.`;
				result.alertId = entry.a;
				this.record(result);
				return;
			case 'queued':
				result.note = 'Its alert is queued in Synthesize; the ticket is checked on the next run.';
				result.alertId = entry.a;
				result.messageId = entry.m;
				this.record(result);
				return;
			case 'owed': {
				if (incident.resolved && !(entry.n === 0 && settings.sendResolved)) {
					this.dropOwed(accountId, id, entry, result, 'Resolved before its alert was accepted');
					return;
				}
				if ((entry.tries ?? 0) >= MAX_TRIES) {
					result.outcome = 'skipped';
					result.note = `Given up after ${entry.tries} failed attempts (${entry.why ?? ''}). Add its id to Resend Incident IDs to try again.`;
					this.record(result);
					return;
				}
				const reason = entry.k === 'severityRaised' || entry.k === 'reopened' ? entry.k : 'retry';
				sendNow(alertBody(incident, reason, entry.p), reason);
				return;
			}
			case 'sent': {
				if (this.reAlert(incident, entry, reopened, sendNow)) return;
				result.alertId = entry.a;
				result.ticketId = entry.tk;
				result.note = entry.tk ? `Ticket ${entry.tk}` : 'Sent in an earlier run';
				this.record(result);
			}
		}
	}

	/**
	 * A second alert for an incident that had one, when the user asked for it: its priority rose
	 * above the highest one sent, or it reopened. Returns whether it is sent.
	 */
	private reAlert(
		incident: Incident,
		entry: AlertEntry,
		reopened: boolean,
		sendNow: (body: Omit<AlertBody, 'alertId'>, reason: SendReason) => void,
	): boolean {
		const policy = this.settings.reAlertWhen;
		if (incident.resolved || policy === 'never') return false;
		const sentPriority = entry.p ?? 0;
		if (incident.priority > sentPriority) {
			sendNow(alertBody(incident, 'severityRaised', sentPriority), 'severityRaised');
			return true;
		}
		if (reopened && policy === 'severityRaisedOrReopened') {
			sendNow(alertBody(incident, 'reopened'), 'reopened');
			return true;
		}
		return false;
	}

	/** An alert was owed but the incident resolved first: nothing is sent. */
	private dropOwed(
		accountId: string,
		incidentId: string,
		entry: AlertEntry,
		result: IncidentResult,
		why: string,
	): void {
		if (entry.n === 0) {
			deleteEntry(this.ledger, accountId, incidentId);
			result.outcome = 'skipped';
			result.note = `${why}: no ticket.`;
		} else {
			entry.s = 'sent';
			delete entry.b;
			delete entry.k;
			delete entry.why;
			delete entry.tries;
			result.note = `${why}: the ticket of its first alert stands.`;
		}
		this.record(result);
	}

	/**
	 * Entries owed an alert that are not in this run's input (an unmapped incident the cursor
	 * has moved past): retried from the ledger, oldest first, at most `maxRetries`, unless their
	 * account is known to be unmapped still.
	 */
	planLedgerRetries(inInput: Set<string>, unmapped: (accountId: string) => boolean): number {
		const { settings } = this;
		const owed = [...entries(this.ledger)]
			.filter(
				({ accountId, incidentId, entry }) =>
					!inInput.has(`${accountId}\u0000${incidentId}`) &&
					entry.b !== undefined &&
					!entry.r &&
					((entry.s === 'owed' && (entry.tries ?? 0) < MAX_TRIES) ||
						(settings.resendIds.has(incidentId) && entry.s !== 'queued')) &&
					!unmapped(accountId),
			)
			.sort((a, b) => Date.parse(a.entry.t) - Date.parse(b.entry.t))
			.slice(0, settings.maxRetries);
		for (const { accountId, incidentId, entry } of owed) {
			const body = entry.b as Omit<AlertBody, 'alertId'>;
			const resend = settings.resendIds.has(incidentId);
			const reason: SendReason = resend
				? 'resend'
				: entry.k === 'severityRaised' || entry.k === 'reopened'
					? entry.k
					: 'retry';
			const result: IncidentResult = {
				incidentId,
				accountId,
				outcome: 'alreadySent',
				rows: [],
				title: body.title,
				priority: body.priority,
				status: body.status,
				resolved: false,
			};
			const send = { accountId, incidentId, entry, body, reason };
			this.send(send, result, !resend && settings.unfinishedRunSince !== undefined);
		}
		return owed.length;
	}
}
