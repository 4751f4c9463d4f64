import type { INodeProperties } from 'n8n-workflow';

import { set } from './set.operation';
import { syncUsage } from './syncUsage.operation';

export const operations = { set, syncUsage };

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
			{
				name: 'Sync Usage',
				value: 'syncUsage',
				description:
					'Push the counts of many rows at once: combined per account and service, only what changed, zeros for customers that left, one billing rebuild',
				action: 'Sync usage',
			},
		],
		default: 'set',
	},
	...set.description,
	...syncUsage.description,
];
