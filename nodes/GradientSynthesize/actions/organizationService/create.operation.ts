import type { INodeProperties } from 'n8n-workflow';

import { checkId, checkNonEmptyText } from '../../../shared/validation';
import { bulkOperation } from '../bulk';
import { valid } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName:
			'Services that exist for this MSP only. Gradient advises not to mix them with vendor-level services in one integration.',
		name: 'scopeNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Service ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.sku }}',
		description: 'Your ID for the service. A second create with the same ID fails with 409.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
	},
];

export const create = bulkOperation<{ id: string; name: string; description: string }>({
	show: { resource: 'organizationService', operation: 'create' },
	properties,
	route: 'createOrganizationServices',
	idLabel: 'Service ID',
	build(itemIndex) {
		return {
			id: valid(this, checkId(this.getNodeParameter('id', itemIndex), 'Service ID'), itemIndex),
			name: valid(
				this,
				checkNonEmptyText(this.getNodeParameter('name', itemIndex), 'Name', 1000),
				itemIndex,
			).trim(),
			description: valid(
				this,
				checkNonEmptyText(this.getNodeParameter('description', itemIndex), 'Description'),
				itemIndex,
			),
		};
	},
});
