import type { AlertLedger } from './ledger';

/** The shapes the alert sync engine takes and gives (see index.ts). */

/** One input item, as read from its fields (nothing checked yet). */
export interface IncidentRowInput {
	/** Index of the input item. */
	index: number;
	id: unknown;
	accountId: unknown;
	title: unknown;
	description: unknown;
	severity: unknown;
	/** When the incident was created at the vendor (not when it last changed). */
	time: unknown;
	service?: unknown;
	resolved?: unknown;
	/** An empty item ({}): "no incidents this run", ignored. */
	empty?: boolean;
}

/** What a vendor severity becomes in Synthesize: priority 1–4 and ticket status 1–6. */
export interface SeverityRule {
	priority: number;
	status: number;
}

export type ReAlertWhen = 'never' | 'severityRaised' | 'severityRaisedOrReopened';

export interface AlertSettings {
	/**
	 * The partner's organisation in Synthesize (Get Integration): part of every alertId, since
	 * alertIds are unique per vendor, across all its partners (synthesize-api.md §9.1).
	 */
	organizationId: string;
	integrationId?: string;
	/** Lower-case vendor severity → rule. */
	severities: Map<string, SeverityRule>;
	reAlertWhen: ReAlertWhen;
	/** Send an incident that is already resolved the first time it is seen. */
	sendResolved: boolean;
	/** Forget ledger entries not seen for this many days (resolved: since they resolved). */
	forgetAfterDays: number;
	/**
	 * A previous run may have died after sending (its lease was never released): it may have
	 * sent what it saw, so nothing it could have sent is sent again blindly.
	 */
	unfinishedRunSince?: Date;
	/** Incident ids the user checked and wants sent again (uncertain ones included). */
	resendIds: Set<string>;
	/** Read Get Accounts first: no alert for an account Synthesize says is not mapped. */
	checkMapping: boolean;
	/** Total time to wait for tickets in this run (0: do not wait). */
	ticketWaitMs: number;
	pollIntervalMs: number;
	/** Earlier alerts still queued: how many to check at the start of a run. */
	maxEarlierChecks: number;
	/** Ledger entries still owed a send (e.g. unmapped before) retried per run. */
	maxRetries: number;
	concurrency: number;
	dryRun: boolean;
	now: Date;
}

/** The body of Create Alert (synthesize-api.md §9.1). */
export interface AlertBody {
	title: string;
	description: string;
	alertId: string;
	priority: number;
	status: number;
	serviceId?: string;
}

export type CreateResult =
	| { ok: true; messageId: string }
	| {
			ok: false;
			/**
			 * unmapped: 404, not applied. failed: refused, not applied (400…). stop: not applied,
			 * and no other alert will go through either (401, 403, rate limit). uncertain: the
			 * answer was lost, Synthesize may have applied it.
			 */
			kind: 'unmapped' | 'failed' | 'stop' | 'uncertain';
			reason: string;
	  };

export type StatusResult =
	| { state: 'success'; ticketId?: string }
	| { state: 'failed'; errors: string[]; statusCode?: number | null; message?: string }
	| { state: 'pending' }
	| { state: 'unknown'; reason: string };

export interface AlertPort {
	/** The partner's accounts with their mapping when the API says it (Get Accounts). */
	accounts(): Promise<Array<{ id: string; isMapped?: boolean }>>;
	/** The vendor's services, to resolve service names (Get Vendor); read only when needed. */
	services(): Promise<Array<{ id: string; name: string }>>;
	/** Create Alert. Never throws for an API answer. */
	create(accountId: string, body: AlertBody): Promise<CreateResult>;
	/** Get Alert Status. Never throws for an API answer. */
	status(messageId: string): Promise<StatusResult>;
	sleep(ms: number): Promise<void>;
	/** Milliseconds since the epoch (a test gives its own clock). */
	now(): number;
	cancelled(): boolean;
}

/** Why an alert is sent. */
export type SendReason = 'new' | 'retry' | 'severityRaised' | 'reopened' | 'resend';

export type IncidentOutcome =
	/** An alert went out in this run (ticketStatus says what became of it). */
	| 'sent'
	/** Nothing to send: sent before, unchanged or a change that is not re-alerted. */
	| 'alreadySent'
	/** Not sent by rule: resolved before it was ever sent, forgotten, or given up. */
	| 'skipped'
	| 'unmapped'
	| 'failed'
	/** May have been sent (lost answer, unfinished run): never sent again automatically. */
	| 'uncertain'
	/** Dry run: what would be sent. */
	| 'planned';

export type TicketStatus = 'success' | 'pending' | 'failed' | 'unknown' | 'notWaited';

export interface IncidentResult {
	incidentId: string;
	accountId: string;
	outcome: IncidentOutcome;
	/** Input items of this incident (empty for one retried from the ledger alone). */
	rows: number[];
	title?: string;
	priority?: number;
	status?: number;
	resolved?: boolean;
	reason?: SendReason;
	alertId?: string;
	messageId?: string;
	ticketStatus?: TicketStatus;
	ticketId?: string;
	/** Why it is unmapped, failed, uncertain or skipped, and what to do. */
	note?: string;
	/** Dry run: the exact request. */
	request?: { method: 'POST'; path: string; body: AlertBody };
}

export interface RowProblem {
	index: number;
	reason: string;
	fix: string;
}

export interface EarlierChecks {
	checked: number;
	ticketed: number;
	unmapped: number;
	failed: number;
	stillPending: number;
	/** Queued so long ago that they are no longer checked: counted as sent. */
	givenUp: number;
}

export interface AlertSummary {
	dryRun: boolean;
	/** Input items: all, empty ones ({}: nothing this run), and invalid ones (on Failed). */
	rows: { input: number; empty: number; invalid: number };
	/** One outcome per incident (those retried from the ledger included). */
	incidents: {
		input: number;
		sent: number;
		alreadySent: number;
		skipped: number;
		unmapped: number;
		failed: number;
		uncertain: number;
		planned: number;
	};
	/** The alerts Synthesize accepted in this run, by what became of their ticket. */
	alerts: { accepted: number; ticketed: number; pending: number; failed: number; unknown: number };
	reAlerts: number;
	/** Ledger entries retried without an input item (e.g. unmapped before). */
	retriedFromLedger: number;
	earlier: EarlierChecks;
	ticketWait: { budgetMs: number; waitedMs: number };
	ledgerIncidents: number;
	pruned: number;
	/** The incidents left uncertain in this run (first 20), with what to check. */
	uncertainIncidents: Array<{ incidentId: string; accountId: string; alertId?: string }>;
}

export interface AlertRun {
	incidents: IncidentResult[];
	problems: RowProblem[];
	warnings: string[];
	ledger: AlertLedger;
	summary: AlertSummary;
}
