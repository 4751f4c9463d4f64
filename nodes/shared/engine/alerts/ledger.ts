import type { AlertBody, SendReason } from './types';

/**
 * The alert ledger of one partner: what was sent for each incident. Synthesize cannot be asked
 * which alerts it already has, so this record is what keeps an incident from becoming a second
 * ticket when Synthesize does not de-duplicate by alertId (docs/alerts.md).
 *
 * Shape (JSON, short keys: it is stored as text in a Data Table or in static data):
 * `incidents[accountId][incidentId]` → one entry.
 */

/**
 * - sent: Synthesize accepted the alert and made a ticket (or it was queued too long ago to
 *   check): nothing more is sent unless the incident changes and re-alerting is on.
 * - queued: accepted, ticket not confirmed yet (`m` is the messageId, checked next run).
 * - owed: an alert is owed and not yet accepted (unmapped, refused, or its ticket failed);
 *   retried, with the body kept in `b`.
 * - uncertain: may have been accepted (an answer lost, or a run that died): never sent again
 *   unless the user names the incident in Resend Incident IDs.
 */
export type EntryState = 'sent' | 'queued' | 'owed' | 'uncertain';

export interface AlertEntry {
	s: EntryState;
	/** When the incident was created at the vendor (ISO). */
	t: string;
	/** Last time a run saw the incident, or sent it (ISO). */
	seen: string;
	/** Priority (1–4) as last seen. */
	sev: number;
	/** Alerts Synthesize accepted for the incident (the alertId suffix comes from it). */
	n: number;
	/** Highest priority Synthesize accepted (re-alert on a higher one). */
	p?: number;
	/** Resolved as last seen, and since when (ISO). */
	r?: 1;
	ra?: string;
	/** The alertId last sent or owed. */
	a?: string;
	/** messageId and since when it is queued. */
	m?: string;
	q?: string;
	/** The ticket's id in the PSA. */
	tk?: string;
	/** Why the alert owed (or last sent) is sent. */
	k?: SendReason;
	/** Why it is owed or uncertain, in a few words. */
	why?: string;
	/** Failed tickets or refusals of the alert owed, for the retry limit. */
	tries?: number;
	/** The alert owed or queued (without its alertId), to retry it without the input item. */
	b?: Omit<AlertBody, 'alertId'>;
}

export interface AlertLedger {
	version: 1;
	kind: 'alerts';
	/** The partner's organisation the alertIds were derived for. */
	organizationId?: string;
	integrationId?: string;
	lastRunAt?: string;
	/**
	 * Incidents created at or before this time that are not in the ledger may have been
	 * forgotten after being sent (pruned): they are never sent.
	 */
	forgottenBefore?: string;
	incidents: Record<string, Record<string, AlertEntry>>;
}

export function emptyAlertLedger(): AlertLedger {
	return { version: 1, kind: 'alerts', incidents: {} };
}

/**
 * Reads the ledger a previous run left. Nothing (a first run) gives an empty ledger. Anything
 * else that is not an alert ledger is refused: starting from an empty ledger would send every
 * incident again.
 */
export function readAlertLedger(raw: unknown): AlertLedger {
	if (raw === undefined || raw === null || raw === '') return emptyAlertLedger();
	const candidate = raw as Partial<AlertLedger>;
	if (
		typeof raw !== 'object' ||
		candidate.version !== 1 ||
		candidate.kind !== 'alerts' ||
		typeof candidate.incidents !== 'object' ||
		candidate.incidents === null
	) {
		throw new Error(
			"The ledger given is not an alert ledger of Sync Alerts (another operation's ledger, or edited by hand)",
		);
	}
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return {
		version: 1,
		kind: 'alerts',
		organizationId: text(candidate.organizationId),
		integrationId: text(candidate.integrationId),
		lastRunAt: text(candidate.lastRunAt),
		forgottenBefore: text(candidate.forgottenBefore),
		// A copy: a dry run must not change what is stored, and n8n's static-data proxies stay out.
		incidents: JSON.parse(JSON.stringify(candidate.incidents)) as AlertLedger['incidents'],
	};
}

export function getEntry(
	ledger: AlertLedger,
	accountId: string,
	incidentId: string,
): AlertEntry | undefined {
	return ledger.incidents[accountId]?.[incidentId];
}

export function setEntry(
	ledger: AlertLedger,
	accountId: string,
	incidentId: string,
	entry: AlertEntry,
): void {
	(ledger.incidents[accountId] ??= {})[incidentId] = entry;
}

export function deleteEntry(ledger: AlertLedger, accountId: string, incidentId: string): void {
	const incidents = ledger.incidents[accountId];
	if (!incidents) return;
	delete incidents[incidentId];
	if (Object.keys(incidents).length === 0) delete ledger.incidents[accountId];
}

export function* entries(
	ledger: AlertLedger,
): Generator<{ accountId: string; incidentId: string; entry: AlertEntry }> {
	for (const [accountId, incidents] of Object.entries(ledger.incidents)) {
		for (const [incidentId, entry] of Object.entries(incidents))
			yield { accountId, incidentId, entry };
	}
}

export function ledgerIncidentCount(ledger: AlertLedger): number {
	let count = 0;
	for (const incidents of Object.values(ledger.incidents)) count += Object.keys(incidents).length;
	return count;
}

/** A hard bound on entries, whatever Forget After says: the oldest seen go first. */
export const MAX_LEDGER_INCIDENTS = 20_000;

const DAY_MS = 86_400_000;

function raiseWatermark(ledger: AlertLedger, created: string): void {
	const at = Date.parse(created);
	if (!Number.isFinite(at)) return;
	if (!ledger.forgottenBefore || at > Date.parse(ledger.forgottenBefore))
		ledger.forgottenBefore = new Date(at).toISOString();
}

/**
 * Keeps the ledger bounded: drops entries resolved, or not seen, for `forgetAfterDays`, then the
 * oldest seen beyond MAX_LEDGER_INCIDENTS. A forgotten incident must never look new: the
 * watermark `forgottenBefore` moves to the latest creation time forgotten, and an incident
 * created at or before it that is not in the ledger is not sent. Returns how many were dropped.
 */
export function pruneAlertLedger(
	ledger: AlertLedger,
	now: Date,
	forgetAfterDays: number,
	maxIncidents = MAX_LEDGER_INCIDENTS,
): number {
	let pruned = 0;
	const limit = now.getTime() - forgetAfterDays * DAY_MS;
	const drop = (accountId: string, incidentId: string, entry: AlertEntry) => {
		raiseWatermark(ledger, entry.t);
		deleteEntry(ledger, accountId, incidentId);
		pruned++;
	};
	if (forgetAfterDays > 0) {
		for (const { accountId, incidentId, entry } of [...entries(ledger)]) {
			const since = Date.parse(entry.r ? (entry.ra ?? entry.seen) : entry.seen);
			// An alert still queued is kept until it is checked (or given up on).
			if (entry.s !== 'queued' && Number.isFinite(since) && since < limit)
				drop(accountId, incidentId, entry);
		}
	}
	const all = [...entries(ledger)];
	if (all.length > maxIncidents) {
		all.sort((a, b) => Date.parse(a.entry.seen) - Date.parse(b.entry.seen));
		for (const { accountId, incidentId, entry } of all.slice(0, all.length - maxIncidents))
			drop(accountId, incidentId, entry);
	}
	return pruned;
}
