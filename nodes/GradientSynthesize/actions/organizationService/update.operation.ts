import { updateOneOperation } from '../updates';

export const update = updateOneOperation({
	resource: 'organizationService',
	what: 'service',
	notice: 'Known only from the newer Synthesize API (lower confidence)',
	route: 'updateOrganizationService',
	idProperty: {
		displayName: 'Service ID',
		name: 'serviceId',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID you gave the organisation service when creating it',
	},
	readId: (context, itemIndex) => context.getNodeParameter('serviceId', itemIndex),
	idLabel: 'Service ID',
});
