import { UserError } from 'n8n-workflow';

/**
 * Request header a node sets to act for another MSP partner on one request. The credential's
 * `authenticate` consumes it (builds the token from it) and removes it, so it never leaves n8n.
 * Matched case-insensitively.
 */
export const PARTNER_KEY_OVERRIDE_HEADER = 'x-gradient-partner-key';

/**
 * A sealed partner key (see seal.ts) and the partner it belongs to: the credential opens it with
 * its Partner Registry Secret. Consumed by `authenticate`, never sent.
 */
export const SEALED_PARTNER_KEY_HEADER = 'x-gradient-sealed-partner-key';
export const PARTNER_ID_HEADER = 'x-gradient-partner-id';

export const TOKEN_HEADER = 'GRADIENT-TOKEN';

export const DEFAULT_BASE_URL = 'https://app.usegradient.com';

/** API prefix of every Synthesize vendor route (synthesize-api.md §3). */
export const API_PREFIX = '/api/vendor-api';

/**
 * Marks configuration errors raised while authenticating, so the transport can report them as
 * "fix your credential" instead of as a network failure. Deliberately not called `code`:
 * n8n's credential tester would print a `code` instead of the message.
 */
export const CONFIGURATION_ERROR_MARK = 'gradientConfigurationError';

export function configurationError(message: string, description: string): UserError {
	const error = new UserError(message, { description });
	Object.assign(error, { [CONFIGURATION_ERROR_MARK]: true });
	return error;
}

export function isConfigurationError(error: unknown): error is UserError {
	return (
		typeof error === 'object' &&
		error !== null &&
		(error as Record<string, unknown>)[CONFIGURATION_ERROR_MARK] === true
	);
}

/**
 * Trims a key and refuses one with whitespace inside: a key pasted with a line break or a
 * space in the middle is never valid and would otherwise surface as a puzzling 401.
 * The key itself is never part of the message.
 */
export function normaliseKey(raw: unknown, label: string, required: boolean): string {
	const key = typeof raw === 'string' ? raw.trim() : '';
	if (key === '') {
		if (!required) return '';
		throw configurationError(
			`The ${label} is empty`,
			`Paste the ${label} from Synthesize into the "Gradient Synthesize API" credential.`,
		);
	}
	if (/\s/.test(key)) {
		throw configurationError(
			`The ${label} contains a space or a line break`,
			`Copy the ${label} again from Synthesize and paste it as one line, without spaces.`,
		);
	}
	return key;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true;
	return /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Validates the credential's Base URL and returns it without a trailing slash.
 * The token must only travel over https, except to this machine (the local sandbox).
 */
export function normaliseBaseUrl(raw: unknown): string {
	const text = (typeof raw === 'string' ? raw : '').trim() || DEFAULT_BASE_URL;
	const fix = `Use the Synthesize host only, for example ${DEFAULT_BASE_URL} (or http://127.0.0.1:8787 for the local sandbox).`;
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		throw configurationError(`The Base URL "${text}" has no scheme`, fix);
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw configurationError(`The Base URL "${text}" is not a valid URL`, fix);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw configurationError(`The Base URL must start with https://, not ${url.protocol}//`, fix);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw configurationError(
			'The Base URL must not contain a user name, password, query or fragment',
			fix,
		);
	}
	const path = url.pathname.replace(/\/+$/, '');
	if (path !== '') {
		throw configurationError(
			`The Base URL must not contain a path ("${url.pathname}")`,
			`${fix} The node adds ${API_PREFIX} itself.`,
		);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw configurationError(
			'The Base URL uses plain http to a remote host',
			'The API keys would travel unencrypted. Use https://, or http:// only for a sandbox on this machine (127.0.0.1 or localhost).',
		);
	}
	return `${url.protocol}//${url.host}`;
}

/** GRADIENT-TOKEN = Base64(UTF-8(vendorKey + ":" + partnerKey)), synthesize-api.md §2.1. */
export function buildToken(vendorKey: string, partnerKey: string): string {
	return Buffer.from(`${vendorKey}:${partnerKey}`, 'utf8').toString('base64');
}
