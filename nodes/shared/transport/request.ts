import { sleep } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	API_PREFIX,
	PARTNER_ID_HEADER,
	PARTNER_KEY_OVERRIDE_HEADER,
	SEALED_PARTNER_KEY_HEADER,
} from '../auth';
import { createApiError } from './errors';
import { judgeResponse, judgeThrown } from './judge';
import type { Attempt, FullResponse } from './judge';
import type { RateLimiter } from './rateLimiter';

export const CREDENTIAL_NAME = 'gradientSynthesizeApi';

export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface ApiCall {
	/** Route id (synthesize-api.md §4), used in errors and tests. */
	route: string;
	method: Extract<IHttpRequestMethods, 'GET' | 'POST' | 'PATCH'>;
	/** Path below /api/vendor-api, every parameter encoded (api/routes.ts `routePath`). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	/**
	 * Whether sending the call twice is harmless. Defaults to true for GET and PATCH, false for
	 * POST: a POST is only replayed when it cannot have reached the server (or got a 429).
	 */
	idempotent?: boolean;
}

export interface RetryPolicy {
	/** Attempts for failures other than 429 (5xx, network, timeouts, unreadable answers). */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the call fails as rate limited. */
	maxRetryAfterMs: number;
	/**
	 * A 429 says "not processed, come back later", so it does not use up `maxAttempts`: the call
	 * retries as long as its waits for 429s add up to no more than this. Ten workflows sharing one
	 * token see long runs of 429s; counting them as failures lost rows (docs/reliability.md).
	 */
	maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxRetryAfterMs: 60_000,
	maxRateLimitWaitMs: 120_000,
};

/** Shortest wait after a 429 (a `Retry-After: 0` must not turn into a tight loop). */
const MIN_RATE_LIMIT_WAIT_MS = 200;

/** Ceiling of the wait after a 429 without Retry-After: the limit is per second. */
const MAX_RATE_LIMIT_BACKOFF_MS = 8_000;

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface CallOptions {
	itemIndex?: number;
	/** Acts for this MSP partner instead of the credential's (never logged or echoed). */
	partnerKey?: string;
	/** Acts for this partner through its sealed key, which only the credential can open. */
	sealedPartnerKey?: { partnerId: string; sealed: string };
	limiter?: RateLimiter;
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
	/** Epoch ms after which no retry wait is started (poll budgets). */
	deadline?: number;
}

function jitter(ceiling: number): number {
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function backoff(policy: RetryPolicy, attempt: number): number {
	return jitter(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

/** The wait after the n-th 429 of a call: Retry-After when given, else 1 s doubling up to 8 s. */
function rateLimitWait(retryAfterMs: number | undefined, count: number): number {
	if (retryAfterMs !== undefined) return Math.max(MIN_RATE_LIMIT_WAIT_MS, retryAfterMs);
	return jitter(Math.min(MAX_RATE_LIMIT_BACKOFF_MS, 1000 * 2 ** (count - 1)));
}

/**
 * The credential, decrypted once per node run. Given nothing, n8n's httpRequestWithAuthentication
 * reads the credential from its database and decrypts it for every request: a query per push,
 * and one between the rate limiter's slot and the request leaving. Keyed by the run's context,
 * so it goes with it; a failed read is not kept (n8n then reports it as it always does).
 */
const decryptedPerRun = new WeakMap<ApiContext, Promise<ICredentialsDecrypted | undefined>>();

async function decryptedCredential(context: ApiContext): Promise<ICredentialsDecrypted | undefined> {
	let found = decryptedPerRun.get(context);
	if (found === undefined) {
		found = (async () => {
			const data = await context.getCredentials(CREDENTIAL_NAME);
			const stored = context.getNode().credentials?.[CREDENTIAL_NAME];
			return { id: stored?.id ?? '', name: stored?.name ?? '', type: CREDENTIAL_NAME, data };
		})().catch(() => {
			decryptedPerRun.delete(context);
			return undefined;
		});
		decryptedPerRun.set(context, found);
	}
	return await found;
}

function isCancelled(context: ApiContext): boolean {
	const withSignal = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return withSignal.getExecutionCancelSignal?.()?.aborted === true;
}

/**
 * The only function in the package that talks HTTP. Authenticates through the credential,
 * paces through the limiter, retries what is safe to retry and turns every failure into one
 * NodeApiError with the API's message, the item index and a `failure` cause.
 */
export async function apiCall<T = unknown>(
	this: ApiContext,
	call: ApiCall,
	options: CallOptions = {},
): Promise<T> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
	const idempotent = call.idempotent ?? call.method !== 'POST';
	const headers: IDataObject = {};
	if (options.partnerKey) headers[PARTNER_KEY_OVERRIDE_HEADER] = options.partnerKey;
	if (options.sealedPartnerKey) {
		headers[SEALED_PARTNER_KEY_HEADER] = options.sealedPartnerKey.sealed;
		headers[PARTNER_ID_HEADER] = options.sealedPartnerKey.partnerId;
	}
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${API_PREFIX}${call.path}`,
		headers,
		json: true,
		timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	};
	if (call.qs && Object.keys(call.qs).length > 0) request.qs = call.qs;
	if (call.body !== undefined) request.body = call.body;

	let attempt = 0;
	let failures = 0;
	let rateLimited = 0;
	let rateLimitWaitedMs = 0;
	for (;;) {
		attempt++;
		// Before the slot: the request leaves as soon as the limiter lets it.
		const credentialsDecrypted = await decryptedCredential(this);
		if (options.limiter) await options.limiter.acquire();
		let result: Attempt;
		try {
			// A fresh copy each attempt: n8n's authentication mutates what it is given.
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				{ ...request, headers: { ...headers } },
				credentialsDecrypted ? { credentialsDecrypted } : undefined,
			)) as FullResponse;
			result = judgeResponse(response, idempotent);
		} catch (error) {
			const judged = judgeThrown(error, idempotent);
			if (judged === 'configuration') {
				const cause = ((error as { cause?: unknown }).cause ?? error) as Error & {
					description?: string;
				};
				throw createApiError(
					this.getNode(),
					{ kind: 'configuration', route: call.route, attempts: attempt },
					options.itemIndex,
					{ message: cause.message, description: cause.description ?? '' },
				);
			}
			result = judged;
		}
		if (result.outcome === 'ok') {
			options.limiter?.onSuccess();
			return result.body as T;
		}
		const details = result.details!;
		const isRateLimited = details.kind === 'rate-limited';
		let waitMs: number;
		let outOfRetries: boolean;
		if (isRateLimited) {
			options.limiter?.onRateLimited(details.retryAfterMs);
			rateLimited++;
			waitMs = rateLimitWait(details.retryAfterMs, rateLimited);
			rateLimitWaitedMs += waitMs;
			outOfRetries =
				(details.retryAfterMs !== undefined && details.retryAfterMs > policy.maxRetryAfterMs) ||
				rateLimitWaitedMs > policy.maxRateLimitWaitMs;
		} else {
			failures++;
			waitMs = backoff(policy, failures);
			outOfRetries = failures >= policy.maxAttempts;
		}
		const pastDeadline = options.deadline !== undefined && Date.now() + waitMs > options.deadline;
		if (!result.retryable || outOfRetries || pastDeadline || isCancelled(this)) {
			// Said only where it matters: a call that is harmless to repeat was retried already, and a
			// call that is not is never sent again after an answer that may mean it was applied.
			const maybeApplied = !idempotent && result.maybeApplied === true;
			throw createApiError(
				this.getNode(),
				{
					...details,
					route: call.route,
					attempts: attempt,
					...(maybeApplied ? { maybeApplied } : {}),
				},
				options.itemIndex,
			);
		}
		// The limiter already holds everyone back for a Retry-After; avoid waiting twice.
		if (options.limiter && isRateLimited && details.retryAfterMs !== undefined) {
			waitMs = 0;
		}
		if (waitMs > 0) await sleep(waitMs);
	}
}
