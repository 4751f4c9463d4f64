// @ts-check
'use strict';
/**
 * Constants shared by the sandbox, its CLI, the demo and the e2e harness.
 * Enum values are copied verbatim from the API's enums (synthesize-api.md §11).
 */

const DEFAULT_VENDOR_KEY = 'sandbox-vendor-key';
const DEFAULT_PARTNER_KEY = 'sandbox-partner-key';
const DEFAULT_PORT = 8787;
const DEFAULT_HOST = '127.0.0.1';
const API_PREFIX = '/api/vendor-api';
const TOKEN_HEADER = 'gradient-token'; // node lower-cases incoming header names

/** synthesize-api.md §11.1 — case-sensitive. */
const INTEGRATION_STATUSES = /** @type {const} */ (['active', 'inactive', 'pending', 'disabled', 'error']);

/** synthesize-api.md §11.4 */
const SERVICE_CATEGORIES = /** @type {const} */ ([
	'security',
	'backup',
	'productivity',
	'infrastructure',
	'service delivery',
	'consulting',
	'other',
]);

/** synthesize-api.md §11.5 — 46 values, spelling as in the source (note "priviledged"). */
const SERVICE_SUBCATEGORIES = /** @type {const} */ ([
	'endpoint detection and response (EDR)',
	'email security',
	'virtual private network services (VPN)',
	'DNS filtering',
	'dark web monitoring',
	'password management',
	'single sign on (SSO)',
	'priviledged access and identity management (PAM/PIM)',
	'security information and event management (SIEM)',
	'mobile device management (MDM)',
	'application security',
	'mobile application management (MAM)',
	'multi factor authentication (MFA)',
	'cloud backup',
	'local backup',
	'desktop backup',
	'data archiving',
	'physical offsite storage',
	'business continuity',
	'hosted email',
	'video conferencing',
	'voice over IP services (VOIP)',
	'line of business application support',
	'unified communications as a service (UCaaS)',
	'customer relationship management',
	'cloud storage',
	'website hosting',
	'hardware as a service (HaaS)',
	'managed print services',
	'virtual desktop infrastructure (VDI)',
	'virtual server hosting',
	'infrastructure as a service (IaaS)',
	'end user support',
	'server management and support',
	'network management and support',
	'printer management and support',
	'desktop management and support',
	'hosted security operations centre (SOC)',
	'software development',
	'penetration testing',
	'project services',
	'governance and compliance',
	'business intelligence services / analytics',
	'phishing simulation',
	'privacy and security awareness training',
	'other',
]);

/** synthesize-api.md §11.6 */
const ALERT_PRIORITIES = { 1: 'low', 2: 'medium', 3: 'high', 4: 'very_high' };

/** synthesize-api.md §6.1: the doc sample's year-1900 value is a "never synced" placeholder. */
const NEVER_SYNCED = '1900-01-01T00:00:00.000Z';

// [emulator choice] 429 body {statusCode: 429, message} with the documented description as message (synthesize-api.md §13.1; body undocumented)
const RATE_LIMIT_MESSAGE = 'Request limit reached (100 requests a second)';

/**
 * The GRADIENT-TOKEN for a key pair (synthesize-api.md §2.1):
 * Base64(UTF-8(vendorKey + ":" + partnerKey)).
 * @param {string} vendorKey
 * @param {string} partnerKey
 */
function makeToken(vendorKey, partnerKey) {
	return Buffer.from(`${vendorKey}:${partnerKey}`, 'utf8').toString('base64');
}

/**
 * The keys inside a GRADIENT-TOKEN value: Base64-decode, split on the first ':' (synthesize-api.md §2.1).
 * Null when the value is not Base64 or has no ':'; either key may be empty.
 * @param {string} token
 * @returns {{ vendorKey: string, partnerKey: string } | null}
 */
function decodeToken(token) {
	const trimmed = token.trim();
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return null;
	const decoded = Buffer.from(trimmed, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return null;
	return { vendorKey: decoded.slice(0, colon), partnerKey: decoded.slice(colon + 1) };
}

/** Runtime defaults (all changeable through options or POST /sandbox/config). */
/** @type {Readonly<import('./state').Config>} */
const DEFAULT_CONFIG = Object.freeze({
	alertDedupe: true,
	alertTicketDelayMs: 1500,
	/** 'auto' = success when the account is mapped, failed otherwise; or force 'success' | 'failed' | 'pending'. */
	alertOutcome: 'auto',
	rebuildDebounceMs: 250,
	latency: { ms: 0, jitter: 0 },
	rateLimit: { perSecond: 100, burst: 10, enabled: true, model: /** @type {const} */ ('bucket'), scope: /** @type {const} */ ('token') },
	clientsPageSize: 10,
	unknownVendorStatus: 401,
	maxBodyBytes: 1024 * 1024,
	historyLimit: 100,
	requestLogSize: 20000,
});

module.exports = {
	DEFAULT_VENDOR_KEY,
	DEFAULT_PARTNER_KEY,
	DEFAULT_PORT,
	DEFAULT_HOST,
	API_PREFIX,
	TOKEN_HEADER,
	INTEGRATION_STATUSES,
	SERVICE_CATEGORIES,
	SERVICE_SUBCATEGORIES,
	ALERT_PRIORITIES,
	NEVER_SYNCED,
	RATE_LIMIT_MESSAGE,
	DEFAULT_CONFIG,
	makeToken,
	decodeToken,
};
