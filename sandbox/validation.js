// @ts-check
'use strict';
/**
 * Request-body validation with zod, reported the way a NestJS ValidationPipe with
 * class-validator reports it (synthesize-api.md §3 [inferred]: the real server is NestJS):
 *   400 { statusCode: 400, message: [ "unitCount must be a number conforming to the specified constraints", ... ], error: "Bad Request" }
 *
 * Each DTO field is a list of constraints; every constraint is a zod schema plus the
 * class-validator message it produces. As in class-validator, all constraints of a field
 * are checked and every failure is reported; optional fields (@IsOptional) are skipped when
 * undefined or null. Unknown properties are ignored ([emulator choice]: no forbidNonWhitelisted).
 */
const { z } = require('zod/v4');
const { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } = require('./defaults');

/** @typedef {{ schema: import('zod/v4').ZodType, message: (p: string) => string }} Constraint */
/** @typedef {{ optional?: boolean, constraints: Constraint[] }} FieldRule */
/** @typedef {Record<string, FieldRule>} Dto */

/** @type {Record<string, (...args: any[]) => Constraint>} */
const is = {
	notEmpty: () => ({
		schema: z.any().refine((v) => v !== '' && v !== null && v !== undefined),
		message: (p) => `${p} should not be empty`,
	}),
	string: () => ({ schema: z.string(), message: (p) => `${p} must be a string` }),
	// class-validator's full @IsNumber() text; CIPP quotes its start, "unitCount must be a number" (synthesize-api.md §5.6)
	number: () => ({ schema: z.number(), message: (p) => `${p} must be a number conforming to the specified constraints` }),
	int: () => ({ schema: z.int(), message: (p) => `${p} must be an integer number` }),
	min: (/** @type {number} */ n) => ({ schema: z.number().min(n), message: (p) => `${p} must not be less than ${n}` }),
	max: (/** @type {number} */ n) => ({ schema: z.number().max(n), message: (p) => `${p} must not be greater than ${n}` }),
	boolean: () => ({ schema: z.boolean(), message: (p) => `${p} must be a boolean value` }),
	enum: (/** @type {readonly string[]} */ values) => ({
		schema: z.enum(/** @type {[string, ...string[]]} */ ([...values])),
		message: (p) => `${p} must be one of the following values: ${values.join(', ')}`,
	}),
	iso8601: () => ({
		schema: z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]),
		message: (p) => `${p} must be a valid ISO 8601 date string`,
	}),
	url: () => ({ schema: z.url(), message: (p) => `${p} must be a URL address` }),
};

/** @param {Constraint[]} constraints @returns {FieldRule} */
const required = (...constraints) => ({ constraints });
/** @param {Constraint[]} constraints @returns {FieldRule} */
const optional = (...constraints) => ({ optional: true, constraints });

/** What a PATCH of an account or an organization service may change, after its `id` (synthesize-api.md §7.3, §8.2). */
const ROW_PATCH = {
	name: optional(is.notEmpty(), is.string()),
	description: optional(is.string()),
	isActive: optional(is.boolean()),
	isArrears: optional(is.boolean()),
};

/** @type {Record<string, Dto>} */
const dtos = {
	// synthesize-api.md §5.2 UpdateVendorRequest (all optional, at least one: checked in the handler)
	updateVendor: {
		name: optional(is.string()),
		description: optional(is.string()),
		vendorSupportPageUrl: optional(is.url()),
		integrationPortalUrl: optional(is.url()),
	},
	// synthesize-api.md §5.3 CreateServiceRequest
	createService: {
		name: required(is.notEmpty(), is.string()),
		description: required(is.notEmpty(), is.string()),
		category: required(is.enum(SERVICE_CATEGORIES)),
		subcategory: required(is.enum(SERVICE_SUBCATEGORIES)),
		// [emulator choice] supportArticle/supportContact only need to be strings (synthesize-api.md §5.3 says URL/email; not known to be checked server-side)
		supportArticle: optional(is.string()),
		supportContact: optional(is.string()),
	},
	// synthesize-api.md §5.5 [emulator choice] optional partial body
	updateService: {
		name: optional(is.notEmpty(), is.string()),
		description: optional(is.string()),
		category: optional(is.enum(SERVICE_CATEGORIES)),
		subcategory: optional(is.enum(SERVICE_SUBCATEGORIES)),
		supportArticle: optional(is.string()),
		supportContact: optional(is.string()),
	},
	// synthesize-api.md §5.6 CreateBillingRequest (accountId / clientOId presence is checked in the handler)
	setUnitCount: {
		accountId: optional(is.string()),
		clientOId: optional(is.string()),
		// [emulator choice] negatives rejected (@Min(0)); fractions accepted (synthesize-api.md §5.6: SDK type Decimal)
		unitCount: required(is.number(), is.min(0)),
	},
	// synthesize-api.md §7.2 CreateMappingProperty
	createAccount: {
		id: required(is.notEmpty(), is.string()),
		name: required(is.notEmpty(), is.string()),
		description: optional(is.string()),
		isArrears: optional(is.boolean()),
	},
	// synthesize-api.md §7.3 UpdateVendorAccountRequest
	updateAccount: { id: optional(is.string()), ...ROW_PATCH },
	// synthesize-api.md §7.4 [inferred] bulk item
	updateAccountItem: { id: required(is.notEmpty(), is.string()), ...ROW_PATCH },
	// synthesize-api.md §8.1
	createOrgService: {
		id: required(is.notEmpty(), is.string()),
		name: required(is.notEmpty(), is.string()),
		description: required(is.string()),
		isArrears: optional(is.boolean()),
	},
	// synthesize-api.md §8.2
	updateOrgService: { id: optional(is.string()), ...ROW_PATCH },
	updateOrgServiceItem: { id: required(is.notEmpty(), is.string()), ...ROW_PATCH },
	// synthesize-api.md §9.1 CreateAlertingDto. [emulator choice] priority/status optional with default 1 (SDK default), range-checked.
	createAlert: {
		title: required(is.notEmpty(), is.string()),
		description: required(is.notEmpty(), is.string()),
		alertId: required(is.notEmpty(), is.string()),
		priority: optional(is.int(), is.min(1), is.max(4)),
		status: optional(is.int(), is.min(1), is.max(6)),
		dueDateTime: optional(is.iso8601()),
		serviceId: optional(is.string()),
	},
};

/** class-validator's message when the body is not an object at all (forbidUnknownValues). */
const UNKNOWN_VALUE = 'an unknown value was passed to the validate function';
/** NestJS ParseArrayPipe's message when the body is not an array. */
const ARRAY_EXPECTED = 'Validation failed (parsable array expected)';

/**
 * Validate one object against a DTO.
 * @param {keyof typeof dtos} name
 * @param {unknown} body
 * @returns {string[]} class-validator messages, empty when valid
 */
function validateObject(name, body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return [UNKNOWN_VALUE];
	const dto = dtos[name];
	/** @type {string[]} */
	const messages = [];
	const record = /** @type {Record<string, unknown>} */ (body);
	for (const [prop, rule] of Object.entries(dto)) {
		const value = record[prop];
		if (rule.optional && (value === undefined || value === null)) continue;
		for (const c of rule.constraints) if (!c.schema.safeParse(value).success) messages.push(c.message(prop));
	}
	return messages;
}

/**
 * Validate an array body the way NestJS ParseArrayPipe({ items }) does: each item's
 * messages are prefixed with "[index] ".
 * @param {keyof typeof dtos} name item DTO
 * @param {unknown} body
 * @returns {{ ok: true } | { ok: false, message: string | string[] }}
 */
function validateArray(name, body) {
	if (!Array.isArray(body)) return { ok: false, message: ARRAY_EXPECTED };
	/** @type {string[]} */
	const messages = [];
	body.forEach((item, index) => {
		for (const m of validateObject(name, item)) messages.push(`[${index}] ${m}`);
	});
	return messages.length ? { ok: false, message: messages } : { ok: true };
}

module.exports = { dtos, validateObject, validateArray, UNKNOWN_VALUE, ARRAY_EXPECTED };
