import { locatorValue } from '../parameters';
import { accountLocator } from '../locators';
import { updateOneOperation } from '../updates';

export const update = updateOneOperation({
	resource: 'account',
	what: 'account',
	route: 'updateAccount',
	idProperty: accountLocator({ displayOptions: {} }),
	readId: (context, itemIndex) => locatorValue.call(context, 'accountId', itemIndex),
	idLabel: 'Account',
});
