import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { assessReadiness } from '../../../shared/engine';
import { itemOperation } from '../types';
import type { OperationContext } from '../types';
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

export const checkReadiness = itemOperation(
	{ resource: 'integration', operation: 'checkReadiness' },
	properties,
	async function (itemIndex, context) {
		return await readiness(
			this,
			itemIndex,
			context,
			this.getNodeParameter('maxHoursSinceSync', itemIndex, 48) as number,
		);
	},
);
