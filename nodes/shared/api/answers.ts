import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod/v4';

import type {
	AccountRow,
	AlertCreated,
	AlertStatus,
	IntegrationData,
	OrganizationServiceRow,
	PsaClient,
	VendorData,
	VendorSku,
} from '../contract';
import type { AnswerKind } from './routes';

/**
 * How each kind of answer is read. Bodies come bare or wrapped ({status, message, data},
 * synthesize-api.md §15.2); the data is checked for the few fields the package relies on, so a
 * proxy's HTML page or a changed schema becomes a clear "cannot read" error instead of undefined
 * values later. Where the contract documents nothing ("200: Undocumented"), the answer is passed
 * through as it came: a call that succeeded never fails on its answer.
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
const accountSchema = z.looseObject({ id: idField, name: z.string().optional() });
const organizationServiceSchema = z.looseObject({ id: idField, name: z.string().optional() });

/** Responses may come bare or as {status, message, data}; the data is what matters. */
export function unwrap(body: unknown): unknown {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
		const record = body as IDataObject;
		if ('data' in record && ('status' in record || 'message' in record)) return record.data;
	}
	return body;
}

function normaliseSku(sku: IDataObject): VendorSku {
	return { ...(sku as unknown as VendorSku), id: String(sku.id ?? sku._id ?? '') };
}

function normaliseVendor(vendor: IDataObject): VendorData {
	const skus = Array.isArray(vendor.skus) ? (vendor.skus as IDataObject[]).map(normaliseSku) : [];
	return { ...(vendor as unknown as VendorData), id: String(vendor.id ?? vendor._id ?? ''), skus };
}

interface Answer<T> {
	/** The data as the package uses it, or undefined when it cannot be read. */
	read(data: unknown): T | undefined;
}

function checked<S extends z.ZodType, T = z.output<S>>(
	schema: S,
	shape: (value: z.output<S>) => T = (value) => value as unknown as T,
): Answer<T> {
	return {
		read: (data) => {
			const parsed = schema.safeParse(data);
			return parsed.success ? shape(parsed.data) : undefined;
		},
	};
}

export const ANSWERS = {
	vendor: checked(vendorSchema, (vendor) => normaliseVendor(vendor as IDataObject)),
	integration: checked(
		z.looseObject({ status: z.string() }),
		(data) => data as unknown as IntegrationData,
	),
	clientsPage: checked(
		z.looseObject({ clients: z.array(z.looseObject({ id: idField })) }),
		(page) => page.clients as unknown as PsaClient[],
	),
	accounts: checked(z.array(accountSchema), (rows) => rows as unknown as AccountRow[]),
	account: checked(accountSchema, (row) => row as unknown as AccountRow),
	organizationServices: checked(
		z.array(organizationServiceSchema),
		(rows) => rows as unknown as OrganizationServiceRow[],
	),
	alertCreated: checked(
		z.looseObject({ messageId: z.string().min(1) }),
		(data) => data as unknown as AlertCreated,
	),
	alertStatus: checked(
		z.looseObject({ status: z.string().optional() }),
		(data) => data as unknown as AlertStatus,
	),
	undocumented: {
		read: (data: unknown): IDataObject =>
			typeof data === 'object' && data !== null ? (data as IDataObject) : {},
	},
} satisfies Record<AnswerKind, Answer<unknown>>;

export type AnswerOf<K extends AnswerKind> = NonNullable<ReturnType<(typeof ANSWERS)[K]['read']>>;
