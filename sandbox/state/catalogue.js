// @ts-check
'use strict';
/** The vendor and its SKUs (vendor services), as the vendor API and Gradient staff change them. */
const { nowIso, clone } = require('./common');
const { PartnersStore } = require('./partners');

/** @typedef {import('./types').Sku} Sku */

class CatalogueStore extends PartnersStore {
	/** VendorData (synthesize-api.md §10.1). @param {Sku[]} [skus] */
	vendorData(skus) {
		const v = clone(this.data.vendor);
		if (skus) v.skus = clone(skus);
		return v;
	}

	/** @param {Record<string, any>} patch */
	updateVendor(patch) {
		const v = this.data.vendor;
		for (const k of ['name', 'description', 'vendorSupportPageUrl', 'integrationPortalUrl']) {
			if (patch[k] !== undefined && patch[k] !== null) v[k] = patch[k];
		}
		v.updatedAt = nowIso();
		v.__v += 1;
		this.changed();
		return this.vendorData();
	}

	/** @param {string} id */
	findSku(id) {
		return this.data.vendor.skus.find((s) => s.id === id);
	}

	/** @param {Record<string, any>} body */
	createSku(body) {
		const id = this.ids.objectId();
		/** @type {Sku} */
		const sku = {
			_id: id,
			id,
			name: body.name,
			description: body.description ?? '',
			category: body.category ?? 'other',
			subcategory: body.subcategory ?? 'other',
		};
		if (typeof body.supportArticle === 'string') sku.supportArticle = body.supportArticle;
		if (typeof body.supportContact === 'string') sku.supportContact = body.supportContact;
		this.data.vendor.skus.push(sku);
		this.data.vendor.updatedAt = nowIso();
		this.data.vendor.__v += 1;
		this.changed();
		return sku;
	}

	/** @param {Sku} sku @param {Record<string, any>} patch */
	updateSku(sku, patch) {
		for (const k of ['name', 'description', 'category', 'subcategory', 'supportArticle', 'supportContact']) {
			if (patch[k] !== undefined && patch[k] !== null) /** @type {any} */ (sku)[k] = patch[k];
		}
		this.data.vendor.updatedAt = nowIso();
		this.changed();
		return sku;
	}

	/** Gradient staff removes a SKU: its mappings and counts go with it. @param {string} id */
	removeSku(id) {
		const skus = this.data.vendor.skus;
		const i = skus.findIndex((s) => s.id === id);
		if (i < 0) return false;
		skus.splice(i, 1);
		for (const p of this.partners()) {
			delete p.serviceMap[id];
			for (const [k, c] of Object.entries(p.counts)) if (c.serviceId === id) delete p.counts[k];
		}
		this.data.vendor.updatedAt = nowIso();
		this.changed();
		return true;
	}
}

module.exports = { CatalogueStore };
