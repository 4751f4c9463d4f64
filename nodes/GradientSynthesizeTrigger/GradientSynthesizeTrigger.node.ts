import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { integrationStatusOptions } from '../shared/descriptions';
import { pollTrigger } from './poll';

/** The events, in the order n8n lists options (alphabetical). */
const eventOptions: INodePropertyOptions[] = [
	{
		name: 'Account Mapping Changed',
		value: 'accountMappingChanged',
		description:
			'An account became mapped or unmapped to a PSA company. Needs the newer API (isMapped/mappingId on Get Accounts); without it no event can fire and the trigger stops with an error saying so.',
	},
	{
		name: 'Integration Status Changed',
		value: 'integrationStatusChanged',
		description:
			"The partner's integration status changed (e.g. pending → active); emits the old and the new status",
	},
	{
		name: 'New PSA Client',
		value: 'newPsaClient',
		description: "A client appeared in the partner's PSA (Get Clients, every page, each poll)",
	},
	{
		name: 'New Unmapped Account',
		value: 'newUnmappedAccount',
		description:
			'An account appeared that is not mapped yet (on the older API, where mapping is unknown: any new account)',
	},
	{
		name: 'Service Catalogue Changed',
		value: 'serviceCatalogueChanged',
		description: "A service (SKU) was added to, renamed in or removed from the vendor's catalogue",
	},
	{
		name: 'Sync Went Stale',
		value: 'syncWentStale',
		description:
			'The last sync (lastSyncedAt) is older than a number of hours; once per stale period',
	},
];

/** "Integration Status Changed" etc. under the node title, instead of the camelCase value. */
const eventNames = JSON.stringify(
	Object.fromEntries(eventOptions.map((option) => [option.value, option.name])),
);

export class GradientSynthesizeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient Synthesize Trigger',
		name: 'gradientSynthesizeTrigger',
		icon: { light: 'file:../../icons/gradient.svg', dark: 'file:../../icons/gradient.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${eventNames}[$parameter["event"]] }}`,
		description:
			'Starts the workflow when something changes in Gradient MSP Synthesize: integration status, account mapping, new accounts or PSA clients, the service catalogue, or a sync going stale',
		defaults: { name: 'Gradient Synthesize Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'gradientSynthesizeApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				required: true,
				default: 'integrationStatusChanged',
				options: eventOptions,
			},
			{
				displayName:
					'Fires only where Get Accounts returns isMapped or mappingId (newer Synthesize API). Where it does not, the trigger stops with an error instead of waiting silently.',
				name: 'mappingNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['accountMappingChanged'] } },
			},
			{
				displayName:
					'Each poll reads every page of Get Clients (one request per page, deprecated by Gradient). A long list is read over several polls.',
				name: 'clientsNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newPsaClient'] } },
			},
			{
				displayName: 'Target Statuses',
				name: 'targetStatuses',
				type: 'multiOptions',
				options: integrationStatusOptions,
				default: [],
				description:
					'Emit only when the status changes to one of these. Leave empty for every change. Changes to other statuses are still recorded, so "before" is always the previous status.',
				displayOptions: { show: { event: ['integrationStatusChanged'] } },
			},
			{
				displayName: 'Stale After (Hours)',
				name: 'staleAfterHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				description:
					'Hours after the last sync (lastSyncedAt) at which the integration counts as stale. An integration that never synced (year-1900 lastSyncedAt) is never stale.',
				displayOptions: { show: { event: ['syncWentStale'] } },
			},
			{
				displayName: 'Partner API Key',
				name: 'partnerApiKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					"Watch this MSP partner instead of the credential's partner. Leave empty to use the credential's key. Never shown in the output, but n8n stores this field in clear in the workflow: prefer a sealed key.",
			},
			{
				displayName: 'Sealed Partner Key',
				name: 'sealedPartnerKey',
				type: 'string',
				default: '',
				placeholder: 'e.g. gsk1.…',
				description:
					"Watch the MSP partner whose key was sealed with Partner Key → Seal (only the credential's Partner Registry Secret opens it, so it is safe to store in the workflow). Takes precedence over Partner API Key.",
			},
			{
				displayName: 'Partner ID',
				name: 'partnerId',
				type: 'string',
				default: '',
				description: 'The partner ID the sealed key was sealed for',
				displayOptions: { hide: { sealedPartnerKey: [''] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}
}
