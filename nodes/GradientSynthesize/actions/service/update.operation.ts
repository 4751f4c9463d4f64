import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../../../shared/contract';
import { checkEnum, checkObjectId } from '../../../shared/validation';
import { categoryProperty, subcategoryProperty, supportFields } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { compact, locatorId, requireSomeField, valid } from '../parameters';
import { serviceLocator } from '../locators';

const properties: INodeProperties[] = [
	serviceLocator({ displayOptions: {} }),
	{
		displayName:
			'Legacy route: Gradient documents no body for it, so the fields below follow the create body (lower confidence)',
		name: 'legacyNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			categoryProperty,
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			subcategoryProperty,
			...supportFields,
		],
	},
];

export const update = itemOperation(
	{ resource: 'service', operation: 'update' },
	properties,
	async function (itemIndex, { api, partners }) {
		const serviceId = locatorId.call(this, 'serviceId', itemIndex, checkObjectId, 'Service');
		const fields = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		requireSomeField.call(this, fields, itemIndex, 'service');
		if (fields.category !== undefined) {
			fields.category = valid(
				this,
				checkEnum(fields.category, SERVICE_CATEGORIES, 'Category'),
				itemIndex,
			);
		}
		if (fields.subcategory !== undefined) {
			fields.subcategory = valid(
				this,
				checkEnum(fields.subcategory, SERVICE_SUBCATEGORIES, 'Subcategory'),
				itemIndex,
			);
		}
		const result = await api.call(
			'updateVendorService',
			{ params: { serviceId }, body: fields },
			await partners.forItem(itemIndex),
		);
		return { id: serviceId, ...result };
	},
);
