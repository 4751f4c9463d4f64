import type { INodeProperties } from 'n8n-workflow';

import { itemOperation } from '../types';

const properties: INodeProperties[] = [];

export const get = itemOperation(
	{ resource: 'integration', operation: 'get' },
	properties,
	async function (itemIndex, { api, partners }) {
		return await api.call('getIntegration', {}, await partners.forItem(itemIndex));
	},
);
