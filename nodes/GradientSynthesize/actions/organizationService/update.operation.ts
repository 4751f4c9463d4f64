import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkId } from '../../../shared/validation';
import { updateFieldsProperty } from '../../../shared/descriptions';
import { readUpdateFields, requireSomeField, valid } from '../parameters';
import type { ItemOperation, OperationContext } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Known only from the newer Synthesize API (lower confidence)',
		name: 'confidenceNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Service ID',
		name: 'serviceId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID you gave the organisation service when creating it',
	},
	updateFieldsProperty('service'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['organizationService'], operation: ['update'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api, partners }: OperationContext,
): Promise<IDataObject> {
	const serviceId = valid(
		this,
		checkId(this.getNodeParameter('serviceId', itemIndex), 'Service ID'),
		itemIndex,
	);
	const update = readUpdateFields(
		this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
	);
	requireSomeField.call(this, update as IDataObject, itemIndex, 'service');
	return (await api.call(
		'updateOrganizationService',
		{ params: { serviceId }, body: update as IDataObject },
		await partners.forItem(itemIndex),
	)) as unknown as IDataObject;
}

export const update: ItemOperation = { kind: 'item', description, execute };
