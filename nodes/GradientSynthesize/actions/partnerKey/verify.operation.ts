import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_REGISTRY_TABLE, openRegistry, readPartnerKey } from '../../../shared/partners';
import { apiFailureOf } from '../../../shared/transport';
import { checkId } from '../../../shared/validation';
import type { ItemOperation, OperationContext } from '../common';
import { rethrow, valid } from '../common';
import { partnerRegistryFields } from './fields';

const properties: INodeProperties[] = [...partnerRegistryFields()];

export const description = updateDisplayOptions(
	{ show: { resource: ['partnerKey'], operation: ['verify'] } },
	properties,
);

/** Whether the stored key still works: a regenerated or revoked key answers 401. */
async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	{ api }: OperationContext,
): Promise<IDataObject> {
	const partnerId = valid(
		this,
		checkId(this.getNodeParameter('partnerId', itemIndex), 'Partner ID'),
		itemIndex,
	);
	const tableName =
		(this.getNodeParameter('registryTable', itemIndex, DEFAULT_REGISTRY_TABLE) as string) ||
		DEFAULT_REGISTRY_TABLE;
	const table = await openRegistry(this, tableName, itemIndex, false);
	const partnerKey = table ? await readPartnerKey(table, partnerId) : undefined;
	if (!partnerKey) return { partnerId, valid: false, reason: 'No key stored for this partner' };
	try {
		const integration = await api.getIntegration({ itemIndex, partnerKey });
		return {
			partnerId,
			valid: true,
			organization: integration.name,
			organizationId: integration.organizationId,
			integrationStatus: integration.status,
			lastSyncedAt: integration.lastSyncedAt,
		};
	} catch (error) {
		if (apiFailureOf(error)?.kind !== 'unauthorized') return rethrow.call(this, error, itemIndex);
		return {
			partnerId,
			valid: false,
			reason:
				'Synthesize refused the stored key (401): the MSP regenerated or revoked it. Ask the MSP to reconnect with the new key.',
		};
	}
}

export const verify: ItemOperation = { kind: 'item', description, execute };
