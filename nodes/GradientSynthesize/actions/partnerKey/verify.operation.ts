import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RateLimiter } from '../../../shared/transport';
import { apiFailureOf } from '../../../shared/transport';
import { optionsCollection, sealedKeyFields } from '../../../shared/descriptions';
import type { OperationContext } from '../types';
import { itemOperation } from '../types';
import { rethrow } from '../errors';
import { limiterFromOptions, withPaceOptions } from '../pace';

const properties: INodeProperties[] = [
	...sealedKeyFields(),
	// A lane checks each partner's key in its share of a per-vendor limit, like its syncs.
	optionsCollection(withPaceOptions([])),
];

/**
 * The pace of an execution's key checks, set once from the options (of the first item, as the
 * syncs read theirs): a limiter per item would let every item start at once. Keyed by the
 * operation context, which the router makes once per execution; without options, the execution's
 * own limiter, as before the options existed.
 */
const paces = new WeakMap<OperationContext, RateLimiter>();

function paceOf(context: IExecuteFunctions, operation: OperationContext): RateLimiter {
	let limiter = paces.get(operation);
	if (!limiter) {
		const options = context.getNodeParameter('options', 0, {}) as IDataObject;
		limiter = Object.keys(options).length > 0 ? limiterFromOptions(options)() : operation.limiter;
		paces.set(operation, limiter);
	}
	return limiter;
}

/** Whether a partner's sealed key still works: a regenerated or revoked key answers 401. */
export const verify = itemOperation(
	{ resource: 'partnerKey', operation: 'verify' },
	properties,
	async function (itemIndex, operation) {
		const { api, partners } = operation;
		const call = await partners.forItem(itemIndex, 'sealedKey');
		const partnerId = call.sealedPartnerKey!.partnerId;
		try {
			const integration = await api.call(
				'getIntegration',
				{},
				{ ...call, limiter: paceOf(this, operation) },
			);
			return {
				partnerId,
				valid: true,
				organization: integration.name,
				organizationId: integration.organizationId,
				integrationStatus: integration.status,
				lastSyncedAt: integration.lastSyncedAt,
			};
		} catch (error) {
			const kind = apiFailureOf(error)?.kind;
			if (kind === 'unauthorized') {
				return {
					partnerId,
					valid: false,
					reason:
						'Synthesize refused the key (401): the MSP regenerated or revoked it. Ask the MSP to reconnect with the new key.',
				};
			}
			if (kind === 'configuration') {
				return { partnerId, valid: false, reason: (error as Error).message };
			}
			return rethrow.call(this, error, itemIndex);
		}
	},
);
