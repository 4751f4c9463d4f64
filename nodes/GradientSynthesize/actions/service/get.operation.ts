import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { checkObjectId } from '../../../shared/validation';
import { itemOperation } from '../types';
import { locatorId } from '../parameters';
import { serviceLocator } from '../locators';
import { simplifySku, simplifyVendor } from '../simplify';

const properties: INodeProperties[] = [
	serviceLocator({ displayOptions: {} }),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return only the service instead of the raw response (the vendor profile filtered to this service)',
	},
];

export const get = itemOperation(
	{ resource: 'service', operation: 'get' },
	properties,
	async function (itemIndex, { api, partners }) {
		const serviceId = locatorId.call(this, 'serviceId', itemIndex, checkObjectId, 'Service');
		const vendor = await api.call(
			'getVendorService',
			{ params: { serviceId } },
			await partners.forItem(itemIndex),
		);
		if (!this.getNodeParameter('simplify', itemIndex, true)) return vendor as IDataObject;
		const sku = vendor.skus.find((candidate) => candidate.id === serviceId) ?? vendor.skus[0];
		if (!sku) {
			throw new NodeOperationError(
				this.getNode(),
				`Service ${serviceId} is not in the answer [item ${itemIndex}]`,
				{
					itemIndex,
					description: 'Synthesize answered without the service. Check the id with Vendor → Get.',
				},
			);
		}
		return { ...simplifySku(sku), vendor: simplifyVendor(vendor).name };
	},
);
