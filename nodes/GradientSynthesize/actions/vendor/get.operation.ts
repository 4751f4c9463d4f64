import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { itemOperation } from '../types';
import { simplifySku, simplifyVendor } from '../simplify';

const properties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'vendor',
		options: [
			{
				name: 'Vendor Profile',
				value: 'vendor',
				description: 'One item: the vendor profile',
			},
			{
				name: 'One Item per Service',
				value: 'services',
				description: "One item per service (SKU) in the vendor's catalogue",
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a simplified version of the response instead of the raw data (at most ten fields)',
	},
];

export const get = itemOperation(
	{ resource: 'vendor', operation: 'get' },
	properties,
	async function (itemIndex, { api, partners }) {
		const vendor = await api.call('getVendor', {}, await partners.forItem(itemIndex));
		const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
		if (this.getNodeParameter('output', itemIndex, 'vendor') === 'services') {
			return vendor.skus.map((sku) =>
				simplify ? simplifySku(sku) : (sku as unknown as IDataObject),
			);
		}
		return simplify ? simplifyVendor(vendor) : (vendor as IDataObject);
	},
);
