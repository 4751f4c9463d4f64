import type { IDataObject } from 'n8n-workflow';

import { isConfigurationError } from '../auth';
import type { ApiFailureDetails, ApiFailureKind } from './errors';

/**
 * How one answer (or one thrown error) of the API is judged: ok, a failure of which kind, and
 * whether the call may be sent again. The retry loop that acts on it is in request.ts.
 */

export interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** Codes that prove the request never reached the server, so even a POST may be sent again. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
]);

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return value === undefined || value === null ? undefined : String(value);
}

/** Retry-After in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function contentType(headers: Record<string, unknown>): string {
	return (header(headers, 'content-type') ?? '').toLowerCase();
}

function looksLikeHtml(body: unknown, type: string): boolean {
	return type.includes('html') || (typeof body === 'string' && /^\s*<(!doctype|html)/i.test(body));
}

/** Reads the API's own message from a Nest-style error body ({statusCode, message: string | string[]}). */
function apiMessageOf(body: unknown): string | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const message = (body as IDataObject).message;
	if (Array.isArray(message)) return message.map(String).join('; ');
	return typeof message === 'string' ? message : undefined;
}

const UNMAPPED_MESSAGE = /^No (account|service) map found/i;

function classifyStatus(status: number, apiMessage: string | undefined): ApiFailureKind {
	if (status >= 300 && status < 400) return 'redirect';
	if (status === 400 || status === 422) return 'bad-request';
	if (status === 401) return 'unauthorized';
	if (status === 403) return 'forbidden';
	if (status === 404)
		return apiMessage && UNMAPPED_MESSAGE.test(apiMessage) ? 'unmapped' : 'not-found';
	if (status === 409) return 'conflict';
	if (status === 429) return 'rate-limited';
	if (status >= 500) return 'server';
	return 'bad-request';
}

export interface Attempt {
	outcome: 'ok' | 'fail';
	body?: unknown;
	details?: Omit<ApiFailureDetails, 'attempts' | 'route'>;
	/** Whether this failure may be retried at all, given the call's idempotency. */
	retryable?: boolean;
	/** The server may have applied the request (a 2xx it could not read, a 5xx, a lost answer). */
	maybeApplied?: boolean;
}

function parseBody(response: FullResponse): Attempt {
	const type = contentType(response.headers);
	let body: unknown = response.body;
	if (looksLikeHtml(body, type)) {
		// A web page instead of the API: a wrong Base URL or a proxy, not worth retrying.
		return {
			outcome: 'fail',
			retryable: false,
			maybeApplied: false,
			details: {
				kind: 'invalid-response',
				status: response.statusCode,
				apiMessage: `an HTML page (status ${response.statusCode}) instead of JSON`,
			},
		};
	}
	if (typeof body === 'string') {
		const text: string = body;
		if (text.trim() === '') return { outcome: 'ok', body: undefined };
		try {
			body = JSON.parse(text);
		} catch {
			return {
				outcome: 'fail',
				details: {
					kind: 'invalid-response',
					status: response.statusCode,
					apiMessage: `malformed JSON (${text.length} bytes, status ${response.statusCode})`,
				},
			};
		}
	}
	return { outcome: 'ok', body };
}

export function judgeResponse(response: FullResponse, idempotent: boolean): Attempt {
	const status = response.statusCode;
	if (status >= 200 && status < 300) {
		const parsed = parseBody(response);
		if (parsed.outcome === 'ok') return parsed;
		// A truncated 2xx body may have been applied: only idempotent calls retry it.
		return {
			...parsed,
			retryable: parsed.retryable ?? idempotent,
			maybeApplied: parsed.maybeApplied ?? true,
		};
	}
	const parsed = parseBody(response);
	const apiMessage =
		parsed.outcome === 'ok' ? apiMessageOf(parsed.body) : parsed.details?.apiMessage;
	const kind = classifyStatus(status, apiMessage);
	const details: Attempt['details'] = { kind, status, apiMessage };
	if (kind === 'redirect') {
		const location = header(response.headers, 'location');
		let target = 'another address';
		try {
			if (location) target = new URL(location, 'http://relative.invalid').origin;
		} catch {
			// keep the generic wording
		}
		details.apiMessage = `redirect (${status}) to ${target}`;
	}
	if (kind === 'rate-limited') {
		details.retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'));
		return { outcome: 'fail', details, retryable: true };
	}
	// 5xx: a POST may have been applied before the server failed; only idempotent calls retry.
	return {
		outcome: 'fail',
		details,
		retryable: kind === 'server' && idempotent,
		maybeApplied: kind === 'server',
	};
}

/** The first error code along the cause chain (n8n wraps the HTTP client's error once or twice). */
function errorCode(error: unknown): { code: string; message: string } {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let message = '';
	while (typeof current === 'object' && current !== null && !seen.has(current)) {
		seen.add(current);
		const {
			code,
			message: text,
			cause,
		} = current as { code?: unknown; message?: unknown; cause?: unknown };
		if (!message && typeof text === 'string') message = text;
		if (typeof code === 'string' && code !== '')
			return { code, message: typeof text === 'string' ? text : message };
		current = cause;
	}
	return { code: '', message };
}

export function judgeThrown(error: unknown, idempotent: boolean): Attempt | 'configuration' {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	if (isConfigurationError(cause) || isConfigurationError(error)) return 'configuration';
	const { code, message } = errorCode(error);
	if (
		code === 'ECONNABORTED' ||
		code.includes('TIMEDOUT') ||
		code.includes('TIMEOUT') ||
		/timeout/i.test(message)
	) {
		return {
			outcome: 'fail',
			details: { kind: 'timeout', apiMessage: undefined },
			retryable: idempotent,
			maybeApplied: true,
		};
	}
	const neverSent = NOT_SENT_CODES.has(code);
	return {
		outcome: 'fail',
		details: { kind: 'network', apiMessage: code || undefined },
		retryable: neverSent || idempotent,
		maybeApplied: !neverSent,
	};
}
