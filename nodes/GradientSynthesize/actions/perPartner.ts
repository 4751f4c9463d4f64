import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SynthesizeApi } from '../../shared/api';
import type { PartnerCall, PartnerResolver } from '../../shared/partners';
import type { RateLimiter } from '../../shared/transport';
import { errorJson, rethrow } from './errors';
import type { OperationContext } from './types';

/**
 * The composite operations (Sync Accounts, Sync Services, Sync Usage) act for every partner their
 * items name, one partner after another: this is the one place that groups the items, gives each
 * partner its API client, keeps a failing partner from stopping the others, and counts failures.
 */

/** Groups item indexes by the partner they act for, keeping input order inside each group. */
export async function groupByPartner(
	partners: PartnerResolver,
	indexes: number[],
): Promise<Array<{ call: PartnerCall; indexes: number[] }>> {
	const groups = new Map<string, { call: PartnerCall; indexes: number[] }>();
	for (const index of indexes) {
		const call = await partners.forItem(index);
		const group = groups.get(call.partnerRef) ?? { call, indexes: [] };
		group.indexes.push(index);
		groups.set(call.partnerRef, group);
	}
	return [...groups.values()];
}

export function pairedWith(indexes: number[]): INodeExecutionData['pairedItem'] {
	return indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
}

export interface Partner {
	/** Names the partner without revealing its key: ledgers and summaries are keyed by it. */
	ref: string;
	call: PartnerCall;
	/** The input items acting for this partner, in input order. */
	indexes: number[];
	/** Acts for this partner, paced by the execution's limiter unless the operation gave another. */
	api: SynthesizeApi;
	limiter: RateLimiter;
}

export interface PerPartnerOptions {
	/** One error item per input item (operations that answer per item), or one for the partner. */
	errorItems: 'perItem' | 'perPartner';
	/** A limiter of the partner's own instead of the execution's (Sync Usage's own pace). */
	limiter?: () => RateLimiter;
}

/**
 * Runs `work` once per partner. A partner whose work throws (a regenerated key, a 403, an
 * unreadable answer…) does not stop the others: with "continue on fail" its failure becomes error
 * items paired with its items, given to `onFailure` (n8n routes them to the error output);
 * otherwise it stops the run.
 */
export async function perPartner(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	{ api, limiter, partners }: OperationContext,
	options: PerPartnerOptions,
	work: (partner: Partner) => Promise<void>,
	onFailure: (errorItems: INodeExecutionData[]) => void,
): Promise<void> {
	const groups = await groupByPartner(
		partners,
		items.map((_, index) => index),
	);
	for (const group of groups) {
		try {
			const partnerLimiter = options.limiter?.() ?? limiter;
			await work({
				ref: group.call.partnerRef,
				call: group.call,
				indexes: group.indexes,
				api: api.with({ ...group.call, limiter: partnerLimiter, itemIndex: group.indexes[0] }),
				limiter: partnerLimiter,
			});
		} catch (error) {
			if (!context.continueOnFail()) rethrow.call(context, error, group.indexes[0]);
			const json = errorJson(error, context.getNode());
			onFailure(
				options.errorItems === 'perPartner'
					? [{ json, pairedItem: pairedWith(group.indexes) }]
					: group.indexes.map((index) => ({ json: { ...json }, pairedItem: { item: index } })),
			);
		}
	}
}

/**
 * Failed rows or items of a composite operation: counted, the first one described. Everything
 * that could be done is done first; then the failures stop the workflow unless the node is set
 * to continue (they are in its output).
 */
export class Failures {
	private count = 0;

	private first = '';

	add(description: string, rows = 1): void {
		this.count += rows;
		this.first ||= description;
	}

	throwUnlessContinuing(context: IExecuteFunctions, what: string, hint: string): void {
		if (this.count === 0 || context.continueOnFail()) return;
		throw new NodeOperationError(context.getNode(), `${this.count} ${what} could not be synced`, {
			description: `First: ${this.first}. ${hint}`,
		});
	}
}

/**
 * An input row the engine refused before sending anything (a missing id, a count that is not a
 * number…): counted as a failure, and its item for the operation's Failed output.
 */
export function refusedRowItem(
	failures: Failures,
	problem: { index: number; reason: string },
	details: IDataObject,
): INodeExecutionData {
	failures.add(`item ${problem.index}: ${problem.reason}`);
	return {
		json: { row: problem.index, outcome: 'failed', ...details },
		pairedItem: { item: problem.index },
	};
}

/** What one partner's run cost, for its Summary: requests started (retries included), 429s, time. */
export function runCost(limiter: RateLimiter, startedAt: number): IDataObject {
	return {
		requests: limiter.acquiredCount,
		rateLimited: limiter.rateLimitedCount,
		durationMs: Date.now() - startedAt,
	};
}
