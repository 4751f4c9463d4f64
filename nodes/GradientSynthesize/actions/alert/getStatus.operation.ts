import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkId } from '../../../shared/validation';
import type { ItemOperation, OperationContext } from '../types';
import { valid } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.messageId }}',
		description: 'The messageId returned when the alert was created',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['alert'], operation: ['getStatus'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api, partners }: OperationContext,
): Promise<IDataObject> {
	const messageId = valid(
		this,
		checkId(this.getNodeParameter('messageId', itemIndex), 'Message ID'),
		itemIndex,
	);
	return (await api.call(
		'getAlertStatus',
		{ params: { messageId } },
		await partners.forItem(itemIndex),
	)) as unknown as IDataObject;
}

export const getStatus: ItemOperation = { kind: 'item', description, execute };
