import type { Ledger } from '../ledger';
import { forgetCount, ledgerPairs } from '../ledger';
import type { Pair } from './plan';
import { pairKey } from './plan';
import type { PairResult, UsageSettings } from './types';

/**
 * Step 2 of a usage sync: pairs pushed before that vanished from the input — their customer left
 * or was decommissioned — get a zero, so they stop being billed. Held back when too many vanish
 * at once: a vendor outage or a broken source looks exactly like every customer leaving.
 */
export function planZeros(
	pairsByKey: Map<string, Pair>,
	ledger: Ledger,
	settings: Pick<UsageSettings, 'pushZeros' | 'zeroGuardPercent' | 'dryRun'>,
): { results: PairResult[]; toPush: PairResult[]; warnings: string[] } {
	const results: PairResult[] = [];
	const toPush: PairResult[] = [];
	const warnings: string[] = [];
	const catalogueNames = new Map<string, string>();
	for (const pair of pairsByKey.values()) catalogueNames.set(pair.serviceId, pair.serviceName);
	const pushedBefore = ledgerPairs(ledger).filter((entry) => entry.count !== 0);
	const vanished = ledgerPairs(ledger).filter(
		(entry) => !pairsByKey.has(pairKey(entry.serviceId, entry.accountId)),
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
	return { results, toPush, warnings };
}
