import { NodeApiError } from 'n8n-workflow';
import type { Failure, INode, JsonObject } from 'n8n-workflow';

/**
 * How a Synthesize call ended when it did not succeed. Operations and the sync engine branch on
 * this instead of on status codes, so "unmapped" (a normal outcome of Set Unit Count) never looks
 * like a failure.
 */
export type ApiFailureKind =
	| 'bad-request'
	| 'unauthorized'
	| 'forbidden'
	| 'unmapped'
	| 'not-found'
	| 'conflict'
	| 'rate-limited'
	| 'server'
	| 'network'
	| 'timeout'
	| 'invalid-response'
	| 'redirect'
	| 'configuration';

export interface ApiFailureDetails {
	kind: ApiFailureKind;
	/** HTTP status, when the server answered. */
	status?: number;
	/** The API's own message, verbatim. */
	apiMessage?: string;
	/** Which contract route was called (e.g. setUnitCount). */
	route: string;
	retryAfterMs?: number;
	/** Number of attempts made, retries included. */
	attempts: number;
	/**
	 * A call that is not harmless to repeat (an alert, a create) may have been applied by
	 * Synthesize before the failure, so it was not sent again.
	 */
	maybeApplied?: boolean;
}

const SYNTHESIZE_CONTEXT_KEY = 'synthesize';

export function itemSuffix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
}

function headline(details: ApiFailureDetails): { message: string; description: string } {
	const api = details.apiMessage ? `Synthesize said: "${details.apiMessage}". ` : '';
	switch (details.kind) {
		case 'bad-request':
			return {
				message: `Synthesize rejected the request as invalid (400)`,
				description: `${api}Check the values sent by this item against the field descriptions.`,
			};
		case 'unauthorized':
			return {
				message: 'Synthesize did not accept the API keys (401)',
				description: `${api}Check the Vendor API Key and the Partner API Key. If the MSP regenerated its Partner API Key in Synthesize, update it (accounts are kept); if the MSP disconnected the integration, it must connect again.`,
			};
		case 'forbidden':
			return {
				message: 'Synthesize refused the request (403)',
				description: `${api}Gradient returns 403 when it detects anomalous API usage. Lower the request rate and contact Gradient support if it persists.`,
			};
		case 'unmapped':
			return {
				message: 'Account or service not mapped in Synthesize',
				description: `${api}This is normal until the MSP maps the account and the service in Synthesize (Integrations → your card → Mapping). The count is sent again on the next sync.`,
			};
		case 'not-found':
			return {
				message: 'Not found in Synthesize (404)',
				description: `${api}Check the id. "Vendor Profile Not Found" means the Vendor API Key or the Base URL is wrong.`,
			};
		case 'conflict':
			return {
				message: 'Already exists in Synthesize (409)',
				description: `${api}Use the update operation, or choose another id.`,
			};
		case 'rate-limited':
			return {
				message: 'Synthesize rate limit reached (429) and retries ran out',
				description: `${api}Synthesize allows 100 requests per second per token, shared by every workflow using it. Lower the node's request rate or run fewer syncs at once.`,
			};
		case 'server':
			return {
				message: `Synthesize failed to process the request (${details.status ?? 'server error'})`,
				description: `${api}The request was retried where it was safe to do so. Try again later; Gradient's status page or support can confirm an outage.`,
			};
		case 'network':
			return {
				message: 'Could not reach Synthesize',
				description: `${api}Check the Base URL and the network between n8n and Synthesize.`,
			};
		case 'timeout':
			return {
				message: 'Synthesize did not answer in time',
				description: `${api}The request timed out. A write may still have been applied; re-running is safe for unit counts and accounts are listed before they are created.`,
			};
		case 'invalid-response':
			return {
				message: 'Synthesize returned a response this node cannot read',
				description: `${api}Check that the Base URL points at the Synthesize API host (e.g. https://app.usegradient.com), not a web page or proxy.`,
			};
		case 'redirect':
			return {
				message: 'Synthesize answered with a redirect, which the node does not follow',
				description: `${api}A redirect would carry the API token to another address. Set the Base URL to the final API host.`,
			};
		case 'configuration':
			return {
				message: 'The Gradient Synthesize credential is not usable',
				description: api,
			};
	}
}

const MAYBE_APPLIED =
	' Synthesize may have received and applied this request before the failure, so it was not sent again: sending it twice could, for example, open a second ticket. Check Synthesize (for an alert: its ticket) before sending it again.';

function failureOf(details: ApiFailureDetails): Failure | undefined {
	switch (details.kind) {
		case 'unauthorized':
			return { cause: 'credential-invalid' };
		case 'configuration':
		case 'redirect':
			return { cause: 'configuration-invalid' };
		case 'rate-limited':
			return details.retryAfterMs === undefined
				? { cause: 'rate-limited' }
				: { cause: 'rate-limited', retryAfterMs: details.retryAfterMs };
		case 'server':
		case 'network':
		case 'timeout':
			return { cause: 'temporarily-unavailable' };
		default:
			return undefined;
	}
}

/**
 * Builds the one error type every Synthesize failure becomes. The response body is reduced to
 * status + message first: nothing of the request (headers, token) can reach the error.
 */
export function createApiError(
	node: INode,
	details: ApiFailureDetails,
	itemIndex: number | undefined,
	override?: { message?: string; description?: string },
): NodeApiError {
	const text = headline(details);
	if (details.maybeApplied) text.description += MAYBE_APPLIED;
	const body: JsonObject = { message: details.apiMessage ?? text.message };
	if (details.status !== undefined) body.statusCode = details.status;
	const error = new NodeApiError(node, body, {
		message: `${override?.message ?? text.message}${itemSuffix(itemIndex)}`,
		description: override?.description ?? text.description,
		httpCode: details.status === undefined ? undefined : String(details.status),
		itemIndex,
		failure: failureOf(details),
	});
	error.context[SYNTHESIZE_CONTEXT_KEY] = { ...details };
	return error;
}

/** The failure details of an error thrown by the transport, or undefined for any other error. */
export function apiFailureOf(error: unknown): ApiFailureDetails | undefined {
	// Duck-typed rather than `instanceof`: n8n and the package may load different copies of n8n-workflow.
	const context = (error as { context?: Record<string, unknown> } | null)?.context;
	const details = context?.[SYNTHESIZE_CONTEXT_KEY];
	return typeof details === 'object' && details !== null
		? (details as unknown as ApiFailureDetails)
		: undefined;
}
