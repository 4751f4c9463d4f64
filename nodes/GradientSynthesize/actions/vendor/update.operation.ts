import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { itemOperation } from '../types';
import { compact, requireSomeField } from '../parameters';
import { simplifyVendor } from '../simplify';

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Integration Portal URL',
				name: 'integrationPortalUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://portal.example.com/gradient',
				description:
					'Your integration page, where the MSP pastes its Partner API Key. Synthesize\'s "Open Vendor Portal" button points here.',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Vendor Support Page URL',
				name: 'vendorSupportPageUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://support.example.com',
			},
		],
	},
];

export const update = itemOperation(
	{ resource: 'vendor', operation: 'update' },
	properties,
	async function (itemIndex, { api, partners }) {
		const fields = compact(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		requireSomeField.call(this, fields, itemIndex, 'vendor profile');
		return simplifyVendor(
			await api.call('updateVendor', { body: fields }, await partners.forItem(itemIndex)),
		);
	},
);
