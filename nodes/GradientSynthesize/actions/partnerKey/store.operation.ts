import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_REGISTRY_TABLE, openRegistry, storePartnerKey } from '../../../shared/partners';
import { checkId, checkNonEmptyText } from '../../../shared/validation';
import type { ItemOperation, OperationContext } from '../common';
import { valid } from '../common';
import { partnerRegistryFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName:
			"The key arrives in this item (e.g. from your integration page form): turn off saving execution data in this workflow's settings so it is not kept there. Every other workflow refers to the partner by its ID only.",
		name: 'storeNotice',
		type: 'notice',
		default: '',
	},
	...partnerRegistryFields(),
	{
		displayName: 'Partner API Key',
		name: 'partnerApiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json["Partner API Key"] }}',
		description: 'The key the MSP generated in Synthesize. Never returned by the node.',
	},
	{
		displayName: 'Verify First',
		name: 'verify',
		type: 'boolean',
		default: true,
		description:
			'Whether to check the key against Synthesize (Get Integration) before storing it; a key Synthesize refuses is not stored',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['partnerKey'], operation: ['store'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api }: OperationContext,
): Promise<IDataObject> {
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
	const result: IDataObject = { partnerId, stored: true, verified: false };
	if (this.getNodeParameter('verify', itemIndex, true) === true) {
		const integration = await api.getIntegration({ itemIndex, partnerKey });
		Object.assign(result, {
			verified: true,
			organization: integration.name,
			organizationId: integration.organizationId,
			integrationStatus: integration.status,
		});
	}
	const tableName =
		(this.getNodeParameter('registryTable', itemIndex, DEFAULT_REGISTRY_TABLE) as string) ||
		DEFAULT_REGISTRY_TABLE;
	const table = await openRegistry(this, tableName, itemIndex, true);
	await storePartnerKey(table!, partnerId, partnerKey);
	return result;
}

export const store: ItemOperation = { kind: 'item', description, execute };
