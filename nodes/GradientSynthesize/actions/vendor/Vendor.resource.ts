import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { update } from './update.operation';

export const operations = { get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['vendor'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the vendor profile and its service catalogue',
				action: 'Get vendor',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update the vendor name, description or URLs',
				action: 'Update vendor',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
