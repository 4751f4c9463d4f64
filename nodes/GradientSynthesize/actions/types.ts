import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SynthesizeApi } from '../../shared/api';
import type { PartnerResolver } from '../../shared/partners';
import type { RateLimiter } from '../../shared/transport';

/** What every operation gets besides `this`: one API client and one rate limiter per execution. */
export interface OperationContext {
	api: SynthesizeApi;
	limiter: RateLimiter;
	/** Which MSP partner each item acts for (credential, per-item key or registry). */
	partners: PartnerResolver;
}

/** A per-item operation: runs once per input item and returns that item's output JSON (or a list). */
export interface ItemOperation {
	kind: 'item';
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		context: OperationContext,
	): Promise<object | object[]>;
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

/** A per-item operation shown for one resource and operation: its parameters and its work. */
export function itemOperation(
	show: { resource: string; operation: string },
	properties: INodeProperties[],
	execute: ItemOperation['execute'],
): ItemOperation {
	return {
		kind: 'item',
		description: updateDisplayOptions(
			{ show: { resource: [show.resource], operation: [show.operation] } },
			properties,
		),
		execute,
	};
}
