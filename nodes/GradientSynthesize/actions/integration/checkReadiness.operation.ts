import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assessReadiness } from '../../../shared/engine';
import type { ItemOperation, OperationContext } from '../types';
import { readAccountList } from '../workflowFacts';

export const maxHoursProperty: INodeProperties = {
	displayName: 'Max Hours Since Last Sync',
	name: 'maxHoursSinceSync',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 48,
	description: 'Not ready when Synthesize last received counts longer ago than this. 0 = no limit.',
};

const properties: INodeProperties[] = [maxHoursProperty];

export const description = updateDisplayOptions(
	{ show: { resource: ['integration'], operation: ['checkReadiness'] } },
	properties,
);

/** Go / no-go for the integration to be active, with reasons a person can act on. */
export async function readiness(
	context: IExecuteFunctions,
	itemIndex: number,
	{ api, partners }: OperationContext,
	maxHoursSinceSync: number,
): Promise<IDataObject> {
	const call = await partners.forItem(itemIndex);
	const [integration, accounts] = await Promise.all([
		api.call('getIntegration', {}, call),
		api.call('getAccounts', {}, call),
	]);
	return assessReadiness(integration, accounts, {
		maxHoursSinceSync,
		now: new Date(),
		unmappedFromPushes: readAccountList(context, 'unmappedAccounts', call.partnerRef),
	}) as unknown as IDataObject;
}

async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	context: OperationContext,
): Promise<IDataObject> {
	return await readiness(
		this,
		itemIndex,
		context,
		this.getNodeParameter('maxHoursSinceSync', itemIndex, 48) as number,
	);
}

export const checkReadiness: ItemOperation = { kind: 'item', description, execute };
