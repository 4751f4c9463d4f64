import { updateManyOperation } from '../updates';

export const updateMany = updateManyOperation({
	resource: 'organizationService',
	what: 'service',
	notice: 'Known only from the newer Synthesize API; the bulk body is inferred (lower confidence)',
	route: 'updateOrganizationServicesBulk',
	idLabel: 'Service ID',
	idPlaceholder: 'e.g. {{ $json.serviceId }}',
	idDescription: 'The organisation service to update, one per input item',
});
