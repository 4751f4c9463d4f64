import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { secretProblem, sealPartnerKey } from '../../../shared/seal';
import { CREDENTIAL_NAME, createApiError, itemSuffix } from '../../../shared/transport';
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

/**
 * Reads only the Partner Registry Secret; no request is made with the credential's data here. A
 * missing secret is the vendor's set-up (kind "configuration"), never the partner's key: an
 * integration page tells the two apart by the error item's errorKind.
 */
async function registrySecret(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME, itemIndex);
	const problem = secretProblem(credentials.partnerRegistrySecret);
	if (problem) {
		throw createApiError(
			context.getNode(),
			{ kind: 'configuration', route: 'sealPartnerKey', attempts: 0 },
			itemIndex,
			{
				message: problem,
				description:
					'Set a Partner Registry Secret of at least 16 characters in the "Gradient Synthesize API" credential; it seals and opens the partner keys.',
			},
		);
	}
	return String(credentials.partnerRegistrySecret);
}

/** The pasted key itself is unusable: the partner's to fix (errorKind "partner-key"). */
function partnerKeyProblem(context: IExecuteFunctions, itemIndex: number, message: string): never {
	const error = new NodeOperationError(context.getNode(), `${message}${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: 'Copy the Partner API Key again from Synthesize and paste it as one line.',
	});
	error.context.errorKind = 'partner-key';
	throw error;
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
		const checked = checkNonEmptyText(
			this.getNodeParameter('partnerApiKey', itemIndex),
			'Partner API Key',
			1000,
		);
		if (!checked.ok) partnerKeyProblem(this, itemIndex, checked.problem);
		const partnerKey = checked.value.trim();
		if (/\s/.test(partnerKey))
			partnerKeyProblem(this, itemIndex, 'The Partner API Key contains a space or a line break');
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
