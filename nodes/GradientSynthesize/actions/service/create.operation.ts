import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../../shared/contract';
import { checkEnum, checkNonEmptyText } from '../../../shared/validation';
import { categoryProperty, subcategoryProperty, supportFields } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { compact, valid } from '../parameters';
import { simplifySku } from '../simplify';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Managed EDR',
		description: 'Service (SKU) name. Synthesize and every sync match services by this name.',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
	},
	{ ...categoryProperty, required: true },
	{ ...subcategoryProperty, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: supportFields,
	},
];

export const create = itemOperation(
	{ resource: 'service', operation: 'create' },
	properties,
	async function (itemIndex, { api, partners }) {
		const name = valid(
			this,
			checkNonEmptyText(this.getNodeParameter('name', itemIndex), 'Name'),
			itemIndex,
		);
		const service = {
			name: name.trim(),
			description: valid(
				this,
				checkNonEmptyText(this.getNodeParameter('description', itemIndex), 'Description'),
				itemIndex,
			),
			category: valid(
				this,
				checkEnum(this.getNodeParameter('category', itemIndex), SERVICE_CATEGORIES, 'Category'),
				itemIndex,
			),
			subcategory: valid(
				this,
				checkEnum(
					this.getNodeParameter('subcategory', itemIndex),
					SERVICE_SUBCATEGORIES,
					'Subcategory',
				),
				itemIndex,
			),
			...compact(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		};
		const vendor = await api.call(
			'createVendorService',
			{ body: service as unknown as IDataObject },
			await partners.forItem(itemIndex),
		);
		// The API answers with the whole vendor; the new service is the last one with this name.
		const created = [...vendor.skus].reverse().find((sku) => sku.name === service.name);
		return created ? simplifySku(created) : { name: service.name, vendorId: vendor.id };
	},
);
