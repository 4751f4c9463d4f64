import type { ServiceInput } from '../api/bodies';
import type { VendorSku } from '../contract';
import { SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } from '../contract';
import { checkEnum, checkNonEmptyText } from '../validation';
import { normaliseName } from './usage';

/**
 * Service (SKU) sync: upsert the vendor's catalogue by normalised name (case and whitespace), the
 * way every peer matches services, without inventing support URLs or contacts.
 */

export interface SkuInput {
	index: number;
	name: unknown;
	description: unknown;
	category: unknown;
	subcategory: unknown;
	supportArticle?: unknown;
	supportContact?: unknown;
}

/** A service as Create Service takes it (checked). */
export type SkuFields = ServiceInput;

export type ServiceOutcome = 'created' | 'existing' | 'updated' | 'failed';

export interface ServiceResult {
	index: number;
	name?: string;
	serviceId?: string;
	outcome: ServiceOutcome;
	/** Fields that differ from the catalogue (when not updated). */
	differences?: ComparedField[];
	reason?: string;
	fix?: string;
}

export interface ServicesPort {
	listServices(): Promise<VendorSku[]>;
	/** Creates one service and returns the catalogue after it. */
	createService(fields: SkuFields): Promise<VendorSku[]>;
	updateService(id: string, fields: Partial<SkuFields>): Promise<void>;
	describe(error: unknown): string;
}

function read(input: SkuInput): SkuFields | { problem: string; fix: string } {
	const name = checkNonEmptyText(input.name, 'Name', 1000);
	if (!name.ok) return name;
	const description = checkNonEmptyText(input.description, 'Description');
	if (!description.ok) return description;
	const category = checkEnum(input.category, SERVICE_CATEGORIES, 'Category');
	if (!category.ok) return category;
	const subcategory = checkEnum(input.subcategory, SERVICE_SUBCATEGORIES, 'Subcategory');
	if (!subcategory.ok) return subcategory;
	const fields: SkuFields = {
		name: name.value.trim().replace(/\s+/g, ' '),
		description: description.value,
		category: category.value,
		subcategory: subcategory.value,
	};
	for (const key of ['supportArticle', 'supportContact'] as const) {
		const value = input[key];
		if (typeof value === 'string' && value.trim() !== '') fields[key] = value.trim();
	}
	return fields;
}

const COMPARED = [
	'description',
	'category',
	'subcategory',
	'supportArticle',
	'supportContact',
] as const;
type ComparedField = (typeof COMPARED)[number];

function differences(current: VendorSku, wanted: SkuFields): ComparedField[] {
	return COMPARED.filter((key) => wanted[key] !== undefined && wanted[key] !== current[key]);
}

export async function runServiceSync(
	inputs: SkuInput[],
	port: ServicesPort,
	options: { update: boolean; dryRun: boolean },
): Promise<{ results: ServiceResult[]; map: Record<string, string> }> {
	let catalogue = await port.listServices();
	const results: ServiceResult[] = [];
	const handled = new Map<string, ServiceResult>();
	for (const input of inputs) {
		const fields = read(input);
		if ('problem' in fields) {
			results.push({
				index: input.index,
				outcome: 'failed',
				reason: fields.problem,
				fix: fields.fix,
			});
			continue;
		}
		const key = normaliseName(fields.name);
		const twin = handled.get(key);
		if (twin) {
			// The same SKU twice in one run (e.g. one row per customer): one create, same id.
			results.push({
				...twin,
				index: input.index,
				outcome: twin.outcome === 'failed' ? 'failed' : 'existing',
			});
			continue;
		}
		const result: ServiceResult = { index: input.index, name: fields.name, outcome: 'existing' };
		const current = catalogue.filter((sku) => normaliseName(sku.name) === key);
		if (current.length > 1) {
			Object.assign(result, {
				outcome: 'failed',
				reason: `${current.length} services are already named "${fields.name}"`,
				fix: 'Rename or retire the duplicates in Synthesize (ask Gradient support), then run again.',
			});
		} else if (current.length === 1) {
			result.serviceId = current[0].id;
			const changed = differences(current[0], fields);
			if (changed.length > 0) {
				if (options.update && !options.dryRun) {
					try {
						await port.updateService(
							current[0].id,
							Object.fromEntries(changed.map((field) => [field, fields[field]])),
						);
						result.outcome = 'updated';
					} catch (error) {
						Object.assign(result, { outcome: 'failed', reason: port.describe(error) });
					}
				} else if (options.update) {
					result.outcome = 'updated';
				} else {
					result.differences = changed;
				}
			}
		} else if (options.dryRun) {
			result.outcome = 'created';
		} else {
			try {
				catalogue = await port.createService(fields);
				const created = [...catalogue].reverse().find((sku) => normaliseName(sku.name) === key);
				result.serviceId = created?.id;
				result.outcome = 'created';
			} catch (error) {
				Object.assign(result, { outcome: 'failed', reason: port.describe(error) });
			}
		}
		handled.set(key, result);
		results.push(result);
	}
	const map: Record<string, string> = {};
	for (const result of results)
		if (result.name && result.serviceId) map[result.name] = result.serviceId;
	return { results, map };
}
