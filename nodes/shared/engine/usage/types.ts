import type { Ledger } from '../ledger';
import type { CountPolicy } from '../units';

/** The shapes the usage engine takes and gives (see index.ts). */

export type Aggregation = 'sum' | 'max' | 'last';

export interface UsageRowInput {
	/** Index of the input item the row came from. */
	index: number;
	accountId: unknown;
	service: unknown;
	unitCount: unknown;
	unit?: unknown;
}

export interface UsageSettings {
	aggregation: Aggregation;
	policy: CountPolicy;
	/** Skip pairs whose count equals what the ledger says was pushed. */
	skipUnchanged: boolean;
	/** Push every pair anyway when the last full push is this many days old (0 = never). */
	fullPushEveryDays: number;
	/** Push every pair now. */
	forceFullPush: boolean;
	/**
	 * The integration pushed to (from Get Integration). A ledger kept for another integration
	 * is dropped: it says nothing about what this Synthesize holds.
	 */
	integrationId?: string;
	/** Accounts recreated since the last run (a partner disconnect deletes their counts too). */
	recreatedAccounts?: string[];
	/** Push 0 for pairs pushed before but missing from this run. */
	pushZeros: boolean;
	/**
	 * Hold the zeros back when more than this share (%) of the pushed pairs vanished at once: a
	 * vendor outage or a broken source looks exactly like every customer leaving. 100 = off.
	 */
	zeroGuardPercent: number;
	dryRun: boolean;
	/** Pushes in flight at once (the port paces them). */
	concurrency: number;
	now: Date;
}

export type PushResult =
	| { ok: true }
	| { ok: false; kind: 'unmapped' | 'failed'; reason: string; apiMessage?: string };

export interface CatalogueService {
	id: string;
	name: string;
}

export interface UsagePort {
	/** The vendor's services (one catalogue read per run). */
	listServices(): Promise<CatalogueService[]>;
	/** Sets one count. Never throws for an API answer: failures come back as results. */
	push(
		serviceId: string,
		accountId: string,
		unitCount: number,
		noBuild: boolean,
	): Promise<PushResult>;
}

export type Drift = 'added' | 'changed' | 'unchanged' | 'removed';
export type PairOutcome = 'pushed' | 'unchanged' | 'unmapped' | 'failed' | 'planned' | 'skipped';

export interface PairResult {
	serviceId: string;
	serviceName: string;
	accountId: string;
	unitCount: number;
	previous?: number;
	drift: Drift;
	outcome: PairOutcome;
	/** Input rows merged into this pair (empty for a zero push of a vanished pair). */
	rows: number[];
	zeroPush: boolean;
	/** The exact request (dry run, and for the record). */
	request?: {
		method: 'POST';
		path: string;
		query: { no_build: string };
		body: { accountId: string; unitCount: number };
	};
	reason?: string;
	apiMessage?: string;
}

export interface RowProblem {
	index: number;
	reason: string;
	fix: string;
}

export interface UsageSummary {
	dryRun: boolean;
	fullPush: boolean;
	rows: {
		input: number;
		pushed: number;
		unchanged: number;
		unmapped: number;
		failed: number;
		planned: number;
	};
	pairs: {
		total: number;
		pushed: number;
		unchanged: number;
		unmapped: number;
		failed: number;
		planned: number;
		zeroPushes: number;
	};
	drift: { added: number; changed: number; unchanged: number; removed: number };
	rebuild: { triggered: boolean; recovered: boolean; pushedWithoutNoBuild: number };
	ledgerPairs: number;
}

export interface UsageRun {
	pairs: PairResult[];
	warnings: string[];
	problems: RowProblem[];
	ledger: Ledger;
	summary: UsageSummary;
}
