import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { secretProblem, sealPartnerKey } from '../../../shared/seal';
import { CREDENTIAL_NAME, itemSuffix } from '../../../shared/transport';
import { checkId, checkNonEmptyText } from '../../../shared/validation';
import { itemOperation } from '../types';
import { valid } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			"The plain key arrives in this item (e.g. from your integration page form): turn off saving execution data in this workflow's settings. Store only the sealed key; every other workflow uses it.",
		name: 'sealNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Partner ID',
		name: 'partnerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.partnerId }}',
		description: 'Your ID for the MSP partner. The sealed key opens only for this ID.',
	},
	{
		displayName: 'Partner API Key',
		name: 'partnerApiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'The key the MSP generated in Synthesize. Never returned by the node.',
	},
	{
		displayName: 'Verify First',
		name: 'verify',
		type: 'boolean',
		default: true,
		description:
			'Whether to check the key against Synthesize (Get Integration) first; a key Synthesize refuses is not sealed',
	},
];

/** Reads only the Partner Registry Secret; no request is made with the credential's data here. */
async function registrySecret(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME, itemIndex);
	const problem = secretProblem(credentials.partnerRegistrySecret);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `${problem}${itemSuffix(itemIndex)}`, {
			itemIndex,
			description:
				'Set a Partner Registry Secret of at least 16 characters in the "Gradient Synthesize API" credential; it seals and opens the partner keys.',
		});
	}
	return String(credentials.partnerRegistrySecret);
}

export const seal = itemOperation(
	{ resource: 'partnerKey', operation: 'seal' },
	properties,
	async function (itemIndex, { api }) {
		const partnerId = valid(
			this,
			checkId(this.getNodeParameter('partnerId', itemIndex), 'Partner ID'),
			itemIndex,
		);
		const partnerKey = valid(
			this,
			checkNonEmptyText(this.getNodeParameter('partnerApiKey', itemIndex), 'Partner API Key', 1000),
			itemIndex,
		).trim();
		const secret = await registrySecret(this, itemIndex);
		const result: IDataObject = { partnerId, verified: false };
		if (this.getNodeParameter('verify', itemIndex, true) === true) {
			const integration = await api.call('getIntegration', {}, { itemIndex, partnerKey });
			Object.assign(result, {
				verified: true,
				organization: integration.name,
				organizationId: integration.organizationId,
				integrationStatus: integration.status,
			});
		}
		return { ...result, sealedKey: sealPartnerKey(secret, partnerId, partnerKey) };
	},
);
