import { emptyLedger, forgetAccounts, fullPushDue, readLedger } from '../ledger';
import { collectPairs, indexServices, planPairs } from './plan';
import { planDryRun, pushAll } from './push';
import { summarise } from './summary';
import type { UsagePort, UsageRowInput, UsageRun, UsageSettings } from './types';
import { planZeros } from './zeros';

export { normaliseName } from './plan';
export * from './types';

/**
 * The usage sync engine: rows of (account, service, count) in, one push per changed
 * (account, service) pair out, with the billing view rebuilt exactly once. Pure: it talks to
 * Synthesize only through the `UsagePort` it is given, so it is tested without n8n.
 *
 * One run: read the ledger (what was last pushed) → the pairs of this run and their drift
 * (plan.ts) → zeros for pairs that vanished (zeros.ts) → the pushes (push.ts) → the new ledger
 * and a summary (summary.ts).
 */
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
	const first = iterator.next();
	const services = indexServices(first.done ? [] : await port.listServices());
	const { pairsByKey, problems, inputRows } = collectPairs(iterator, first, services, settings);

	const fullPush =
		settings.forceFullPush || fullPushDue(ledger, settings.fullPushEveryDays, settings.now);
	const planned = planPairs(pairsByKey, ledger, settings, fullPush);
	const zeros = planZeros(pairsByKey, ledger, settings);
	warnings.push(...zeros.warnings);
	const results = [...planned.results, ...zeros.results];
	const toPush = [...planned.toPush, ...zeros.toPush];

	let rebuild: UsageRun['summary']['rebuild'] = {
		triggered: false,
		recovered: false,
		pushedWithoutNoBuild: 0,
	};
	if (settings.dryRun) planDryRun(toPush);
	else rebuild = await pushAll(toPush, ledger, settings.concurrency, port);

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
