import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { dryRunProperty, fieldProperty, optionsCollection } from '../../../shared/descriptions';
import { ledgerStoreProperties } from '../ledgerStore';
import { withPaceOptions } from '../pace';

/** Sync Usage's parameters; what it does with them is in syncUsage.operation.ts. */

export const SYNC_USAGE_OUTPUTS = ['Summary', 'Results', 'Unmapped', 'Failed'];

const sizeUnitOptions = [
	{ name: 'Bytes', value: 'bytes' },
	{ name: 'KB', value: 'KB' },
	{ name: 'MB', value: 'MB' },
	{ name: 'GB', value: 'GB' },
	{ name: 'TB', value: 'TB' },
];

const properties: INodeProperties[] = [
	{
		displayName:
			'One input item per usage row: account, service and count. Rows for the same account and service are combined; one count per pair is sent, only when it changed. Outputs: Summary, Results (pushed or changed pairs), Unmapped (not mapped in Synthesize yet), Failed.',
		name: 'syncUsageNotice',
		type: 'notice',
		default: '',
	},
	fieldProperty(
		'Account ID Field',
		'accountIdField',
		'accountId',
		'Field of each item holding the account ID (dot notation for nested fields)',
	),
	fieldProperty(
		'Service Field',
		'serviceField',
		'service',
		"Field holding the service's name (matched ignoring case and spaces) or its Synthesize ID",
	),
	fieldProperty(
		'Unit Count Field',
		'unitCountField',
		'unitCount',
		'Field holding the number of units',
	),
	{
		displayName: 'Combine Duplicate Rows',
		name: 'aggregation',
		type: 'options',
		default: 'sum',
		options: [
			{
				name: 'Sum',
				value: 'sum',
				description: 'Add them up (e.g. one row per device or per subscription)',
			},
			{ name: 'Maximum', value: 'max', description: 'Keep the largest (e.g. peak usage samples)' },
			{ name: 'Last', value: 'last', description: 'Keep the last row' },
		],
		description: 'What to do with several rows for the same account and service',
	},
	optionsCollection(
		withPaceOptions([
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: 10,
				description: 'Requests in flight at once (they are still paced to the rate below)',
			},
			{
				displayName: 'Force Full Push',
				name: 'forceFullPush',
				type: 'boolean',
				default: false,
				description:
					'Whether to send every pair now, changed or not (e.g. after the MSP disconnected and reconnected)',
			},
			{
				displayName: 'Full Push Every (Days)',
				name: 'fullPushEveryDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 7,
				description:
					'Safety net: send every pair again when the last full push is this old, so Synthesize cannot drift from the ledger. 0 turns it off.',
			},
			{
				displayName: 'Output Results',
				name: 'outputResults',
				type: 'options',
				default: 'changes',
				options: [
					{
						name: 'Changes Only',
						value: 'changes',
						description: 'Pairs pushed (or planned) in this run',
					},
					{
						name: 'All Pairs',
						value: 'all',
						description: 'Also the unchanged pairs (drift report)',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Only the summary and the Unmapped and Failed outputs',
					},
				],
			},
			{
				displayName: 'Push Zeros for Vanished Pairs',
				name: 'pushZeros',
				type: 'boolean',
				default: true,
				description:
					'Whether to send 0 for pairs pushed before but missing now (a customer that left stops being billed)',
			},
			{
				displayName: 'Skip Unchanged Pairs',
				name: 'skipUnchanged',
				type: 'boolean',
				default: true,
				description:
					'Whether to skip pairs whose count equals what this node last pushed (its ledger, see Ledger Store)',
			},
			{
				displayName: 'Unit Field',
				name: 'unitField',
				type: 'string',
				default: 'unit',
				description:
					"Field holding a row's own size unit (bytes, KB, MB, GB, TB), used with Unit Conversion",
			},
			{
				displayName: 'Zero Push Guard (%)',
				name: 'zeroGuardPercent',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 50,
				description:
					'Hold back the zeros when more than this share of the pushed pairs vanished at once (a vendor outage looks like every customer leaving). 100 turns the guard off.',
			},
		]),
	),
	{
		displayName: 'Unit Conversion',
		name: 'conversion',
		type: 'collection',
		placeholder: 'Add Conversion Setting',
		default: {},
		// n8n lists a collection's fields alphabetically: the names read in the order of the steps.
		options: [
			{
				displayName: 'Convert From',
				name: 'from',
				type: 'options',
				default: 'bytes',
				options: sizeUnitOptions,
				description: 'Unit of the counts in the input',
			},
			{
				displayName: 'Convert To',
				name: 'to',
				type: 'options',
				default: 'bytes',
				options: sizeUnitOptions,
				description: 'Unit billed in Synthesize. Same as Convert From: no conversion.',
			},
			{
				displayName: 'Convert Using',
				name: 'base',
				type: 'options',
				default: 'decimal',
				options: [
					{ name: 'Decimal Units (1 GB = 1000 MB)', value: 'decimal' },
					{ name: 'Binary Units (1 GiB = 1024 MiB)', value: 'binary' },
				],
			},
			{
				displayName: 'Then Multiply By',
				name: 'multiplier',
				type: 'number',
				default: 1,
				description: 'Multiply after converting, e.g. 0.2 to bill per 5 users',
			},
			{
				displayName: 'Then Round',
				name: 'rounding',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'No Rounding', value: 'none' },
					{ name: 'Up', value: 'ceil' },
					{ name: 'To Nearest', value: 'round' },
					{ name: 'Down', value: 'floor' },
				],
			},
		],
	},
	...ledgerStoreProperties('the counts last pushed'),
	dryRunProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unitCount'], operation: ['syncUsage'] } },
	properties,
);
