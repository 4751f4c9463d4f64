import type { INodeProperties } from 'n8n-workflow';

import { checkId } from '../../../shared/validation';
import { itemOperation } from '../types';
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

export const getStatus = itemOperation(
	{ resource: 'alert', operation: 'getStatus' },
	properties,
	async function (itemIndex, { api, partners }) {
		const messageId = valid(
			this,
			checkId(this.getNodeParameter('messageId', itemIndex), 'Message ID'),
			itemIndex,
		);
		return await api.call(
			'getAlertStatus',
			{ params: { messageId } },
			await partners.forItem(itemIndex),
		);
	},
);
