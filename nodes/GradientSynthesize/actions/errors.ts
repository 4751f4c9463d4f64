import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, JsonObject } from 'n8n-workflow';

import { apiFailureOf } from '../../shared/transport';

/** How errors leave an operation: as n8n errors tied to an item, or as error items. */

/**
 * An error item: the message, its details, and errorKind when known: the transport's failure kind
 * (unauthorized, configuration, server, …) or an operation's own ("partner-key"). A workflow
 * branches on errorKind to tell who must act, e.g. the partner (a wrong key) or the vendor (its
 * credential's set-up).
 *
 * n8n (2.41, WorkflowExecute.handleNodeErrorOutput) moves an item to the error output of a node
 * set to "Continue (using error output)" only when its json holds nothing but error, message and
 * details: an item with errorKind would stay on the success output as if it had succeeded. So
 * errorKind is added only when the node is not set that way (it is with "Continue").
 */
export function errorJson(error: unknown, node?: Pick<INode, 'onError'>): IDataObject {
	const { message, description, context } = error as {
		message?: string;
		description?: string;
		context?: IDataObject;
	};
	const json: IDataObject = { error: message ?? String(error) };
	if (description) json.details = description;
	if (node?.onError === 'continueErrorOutput') return json;
	const kind = apiFailureOf(error)?.kind ?? context?.errorKind;
	if (typeof kind === 'string') json.errorKind = kind;
	return json;
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

/** One line that says why a call failed (the error already names what to do). */
export function describeFailure(error: unknown): string {
	const failure = apiFailureOf(error);
	const message = (error as Error).message ?? String(error);
	return failure?.apiMessage ? `${message}: ${failure.apiMessage}` : message;
}
