import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { AccountInput } from '../../../shared/api';
import { checkId, checkNonEmptyText } from '../../../shared/validation';
import { batchSizeOption } from '../../../shared/descriptions';
import { executeBulk } from '../bulk';
import type { BatchOperation, OperationContext } from '../types';
import { valid } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Account ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customerId }}',
		description:
			"Your stable ID for this customer (site, tenant, organisation). Sent as text; it becomes the accountId used for counts and alerts. Don't use a name: IDs must never change.",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.customerName }}',
		description:
			"Name the MSP sees when mapping. Synthesize auto-maps it when it equals a PSA company's name exactly.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Is Arrears',
				name: 'isArrears',
				type: 'boolean',
				default: false,
				description:
					'Whether the account is billed in arrears (newer API field; meaning undocumented)',
			},
		],
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
	{ show: { resource: ['account'], operation: ['create'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ api, partners }: OperationContext,
): Promise<INodeExecutionData[][]> {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	return await executeBulk<AccountInput>(this, partners, items, {
		idLabel: 'Account ID',
		batchSize: (options.batchSize as number) || 100,
		build: (itemIndex) => {
			const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			const account: AccountInput = {
				id: valid(this, checkId(this.getNodeParameter('id', itemIndex), 'Account ID'), itemIndex),
				name: valid(
					this,
					checkNonEmptyText(this.getNodeParameter('name', itemIndex), 'Name', 1000),
					itemIndex,
				).trim(),
				description: typeof extra.description === 'string' ? extra.description : '',
			};
			if (typeof extra.isArrears === 'boolean') account.isArrears = extra.isArrears;
			return account;
		},
		send: async (accounts, call) =>
			(await api.call(
				'createAccounts',
				{ body: accounts as unknown as IDataObject[] },
				call,
			)) as unknown as IDataObject[],
	});
}

export const create: BatchOperation = { kind: 'batch', description, execute };
