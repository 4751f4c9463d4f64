import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { AccountUpdate } from '../../../shared/api';
import { checkId } from '../../../shared/validation';
import { updateFieldsProperty, batchSizeOption } from '../../../shared/descriptions';
import { readUpdateFields, requireSomeField, valid } from '../parameters';
import { executeBulk } from '../bulk';
import type { BatchOperation, OperationContext } from '../types';

const properties: INodeProperties[] = [
	{
		displayName:
			'Known only from the newer Synthesize API; the bulk body is inferred (lower confidence)',
		name: 'confidenceNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Service ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.serviceId }}',
		description: 'The organisation service to update, one per input item',
	},
	updateFieldsProperty('service'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [batchSizeOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['organizationService'], operation: ['updateMany'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ api, partners }: OperationContext,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await executeBulk<AccountUpdate & { id: string }>(this, partners, items, {
		idLabel: 'Service ID',
		batchSize: (options.batchSize as number) || 100,
		build: (itemIndex) => {
			const update = readUpdateFields(
				this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
			);
			requireSomeField.call(this, update as IDataObject, itemIndex, 'service');
			return {
				id: valid(this, checkId(this.getNodeParameter('id', itemIndex), 'Service ID'), itemIndex),
				...update,
			};
		},
		send: async (updates, call) =>
			(await api.call(
				'updateOrganizationServicesBulk',
				{ body: updates as unknown as IDataObject[] },
				call,
			)) as unknown as IDataObject[],
	});
}

export const updateMany: BatchOperation = { kind: 'batch', description, execute };
