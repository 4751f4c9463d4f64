import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { INTEGRATION_STATUSES } from '../../../shared/contract';
import { checkEnum } from '../../../shared/validation';
import type { ItemOperation, OperationContext } from '../common';
import { itemCall, valid } from '../common';
import { integrationStatusOptions } from './statusOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: integrationStatusOptions,
		default: 'pending',
		description: 'The status to set (Synthesize is case-sensitive: the values are lower case)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['integration'], operation: ['setStatus'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api }: OperationContext,
): Promise<IDataObject> {
	const status = valid(
		this,
		checkEnum(this.getNodeParameter('status', itemIndex), INTEGRATION_STATUSES, 'Status'),
		itemIndex,
	);
	return (await api.setIntegrationStatus(
		status,
		itemCall.call(this, itemIndex),
	)) as unknown as IDataObject;
}

export const setStatus: ItemOperation = { kind: 'item', description, execute };
