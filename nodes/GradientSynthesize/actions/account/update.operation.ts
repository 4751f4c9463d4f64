import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkId } from '../../../shared/validation';
import { updateFieldsProperty } from '../../../shared/descriptions';
import type { ItemOperation, OperationContext } from '../types';
import { locatorValue, requireSomeField, valid, readUpdateFields } from '../parameters';
import { accountLocator } from '../locators';

const properties: INodeProperties[] = [
	accountLocator({ displayOptions: {} }),
	updateFieldsProperty('account'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['update'] } },
	properties,
);

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api, partners }: OperationContext,
): Promise<IDataObject> {
	const accountId = valid(
		this,
		checkId(locatorValue.call(this, 'accountId', itemIndex), 'Account'),
		itemIndex,
	);
	const update = readUpdateFields(
		this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject,
	);
	requireSomeField.call(this, update as IDataObject, itemIndex, 'account');
	return (await api.call(
		'updateAccount',
		{ params: { accountId }, body: update as IDataObject },
		await partners.forItem(itemIndex),
	)) as unknown as IDataObject;
}

export const update: ItemOperation = { kind: 'item', description, execute };
