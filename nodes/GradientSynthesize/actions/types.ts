import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

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
