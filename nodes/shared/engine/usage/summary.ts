import type { Ledger } from '../ledger';
import { ledgerSize } from '../ledger';
import type { PairResult, RowProblem, UsageSummary } from './types';

export function summarise(
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
