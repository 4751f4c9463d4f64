import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { checkId, checkNonEmptyText } from '../../../shared/validation';
import { batchSizeOption } from '../../../shared/descriptions';
import { executeBulk } from '../bulk';
import type { BatchOperation, OperationContext } from '../types';
import { valid } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			'Services that exist for this MSP only. Gradient advises not to mix them with vendor-level services in one integration.',
		name: 'scopeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Service ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.sku }}',
		description: 'Your ID for the service. A second create with the same ID fails with 409.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
	},
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
	{ show: { resource: ['organizationService'], operation: ['create'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ api, partners }: OperationContext,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await executeBulk<{ id: string; name: string; description: string }>(
		this,
		partners,
		items,
		{
			idLabel: 'Service ID',
			batchSize: (options.batchSize as number) || 100,
			build: (itemIndex) => ({
				id: valid(this, checkId(this.getNodeParameter('id', itemIndex), 'Service ID'), itemIndex),
				name: valid(
					this,
					checkNonEmptyText(this.getNodeParameter('name', itemIndex), 'Name', 1000),
					itemIndex,
				).trim(),
				description: valid(
					this,
					checkNonEmptyText(this.getNodeParameter('description', itemIndex), 'Description'),
					itemIndex,
				),
			}),
			send: async (services, call) =>
				(await api.call(
					'createOrganizationServices',
					{ body: services as unknown as IDataObject[] },
					call,
				)) as unknown as IDataObject[],
		},
	);
}

export const create: BatchOperation = { kind: 'batch', description, execute };
