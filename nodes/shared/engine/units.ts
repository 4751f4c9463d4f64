/**
 * Unit conversion for usage counts. Storage vendors report bytes; Synthesize bills whatever unit
 * the MSP agreed (MB, GB, TB…). Gradient's SDK divided by binary powers under decimal labels
 * (synthesize-api.md §12.3); here the base is explicit.
 */

export const SIZE_UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

export type UnitBase = 'decimal' | 'binary';
export type Rounding = 'ceil' | 'round' | 'floor' | 'none';

export interface ConversionOptions {
	/** Unit of the input counts when a row does not name its own. */
	from: SizeUnit;
	/** Unit billed in Synthesize. */
	to: SizeUnit;
	base: UnitBase;
}

export interface CountPolicy {
	conversion?: ConversionOptions;
	/** Applied after conversion, e.g. 0.2 to bill per 5 users. */
	multiplier: number;
	rounding: Rounding;
}

function power(unit: SizeUnit): number {
	return SIZE_UNITS.indexOf(unit);
}

/** How many bytes one `unit` holds. */
export function bytesPer(unit: SizeUnit, base: UnitBase): number {
	return (base === 'binary' ? 1024 : 1000) ** power(unit);
}

/** Parses a unit name a row may carry ("GB", "gigabytes", "b"…); undefined if unknown. */
export function parseSizeUnit(raw: unknown): SizeUnit | undefined {
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim().toLowerCase();
	if (['b', 'byte', 'bytes'].includes(text)) return 'bytes';
	const match = /^([kmgt])(b|i?b|ilobytes?|egabytes?|igabytes?|erabytes?)?$/.exec(text);
	if (!match) return undefined;
	return ({ k: 'KB', m: 'MB', g: 'GB', t: 'TB' } as const)[match[1] as 'k' | 'm' | 'g' | 't'];
}

/** Expresses `value` (in `unit`) in the conversion's source unit, so rows in mixed units can be summed. */
export function toSourceUnit(value: number, unit: SizeUnit, conversion: ConversionOptions): number {
	return (value * bytesPer(unit, conversion.base)) / bytesPer(conversion.from, conversion.base);
}

function round(value: number, rounding: Rounding): number {
	// Remove binary noise first (0.1 + 0.2) so ceil does not bill an extra unit.
	const clean = Math.round(value * 1e9) / 1e9;
	switch (rounding) {
		case 'ceil':
			return Math.ceil(clean);
		case 'floor':
			return Math.floor(clean);
		case 'round':
			return Math.round(clean);
		default:
			return clean;
	}
}

/** The count to bill: convert, multiply, round. */
export function billableCount(value: number, policy: CountPolicy): number {
	let result = value;
	if (policy.conversion) {
		result =
			(result * bytesPer(policy.conversion.from, policy.conversion.base)) /
			bytesPer(policy.conversion.to, policy.conversion.base);
	}
	return round(result * policy.multiplier, policy.rounding);
}
