import { z } from 'zod/v4';

/**
 * Input rules shared by the action node, the sync engine and the trigger. zod/v4 is the copy
 * n8n itself ships (3.25.x contains the v4 API), so it resolves at runtime without a dependency.
 * Messages are ours, written to say how to fix the value; zod's own wording is never shown.
 */

export const MAX_ID_LENGTH = 512;

/** The value at `a.b.c` in an item's JSON (undefined where the path leaves the objects). */
export function valueAtPath(json: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				typeof value === 'object' && value !== null
					? (value as Record<string, unknown>)[key]
					: undefined,
			json,
		);
}

/** Largest count accepted: beyond 2^53 a JSON number cannot hold the value exactly. */
export const MAX_UNIT_COUNT = Number.MAX_SAFE_INTEGER;

export type Check<T> = { ok: true; value: T } | { ok: false; problem: string; fix: string };

/** C0 and C1 control characters (line breaks, tabs, NUL…) never belong in an id. */
function hasControlCharacter(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

const isPrintableAscii = (code: number): boolean => code > 0x20 && code < 0x7f;

const idSchema = z
	.string()
	.transform((value) => value.trim())
	.pipe(
		z
			.string()
			.min(1)
			.max(MAX_ID_LENGTH)
			.refine((value) => !hasControlCharacter(value)),
	);

/** A vendor-chosen id (account, organisation service, alert): a non-empty string; numbers become strings. */
export function checkId(raw: unknown, label: string): Check<string> {
	const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
	if (typeof text !== 'string') {
		return {
			ok: false,
			problem: `${label} is missing`,
			fix: `Set ${label} to a text value, e.g. the customer's id in your system.`,
		};
	}
	// Hot path (a sync validates every row): an id that is plainly valid skips zod's allocations.
	// It accepts only what the schema accepts unchanged: both ends printable ASCII, so nothing
	// for trim() to remove (it also removes Unicode spaces); everything else goes through the schema.
	if (
		text.length > 0 &&
		text.length <= MAX_ID_LENGTH &&
		isPrintableAscii(text.charCodeAt(0)) &&
		isPrintableAscii(text.charCodeAt(text.length - 1)) &&
		!hasControlCharacter(text)
	) {
		return { ok: true, value: text };
	}
	const parsed = idSchema.safeParse(text);
	if (parsed.success) return { ok: true, value: parsed.data };
	const trimmed = text.trim();
	if (trimmed === '') {
		return { ok: false, problem: `${label} is empty`, fix: `Give ${label} a non-empty value.` };
	}
	if (trimmed.length > MAX_ID_LENGTH) {
		return {
			ok: false,
			problem: `${label} is ${trimmed.length} characters long`,
			fix: `Use an id of at most ${MAX_ID_LENGTH} characters.`,
		};
	}
	return {
		ok: false,
		problem: `${label} contains a control character (e.g. a line break)`,
		fix: `Remove line breaks and other control characters from ${label}.`,
	};
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Gradient-generated ids (SKU/service ids, …) are 24-hex ObjectIds (synthesize-api.md §3,
 * [inferred]).
 */
export function checkObjectId(raw: unknown, label: string): Check<string> {
	const id = checkId(raw, label);
	if (!id.ok) return id;
	if (!OBJECT_ID.test(id.value)) {
		return {
			ok: false,
			problem: `${label} "${id.value.slice(0, 40)}" is not a Synthesize id`,
			fix: `${label} is the 24-character id Synthesize gave the service (pick it from the list, or use Get Vendor).`,
		};
	}
	return id;
}

const unitCountSchema = z.number().finite().min(0).max(MAX_UNIT_COUNT);

/**
 * A unit count: a finite number ≥ 0 (fractions allowed, synthesize-api.md §5.6); numeric text is
 * accepted.
 */
export function checkUnitCount(raw: unknown, label = 'Unit count'): Check<number> {
	// Hot path, as for ids: a plain valid number needs no parsing (NaN fails both comparisons).
	if (typeof raw === 'number' && raw >= 0 && raw <= MAX_UNIT_COUNT) return { ok: true, value: raw };
	let value: unknown = raw;
	if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) value = Number(raw);
	const fix = `Send a number of units of 0 or more, e.g. 12 (use 0 when the customer has none).`;
	if (typeof value !== 'number') {
		const shown =
			raw === null ? 'null' : raw === undefined ? 'missing' : `"${String(raw).slice(0, 40)}"`;
		return { ok: false, problem: `${label} is not a number (${shown})`, fix };
	}
	const parsed = unitCountSchema.safeParse(value);
	if (parsed.success) return { ok: true, value: parsed.data };
	if (Number.isNaN(value)) return { ok: false, problem: `${label} is NaN`, fix };
	if (!Number.isFinite(value)) return { ok: false, problem: `${label} is infinite`, fix };
	if (value < 0) return { ok: false, problem: `${label} is negative (${value})`, fix };
	return {
		ok: false,
		problem: `${label} is too large (${value})`,
		fix: `Counts above ${MAX_UNIT_COUNT} cannot be sent exactly; check the unit conversion.`,
	};
}

/** An exact value from a case-sensitive enum (the API rejects other spellings). */
export function checkEnum<T extends string>(
	raw: unknown,
	allowed: readonly T[],
	label: string,
): Check<T> {
	if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) {
		return { ok: true, value: raw as T };
	}
	const text = typeof raw === 'string' ? raw : String(raw);
	const caseMatch = allowed.find((value) => value.toLowerCase() === text.trim().toLowerCase());
	return {
		ok: false,
		problem: `${label} "${text.slice(0, 60)}" is not one of the values Synthesize accepts`,
		fix: caseMatch
			? `Synthesize is case-sensitive: use "${caseMatch}".`
			: `Use one of: ${allowed.map((value) => `"${value}"`).join(', ')}.`,
	};
}

const integerInRange = (min: number, max: number) => z.number().int().min(min).max(max);

export function checkIntegerInRange(
	raw: unknown,
	min: number,
	max: number,
	label: string,
): Check<number> {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	const parsed = integerInRange(min, max).safeParse(value);
	if (parsed.success) return { ok: true, value: parsed.data };
	return {
		ok: false,
		problem: `${label} "${String(raw)}" is not a whole number from ${min} to ${max}`,
		fix: `Set ${label} to a whole number from ${min} to ${max}.`,
	};
}

export function checkDateTime(raw: unknown, label: string): Check<string> {
	if (typeof raw === 'string') {
		const text = raw.trim();
		// ISO 8601 with or without an offset (n8n's date picker omits it); always sent as UTC.
		const parsed = Date.parse(text);
		if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(parsed)) {
			return { ok: true, value: new Date(parsed).toISOString() };
		}
	}
	return {
		ok: false,
		problem: `${label} "${String(raw).slice(0, 40)}" is not a date and time`,
		fix: `Use an ISO 8601 date and time, e.g. 2026-12-01T17:00:00Z.`,
	};
}

export function checkNonEmptyText(raw: unknown, label: string, maxLength = 10_000): Check<string> {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return { ok: false, problem: `${label} is empty`, fix: `Give ${label} a value.` };
	}
	if (raw.length > maxLength) {
		return {
			ok: false,
			problem: `${label} is ${raw.length} characters long`,
			fix: `Shorten ${label} to at most ${maxLength} characters.`,
		};
	}
	return { ok: true, value: raw };
}
