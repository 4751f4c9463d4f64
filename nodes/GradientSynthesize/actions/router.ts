import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SynthesizeApi } from '../../shared/api';
import { PartnerResolver } from '../../shared/partners';
import { RateLimiter, SYNTHESIZE_REQUESTS_PER_SECOND } from '../../shared/transport';
import type { Operation, OperationContext } from './types';
import { errorJson, rethrow } from './errors';
import { resources } from './resources';
import type { ResourceName } from './resources';

function toItems(json: object | object[], itemIndex: number): INodeExecutionData[] {
	return (Array.isArray(json) ? json : [json]).map((entry) => ({
		json: entry as IDataObject,
		pairedItem: { item: itemIndex },
	}));
}

/** Reads resource and operation, then runs the operation once per item or once for all items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as ResourceName;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operations = resources[resource]?.operations as Record<string, Operation> | undefined;
	const operation = operations?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
		);
	}
	// One limiter per execution: never shared through module state (queue mode runs many processes).
	const limiter = new RateLimiter({ requestsPerSecond: SYNTHESIZE_REQUESTS_PER_SECOND * 0.95 });
	const context: OperationContext = {
		api: new SynthesizeApi(this, { limiter }),
		limiter,
		partners: new PartnerResolver(this),
	};

	if (operation.kind === 'batch') return await operation.execute.call(this, items, context);

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			output.push(...toItems(await operation.execute.call(this, itemIndex, context), itemIndex));
		} catch (error) {
			if (!this.continueOnFail()) rethrow.call(this, error, itemIndex);
			output.push({ json: errorJson(error, this.getNode()), pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
