import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_REGISTRY_TABLE, openRegistry, removePartnerKey } from '../../../shared/partners';
import { checkId } from '../../../shared/validation';
import type { ItemOperation } from '../common';
import { valid } from '../common';
import { partnerRegistryFields } from './fields';

const properties: INodeProperties[] = [...partnerRegistryFields()];

export const description = updateDisplayOptions(
	{ show: { resource: ['partnerKey'], operation: ['delete'] } },
	properties,
);

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const partnerId = valid(
		this,
		checkId(this.getNodeParameter('partnerId', itemIndex), 'Partner ID'),
		itemIndex,
	);
	const tableName =
		(this.getNodeParameter('registryTable', itemIndex, DEFAULT_REGISTRY_TABLE) as string) ||
		DEFAULT_REGISTRY_TABLE;
	const table = await openRegistry(this, tableName, itemIndex, false);
	const removed = table ? await removePartnerKey(table, partnerId) : 0;
	return { partnerId, deleted: removed > 0 };
}

export const deleteKey: ItemOperation = { kind: 'item', description, execute };
