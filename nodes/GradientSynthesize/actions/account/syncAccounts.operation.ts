import { updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runAccountSync } from '../../../shared/engine';
import type { AccountResult } from '../../../shared/engine';
import {
	batchSizeOption,
	dryRunProperty,
	fieldProperty,
	optionsCollection,
} from '../../../shared/descriptions';
import type { BatchOperation, OperationContext } from '../types';
import { describeFailure } from '../errors';
import { fieldValue } from '../parameters';
import { limiterFromOptions, withPaceOptions } from '../pace';
import { Failures, perPartner } from '../perPartner';
import { readAccountList, writeAccountList } from '../workflowFacts';

const properties: INodeProperties[] = [
	{
		displayName:
			"One input item per customer in your system. Accounts missing in Synthesize are created in bulk, renamed ones are renamed, and every item reports created, renamed, unchanged or failed. Run it whenever an MSP connects: after a disconnect Synthesize deletes the vendor's accounts and this recreates them.",
		name: 'syncAccountsNotice',
		type: 'notice',
		default: '',
	},
	fieldProperty(
		'ID Field',
		'idField',
		'id',
		"Field holding the customer's stable ID in your system (sent as text)",
	),
	fieldProperty(
		'Name Field',
		'nameField',
		'name',
		'Field holding the name the MSP will see and map',
	),
	optionsCollection(
		withPaceOptions([
			batchSizeOption,
			{
				displayName: 'Description Field',
				name: 'descriptionField',
				type: 'string',
				default: 'description',
				description: 'Field holding a description, used when an account is created',
			},
			{
				displayName: 'Rename Changed Accounts',
				name: 'rename',
				type: 'boolean',
				default: true,
				description: 'Whether to rename accounts whose name changed in your system',
			},
		]),
	),
	dryRunProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['sync'] } },
	properties,
);

/**
 * Whether a Sync Usage after this node keeps its ledger in static data, and so reads the list of
 * recreated accounts there. Otherwise nothing is written: in n8n's queue mode a worker that
 * changes static data overwrites the whole stored object, a poll trigger's cursor included.
 */
function usageReadsStaticData(context: IExecuteFunctions): boolean {
	if (typeof context.getChildNodes !== 'function') return true;
	const self = context.getNode();
	return context
		.getChildNodes(self.name, { includeNodeParameters: true })
		.some(
			(child) =>
				child.type === self.type &&
				child.parameters?.resource === 'unitCount' &&
				child.parameters?.operation === 'syncUsage' &&
				(child.parameters?.ledgerStore ?? 'staticData') === 'staticData',
		);
}

/**
 * Tells Sync Usage (in this workflow) which accounts were created: if they existed before, a
 * partner disconnect deleted them and their counts, so their ledger entries must be pushed again.
 */
function rememberCreated(context: IExecuteFunctions, ref: string, results: AccountResult[]): void {
	if (!usageReadsStaticData(context)) return;
	const created = results
		.filter((result) => result.outcome === 'created')
		.map((result) => result.id!);
	if (created.length === 0) return;
	const previous = readAccountList(context, 'recreatedAccounts', ref) ?? [];
	writeAccountList(
		context,
		'recreatedAccounts',
		ref,
		[...new Set([...previous, ...created])].slice(-10_000),
	);
}

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: OperationContext,
): Promise<INodeExecutionData[][]> {
	const idField = this.getNodeParameter('idField', 0) as string;
	const nameField = this.getNodeParameter('nameField', 0) as string;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const descriptionField = (options.descriptionField as string) || 'description';
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const output: INodeExecutionData[] = new Array(items.length);
	const failures = new Failures();

	await perPartner(
		this,
		items,
		context,
		{ errorItems: 'perItem', limiter: limiterFromOptions(options) },
		async ({ api, indexes, ref }) => {
			const { results } = await runAccountSync(
				indexes.map((index) => ({
					index,
					id: fieldValue(items[index].json, idField),
					name: fieldValue(items[index].json, nameField),
					description: fieldValue(items[index].json, descriptionField),
				})),
				{
					listAccounts: async () => await api.call('getAccounts', {}),
					createAccounts: async (accounts) => {
						await api.call('createAccounts', { body: accounts as unknown as IDataObject[] });
					},
					renameAccount: async (id, name) => {
						await api.call('updateAccount', { params: { accountId: id }, body: { name } });
					},
					describe: describeFailure,
				},
				{
					batchSize: (options.batchSize as number) || 100,
					rename: options.rename !== false,
					dryRun,
				},
			);
			if (!dryRun) rememberCreated(this, ref, results);
			for (const result of results) {
				if (result.outcome === 'failed')
					failures.add(`item ${result.index}: ${result.reason ?? ''}`);
				const json: IDataObject = { id: result.id, name: result.name, outcome: result.outcome };
				if (result.previousName !== undefined) json.previousName = result.previousName;
				if (result.reason) json.reason = result.reason;
				if (result.fix) json.fix = result.fix;
				if (dryRun) json.dryRun = true;
				output[result.index] = { json, pairedItem: { item: result.index } };
			}
		},
		(errorItems) => {
			for (const item of errorItems) output[(item.pairedItem as { item: number }).item] = item;
		},
	);
	failures.throwUnlessContinuing(
		this,
		'account(s)',
		'The other accounts were synced. Set the node\'s "On Error" to continue to get every item with its outcome instead.',
	);
	return [output];
}

export const sync: BatchOperation = { kind: 'batch', description, execute };
