import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { AccountUpdate } from '../../../shared/api';
import { checkId } from '../../../shared/validation';
import { batchSizeOption, updateFieldsProperty } from '../../../shared/descriptions';
import { executeBulk } from '../bulk';
import type { BatchOperation, OperationContext } from '../types';
import { requireSomeField, valid, readUpdateFields } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			'Bulk update exists only in the newer Synthesize API and its body is inferred (lower confidence). If it fails, use Update once per item.',
		name: 'confidenceNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Account ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.accountId }}',
		description: 'The account to update, one per input item',
	},
	updateFieldsProperty('account'),
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
	{ show: { resource: ['account'], operation: ['updateMany'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ api, partners }: OperationContext,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await executeBulk<AccountUpdate & { id: string }>(this, partners, items, {
		idLabel: 'Account ID',
		batchSize: (options.batchSize as number) || 100,
		build: (itemIndex) => {
			const update = readUpdateFields(
				this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
			);
			requireSomeField.call(this, update as IDataObject, itemIndex, 'account');
			return {
				id: valid(this, checkId(this.getNodeParameter('id', itemIndex), 'Account ID'), itemIndex),
				...update,
			};
		},
		send: async (updates, call) =>
			(await api.call(
				'updateAccountsBulk',
				{ body: updates as unknown as IDataObject[] },
				call,
			)) as unknown as IDataObject[],
	});
}

export const updateMany: BatchOperation = { kind: 'batch', description, execute };
