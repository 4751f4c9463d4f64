import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RateLimiter, SYNTHESIZE_REQUESTS_PER_SECOND } from '../../shared/transport';

/**
 * The pace options of the composite operations (Sync Accounts, Sync Alerts, Sync Usage):
 * each partner's run gets its own limiter from them, instead of the execution's.
 */

export const requestsPerSecondOption: INodeProperties = {
	displayName: 'Max Requests per Second',
	name: 'requestsPerSecond',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: SYNTHESIZE_REQUESTS_PER_SECOND },
	default: 95,
	description:
		'Pace of the requests to Synthesize. Synthesize allows 100 per second per token, shared by every workflow using it; on a 429 the pace halves and recovers.',
};

export const sharedRateBudgetOption: INodeProperties = {
	displayName: 'Share of a Shared Rate Limit',
	name: 'sharedRateBudget',
	type: 'boolean',
	default: false,
	description:
		"Whether Max Requests per Second is this run's share of one limit other runs use at the same time (a per-vendor limit divided between lanes): a request held up is then never made up for by a burst",
};

export const sharedRateTurnsOption: INodeProperties = {
	displayName: 'Runs Taking Turns',
	name: 'sharedRateTurns',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'With Share of a Shared Rate Limit: how many runs share the limit, each at this pace, taking turns on one clock-aligned schedule so that together they never exceed the limit in any second. 0 or 1: no turns.',
};

export const sharedRateTurnOption: INodeProperties = {
	displayName: "This Run's Turn",
	name: 'sharedRateTurn',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'With Runs Taking Turns: which of those runs this is, from 0 to Runs Taking Turns minus 1. Each run needs a different turn (a lane number).',
};

/**
 * An operation's options with the four pace options among them, in the alphabetical order n8n
 * lists options in: the composite operations and the key check share them.
 */
export function withPaceOptions(options: INodeProperties[]): INodeProperties[] {
	return [
		...options,
		requestsPerSecondOption,
		sharedRateBudgetOption,
		sharedRateTurnsOption,
		sharedRateTurnOption,
	].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** A partner's limiter, from the pace options above. */
export function limiterFromOptions(options: IDataObject): () => RateLimiter {
	return () =>
		new RateLimiter({
			requestsPerSecond:
				(options.requestsPerSecond as number) || (requestsPerSecondOption.default as number),
			sharedBudget: options.sharedRateBudget === true,
			turn: {
				index: Number(options.sharedRateTurn) || 0,
				of: Number(options.sharedRateTurns) || 0,
			},
		});
}
