import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { update } from './update.operation';
import { updateMany } from './updateMany.operation';

export const operations = { create, update, updateMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['organizationService'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create services for this MSP only, one per input item, in bulk requests',
				action: 'Create organization services',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update one organization service (newer API, lower confidence)',
				action: 'Update organization service',
			},
			{
				name: 'Update Many',
				value: 'updateMany',
				description:
					'Update one organization service per input item in bulk requests (newer API, lower confidence)',
				action: 'Update many organization services',
			},
		],
		default: 'create',
	},
	...create.description,
	...update.description,
	...updateMany.description,
];
