import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod/v4';

import type {
	AccountRow,
	AlertCreated,
	AlertStatus,
	IntegrationData,
	IntegrationStatus,
	OrganizationServiceRow,
	PsaClient,
	VendorData,
	VendorSku,
} from './contract';
import { apiCall, apiPath, createApiError } from './transport';
import type { ApiCall, ApiContext, CallOptions } from './transport';

/**
 * One typed function per route of the API (synthesize-api.md §4, 18 in all), shared by the
 * action node, the sync engine adapter and the trigger. Bodies are read tolerantly (wrapped or
 * bare, synthesize-api.md §15.2) and checked for the few fields the package relies on, so a
 * proxy's HTML page or a changed schema becomes a clear "cannot read" error instead of undefined
 * values later.
 */

const idField = z.union([z.string(), z.number()]).transform(String);

const skuSchema = z.looseObject({
	id: idField.optional(),
	_id: idField.optional(),
	name: z.string(),
});
const vendorSchema = z.looseObject({
	id: idField.optional(),
	_id: idField.optional(),
	name: z.string(),
	skus: z.array(skuSchema).optional(),
});
const integrationSchema = z.looseObject({ status: z.string() });
const accountSchema = z.looseObject({ id: idField, name: z.string().optional() });
const accountsSchema = z.array(accountSchema);
const organizationServiceSchema = z.looseObject({ id: idField, name: z.string().optional() });
const clientsSchema = z.looseObject({ clients: z.array(z.looseObject({ id: idField })) });
const alertCreatedSchema = z.looseObject({ messageId: z.string().min(1) });
const alertStatusSchema = z.looseObject({ status: z.string().optional() });

/** Responses may come bare or as {status, message, data}; the data is what matters. */
export function unwrap(body: unknown): unknown {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
		const record = body as IDataObject;
		if ('data' in record && ('status' in record || 'message' in record)) return record.data;
	}
	return body;
}

function normaliseSku(sku: IDataObject): VendorSku {
	const id = String(sku.id ?? sku._id ?? '');
	return { ...(sku as unknown as VendorSku), id };
}

function normaliseVendor(vendor: IDataObject): VendorData {
	const skus = Array.isArray(vendor.skus) ? (vendor.skus as IDataObject[]).map(normaliseSku) : [];
	return { ...(vendor as unknown as VendorData), id: String(vendor.id ?? vendor._id ?? ''), skus };
}

export interface VendorUpdate {
	name?: string;
	description?: string;
	vendorSupportPageUrl?: string;
	integrationPortalUrl?: string;
}

export interface ServiceInput {
	name: string;
	description: string;
	category: string;
	subcategory: string;
	supportArticle?: string;
	supportContact?: string;
}

export interface AccountInput {
	id: string;
	name: string;
	description?: string;
	isArrears?: boolean;
}

export interface AccountUpdate {
	name?: string;
	description?: string;
	isActive?: boolean;
	isArrears?: boolean;
}

export interface UnitCountInput {
	accountId?: string;
	/** Deprecated by Gradient in favour of accountId (synthesize-api.md §5.6). */
	clientOId?: string;
	unitCount: number;
}

export interface AlertInput {
	title: string;
	description: string;
	alertId: string;
	priority: number;
	status: number;
	dueDateTime?: string;
	serviceId?: string;
}

export class SynthesizeApi {
	constructor(
		private readonly context: ApiContext,
		private readonly defaults: CallOptions = {},
	) {}

	private async send(call: ApiCall, options: CallOptions): Promise<unknown> {
		return await apiCall.call(this.context, call, { ...this.defaults, ...options });
	}

	private read<T>(schema: z.ZodType, body: unknown, route: string, options: CallOptions): T {
		const parsed = schema.safeParse(body);
		if (parsed.success) return parsed.data as T;
		const shape = Array.isArray(body)
			? 'a list'
			: body === null || body === undefined
				? 'nothing'
				: typeof body;
		throw createApiError(
			this.context.getNode(),
			{
				kind: 'invalid-response',
				route,
				attempts: 1,
				apiMessage: `${shape} where ${route} should answer with ${describeSchema(route)}`,
			},
			options.itemIndex ?? this.defaults.itemIndex,
		);
	}

	// 1. GET /api/vendor-api
	async getVendor(options: CallOptions = {}): Promise<VendorData> {
		const body = await this.send({ route: 'getVendor', method: 'GET', path: '' }, options);
		return normaliseVendor(
			this.read<IDataObject>(vendorSchema, unwrap(body), 'getVendor', options),
		);
	}

	// 2. PATCH /api/vendor-api
	async updateVendor(update: VendorUpdate, options: CallOptions = {}): Promise<VendorData> {
		const body = await this.send(
			{ route: 'updateVendor', method: 'PATCH', path: '', body: update as IDataObject },
			options,
		);
		return normaliseVendor(
			this.read<IDataObject>(vendorSchema, unwrap(body), 'updateVendor', options),
		);
	}

	// 3. POST /api/vendor-api/service — answers with the whole vendor
	// (bare, synthesize-api.md §5.3)
	async createService(service: ServiceInput, options: CallOptions = {}): Promise<VendorData> {
		const body = await this.send(
			{
				route: 'createVendorService',
				method: 'POST',
				path: '/service',
				body: service as unknown as IDataObject,
			},
			options,
		);
		return normaliseVendor(
			this.read<IDataObject>(vendorSchema, unwrap(body), 'createVendorService', options),
		);
	}

	// 4. GET /api/vendor-api/service/{serviceId} — the vendor with skus filtered to one
	async getService(serviceId: string, options: CallOptions = {}): Promise<VendorData> {
		const body = await this.send(
			{ route: 'getVendorService', method: 'GET', path: apiPath`/service/${serviceId}` },
			options,
		);
		return normaliseVendor(
			this.read<IDataObject>(vendorSchema, unwrap(body), 'getVendorService', options),
		);
	}

	// 5. PATCH /api/vendor-api/service/{serviceId} — legacy; body shape undocumented
	// (synthesize-api.md §5.5)
	async updateService(
		serviceId: string,
		update: Partial<ServiceInput>,
		options: CallOptions = {},
	): Promise<IDataObject> {
		const body = await this.send(
			{
				route: 'updateVendorService',
				method: 'PATCH',
				path: apiPath`/service/${serviceId}`,
				body: update as IDataObject,
			},
			options,
		);
		const data = unwrap(body);
		return typeof data === 'object' && data !== null ? (data as IDataObject) : {};
	}

	// 6. POST /api/vendor-api/service/{serviceId}/count?no_build=
	async setUnitCount(
		serviceId: string,
		input: UnitCountInput,
		noBuild: boolean,
		options: CallOptions = {},
	): Promise<IDataObject> {
		const payload: IDataObject = { unitCount: input.unitCount };
		if (input.accountId !== undefined) payload.accountId = input.accountId;
		if (input.clientOId !== undefined) payload.clientOId = input.clientOId;
		const body = await this.send(
			{
				route: 'setUnitCount',
				method: 'POST',
				path: apiPath`/service/${serviceId}/count`,
				qs: { no_build: noBuild ? 'true' : 'false' },
				body: payload,
				// "Set" semantics (synthesize-api.md §5.6): sending the same count twice changes nothing.
				idempotent: true,
			},
			options,
		);
		return typeof body === 'object' && body !== null ? (body as IDataObject) : {};
	}

	// 7. GET /api/vendor-api/organization
	async getIntegration(options: CallOptions = {}): Promise<IntegrationData> {
		const body = await this.send(
			{ route: 'getIntegration', method: 'GET', path: '/organization' },
			options,
		);
		return this.read<IntegrationData>(integrationSchema, unwrap(body), 'getIntegration', options);
	}

	// 8. PATCH /api/vendor-api/organization/status/{status} — no body (synthesize-api.md §6.2)
	async setIntegrationStatus(
		status: IntegrationStatus,
		options: CallOptions = {},
	): Promise<IntegrationData> {
		const body = await this.send(
			{
				route: 'updateIntegrationStatus',
				method: 'PATCH',
				path: apiPath`/organization/status/${status}`,
			},
			options,
		);
		return this.read<IntegrationData>(
			integrationSchema,
			unwrap(body),
			'updateIntegrationStatus',
			options,
		);
	}

	// 9. GET /api/vendor-api/organization/clients?search&previousId — one page
	async getClientsPage(
		query: { search?: string; previousId?: string },
		options: CallOptions = {},
	): Promise<PsaClient[]> {
		const qs: IDataObject = {};
		if (query.search) qs.search = query.search;
		if (query.previousId) qs.previousId = query.previousId;
		const body = await this.send(
			{ route: 'getClients', method: 'GET', path: '/organization/clients', qs },
			options,
		);
		const page = this.read<{ clients: PsaClient[] }>(
			clientsSchema,
			unwrap(body),
			'getClients',
			options,
		);
		return page.clients;
	}

	// 10. GET /api/vendor-api/organization/accounts — everything, no paging
	async getAccounts(options: CallOptions = {}): Promise<AccountRow[]> {
		const body = await this.send(
			{ route: 'getAccounts', method: 'GET', path: '/organization/accounts' },
			options,
		);
		return this.read<AccountRow[]>(accountsSchema, unwrap(body), 'getAccounts', options);
	}

	// 11. POST /api/vendor-api/organization/accounts — bulk (JSON array)
	async createAccounts(accounts: AccountInput[], options: CallOptions = {}): Promise<AccountRow[]> {
		const body = await this.send(
			{
				route: 'createAccounts',
				method: 'POST',
				path: '/organization/accounts',
				body: accounts as unknown as IDataObject[],
			},
			options,
		);
		return this.read<AccountRow[]>(accountsSchema, unwrap(body), 'createAccounts', options);
	}

	// 12. PATCH /api/vendor-api/organization/accounts/{accountId}
	async updateAccount(
		accountId: string,
		update: AccountUpdate,
		options: CallOptions = {},
	): Promise<AccountRow> {
		const body = await this.send(
			{
				route: 'updateAccount',
				method: 'PATCH',
				path: apiPath`/organization/accounts/${accountId}`,
				body: update as IDataObject,
			},
			options,
		);
		return this.read<AccountRow>(accountSchema, unwrap(body), 'updateAccount', options);
	}

	// 13. POST /api/vendor-api/alerting/{accountId}
	async createAlert(
		accountId: string,
		alert: AlertInput,
		options: CallOptions = {},
	): Promise<AlertCreated> {
		const body = await this.send(
			{
				route: 'createAlert',
				method: 'POST',
				path: apiPath`/alerting/${accountId}`,
				body: alert as unknown as IDataObject,
			},
			options,
		);
		return this.read<AlertCreated>(alertCreatedSchema, unwrap(body), 'createAlert', options);
	}

	// 14. GET /api/vendor-api/alerting/debug/{messageId}
	async getAlertStatus(messageId: string, options: CallOptions = {}): Promise<AlertStatus> {
		const body = await this.send(
			{ route: 'getAlertStatus', method: 'GET', path: apiPath`/alerting/debug/${messageId}` },
			options,
		);
		return this.read<AlertStatus>(alertStatusSchema, unwrap(body), 'getAlertStatus', options);
	}

	// 15. PATCH /api/vendor-api/organization/accounts — bulk; newer Swagger only, body [inferred]
	async updateAccounts(
		updates: Array<AccountUpdate & { id: string }>,
		options: CallOptions = {},
	): Promise<AccountRow[]> {
		const body = await this.send(
			{
				route: 'updateAccountsBulk',
				method: 'PATCH',
				path: '/organization/accounts',
				body: updates as unknown as IDataObject[],
			},
			options,
		);
		return this.read<AccountRow[]>(accountsSchema, unwrap(body), 'updateAccountsBulk', options);
	}

	// 16. POST /api/vendor-api/organization/services — bulk; 409 on a duplicate id
	async createOrganizationServices(
		services: Array<{ id: string; name: string; description: string; isArrears?: boolean }>,
		options: CallOptions = {},
	): Promise<OrganizationServiceRow[]> {
		const body = await this.send(
			{
				route: 'createOrganizationServices',
				method: 'POST',
				path: '/organization/services',
				body: services as unknown as IDataObject[],
			},
			options,
		);
		return this.read<OrganizationServiceRow[]>(
			z.array(organizationServiceSchema),
			unwrap(body),
			'createOrganizationServices',
			options,
		);
	}

	// 17. PATCH /api/vendor-api/organization/services/{serviceId} — newer Swagger only
	async updateOrganizationService(
		serviceId: string,
		update: AccountUpdate,
		options: CallOptions = {},
	): Promise<OrganizationServiceRow> {
		const body = await this.send(
			{
				route: 'updateOrganizationService',
				method: 'PATCH',
				path: apiPath`/organization/services/${serviceId}`,
				body: update as IDataObject,
			},
			options,
		);
		return this.read<OrganizationServiceRow>(
			organizationServiceSchema,
			unwrap(body),
			'updateOrganizationService',
			options,
		);
	}

	// 18. PATCH /api/vendor-api/organization/services — bulk; newer Swagger only, body [inferred]
	async updateOrganizationServices(
		updates: Array<AccountUpdate & { id: string }>,
		options: CallOptions = {},
	): Promise<OrganizationServiceRow[]> {
		const body = await this.send(
			{
				route: 'updateOrganizationServicesBulk',
				method: 'PATCH',
				path: '/organization/services',
				body: updates as unknown as IDataObject[],
			},
			options,
		);
		return this.read<OrganizationServiceRow[]>(
			z.array(organizationServiceSchema),
			unwrap(body),
			'updateOrganizationServicesBulk',
			options,
		);
	}
}

const EXPECTED: Record<string, string> = {
	getVendor: 'the vendor profile',
	updateVendor: 'the vendor profile',
	createVendorService: 'the vendor profile with its services',
	getVendorService: 'the vendor profile with the service',
	getIntegration: 'the integration settings',
	updateIntegrationStatus: 'the integration settings',
	getClients: 'a page of clients',
	getAccounts: 'a list of accounts',
	createAccounts: 'the created accounts',
	updateAccount: 'the updated account',
	updateAccountsBulk: 'the updated accounts',
	createAlert: 'the queued alert (messageId)',
	getAlertStatus: 'the alert status',
	createOrganizationServices: 'the created services',
	updateOrganizationService: 'the updated service',
	updateOrganizationServicesBulk: 'the updated services',
};

function describeSchema(route: string): string {
	return EXPECTED[route] ?? 'JSON';
}
