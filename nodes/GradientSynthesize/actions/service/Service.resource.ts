import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { get } from './get.operation';
import { sync } from './syncServices.operation';
import { update } from './update.operation';

export const operations = { create, get, sync, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['service'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a vendor-level service (SKU) that MSPs map to their PSA products',
				action: 'Create service',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one service of the vendor',
				action: 'Get service',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a service (legacy route, lower confidence)',
				action: 'Update service',
			},
			{
				name: 'Sync',
				value: 'sync',
				description:
					'Create the services (SKUs) missing from the catalogue, matched by name; output their IDs',
				action: 'Sync services',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...sync.description,
	...update.description,
];
