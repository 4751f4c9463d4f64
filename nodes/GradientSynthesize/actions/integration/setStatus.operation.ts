import type { INodeProperties } from 'n8n-workflow';

import { INTEGRATION_STATUSES } from '../../../shared/contract';
import { checkEnum } from '../../../shared/validation';
import { integrationStatusOptions } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { valid } from '../parameters';
import { maxHoursProperty, readiness } from './checkReadiness.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: integrationStatusOptions,
		default: 'pending',
		description: 'The status to set (Synthesize is case-sensitive: the values are lower case)',
	},
	{
		displayName: 'Only If Ready',
		name: 'onlyIfReady',
		type: 'boolean',
		default: false,
		description:
			'Whether to set Active only when the readiness check passes (integration connected, every account mapped, a recent sync); otherwise nothing changes and the reasons are returned',
		displayOptions: { show: { status: ['active'] } },
	},
	{ ...maxHoursProperty, displayOptions: { show: { status: ['active'], onlyIfReady: [true] } } },
];

export const setStatus = itemOperation(
	{ resource: 'integration', operation: 'setStatus' },
	properties,
	async function (itemIndex, context) {
		const { api, partners } = context;
		const status = valid(
			this,
			checkEnum(this.getNodeParameter('status', itemIndex), INTEGRATION_STATUSES, 'Status'),
			itemIndex,
		);
		if (status === 'active' && this.getNodeParameter('onlyIfReady', itemIndex, false) === true) {
			const check = await readiness(
				this,
				itemIndex,
				context,
				this.getNodeParameter('maxHoursSinceSync', itemIndex, 48) as number,
			);
			if (!check.ready) return { changed: false, status: check.status, readiness: check };
		}
		return await api.call(
			'updateIntegrationStatus',
			{ params: { status } },
			await partners.forItem(itemIndex),
		);
	},
);
