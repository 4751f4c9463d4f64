import { countRequest } from '../api/bodies';
import { describeRequest } from '../api/routes';
import { checkId, checkUnitCount } from '../validation';
import type { Ledger } from './ledger';
import {
	emptyLedger,
	forgetAccounts,
	forgetCount,
	fullPushDue,
	ledgerCount,
	ledgerPairs,
	ledgerSize,
	readLedger,
	recordCount,
} from './ledger';
import type { CountPolicy, SizeUnit } from './units';
import { billableCount, parseSizeUnit, toSourceUnit } from './units';

/**
 * The usage sync engine: rows of (account, service, count) in, one push per changed
 * (account, service) pair out, with the billing view rebuilt exactly once. Pure: it talks to
 * Synthesize only through the `UsagePort` it is given, so it is tested without n8n.
 */

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

/** Case- and whitespace-insensitive service names ("Managed  EDR " = "managed edr"). */
export function normaliseName(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

interface ServiceIndex {
	resolve(raw: string): { id: string; name: string } | { problem: string; fix: string };
}

function indexServices(services: CatalogueService[]): ServiceIndex {
	const byId = new Map(services.map((service) => [service.id.toLowerCase(), service]));
	const byName = new Map<string, CatalogueService[]>();
	for (const service of services) {
		const key = normaliseName(service.name);
		byName.set(key, [...(byName.get(key) ?? []), service]);
	}
	const lookUp = (raw: string): ReturnType<ServiceIndex['resolve']> => {
		if (OBJECT_ID.test(raw)) {
			const service = byId.get(raw.toLowerCase());
			if (service) return service;
		}
		const matches = byName.get(normaliseName(raw)) ?? [];
		if (matches.length === 1) return matches[0];
		if (matches.length > 1) {
			return {
				problem: `${matches.length} services are named "${raw}" in the catalogue`,
				fix: `Use the service ID instead of the name (one of ${matches.map((service) => service.id).join(', ')}).`,
			};
		}
		return {
			problem: `No service "${raw.slice(0, 80)}" in the vendor's catalogue`,
			fix: 'Create it first (Service → Sync or Create), or fix the name: matching ignores case and extra spaces only.',
		};
	};
	// Thousands of rows name the same few services: resolve each distinct spelling once.
	const resolved = new Map<string, ReturnType<ServiceIndex['resolve']>>();
	return {
		resolve(raw) {
			let result = resolved.get(raw);
			if (!result) {
				result = lookUp(raw);
				resolved.set(raw, result);
			}
			return result;
		},
	};
}

interface Pair {
	serviceId: string;
	serviceName: string;
	accountId: string;
	value: number;
	rows: number[];
}

function requestFor(
	pair: { serviceId: string; accountId: string; unitCount: number },
	noBuild: boolean,
): PairResult['request'] {
	return describeRequest(
		'setUnitCount',
		countRequest(pair.serviceId, { accountId: pair.accountId, unitCount: pair.unitCount }, noBuild),
	) as PairResult['request'];
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
	return results;
}

function validateRow(
	row: UsageRowInput,
	services: ServiceIndex,
	policy: CountPolicy,
): { serviceId: string; serviceName: string; accountId: string; value: number } | RowProblem {
	const account = checkId(row.accountId, 'Account ID');
	if (!account.ok) return { index: row.index, reason: account.problem, fix: account.fix };
	const serviceText = checkId(row.service, 'Service');
	if (!serviceText.ok)
		return { index: row.index, reason: serviceText.problem, fix: serviceText.fix };
	const count = checkUnitCount(row.unitCount);
	if (!count.ok) return { index: row.index, reason: count.problem, fix: count.fix };
	const service = services.resolve(serviceText.value);
	if ('problem' in service) return { index: row.index, reason: service.problem, fix: service.fix };
	let value = count.value;
	if (policy.conversion && row.unit !== undefined && row.unit !== null && row.unit !== '') {
		const unit: SizeUnit | undefined = parseSizeUnit(row.unit);
		if (!unit) {
			return {
				index: row.index,
				reason: `Unit "${String(row.unit).slice(0, 20)}" is not a size unit`,
				fix: 'Use bytes, KB, MB, GB or TB (or leave the unit empty to use the node\'s "From" unit).',
			};
		}
		value = toSourceUnit(value, unit, policy.conversion);
	}
	return { serviceId: service.id, serviceName: service.name, accountId: account.value, value };
}

function aggregate(current: number, next: number, how: Aggregation): number {
	if (how === 'sum') return current + next;
	if (how === 'max') return Math.max(current, next);
	return next;
}

/** Runs one usage sync for one partner. `previous` is the ledger from the last run (or undefined). */
export async function runUsageSync(
	rows: Iterable<UsageRowInput>,
	previous: unknown,
	settings: UsageSettings,
	port: UsagePort,
): Promise<UsageRun> {
	const warnings: string[] = [];
	let ledger = readLedger(previous);
	if (
		settings.integrationId &&
		ledger.integrationId &&
		ledger.integrationId !== settings.integrationId
	) {
		warnings.push(
			'The ledger was kept for another Synthesize integration (the credential now points elsewhere): it was dropped and every pair is pushed.',
		);
		ledger = emptyLedger();
	}
	if (settings.integrationId) ledger.integrationId = settings.integrationId;
	if (settings.recreatedAccounts?.length) {
		const forgotten = forgetAccounts(ledger, settings.recreatedAccounts);
		if (forgotten > 0) {
			warnings.push(
				`${settings.recreatedAccounts.length} account(s) were recreated since the last run: their ${forgotten} count(s) are pushed again.`,
			);
		}
	}
	// Rows are read once, as they come (a sync may get 100,000 of them): no copy is kept.
	const iterator = rows[Symbol.iterator]();
	let next = iterator.next();
	const services = indexServices(next.done ? [] : await port.listServices());
	let inputRows = 0;
	const problems: RowProblem[] = [];
	const pairsByKey = new Map<string, Pair>();

	for (; !next.done; next = iterator.next()) {
		const row = next.value;
		inputRows++;
		const checked = validateRow(row, services, settings.policy);
		if ('reason' in checked) {
			problems.push(checked);
			continue;
		}
		const key = `${checked.serviceId}\u0000${checked.accountId}`;
		const pair = pairsByKey.get(key);
		if (pair) {
			pair.value = aggregate(pair.value, checked.value, settings.aggregation);
			pair.rows.push(row.index);
		} else {
			pairsByKey.set(key, { ...checked, rows: [row.index] });
		}
	}

	const fullPush =
		settings.forceFullPush || fullPushDue(ledger, settings.fullPushEveryDays, settings.now);
	const results: PairResult[] = [];
	const toPush: PairResult[] = [];
	for (const pair of pairsByKey.values()) {
		const unitCount = billableCount(pair.value, settings.policy);
		const before = ledgerCount(ledger, pair.serviceId, pair.accountId);
		const drift: Drift =
			before === undefined ? 'added' : before === unitCount ? 'unchanged' : 'changed';
		const result: PairResult = {
			serviceId: pair.serviceId,
			serviceName: pair.serviceName,
			accountId: pair.accountId,
			unitCount,
			previous: before,
			drift,
			outcome: 'unchanged',
			rows: pair.rows,
			zeroPush: false,
		};
		results.push(result);
		if (drift !== 'unchanged' || fullPush || !settings.skipUnchanged) toPush.push(result);
	}

	// Pairs pushed before that vanished from the input: their customer left or was decommissioned.
	const catalogueNames = new Map<string, string>();
	for (const pair of pairsByKey.values()) catalogueNames.set(pair.serviceId, pair.serviceName);
	const pushedBefore = ledgerPairs(ledger).filter((entry) => entry.count !== 0);
	const vanished = ledgerPairs(ledger).filter(
		(entry) => !pairsByKey.has(`${entry.serviceId}\u0000${entry.accountId}`),
	);
	const share =
		pushedBefore.length === 0
			? 0
			: (vanished.filter((entry) => entry.count !== 0).length * 100) / pushedBefore.length;
	const guarded =
		settings.pushZeros && settings.zeroGuardPercent < 100 && share > settings.zeroGuardPercent;
	if (guarded) {
		warnings.push(
			`${Math.round(share)}% of the pairs pushed before are missing from this run, more than the Zero Push Guard (${settings.zeroGuardPercent}%): no zeros were sent. Check the vendor source; if the customers really left, raise the guard for one run.`,
		);
	}
	for (const entry of vanished) {
		if (entry.count === 0) {
			if (!settings.dryRun) forgetCount(ledger, entry.serviceId, entry.accountId);
			continue;
		}
		const zeroPush = settings.pushZeros && !guarded;
		const result: PairResult = {
			serviceId: entry.serviceId,
			serviceName: catalogueNames.get(entry.serviceId) ?? entry.serviceId,
			accountId: entry.accountId,
			unitCount: 0,
			previous: entry.count,
			drift: 'removed',
			outcome: 'skipped',
			rows: [],
			zeroPush,
			reason: zeroPush
				? undefined
				: guarded
					? 'Zero held back by the Zero Push Guard'
					: 'Not in this run; zero not pushed ("Push Zeros for Vanished Pairs" is off)',
		};
		results.push(result);
		if (zeroPush) toPush.push(result);
	}

	const rebuild = { triggered: false, recovered: false, pushedWithoutNoBuild: 0 };
	if (settings.dryRun) {
		toPush.forEach((result, position) => {
			result.outcome = 'planned';
			result.request = requestFor(result, position < toPush.length - 1);
		});
	} else if (toPush.length > 0) {
		const settle = (result: PairResult, outcome: PushResult, noBuild: boolean) => {
			result.request = requestFor(result, noBuild);
			if (outcome.ok) {
				result.outcome = 'pushed';
				result.reason = undefined;
				if (result.zeroPush) forgetCount(ledger, result.serviceId, result.accountId);
				else recordCount(ledger, result.serviceId, result.accountId, result.unitCount);
				if (!noBuild) {
					rebuild.triggered = true;
					rebuild.pushedWithoutNoBuild++;
				}
			} else {
				result.outcome = outcome.kind;
				result.reason = outcome.reason;
				result.apiMessage = outcome.apiMessage;
				// What Synthesize holds for a pair whose push failed is unknown (a full push, or an
				// answer lost after the write): forget it, so the next run sends it again. A zero
				// stays, so that the next run still zeroes the vanished pair.
				if (outcome.kind === 'failed' && !result.zeroPush)
					forgetCount(ledger, result.serviceId, result.accountId);
			}
		};
		// Everything but the last with no_build=true, then the last alone so that its rebuild
		// includes every count stored before it: the billing view rebuilds exactly once.
		// The last push should be one Synthesize will accept: a pair stored before is mapped, while
		// a new pair may well be unmapped (and unmapped pairs are retried every run). A failed
		// last push costs a recovery push.
		const lastIndex = toPush.map((result) => result.previous !== undefined).lastIndexOf(true);
		const ordered =
			lastIndex < 0
				? toPush
				: [...toPush.slice(0, lastIndex), ...toPush.slice(lastIndex + 1), toPush[lastIndex]];
		const head = ordered.slice(0, -1);
		const last = ordered[ordered.length - 1];
		await pool(head, settings.concurrency, async (result) =>
			settle(
				result,
				await port.push(result.serviceId, result.accountId, result.unitCount, true),
				true,
			),
		);
		settle(last, await port.push(last.serviceId, last.accountId, last.unitCount, false), false);
		if (!rebuild.triggered) {
			// Rebuild recovery: the last push failed, so re-send one stored count without no_build.
			const candidates = head
				.filter((result) => result.outcome === 'pushed')
				.slice(-3)
				.reverse();
			for (const candidate of candidates) {
				const retry = await port.push(
					candidate.serviceId,
					candidate.accountId,
					candidate.unitCount,
					false,
				);
				if (retry.ok) {
					rebuild.triggered = true;
					rebuild.recovered = true;
					rebuild.pushedWithoutNoBuild++;
					break;
				}
			}
		}
	}

	if (!settings.dryRun) {
		ledger.lastRunAt = settings.now.toISOString();
		// A full push is done even if some pushes failed: they are not in the ledger, so the next
		// run sends exactly them. Withholding the date made every following run a full push again
		// for as long as one pair kept failing (docs/reliability.md).
		if (fullPush) ledger.lastFullPushAt = settings.now.toISOString();
	}

	return {
		pairs: results,
		warnings,
		problems,
		ledger,
		summary: summarise(inputRows, results, problems, fullPush, settings.dryRun, rebuild, ledger),
	};
}

function summarise(
	inputRows: number,
	results: PairResult[],
	problems: RowProblem[],
	fullPush: boolean,
	dryRun: boolean,
	rebuild: UsageSummary['rebuild'],
	ledger: Ledger,
): UsageSummary {
	const summary: UsageSummary = {
		dryRun,
		fullPush,
		rows: {
			input: inputRows,
			pushed: 0,
			unchanged: 0,
			unmapped: 0,
			failed: problems.length,
			planned: 0,
		},
		pairs: { total: 0, pushed: 0, unchanged: 0, unmapped: 0, failed: 0, planned: 0, zeroPushes: 0 },
		drift: { added: 0, changed: 0, unchanged: 0, removed: 0 },
		rebuild,
		ledgerPairs: ledgerSize(ledger),
	};
	for (const result of results) {
		summary.drift[result.drift]++;
		if (result.zeroPush && (result.outcome === 'pushed' || result.outcome === 'planned'))
			summary.pairs.zeroPushes++;
		if (result.outcome === 'skipped') continue;
		summary.pairs.total++;
		summary.pairs[result.outcome]++;
		summary.rows[result.outcome] += result.rows.length;
	}
	return summary;
}
