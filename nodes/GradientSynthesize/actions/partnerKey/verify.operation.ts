import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { apiFailureOf } from '../../../shared/transport';
import { optionsCollection, sealedKeyFields } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { rethrow } from '../errors';
import { limiterFromOptions, withPaceOptions } from '../pace';

const properties: INodeProperties[] = [
	...sealedKeyFields(),
	// A lane checks each partner's key in its share of a per-vendor limit, like its syncs.
	optionsCollection(withPaceOptions([])),
];

/** Whether a partner's sealed key still works: a regenerated or revoked key answers 401. */
export const verify = itemOperation(
	{ resource: 'partnerKey', operation: 'verify' },
	properties,
	async function (itemIndex, { api, partners }) {
		const call = await partners.forItem(itemIndex, 'sealedKey');
		const partnerId = call.sealedPartnerKey!.partnerId;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const paced = Object.keys(options).length > 0;
		try {
			const integration = await api.call(
				'getIntegration',
				{},
				paced ? { ...call, limiter: limiterFromOptions(options)() } : call,
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
