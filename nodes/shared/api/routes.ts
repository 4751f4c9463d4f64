import type { IDataObject } from 'n8n-workflow';

import { API_PREFIX } from '../auth';

/**
 * The 18 routes of the Synthesize vendor API (synthesize-api.md §4–§9), as data: the only place
 * in the package where a route's method and path are written. Every operation, the sync engine
 * (dry-run output included), the trigger and the credential test take them from here.
 *
 * - `path` is below API_PREFIX; `{name}` segments are filled from the call's params, URL-encoded.
 * - `answer` names how the answer is read (answers.ts): checked against what the contract
 *   documents, or passed through where it documents nothing ("200: Undocumented": the legacy
 *   service update and the newer API's account and organisation-service updates) — a call that
 *   succeeded never fails on an answer nobody described.
 * - `idempotent`: whether sending the call twice is harmless. GET and PATCH are; a POST is not,
 *   except Set Unit Count, which overwrites (synthesize-api.md §5.6).
 * - `confidence: 'newer'`: known only from Gradient's newer Swagger (synthesize-api.md §7.4, §8).
 */

export type RouteMethod = 'GET' | 'POST' | 'PATCH';

export type AnswerKind =
	| 'vendor'
	| 'integration'
	| 'clientsPage'
	| 'accounts'
	| 'account'
	| 'organizationServices'
	| 'alertCreated'
	| 'alertStatus'
	| 'undocumented';

export interface Route {
	method: RouteMethod;
	path: string;
	answer: AnswerKind;
	/** What a documented answer holds, for the "cannot read" message. */
	expects?: string;
	idempotent: boolean;
	confidence?: 'newer';
}

export const ROUTES = {
	getVendor: {
		method: 'GET',
		path: '',
		answer: 'vendor',
		idempotent: true,
		expects: 'the vendor profile',
	},
	updateVendor: {
		method: 'PATCH',
		path: '',
		answer: 'vendor',
		idempotent: true,
		expects: 'the vendor profile',
	},
	createVendorService: {
		method: 'POST',
		path: '/service',
		answer: 'vendor',
		idempotent: false,
		expects: 'the vendor profile with its services',
	},
	getVendorService: {
		method: 'GET',
		path: '/service/{serviceId}',
		answer: 'vendor',
		idempotent: true,
		expects: 'the vendor profile with the service',
	},
	updateVendorService: {
		method: 'PATCH',
		path: '/service/{serviceId}',
		answer: 'undocumented',
		idempotent: true,
	},
	setUnitCount: {
		method: 'POST',
		path: '/service/{serviceId}/count',
		answer: 'undocumented',
		idempotent: true,
	},
	getIntegration: {
		method: 'GET',
		path: '/organization',
		answer: 'integration',
		idempotent: true,
		expects: 'the integration settings',
	},
	updateIntegrationStatus: {
		method: 'PATCH',
		path: '/organization/status/{status}',
		answer: 'integration',
		idempotent: true,
		expects: 'the integration settings',
	},
	getClients: {
		method: 'GET',
		path: '/organization/clients',
		answer: 'clientsPage',
		idempotent: true,
		expects: 'a page of clients',
	},
	getAccounts: {
		method: 'GET',
		path: '/organization/accounts',
		answer: 'accounts',
		idempotent: true,
		expects: 'a list of accounts',
	},
	createAccounts: {
		method: 'POST',
		path: '/organization/accounts',
		answer: 'accounts',
		idempotent: false,
		expects: 'the created accounts',
	},
	updateAccount: {
		method: 'PATCH',
		path: '/organization/accounts/{accountId}',
		answer: 'account',
		idempotent: true,
		expects: 'the updated account',
	},
	updateAccountsBulk: {
		method: 'PATCH',
		path: '/organization/accounts',
		answer: 'undocumented',
		idempotent: true,
		confidence: 'newer',
	},
	createOrganizationServices: {
		method: 'POST',
		path: '/organization/services',
		answer: 'organizationServices',
		idempotent: false,
		confidence: 'newer',
		expects: 'the created services',
	},
	updateOrganizationService: {
		method: 'PATCH',
		path: '/organization/services/{serviceId}',
		answer: 'undocumented',
		idempotent: true,
		confidence: 'newer',
	},
	updateOrganizationServicesBulk: {
		method: 'PATCH',
		path: '/organization/services',
		answer: 'undocumented',
		idempotent: true,
		confidence: 'newer',
	},
	createAlert: {
		method: 'POST',
		path: '/alerting/{accountId}',
		answer: 'alertCreated',
		idempotent: false,
		expects: 'the queued alert (messageId)',
	},
	getAlertStatus: {
		method: 'GET',
		path: '/alerting/debug/{messageId}',
		answer: 'alertStatus',
		idempotent: true,
		expects: 'the alert status',
	},
} as const satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;

/** The `{name}` segments of a path template, as a union of names. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
	? Name | ParamNames<Rest>
	: never;

export type RouteParams<R extends RouteName> = Record<
	ParamNames<(typeof ROUTES)[R]['path']>,
	string
>;

/** What one call sends besides its route: path parameters (when the path has some), query, body. */
export type RouteRequest<R extends RouteName> = (ParamNames<
	(typeof ROUTES)[R]['path']
> extends never
	? { params?: undefined }
	: { params: RouteParams<R> }) & {
	query?: IDataObject;
	body?: IDataObject | IDataObject[];
};

/** The path below API_PREFIX, every parameter URL-encoded (an account id `a/b c` stays one segment). */
export function routePath(route: RouteName, params: Record<string, string> = {}): string {
	return ROUTES[route].path.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`${route}: missing path parameter "${name}"`);
		return encodeURIComponent(value);
	});
}

/** The full path of a route (for the credential test, which has no parameters to fill). */
export function routeUrl(route: RouteName, params?: Record<string, string>): string {
	return `${API_PREFIX}${routePath(route, params)}`;
}

/** The exact request a call makes, for dry runs and records. */
export function describeRequest<R extends RouteName>(
	route: R,
	request: RouteRequest<R>,
): { method: RouteMethod; path: string; query?: IDataObject; body?: IDataObject | IDataObject[] } {
	const described: ReturnType<typeof describeRequest> = {
		method: ROUTES[route].method,
		path: routeUrl(route, request.params as Record<string, string> | undefined),
	};
	if (request.query) described.query = request.query;
	if (request.body !== undefined) described.body = request.body;
	return described;
}
