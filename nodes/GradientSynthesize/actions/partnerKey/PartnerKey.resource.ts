import type { INodeProperties } from 'n8n-workflow';

import { deleteKey } from './delete.operation';
import { store } from './store.operation';
import { verify } from './verify.operation';

export const operations = { delete: deleteKey, store, verify };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['partnerKey'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: "Remove a partner's key from the registry",
				action: 'Delete partner key',
			},
			{
				name: 'Store',
				value: 'store',
				description: "Check a partner's key against Synthesize and store it in the registry",
				action: 'Store partner key',
			},
			{
				name: 'Verify',
				value: 'verify',
				description:
					"Check that a partner's stored key still works (401 after the MSP regenerated it)",
				action: 'Verify partner key',
			},
		],
		default: 'store',
	},
	...store.description,
	...verify.description,
	...deleteKey.description,
];
