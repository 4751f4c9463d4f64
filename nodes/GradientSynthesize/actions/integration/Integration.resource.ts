import type { INodeProperties } from 'n8n-workflow';

import { checkReadiness } from './checkReadiness.operation';
import { get } from './get.operation';
import { setStatus } from './setStatus.operation';

export const operations = { checkReadiness, get, setStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['integration'] } },
		options: [
			{
				name: 'Check Readiness',
				value: 'checkReadiness',
				description:
					'Go / no-go for going active: connected, every account mapped, a recent usage sync — with reasons',
				action: 'Check integration readiness',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					"Get the partner's integration settings: status and last sync (also the best credential check)",
				action: 'Get integration',
			},
			{
				name: 'Set Status',
				value: 'setStatus',
				description: 'Set the integration status, e.g. pending once the MSP connected',
				action: 'Set integration status',
			},
		],
		default: 'get',
	},
	...get.description,
	...checkReadiness.description,
	...setStatus.description,
];
