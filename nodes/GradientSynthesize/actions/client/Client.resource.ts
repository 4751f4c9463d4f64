import type { INodeProperties } from 'n8n-workflow';

import { getAll } from './getAll.operation';

export const operations = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the MSP's PSA clients (deprecated route), walking every page",
				action: 'Get many clients',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
