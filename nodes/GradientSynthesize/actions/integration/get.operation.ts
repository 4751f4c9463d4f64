import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation, OperationContext } from '../types';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['integration'], operation: ['get'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api, partners }: OperationContext,
): Promise<IDataObject> {
	return (await api.call(
		'getIntegration',
		{},
		await partners.forItem(itemIndex),
	)) as unknown as IDataObject;
}

export const get: ItemOperation = { kind: 'item', description, execute };
