import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { getAll } from './getAll.operation';
import { sync } from './syncAccounts.operation';
import { update } from './update.operation';
import { updateMany } from './updateMany.operation';

export const operations = { create, getAll, sync, update, updateMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create one account per input item, in bulk requests',
				action: 'Create accounts',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the accounts created for this MSP partner, with their mapping state',
				action: 'Get many accounts',
			},
			{
				name: 'Sync',
				value: 'sync',
				description:
					'Make Synthesize hold one account per customer in your system: create the missing, rename the changed',
				action: 'Sync accounts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Rename an account or change its description',
				action: 'Update account',
			},
			{
				name: 'Update Many',
				value: 'updateMany',
				description:
					'Update one account per input item in bulk requests (newer API, lower confidence)',
				action: 'Update many accounts',
			},
		],
		default: 'create',
	},
	...create.description,
	...getAll.description,
	...sync.description,
	...update.description,
	...updateMany.description,
];
