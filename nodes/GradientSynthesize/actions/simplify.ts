import type { IDataObject } from 'n8n-workflow';

import type { VendorData, VendorSku } from '../../shared/contract';

/** The vendor profile in at most ten fields (services counted, not listed). */
export function simplifyVendor(vendor: VendorData): IDataObject {
	return {
		id: vendor.id,
		name: vendor.name,
		description: vendor.description,
		integrationType: vendor.integrationType,
		isDistributor: vendor.isDistributor,
		modules: (vendor.modules ?? []).map((module) => module.variation).filter(Boolean),
		integrationPortalUrl: vendor.integrationPortalUrl,
		vendorSupportPageUrl: vendor.vendorSupportPageUrl,
		serviceCount: vendor.skus.length,
		updatedAt: vendor.updatedAt as string | undefined,
	};
}

/** A service (SKU) without the deprecated duplicate `_id`. */
export function simplifySku(sku: VendorSku): IDataObject {
	return {
		id: sku.id,
		name: sku.name,
		description: sku.description,
		category: sku.category,
		subcategory: sku.subcategory,
		supportArticle: sku.supportArticle,
		supportContact: sku.supportContact,
	};
}
