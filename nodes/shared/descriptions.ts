import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from './contract';

/**
 * Parameter descriptions used by more than one operation or by both nodes, in one place (as in
 * n8n-nodes-starter's shared/descriptions.ts): an operation file holds only what is its own.
 */

/**
 * What both nodes are, in one sentence: n8n's nodes panel shows the action node and its trigger as
 * one entry, with the trigger's description, so both carry this one.
 */
export const NODE_DESCRIPTION =
	'Sync accounts, services, billing unit counts and alerts with Gradient MSP Synthesize, and react to changes there';

/**
 * The five values of the SDK enum, each described by what it does in Synthesize
 * (synthesize-api.md §1.1). The newest documentation lists only Inactive, Pending and Active.
 */
export const integrationStatusOptions: INodePropertyOptions[] = [
	{
		name: 'Active',
		value: 'active',
		description: 'Live. Synthesize sets it by itself after the first count or alert arrives.',
	},
	{
		name: 'Disabled',
		value: 'disabled',
		description: 'Switched off by the MSP or vendor (older documentation only)',
	},
	{
		name: 'Error',
		value: 'error',
		description: 'Syncs are failing on the vendor side (older documentation only)',
	},
	{
		name: 'Inactive',
		value: 'inactive',
		description: 'Not connected: the default, and what to set when the MSP disconnects',
	},
	{
		name: 'Pending',
		value: 'pending',
		description: 'The MSP connected its key: unlocks the mapping step in Synthesize',
	},
];

/** How an item names its partner when the vendor keeps sealed keys in its own partner table. */
export function sealedKeyFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Partner ID',
			name: 'partnerId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.partnerId }}',
			description: 'Your ID for the MSP partner, the one its key was sealed for',
			displayOptions,
		},
		{
			displayName: 'Sealed Partner Key',
			name: 'sealedPartnerKey',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.sealedKey }}',
			description:
				"The partner's key as Partner Key → Seal returned it (gsk1.…), read from your partner table. Only the credential's Partner Registry Secret opens it.",
			displayOptions,
		},
	];
}

/** Fields an account or an organisation service can change (synthesize-api.md §7.3, §8.2). */
export function updateFieldsProperty(what: string): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Is Active',
				name: 'isActive',
				type: 'boolean',
				default: true,
				description: `Whether the ${what} is active (newer API field)`,
			},
			{
				displayName: 'Is Arrears',
				name: 'isArrears',
				type: 'boolean',
				default: false,
				description: `Whether the ${what} is billed in arrears (newer API field). Gradient does not say what it changes: leave it out unless Gradient support asks for it.`,
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: `New display name of the ${what}`,
			},
		],
	};
}

export function fieldProperty(
	displayName: string,
	name: string,
	defaultField: string,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'string', default: defaultField, required: true, description };
}

export const dryRunProperty: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to only report what would change, sending nothing to Synthesize',
};

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	default: 100,
	description:
		'How many items go into one bulk request. Gradient publishes no maximum: keep 100, and lower it if Synthesize refuses a large request (400 or 413).',
};

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 5,
		description: 'How often to ask Synthesize whether the alert became a ticket',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 900 },
		default: 120,
		description:
			'Stop waiting after this long and report "timeout" (the alert stays queued in Synthesize)',
	},
];

/** Exact-value dropdowns: Synthesize is case-sensitive and keeps its own spelling ("priviledged"). */
export const categoryOptions = SERVICE_CATEGORIES.map((value) => ({
	name: value.replace(/\b\w/g, (letter) => letter.toUpperCase()),
	value,
}));

export const subcategoryOptions = [...SERVICE_SUBCATEGORIES]
	.sort((a, b) => a.localeCompare(b))
	.map((value) => ({ name: value, value }));

export const categoryProperty: INodeProperties = {
	displayName: 'Category',
	name: 'category',
	type: 'options',
	options: categoryOptions,
	default: 'other',
	description: 'Service category, exactly as Synthesize lists it',
};

export const subcategoryProperty: INodeProperties = {
	displayName: 'Subcategory',
	name: 'subcategory',
	type: 'options',
	options: subcategoryOptions,
	default: 'other',
	description:
		'Service subcategory, exactly as Synthesize spells it. No category pairing is enforced by the API.',
};

export const supportFields: INodeProperties[] = [
	{
		displayName: 'Support Article',
		name: 'supportArticle',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://support.example.com/billing',
		description:
			'Link to your support article for this service. Left out when empty (no placeholder is invented).',
	},
	{
		displayName: 'Support Contact',
		name: 'supportContact',
		type: 'string',
		default: '',
		placeholder: 'e.g. name@email.com',
		description: 'Support e-mail address for this service. Left out when empty.',
	},
];

/** Which MSP partner an action node's requests act for (every operation but Partner Key's). */
export const partnerProperties: INodeProperties[] = [
	{
		displayName: 'Partner',
		name: 'partnerSource',
		type: 'options',
		default: 'credential',
		description:
			'Which MSP partner the requests act for. The vendor key always comes from the credential.',
		options: [
			{
				name: "Credential's Partner",
				value: 'credential',
				description: 'The Partner API Key stored in the credential (one MSP)',
			},
			{
				name: 'Sealed Partner Key per Item',
				value: 'sealedKey',
				description:
					"Each item's Partner ID and its sealed key from your partner table (many MSPs; only the credential can open the key)",
			},
			{
				name: 'Partner API Key per Item',
				value: 'itemKey',
				description: 'A key carried by each item, set with an expression',
			},
		],
		displayOptions: { hide: { resource: ['partnerKey'] } },
	},
	{
		displayName: 'Partner API Key',
		name: 'partnerApiKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. {{ $json.partnerApiKey }}',
		description:
			"The MSP partner's key for this item. Never shown in the output; prefer sealed keys so plain keys stay out of items and execution data.",
		displayOptions: {
			show: { partnerSource: ['itemKey'] },
			hide: { resource: ['partnerKey'] },
		},
	},
	...sealedKeyFields({
		show: { partnerSource: ['sealedKey'] },
		hide: { resource: ['partnerKey'] },
	}),
];

/** Return All and Limit, as every n8n list operation has them. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** How long an alert operation waits for its ticket. */
export const waitOptionsProperty: INodeProperties = {
	displayName: 'Wait Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: waitOptions,
};

/** The "Options" collection an operation puts its less common settings in. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
