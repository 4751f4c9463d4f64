import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { getStatus } from './getStatus.operation';
import { sendTest } from './sendTest.operation';
import { syncAlerts } from './syncAlerts.operation';

export const operations = { create, getStatus, sendTest, syncAlerts };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['alert'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Queue an alert that Synthesize turns into a PSA ticket, optionally waiting for the ticket',
				action: 'Create alert',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Check whether a queued alert became a ticket (debug route)',
				action: 'Get alert status',
			},
			{
				name: 'Send Test Alert',
				value: 'sendTest',
				description: 'Send a labelled test alert and report whether it became a ticket',
				action: 'Send test alert',
			},
			{
				name: 'Sync Alerts',
				value: 'syncAlerts',
				description:
					'Send every new vendor incident as an alert exactly once, on a schedule: a ledger of what was sent, tickets waited for, unmapped accounts retried',
				action: 'Sync alerts',
			},
		],
		default: 'create',
	},
	...create.description,
	...getStatus.description,
	...sendTest.description,
	...syncAlerts.description,
];
