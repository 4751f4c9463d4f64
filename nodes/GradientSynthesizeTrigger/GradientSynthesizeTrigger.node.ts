import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { NODE_DESCRIPTION, integrationStatusOptions } from '../shared/descriptions';
import { pollTrigger } from './poll';

/** The events, in the order n8n lists options (alphabetical). */
const eventOptions: INodePropertyOptions[] = [
	{
		name: 'Account Mapping Changed',
		value: 'accountMappingChanged',
		action: 'On account mapping changed',
		description: 'An account was mapped to a PSA company, or unmapped (newer API only)',
	},
	{
		name: 'Integration Status Changed',
		value: 'integrationStatusChanged',
		action: 'On integration status changed',
		description: "The partner's integration status changed, e.g. pending → active",
	},
	{
		name: 'New PSA Client',
		value: 'newPsaClient',
		action: 'On new PSA client',
		description: "A client appeared in the partner's PSA",
	},
	{
		name: 'New Unmapped Account',
		value: 'newUnmappedAccount',
		action: 'On new unmapped account',
		description: 'An account appeared that the MSP has not mapped yet',
	},
	{
		name: 'Service Catalogue Changed',
		value: 'serviceCatalogueChanged',
		action: 'On service catalogue changed',
		description: "A service (SKU) was added, renamed or removed in the vendor's catalogue",
	},
	{
		name: 'Sync Went Stale',
		value: 'syncWentStale',
		action: 'On sync went stale',
		description: 'The last sync is older than a number of hours (once per stale period)',
	},
];

/** "Integration Status Changed" etc. under the node title, instead of the camelCase value. */
const eventNames = JSON.stringify(
	Object.fromEntries(eventOptions.map((option) => [option.value, option.name])),
);

const V1 = { show: { '@version': [1] } };

/**
 * Which MSP partner the trigger watches. Version 1 shows the key fields always (a sealed key wins
 * over a plain key, neither means the credential's partner); version 2 asks first, like the
 * action node's Partner option, and shows only the fields of the answer. Both are kept: n8n drops
 * the values of hidden parameters when a workflow is saved in the editor, so changing what v1
 * shows would lose the keys of saved v1 triggers.
 */
const partnerFields: INodeProperties[] = [
	{
		displayName: 'Partner API Key',
		name: 'partnerApiKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"Watch this MSP partner instead of the credential's partner. Leave empty to use the credential's key. Never shown in the output, but n8n stores this field in clear in the workflow: prefer a sealed key.",
		displayOptions: V1,
	},
	{
		displayName: 'Sealed Partner Key',
		name: 'sealedPartnerKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. gsk1.…',
		description:
			"Watch the MSP partner whose key was sealed with Partner Key → Seal (only the credential's Partner Registry Secret opens it, so it is safe to store in the workflow). Takes precedence over Partner API Key.",
		displayOptions: V1,
	},
	{
		displayName: 'Partner ID',
		name: 'partnerId',
		type: 'string',
		default: '',
		description: 'The partner ID the sealed key was sealed for',
		displayOptions: { show: { '@version': [1] }, hide: { sealedPartnerKey: [''] } },
	},
	{
		displayName: 'Partner',
		name: 'partnerSource',
		type: 'options',
		default: 'credential',
		description: 'Which MSP partner to watch. The vendor key always comes from the credential.',
		options: [
			{
				name: "Credential's Partner",
				value: 'credential',
				description: 'The Partner API Key stored in the credential',
			},
			{
				name: 'Sealed Partner Key',
				value: 'sealedKey',
				description: 'A key sealed with Partner Key → Seal, and its Partner ID',
			},
			{
				name: 'Partner API Key',
				value: 'itemKey',
				description: 'A plain key, stored in clear in the workflow',
			},
		],
		displayOptions: { show: { '@version': [2] } },
	},
	{
		displayName: 'Partner API Key',
		name: 'partnerApiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			"The MSP partner's key. Never shown in the output, but n8n stores it in clear in the workflow: prefer a sealed key.",
		displayOptions: { show: { '@version': [2], partnerSource: ['itemKey'] } },
	},
	{
		displayName: 'Sealed Partner Key',
		name: 'sealedPartnerKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. gsk1.…',
		description:
			"The key as Partner Key → Seal returned it. Only the credential's Partner Registry Secret opens it.",
		displayOptions: { show: { '@version': [2], partnerSource: ['sealedKey'] } },
	},
	{
		displayName: 'Partner ID',
		name: 'partnerId',
		type: 'string',
		required: true,
		default: '',
		description: 'The partner ID the key was sealed for',
		displayOptions: { show: { '@version': [2], partnerSource: ['sealedKey'] } },
	},
];

export class GradientSynthesizeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gradient Synthesize Trigger',
		name: 'gradientSynthesizeTrigger',
		icon: { light: 'file:../../icons/gradient.svg', dark: 'file:../../icons/gradient.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: `={{ ${eventNames}[$parameter["event"]] }}`,
		// n8n's nodes panel shows this node and the action node as one entry with this description.
		description: NODE_DESCRIPTION,
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
			...partnerFields,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}
}
