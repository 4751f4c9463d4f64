import { checkId, checkUnitCount } from '../../validation';
import type { Ledger } from '../ledger';
import { ledgerCount } from '../ledger';
import type { CountPolicy, SizeUnit } from '../units';
import { billableCount, parseSizeUnit, toSourceUnit } from '../units';
import type {
	Aggregation,
	CatalogueService,
	Drift,
	PairResult,
	RowProblem,
	UsageRowInput,
	UsageSettings,
} from './types';

/** Step 1 of a usage sync: rows in, one pair per (account, service), and what to push. */

/** Case- and whitespace-insensitive service names ("Managed  EDR " = "managed edr"). */
export function normaliseName(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export interface ServiceIndex {
	resolve(raw: string): { id: string; name: string } | { problem: string; fix: string };
}

export function indexServices(services: CatalogueService[]): ServiceIndex {
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

export interface Pair {
	serviceId: string;
	serviceName: string;
	accountId: string;
	value: number;
	rows: number[];
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

/** The pairs of this run and the rows that could not be read. Rows are read once, never copied. */
export function collectPairs(
	rows: Iterator<UsageRowInput>,
	first: IteratorResult<UsageRowInput>,
	services: ServiceIndex,
	settings: Pick<UsageSettings, 'policy' | 'aggregation'>,
): { pairsByKey: Map<string, Pair>; problems: RowProblem[]; inputRows: number } {
	let inputRows = 0;
	const problems: RowProblem[] = [];
	const pairsByKey = new Map<string, Pair>();
	for (let next = first; !next.done; next = rows.next()) {
		const row = next.value;
		inputRows++;
		const checked = validateRow(row, services, settings.policy);
		if ('reason' in checked) {
			problems.push(checked);
			continue;
		}
		const key = pairKey(checked.serviceId, checked.accountId);
		const pair = pairsByKey.get(key);
		if (pair) {
			pair.value = aggregate(pair.value, checked.value, settings.aggregation);
			pair.rows.push(row.index);
		} else {
			pairsByKey.set(key, { ...checked, rows: [row.index] });
		}
	}
	return { pairsByKey, problems, inputRows };
}

export function pairKey(serviceId: string, accountId: string): string {
	return `${serviceId}\u0000${accountId}`;
}

/** Each pair against the ledger: its drift, and whether it is pushed (changed, or a full push). */
export function planPairs(
	pairsByKey: Map<string, Pair>,
	ledger: Ledger,
	settings: Pick<UsageSettings, 'policy' | 'skipUnchanged'>,
	fullPush: boolean,
): { results: PairResult[]; toPush: PairResult[] } {
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
	return { results, toPush };
}
