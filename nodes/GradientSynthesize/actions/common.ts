import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import type { SynthesizeApi } from '../../shared/api';
import type { PartnerCall, PartnerResolver } from '../../shared/partners';
import type { RateLimiter } from '../../shared/transport';
import { itemSuffix } from '../../shared/transport';
import type { Check } from '../../shared/validation';

/** What every operation gets besides `this`: one API client and one rate limiter per execution. */
export interface OperationContext {
	api: SynthesizeApi;
	limiter: RateLimiter;
	/** Which MSP partner each item acts for (credential, per-item key or registry). */
	partners: PartnerResolver;
}

/** A per-item operation: runs once per input item and returns that item's output JSON. */
export interface ItemOperation {
	kind: 'item';
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext,
	): Promise<IDataObject | IDataObject[]>;
}

/** A batch operation: sees every input item at once (bulk requests, syncs) and builds the outputs. */
export interface BatchOperation {
	kind: 'batch';
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		context: OperationContext,
	): Promise<INodeExecutionData[][]>;
}

export type Operation = ItemOperation | BatchOperation;

/** Throws a NodeOperationError naming the item and the fix when an input check failed. */
export function valid<T>(context: IExecuteFunctions, check: Check<T>, itemIndex: number): T {
	if (check.ok) return check.value;
	throw new NodeOperationError(context.getNode(), `${check.problem}${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: check.fix,
	});
}

/** Reads a resource locator's value (list or id mode). */
export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): unknown {
	return this.getNodeParameter(name, itemIndex, '', { extractValue: true });
}

/** Groups item indexes by the partner they act for, keeping input order inside each group. */
export async function groupByPartner(
	partners: PartnerResolver,
	indexes: number[],
): Promise<Array<{ call: PartnerCall; indexes: number[] }>> {
	const groups = new Map<string, { call: PartnerCall; indexes: number[] }>();
	for (const index of indexes) {
		const call = await partners.forItem(index);
		const group = groups.get(call.partnerRef) ?? { call, indexes: [] };
		group.indexes.push(index);
		groups.set(call.partnerRef, group);
	}
	return [...groups.values()];
}

export function chunk<T>(values: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < values.length; start += size)
		chunks.push(values.slice(start, start + size));
	return chunks;
}

/** Drops undefined and empty-string fields so partial updates send only what the user set. */
export function compact(values: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') result[key] = value;
	}
	return result;
}

export function errorJson(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string };
	const json: IDataObject = { error: message ?? String(error) };
	if (description) json.details = description;
	return json;
}

export function requireSomeField(
	this: IExecuteFunctions,
	fields: IDataObject,
	itemIndex: number,
	what: string,
): void {
	if (Object.keys(fields).length > 0) return;
	throw new NodeOperationError(this.getNode(), `Nothing to update${itemSuffix(itemIndex)}`, {
		itemIndex,
		description: `Add at least one field under "Update Fields" to change the ${what}.`,
	});
}

/**
 * Re-raises an error as the n8n error type it already is (the transport's NodeApiError keeps its
 * status, message and failure cause) or as a NodeOperationError tied to the item.
 */
export function rethrow(this: IExecuteFunctions, error: unknown, itemIndex: number): never {
	if (error instanceof NodeApiError)
		throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
	throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}
