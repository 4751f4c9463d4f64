import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { countRequest } from '../../../shared/api';
import { apiFailureOf, itemSuffix } from '../../../shared/transport';
import { checkId, checkObjectId, checkUnitCount } from '../../../shared/validation';
import { itemOperation } from '../types';
import { errorJson, rethrow } from '../errors';
import { locatorValue, valid } from '../parameters';
import { accountLocator, clientLocator, serviceLocator } from '../locators';

const properties: INodeProperties[] = [
	serviceLocator({ displayOptions: {} }),
	{
		displayName: 'Count For',
		name: 'countFor',
		type: 'options',
		default: 'account',
		options: [
			{
				name: 'Account',
				value: 'account',
				description: 'An account the vendor created (accountId)',
			},
			{
				name: 'Client (Deprecated)',
				value: 'client',
				description:
					'A PSA client from Get Clients (the deprecated clientOId). Only for integrations built before accounts existed.',
			},
		],
	},
	accountLocator({
		displayOptions: { show: { countFor: ['account'] } },
		description: 'The account whose units are counted',
	}),
	clientLocator({ displayOptions: { show: { countFor: ['client'] } }, required: true }),
	{
		displayName: 'Unit Count',
		name: 'unitCount',
		type: 'number',
		required: true,
		default: 0,
		// No numberPrecision: n8n would show 25 as "25.0000"; decimals can still be typed.
		typeOptions: { minValue: 0 },
		description:
			'Units to bill for this account and service. Replaces the previous count; send 0 when the customer has none.',
	},
	optionsCollection([
		{
			displayName: 'Skip Billing Rebuild',
			name: 'noBuild',
			type: 'boolean',
			default: false,
			description:
				'Whether to store the count without rebuilding the billing view (no_build=true). Set it on every push but the last of a batch so Synthesize rebuilds once.',
		},
		{
			displayName: 'Treat Unmapped as Error',
			name: 'unmappedIsError',
			type: 'boolean',
			default: false,
			description:
				'Whether a count for an account or service the MSP has not mapped yet fails the item. By default it is reported as "unmapped", which is normal before mapping.',
		},
	]),
];

export const set = itemOperation(
	{ resource: 'unitCount', operation: 'set' },
	properties,
	async function (itemIndex, { api, partners }) {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const serviceId = valid(
			this,
			checkObjectId(locatorValue.call(this, 'serviceId', itemIndex), 'Service'),
			itemIndex,
		);
		const unitCount = valid(
			this,
			checkUnitCount(this.getNodeParameter('unitCount', itemIndex)),
			itemIndex,
		);
		const legacy = this.getNodeParameter('countFor', itemIndex, 'account') === 'client';
		const target = legacy
			? {
					clientOId: valid(
						this,
						checkId(locatorValue.call(this, 'clientOId', itemIndex), 'Client'),
						itemIndex,
					),
				}
			: {
					accountId: valid(
						this,
						checkId(locatorValue.call(this, 'accountId', itemIndex), 'Account'),
						itemIndex,
					),
				};
		const noBuild = options.noBuild === true;
		const result: IDataObject = { serviceId, ...target, unitCount, noBuild };
		try {
			const response = await api.call(
				'setUnitCount',
				countRequest(serviceId, { ...target, unitCount }, noBuild),
				await partners.forItem(itemIndex),
			);
			return { ...result, outcome: 'pushed', message: response.message };
		} catch (error) {
			const failure = apiFailureOf(error);
			if (failure?.kind !== 'unmapped' || options.unmappedIsError === true) {
				return rethrow.call(this, error, itemIndex);
			}
			// Normal before the MSP maps the account and service: an outcome, not a failure.
			return {
				...result,
				outcome: 'unmapped',
				message: `Account or service not mapped in Synthesize${itemSuffix(itemIndex)}`,
				apiMessage: failure.apiMessage,
				details: errorJson(error).details,
			};
		}
	},
);
