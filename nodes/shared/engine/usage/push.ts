import { countRequest } from '../../api/bodies';
import { describeRequest } from '../../api/routes';
import type { Ledger } from '../ledger';
import { pool } from '../pool';
import { forgetCount, recordCount } from '../ledger';
import type { PairResult, PushResult, UsagePort, UsageSummary } from './types';

/**
 * Step 3 of a usage sync: the pushes, paced by the port, with the billing view rebuilt once:
 * every push but the last carries no_build=true, and the last one, alone, asks for the rebuild.
 */

function requestFor(
	pair: { serviceId: string; accountId: string; unitCount: number },
	noBuild: boolean,
): PairResult['request'] {
	return describeRequest(
		'setUnitCount',
		countRequest(pair.serviceId, { accountId: pair.accountId, unitCount: pair.unitCount }, noBuild),
	) as PairResult['request'];
}

/** A dry run: every push it would make, with the exact request, and nothing sent. */
export function planDryRun(toPush: PairResult[]): void {
	toPush.forEach((result, position) => {
		result.outcome = 'planned';
		result.request = requestFor(result, position < toPush.length - 1);
	});
}

/** Sends the pushes; records each stored count in the ledger; returns what the rebuild did. */
export async function pushAll(
	toPush: PairResult[],
	ledger: Ledger,
	concurrency: number,
	port: UsagePort,
): Promise<UsageSummary['rebuild']> {
	const rebuild = { triggered: false, recovered: false, pushedWithoutNoBuild: 0 };
	if (toPush.length === 0) return rebuild;
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
	await pool(head, concurrency, async (result) =>
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
	return rebuild;
}
