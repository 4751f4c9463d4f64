import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { NODE_DESCRIPTION, partnerProperties } from '../shared/descriptions';
import { resources } from './actions/resources';
import { SYNC_ALERTS_OUTPUTS } from './actions/alert/syncAlerts.operation';
import { router } from './actions/router';
import { SYNC_USAGE_OUTPUTS } from './actions/unitCount/syncUsage.operation';
import { searchAccounts, searchClients, searchServices } from './methods/listSearch';

const resourceProperty: INodeProperties = {
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
};

const operationProperties = Object.values(resources).flatMap((resource) =>
	resource.description.filter((property) => property.name === 'operation'),
);

/**
 * "Sync Usage · Unit Count" under the node on the canvas: the labels of the chosen operation and
 * resource, looked up in a table built from the dropdowns, instead of their camelCase values.
 */
const subtitle = `={{ ${JSON.stringify(
	Object.fromEntries(
		operationProperties.flatMap((property) =>
			(property.options as INodePropertyOptions[]).map((option) => [
				`${String(property.displayOptions?.show?.resource?.[0])}:${String(option.value)}`,
				option.name,
			]),
		),
	),
)}[$parameter["resource"] + ":" + $parameter["operation"]] + " · " + ${JSON.stringify(
	Object.fromEntries(
		(resourceProperty.options as INodePropertyOptions[]).map((option) => [
			option.value,
			option.name,
		]),
	),
)}[$parameter["resource"]] }}`;

function outputList(names: string[]): string {
	return JSON.stringify(
		names.map((displayName) => ({ type: NodeConnectionTypes.Main, displayName })),
	);
}

export class GradientSynthesize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient Synthesize',
		name: 'gradientSynthesize',
		icon: { light: 'file:../../icons/gradient.svg', dark: 'file:../../icons/gradient.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle,
		description: NODE_DESCRIPTION,
		defaults: { name: 'Gradient Synthesize' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Sync Usage has four outputs (Summary, Results, Unmapped, Failed), Sync Alerts five
		// (Summary, Sent, Already Sent, Unmapped, Failed); every other operation one.
		outputs: `={{ $parameter["resource"] === "unitCount" && $parameter["operation"] === "syncUsage" ? ${outputList(
			SYNC_USAGE_OUTPUTS,
		)} : $parameter["resource"] === "alert" && $parameter["operation"] === "syncAlerts" ? ${outputList(
			SYNC_ALERTS_OUTPUTS,
		)} : ["${NodeConnectionTypes.Main}"] }}`,
		credentials: [{ name: 'gradientSynthesizeApi', required: true }],
		properties: [
			resourceProperty,
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
