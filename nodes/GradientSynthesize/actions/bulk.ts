import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { batchSizeOption, optionsCollection } from '../../shared/descriptions';
import type { PartnerResolver } from '../../shared/partners';
import { itemSuffix } from '../../shared/transport';
import type { CallOptions } from '../../shared/transport';
import { errorJson, rethrow } from './errors';
import type { BatchOperation } from './types';
import { groupByPartner } from './perPartner';

export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size)
		chunks.push(values.slice(start, start + size));
	return chunks;
}

export interface BulkSpec<T extends { id: string }> {
	/** Validates item i and builds its payload (throws a NodeOperationError naming the item). */
	build(itemIndex: number): T;
	/** Sends one bulk request for one partner and returns the API's rows. */
	send(payload: T[], call: CallOptions): Promise<IDataObject[]>;
	/** Largest number of payloads per request. */
	batchSize: number;
	/** What the id is called in messages, e.g. "Account ID". */
	idLabel: string;
}

/**
 * The shared body of every bulk operation (create/update many accounts or organisation
 * services): one request per chunk and partner instead of one per item, results mapped back
 * to their items by id, failures attached to exactly the items they concern.
 */
export async function executeBulk<T extends { id: string }>(
	context: IExecuteFunctions,
	partners: PartnerResolver,
	items: INodeExecutionData[],
	spec: BulkSpec<T>,
): Promise<INodeExecutionData[][]> {
	const outputs: Array<INodeExecutionData | undefined> = new Array(items.length);
	const payloads = new Map<number, T>();
	const firstIndexOfId = new Map<string, number>();

	const failItem = (itemIndex: number, error: unknown) => {
		if (!context.continueOnFail()) rethrow.call(context, error, itemIndex);
		outputs[itemIndex] = {
			json: errorJson(error, context.getNode()),
			pairedItem: { item: itemIndex },
		};
	};

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const payload = spec.build(itemIndex);
			const earlier = firstIndexOfId.get(payload.id);
			if (earlier !== undefined) {
				throw new NodeOperationError(
					context.getNode(),
					`${spec.idLabel} "${payload.id}" appears twice in the input (items ${earlier} and ${itemIndex})${itemSuffix(itemIndex)}`,
					{
						itemIndex,
						description: 'Each id may appear once per run. Remove or merge the duplicate rows.',
					},
				);
			}
			firstIndexOfId.set(payload.id, itemIndex);
			payloads.set(itemIndex, payload);
		} catch (error) {
			failItem(itemIndex, error);
		}
	}

	for (const group of await groupByPartner(partners, [...payloads.keys()])) {
		for (const indexes of chunk(group.indexes, spec.batchSize)) {
			try {
				const rows = await spec.send(
					indexes.map((index) => payloads.get(index)!),
					{ ...group.call, itemIndex: indexes[0] },
				);
				// Rows come back only where the answer is documented as a list; otherwise the items say
				// what was sent.
				const byId = new Map((Array.isArray(rows) ? rows : []).map((row) => [String(row.id), row]));
				for (const index of indexes) {
					const payload = payloads.get(index)!;
					outputs[index] = {
						json: { ...(payload as unknown as IDataObject), ...(byId.get(payload.id) ?? {}) },
						pairedItem: { item: index },
					};
				}
			} catch (error) {
				// The whole request failed: every item in it shares the failure.
				for (const index of indexes) failItem(index, error);
			}
		}
	}
	return [outputs.filter((item): item is INodeExecutionData => item !== undefined)];
}

type BulkRoute =
	| 'createAccounts'
	| 'createOrganizationServices'
	| 'updateAccountsBulk'
	| 'updateOrganizationServicesBulk';

/**
 * A bulk operation (Create, Update Many): its parameters, then an Options collection with the
 * batch size; each item is checked and built into one record, and the records go out in bulk
 * requests per partner through `route`.
 */
export function bulkOperation<T extends { id: string }>(spec: {
	show: { resource: string; operation: string };
	properties: INodeProperties[];
	route: BulkRoute;
	idLabel: string;
	build(this: IExecuteFunctions, itemIndex: number): T;
}): BatchOperation {
	return {
		kind: 'batch',
		description: updateDisplayOptions(
			{ show: { resource: [spec.show.resource], operation: [spec.show.operation] } },
			[...spec.properties, optionsCollection([batchSizeOption])],
		),
		async execute(items, { api, partners }) {
			const options = this.getNodeParameter('options', 0, {}) as IDataObject;
			return await executeBulk<T>(this, partners, items, {
				idLabel: spec.idLabel,
				batchSize: (options.batchSize as number) || 100,
				build: (itemIndex) => spec.build.call(this, itemIndex),
				send: async (records, call) =>
					(await api.call(
						spec.route,
						{ body: records as unknown as IDataObject[] },
						call,
					)) as unknown as IDataObject[],
			});
		},
	};
}
