import type { INodeProperties } from 'n8n-workflow';

import { set } from './set.operation';

export const operations = { set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['unitCount'] } },
		options: [
			{
				name: 'Set',
				value: 'set',
				description: 'Set the billed unit count of one account for one service',
				action: 'Set unit count',
			},
		],
		default: 'set',
	},
	...set.description,
];
