import type { IDataObject } from 'n8n-workflow';

import type { VendorSku } from '../../shared/contract';
import type { Change } from './change';
import { sortChanges } from './change';
import type { CatalogueData } from './types';

/** SKUs by id (Gradient's stable id; the first row wins on a duplicate, rows without id are skipped). */
function byId(skus: VendorSku[]): Map<string, VendorSku> {
	const map = new Map<string, VendorSku>();
	for (const sku of skus) {
		const id = String(sku.id ?? '');
		if (id !== '' && !map.has(id)) map.set(id, sku);
	}
	return map;
}

export function skuJson(sku: VendorSku): IDataObject {
	const json: IDataObject = { id: String(sku.id), name: sku.name };
	if (sku.category !== undefined) json.category = sku.category;
	if (sku.subcategory !== undefined) json.subcategory = sku.subcategory;
	if (sku.description !== undefined) json.description = sku.description;
	return json;
}

export function catalogueBaseline(skus: VendorSku[]): CatalogueData {
	const entries: Record<string, string> = {};
	for (const [id, sku] of byId(skus)) entries[id] = sku.name;
	return { skus: entries };
}

/**
 * Service Catalogue Changed: a SKU id that is new (added), gone (removed) or whose name differs
 * (renamed — by id, so a rename is never mistaken for a removal plus an addition).
 */
export function catalogueDiff(
	previous: CatalogueData,
	skus: VendorSku[],
): { data: CatalogueData; changes: Change[] } {
	const now = byId(skus);
	const changes: Change[] = [];
	for (const [id, sku] of now) {
		const oldName = Object.prototype.hasOwnProperty.call(previous.skus, id)
			? previous.skus[id]
			: undefined;
		if (oldName === undefined) {
			changes.push({
				change: 'added',
				subject: { id, name: sku.name },
				before: null,
				after: skuJson(sku),
				emit: true,
			});
		} else if (oldName !== sku.name) {
			changes.push({
				change: 'renamed',
				subject: { id, name: sku.name },
				before: { id, name: oldName },
				after: skuJson(sku),
				emit: true,
				detail: `${oldName}>${sku.name}`,
			});
		}
	}
	for (const [id, name] of Object.entries(previous.skus)) {
		if (now.has(id)) continue;
		changes.push({
			change: 'removed',
			subject: { id, name },
			before: { id, name },
			after: null,
			emit: true,
		});
	}
	return { data: catalogueBaseline(skus), changes: sortChanges(changes) };
}
