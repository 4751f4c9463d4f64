import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AccountInput } from '../../../shared/api';
import { checkId, checkNonEmptyText } from '../../../shared/validation';
import { bulkOperation } from '../bulk';
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
					'Whether the account is billed in arrears (newer API field). Gradient does not say what it changes: leave it out unless Gradient support asks for it.',
			},
		],
	},
];

export const create = bulkOperation<AccountInput>({
	show: { resource: 'account', operation: 'create' },
	properties,
	route: 'createAccounts',
	idLabel: 'Account ID',
	build(itemIndex) {
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
});
