/**
 * What was last pushed per (service, account). No route reads counts back (synthesize-api.md §4),
 * so this record is the only way to skip unchanged pairs, push zeros for pairs that vanished and
 * report drift. Stored compactly: service id → account id → count.
 */

export interface Ledger {
	version: 1;
	/**
	 * The Synthesize integration the counts were pushed to. A ledger kept for another one (the
	 * credential now points at another Synthesize or partner) says nothing about this one.
	 */
	integrationId?: string;
	/** When every pair was last pushed regardless of the ledger (ISO). */
	lastFullPushAt?: string;
	lastRunAt?: string;
	counts: Record<string, Record<string, number>>;
}

export function emptyLedger(): Ledger {
	return { version: 1, counts: {} };
}

/** Reads a ledger from static data, tolerating anything malformed (starts afresh). */
export function readLedger(raw: unknown): Ledger {
	if (typeof raw !== 'object' || raw === null) return emptyLedger();
	const candidate = raw as Partial<Ledger>;
	if (
		candidate.version !== 1 ||
		typeof candidate.counts !== 'object' ||
		candidate.counts === null
	) {
		return emptyLedger();
	}
	return {
		version: 1,
		lastFullPushAt:
			typeof candidate.lastFullPushAt === 'string' ? candidate.lastFullPushAt : undefined,
		lastRunAt: typeof candidate.lastRunAt === 'string' ? candidate.lastRunAt : undefined,
		integrationId:
			typeof candidate.integrationId === 'string' ? candidate.integrationId : undefined,
		// A copy: the run changes it freely (a dry run must not touch what is stored), and n8n's
		// static-data proxies stay out of the hot loop.
		counts: JSON.parse(JSON.stringify(candidate.counts)) as Ledger['counts'],
	};
}

export function ledgerCount(
	ledger: Ledger,
	serviceId: string,
	accountId: string,
): number | undefined {
	return ledger.counts[serviceId]?.[accountId];
}

export function recordCount(
	ledger: Ledger,
	serviceId: string,
	accountId: string,
	count: number,
): void {
	(ledger.counts[serviceId] ??= {})[accountId] = count;
}

export function forgetCount(ledger: Ledger, serviceId: string, accountId: string): void {
	const accounts = ledger.counts[serviceId];
	if (!accounts) return;
	delete accounts[accountId];
	if (Object.keys(accounts).length === 0) delete ledger.counts[serviceId];
}

export function ledgerPairs(
	ledger: Ledger,
): Array<{ serviceId: string; accountId: string; count: number }> {
	const pairs: Array<{ serviceId: string; accountId: string; count: number }> = [];
	for (const [serviceId, accounts] of Object.entries(ledger.counts)) {
		for (const [accountId, count] of Object.entries(accounts))
			pairs.push({ serviceId, accountId, count });
	}
	return pairs;
}

export function ledgerSize(ledger: Ledger): number {
	let size = 0;
	for (const accounts of Object.values(ledger.counts)) size += Object.keys(accounts).length;
	return size;
}

/** Whether the "full push every N days" safety net is due. */
export function fullPushDue(ledger: Ledger, everyDays: number, now: Date): boolean {
	if (everyDays <= 0) return false;
	if (!ledger.lastFullPushAt) return true;
	return now.getTime() - Date.parse(ledger.lastFullPushAt) >= everyDays * 86_400_000;
}

/** Forgets every count of these accounts: Synthesize lost them (the accounts were recreated). */
export function forgetAccounts(ledger: Ledger, accountIds: Iterable<string>): number {
	const gone = new Set(accountIds);
	let forgotten = 0;
	for (const serviceId of Object.keys(ledger.counts)) {
		for (const accountId of Object.keys(ledger.counts[serviceId])) {
			if (!gone.has(accountId)) continue;
			forgetCount(ledger, serviceId, accountId);
			forgotten++;
		}
	}
	return forgotten;
}
