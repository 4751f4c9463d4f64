/**
 * Facts of the Synthesize vendor API (synthesize-api.md §10, §11) that the node, the sync
 * engine and the trigger share. Values are exact: the API is case-sensitive.
 */

/** Integration status values (SDK enum; the newest docs list only inactive, pending, active). */
export const INTEGRATION_STATUSES = ['active', 'inactive', 'pending', 'disabled', 'error'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

export const SERVICE_CATEGORIES = [
	'security',
	'backup',
	'productivity',
	'infrastructure',
	'service delivery',
	'consulting',
	'other',
] as const;

/** Exact spelling as in the API, including "priviledged". */
export const SERVICE_SUBCATEGORIES = [
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
] as const;

export const ALERT_PRIORITIES = [
	{ name: 'Low', value: 1 },
	{ name: 'Medium', value: 2 },
	{ name: 'High', value: 3 },
	{ name: 'Very High', value: 4 },
] as const;

/**
 * Alert (ticket) status: integers 1–6; their meaning in each PSA is undocumented
 * (synthesize-api.md §11.6).
 */
export const ALERT_STATUS_MIN = 1;
export const ALERT_STATUS_MAX = 6;

export interface VendorSku {
	_id?: string;
	id: string;
	name: string;
	description?: string;
	category?: string;
	subcategory?: string;
	supportArticle?: string;
	supportContact?: string;
	logo?: string;
}

export interface VendorData {
	_id?: string;
	id: string;
	name: string;
	description?: string;
	integrationType?: string;
	isDistributor?: boolean;
	integrationPortalUrl?: string;
	vendorSupportPageUrl?: string;
	externalIntegrationStatus?: string;
	modules?: Array<{ variation?: string }>;
	skus: VendorSku[];
	[key: string]: unknown;
}

export interface IntegrationData {
	organizationId?: string;
	name?: string;
	vendorId?: string;
	vendorName?: string;
	integrationId?: string;
	status: string;
	lastSyncedAt?: string;
}

/**
 * An account row. `isMapped`/`mappingId` exist only in the newer Swagger (synthesize-api.md §7.1).
 */
export interface AccountRow {
	id: string;
	name: string;
	description?: string;
	isMapped?: boolean;
	mappingId?: string;
	isActive?: boolean;
	isArrears?: boolean;
}

export interface OrganizationServiceRow {
	id: string;
	name: string;
	description?: string;
	isMapped?: boolean;
	isActive?: boolean;
	isArrears?: boolean;
}

/**
 * Client object shape is undocumented (synthesize-api.md §6.3); id and name are what every source
 * shows.
 */
export interface PsaClient {
	id: string;
	name?: string;
	[key: string]: unknown;
}

export interface AlertCreated {
	messageId: string;
	alertId: string;
	correlationID?: string;
}

export interface AlertStatus {
	messageId?: string;
	/** pending, success or failed (synthesize-api.md §11.6); read as text, another value is kept. */
	status?: string;
	ticketId?: string;
	createdAt?: string;
	message?: string;
	statusCode?: number | null;
	errors?: string[];
}

/** Whether an account counts as mapped: newer Swagger's isMapped, or a non-empty mappingId. */
export function isAccountMapped(account: AccountRow): boolean | undefined {
	if (typeof account.isMapped === 'boolean') return account.isMapped;
	if (typeof account.mappingId === 'string') return account.mappingId !== '';
	return undefined;
}
