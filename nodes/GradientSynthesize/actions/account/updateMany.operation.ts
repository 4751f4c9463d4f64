import { updateManyOperation } from '../updates';

export const updateMany = updateManyOperation({
	resource: 'account',
	what: 'account',
	notice:
		'Bulk update exists only in the newer Synthesize API and its body is inferred (lower confidence). If it fails, use Update once per item.',
	route: 'updateAccountsBulk',
	idLabel: 'Account ID',
	idPlaceholder: 'e.g. {{ $json.accountId }}',
	idDescription: 'The account to update, one per input item',
});
