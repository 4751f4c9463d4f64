import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	RateLimiter,
	SYNTHESIZE_REQUESTS_PER_SECOND,
	apiFailureOf,
} from '../../../shared/transport';
import type {
	Aggregation,
	CountPolicy,
	PairResult,
	Rounding,
	SizeUnit,
	UnitBase,
	UsagePort,
	UsageRowInput,
	UsageRun,
} from '../../../shared/sync';
import { runUsageSync } from '../../../shared/sync';
import { SynthesizeApi, countRequest } from '../../../shared/api';
import type { BatchOperation, OperationContext } from '../common';
import {
	describeFailure,
	dryRunProperty,
	fieldProperty,
	fieldValue,
	pairedWith,
	partnerGroups,
	partnerErrorItems,
	readAccountList,
	writeAccountList,
} from '../sync';

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
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
				displayName: 'Max Requests per Second',
				name: 'requestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: SYNTHESIZE_REQUESTS_PER_SECOND },
				default: 95,
				description:
					'Pace of the pushes. Synthesize allows 100 per second per token, shared by every workflow using it; on a 429 the pace halves and recovers.',
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
					"Whether to skip pairs whose count equals what this node last pushed (its ledger, kept in the workflow's static data)",
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
		],
	},
	{
		displayName: 'Unit Conversion',
		name: 'conversion',
		type: 'collection',
		placeholder: 'Add Conversion Setting',
		default: {},
		options: [
			{
				displayName: 'Base',
				name: 'base',
				type: 'options',
				default: 'decimal',
				options: [
					{ name: 'Decimal (1 GB = 1000 MB)', value: 'decimal' },
					{ name: 'Binary (1 GiB = 1024 MiB)', value: 'binary' },
				],
			},
			{
				displayName: 'From',
				name: 'from',
				type: 'options',
				default: 'bytes',
				options: sizeUnitOptions,
				description: 'Unit of the counts in the input',
			},
			{
				displayName: 'Multiplier',
				name: 'multiplier',
				type: 'number',
				typeOptions: { numberPrecision: 6 },
				default: 1,
				description: 'Multiply after converting, e.g. 0.2 to bill per 5 users',
			},
			{
				displayName: 'Rounding',
				name: 'rounding',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'Up', value: 'ceil' },
					{ name: 'Nearest', value: 'round' },
					{ name: 'Down', value: 'floor' },
				],
			},
			{
				displayName: 'To',
				name: 'to',
				type: 'options',
				default: 'bytes',
				options: sizeUnitOptions,
				description: 'Unit billed in Synthesize. Same as From: no conversion.',
			},
		],
	},
	dryRunProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['unitCount'], operation: ['syncUsage'] } },
	properties,
);

function readPolicy(conversion: IDataObject): CountPolicy {
	const from = (conversion.from as SizeUnit) ?? 'bytes';
	const to = (conversion.to as SizeUnit) ?? 'bytes';
	return {
		conversion:
			from === to ? undefined : { from, to, base: (conversion.base as UnitBase) ?? 'decimal' },
		multiplier: typeof conversion.multiplier === 'number' ? conversion.multiplier : 1,
		rounding: (conversion.rounding as Rounding) ?? 'none',
	};
}

/** The ledger lives in this node's static data, one per partner; see docs/sync-engine.md. */
interface LedgerStore {
	ledgers?: Record<string, unknown>;
}

/** The rows of one partner, read from the items one at a time (no copy of 100,000 rows). */
function* usageRows(
	items: INodeExecutionData[],
	indexes: number[],
	fields: { accountId: string; service: string; unitCount: string },
	unitField: string,
): Generator<UsageRowInput> {
	for (const index of indexes) {
		const json = items[index].json;
		yield {
			index,
			accountId: fieldValue(json, fields.accountId),
			service: fieldValue(json, fields.service),
			unitCount: fieldValue(json, fields.unitCount),
			unit: fieldValue(json, unitField),
		};
	}
}

function resultJson(pair: PairResult): IDataObject {
	const json: IDataObject = {
		accountId: pair.accountId,
		serviceId: pair.serviceId,
		service: pair.serviceName,
		unitCount: pair.unitCount,
		previous: pair.previous,
		drift: pair.drift,
		outcome: pair.outcome,
	};
	if (pair.zeroPush) json.zeroPush = true;
	if (pair.request && pair.outcome === 'planned')
		json.request = pair.request as unknown as IDataObject;
	if (pair.reason) json.reason = pair.reason;
	if (pair.apiMessage) json.apiMessage = pair.apiMessage;
	return json;
}

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	{ partners }: OperationContext,
): Promise<INodeExecutionData[][]> {
	const fields = {
		accountId: this.getNodeParameter('accountIdField', 0) as string,
		service: this.getNodeParameter('serviceField', 0) as string,
		unitCount: this.getNodeParameter('unitCountField', 0) as string,
	};
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const unitField = (options.unitField as string) || 'unit';
	const policy = readPolicy(this.getNodeParameter('conversion', 0, {}) as IDataObject);
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const outputResults = (options.outputResults as string) ?? 'changes';
	const store = this.getWorkflowStaticData('node') as LedgerStore;
	const persisted = this.getMode() !== 'manual';

	const [summaries, results, unmapped, failed]: INodeExecutionData[][] = [[], [], [], []];
	let failures = 0;
	let firstFailure = '';

	for (const group of await partnerGroups(partners, items)) {
		try {
			const started = Date.now();
			const limiter = new RateLimiter({
				requestsPerSecond: (options.requestsPerSecond as number) || 95,
			});
			const api = new SynthesizeApi(this, { ...group.call, limiter, itemIndex: group.indexes[0] });
			const port: UsagePort = {
				listServices: async () => (await api.call('getVendor', {})).skus,
				push: async (serviceId, accountId, unitCount, noBuild) => {
					try {
						await api.call('setUnitCount', countRequest(serviceId, { accountId, unitCount }, noBuild));
						return { ok: true };
					} catch (error) {
						const failure = apiFailureOf(error);
						return {
							ok: false,
							kind: failure?.kind === 'unmapped' ? 'unmapped' : 'failed',
							reason: describeFailure(error),
							apiMessage: failure?.apiMessage,
						};
					}
				},
			};
			// Which integration the ledger belongs to: a credential pointed elsewhere starts afresh.
			const integration = dryRun ? undefined : await api.call('getIntegration', {});
			const recreated = readAccountList(this, 'recreatedAccounts', group.ref) ?? [];
			const run: UsageRun = await runUsageSync(
				usageRows(items, group.indexes, fields, unitField),
				store.ledgers?.[group.ref],
				{
					integrationId: integration?.integrationId,
					recreatedAccounts: recreated,
					aggregation: (this.getNodeParameter('aggregation', 0, 'sum') as Aggregation) ?? 'sum',
					policy,
					skipUnchanged: options.skipUnchanged !== false,
					fullPushEveryDays:
						typeof options.fullPushEveryDays === 'number' ? options.fullPushEveryDays : 7,
					forceFullPush: options.forceFullPush === true,
					pushZeros: options.pushZeros !== false,
					zeroGuardPercent:
						typeof options.zeroGuardPercent === 'number' ? options.zeroGuardPercent : 50,
					dryRun,
					concurrency: (options.concurrency as number) || 10,
					now: new Date(),
				},
				port,
			);
			if (!dryRun) {
				store.ledgers = { ...(store.ledgers ?? {}), [group.ref]: run.ledger };
				const unmappedIds = [
					...new Set(
						run.pairs.filter((pair) => pair.outcome === 'unmapped').map((pair) => pair.accountId),
					),
				];
				// Recreated accounts were pushed again (consumed); unmapped ones are for Check Readiness.
				writeAccountList(this, 'recreatedAccounts', group.ref, undefined);
				writeAccountList(this, 'unmappedAccounts', group.ref, unmappedIds.slice(0, 1000));
			}

			summaries.push({
				json: {
					partner: group.ref,
					...(run.summary as unknown as IDataObject),
					requests: limiter.acquiredCount,
					rateLimited: limiter.rateLimitedCount,
					durationMs: Date.now() - started,
					ledger: { pairs: run.summary.ledgerPairs, persisted: persisted && !dryRun },
					warnings: run.warnings,
				},
				pairedItem: pairedWith(group.indexes),
			});
			for (const pair of run.pairs) {
				const paired = pairedWith(pair.rows.length > 0 ? pair.rows : [group.indexes[0]]);
				if (pair.outcome === 'unmapped') {
					unmapped.push({ json: resultJson(pair), pairedItem: paired });
				} else if (pair.outcome === 'failed') {
					failures += pair.rows.length || 1;
					firstFailure ||= `${pair.accountId} / ${pair.serviceName}: ${pair.reason ?? ''}`;
					failed.push({ json: { ...resultJson(pair), rows: pair.rows }, pairedItem: paired });
				} else if (
					outputResults === 'all' ||
					(outputResults === 'changes' && pair.outcome !== 'unchanged')
				) {
					results.push({ json: resultJson(pair), pairedItem: paired });
				}
			}
			for (const problem of run.problems) {
				failures++;
				firstFailure ||= `item ${problem.index}: ${problem.reason}`;
				const json = items[problem.index].json;
				failed.push({
					json: {
						row: problem.index,
						outcome: 'failed',
						reason: problem.reason,
						fix: problem.fix,
						accountId: fieldValue(json, fields.accountId) as IDataObject['accountId'],
						service: fieldValue(json, fields.service) as IDataObject['service'],
						unitCount: fieldValue(json, fields.unitCount) as IDataObject['unitCount'],
					},
					pairedItem: { item: problem.index },
				});
			}
		} catch (error) {
			// One partner's failure (a regenerated key, a 403…) must not stop the others.
			summaries.push(...partnerErrorItems(this, error, group, false));
		}
	}

	// Everything that could be pushed was pushed and the ledger is saved: now the failures stop
	// the workflow, unless the node is set to continue (they are on the Failed output).
	if (failures > 0 && !this.continueOnFail()) {
		throw new NodeOperationError(this.getNode(), `${failures} usage row(s) could not be synced`, {
			description: `First: ${firstFailure}. Every other row was synced and recorded; the next run retries these. Set the node's "On Error" to continue to route them to the Failed output instead.`,
		});
	}
	return [summaries, results, unmapped, failed];
}

export const syncUsage: BatchOperation = { kind: 'batch', description, execute };
