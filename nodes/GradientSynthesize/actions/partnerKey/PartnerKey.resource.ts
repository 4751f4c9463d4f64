import type { INodeProperties } from 'n8n-workflow';

import { seal } from './seal.operation';
import { verify } from './verify.operation';

export const operations = { seal, verify };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['partnerKey'] } },
		options: [
			{
				name: 'Seal',
				value: 'seal',
				description:
					"Check an MSP's key with Synthesize and seal it for your partner table (only this credential opens it)",
				action: 'Seal partner key',
			},
			{
				name: 'Verify',
				value: 'verify',
				description:
					"Check that a partner's sealed key still works (401 after the MSP regenerated it)",
				action: 'Verify partner key',
			},
		],
		default: 'seal',
	},
	...seal.description,
	...verify.description,
];
