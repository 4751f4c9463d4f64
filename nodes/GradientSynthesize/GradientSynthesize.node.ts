import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { partnerProperties } from '../shared/descriptions';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { SYNC_USAGE_OUTPUTS } from './actions/unitCount/syncUsage.operation';
import { searchAccounts, searchClients, searchServices } from './methods/listSearch';

export class GradientSynthesize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient Synthesize',
		name: 'gradientSynthesize',
		icon: { light: 'file:../../icons/gradient.svg', dark: 'file:../../icons/gradient.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Sync accounts, services, billing unit counts and alerts with Gradient MSP Synthesize',
		defaults: { name: 'Gradient Synthesize' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Sync Usage has four outputs (Summary, Results, Unmapped, Failed); every other operation one.
		outputs: `={{ $parameter["resource"] === "unitCount" && $parameter["operation"] === "syncUsage" ? ${JSON.stringify(
			SYNC_USAGE_OUTPUTS.map((displayName) => ({ type: NodeConnectionTypes.Main, displayName })),
		)} : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ name: 'gradientSynthesizeApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Account',
						value: 'account',
						description: "The vendor's customers (per MSP partner)",
					},
					{
						name: 'Alert',
						value: 'alert',
						description: 'Alerts that Synthesize turns into PSA tickets',
					},
					{ name: 'Client', value: 'client', description: "The MSP's PSA clients (deprecated)" },
					{
						name: 'Integration',
						value: 'integration',
						description: "The MSP partner's integration status",
					},
					{
						name: 'Organization Service',
						value: 'organizationService',
						description: 'Services that exist for one MSP partner only (newer API)',
					},
					{
						name: 'Partner Key',
						value: 'partnerKey',
						description: "Seal MSP partners' API keys for your partner table, and check them",
					},
					{ name: 'Service', value: 'service', description: "The vendor's services (SKUs)" },
					{
						name: 'Unit Count',
						value: 'unitCount',
						description: 'Billing unit counts per account and service',
					},
					{ name: 'Vendor', value: 'vendor', description: 'The vendor profile and its catalogue' },
				],
				default: 'unitCount',
			},
			...resources.account.description,
			...resources.alert.description,
			...resources.client.description,
			...resources.integration.description,
			...resources.organizationService.description,
			...resources.partnerKey.description,
			...resources.service.description,
			...resources.unitCount.description,
			...resources.vendor.description,
			...partnerProperties,
		],
	};

	methods = { listSearch: { searchAccounts, searchClients, searchServices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
