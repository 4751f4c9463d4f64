import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { isAccountMapped } from '../../../shared/contract';
import { returnAllProperties } from '../../../shared/descriptions';
import { itemOperation } from '../types';

const properties: INodeProperties[] = [
	...returnAllProperties,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				type: 'options',
				default: 'any',
				options: [
					{ name: 'Any', value: 'any' },
					{ name: 'Mapped Only', value: 'mapped' },
					{ name: 'Unmapped Only', value: 'unmapped' },
				],
				description:
					'Keep accounts by mapping state. Works where Synthesize reports isMapped/mappingId (newer API); otherwise every account is kept and "mapped" is empty.',
			},
		],
	},
];

export const getAll = itemOperation(
	{ resource: 'account', operation: 'getAll' },
	properties,
	async function (itemIndex, { api, partners }) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
		const mapping =
			(this.getNodeParameter('filters', itemIndex, {}) as IDataObject).mapping ?? 'any';
		const accounts = (await api.call('getAccounts', {}, await partners.forItem(itemIndex)))
			.map((account) => ({ ...account, mapped: isAccountMapped(account) }))
			.filter((account) => {
				if (mapping === 'any' || account.mapped === undefined) return true;
				return mapping === 'mapped' ? account.mapped : !account.mapped;
			});
		return (returnAll ? accounts : accounts.slice(0, limit)) as IDataObject[];
	},
);
