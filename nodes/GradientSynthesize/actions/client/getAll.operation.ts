import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { walkClients } from '../../../shared/clients';
import { returnAllProperties } from '../../../shared/descriptions';
import { itemOperation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName:
			"Gradient deprecated this route in favour of accounts. Use it to look up the MSP's PSA clients, e.g. to create matching accounts.",
		name: 'deprecationNotice',
		type: 'notice',
		default: '',
	},
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Text to search for in client names (matching rules are up to Synthesize)',
			},
			{
				displayName: 'Start After Client ID',
				name: 'previousId',
				type: 'string',
				default: '',
				description: 'Continue after this client (the previousId cursor)',
			},
		],
	},
];

export const getAll = itemOperation(
	{ resource: 'client', operation: 'getAll' },
	properties,
	async function (itemIndex, { api, partners }) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const walk = await walkClients(
			api,
			{
				search: (filters.search as string) || undefined,
				previousId: (filters.previousId as string) || undefined,
			},
			{ maxClients: returnAll ? undefined : limit },
			await partners.forItem(itemIndex),
		);
		return walk.clients as IDataObject[];
	},
);
