// @ts-check
'use strict';
/** Admin API: partners, keys, status, mapping, PSA clients and the vendor's services (the MSP's and Gradient staff's side). */
const { INTEGRATION_STATUSES, SERVICE_CATEGORIES, SERVICE_SUBCATEGORIES } = require('../defaults');
const { HttpError } = require('../state');
const { bad, partnerOf } = require('./common');

const MAX_BULK_PARTNERS = 5000;
const MAX_BULK_ACCOUNTS = 1000000;
const BULK_KEYS = ['count', 'prefix', 'start', 'accountsPerPartner', 'accountIdPrefix', 'mapAccounts', 'mapServices', 'psaClients'];

/** @type {import('./common').Handlers} */
const PARTNER_HANDLERS = {
	'POST /sandbox/map': (ctx) => ({ status: 200, body: ctx.rt.store.setMapping(partnerOf(ctx), ctx.body, true) }),
	'POST /sandbox/unmap': (ctx) => ({ status: 200, body: ctx.rt.store.setMapping(partnerOf(ctx), ctx.body, false) }),

	'GET /sandbox/partners': ({ rt }) => ({
		status: 200,
		body: rt.store.partners().map((p) => ({
			id: p.id,
			name: p.name,
			status: p.status,
			lastSyncedAt: p.lastSyncedAt,
			isDefault: p.id === rt.store.data.defaultPartnerId,
			accounts: p.accounts.length,
			clients: p.clients.length,
		})),
	}),

	'POST /sandbox/partners': ({ rt, body }) => {
		if (body.name !== undefined && typeof body.name !== 'string') throw bad('name must be a string');
		if (body.partnerKey !== undefined && (typeof body.partnerKey !== 'string' || !body.partnerKey)) throw bad('partnerKey must be a non-empty string');
		return { status: 201, body: rt.store.addPartner({ name: body.name, partnerKey: body.partnerKey }) };
	},

	// Many partners at once for scale tests (state/bulk.js); 201 { count, accountsPerPartner, servicesMapped, partners }
	'POST /sandbox/partners/bulk': ({ rt, body }) => {
		const { count, prefix, start, accountsPerPartner, accountIdPrefix } = body;
		if (!Number.isInteger(count) || count < 1 || count > MAX_BULK_PARTNERS) throw bad(`count must be an integer from 1 to ${MAX_BULK_PARTNERS}`);
		if (prefix !== undefined && !(typeof prefix === 'string' && /^[A-Za-z0-9._-]{1,40}$/.test(prefix))) {
			throw bad('prefix must be 1 to 40 of A-Z a-z 0-9 . _ -');
		}
		if (start !== undefined && !(Number.isInteger(start) && start >= 1)) throw bad('start must be a positive integer');
		const perPartner = accountsPerPartner ?? 0;
		if (!Number.isInteger(perPartner) || perPartner < 0) throw bad('accountsPerPartner must be a non-negative integer');
		if (count * perPartner > MAX_BULK_ACCOUNTS) throw bad(`count × accountsPerPartner must be at most ${MAX_BULK_ACCOUNTS}`);
		if (accountIdPrefix !== undefined && !(typeof accountIdPrefix === 'string' && accountIdPrefix.length >= 1 && accountIdPrefix.length <= 200)) {
			throw bad('accountIdPrefix must be a string of 1 to 200 characters');
		}
		for (const flag of ['mapAccounts', 'mapServices', 'psaClients']) {
			if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw bad(`${flag} must be a boolean`);
		}
		const unknown = Object.keys(body).filter((k) => !BULK_KEYS.includes(k));
		if (unknown.length) throw bad(`unknown field(s): ${unknown.join(', ')} (known: ${BULK_KEYS.join(', ')})`);
		return { status: 201, body: rt.store.addPartners(/** @type {import('../state/bulk').BulkOptions} */ (body)) };
	},

	'POST /sandbox/disconnect': (ctx) => ({ status: 200, body: ctx.rt.store.disconnect(partnerOf(ctx)) }),

	'POST /sandbox/regenerate-partner-key': (ctx) => {
		const key = ctx.body.partnerKey;
		if (key !== undefined && (typeof key !== 'string' || !key)) throw bad('partnerKey must be a non-empty string');
		return { status: 200, body: ctx.rt.store.regeneratePartnerKey(partnerOf(ctx), key) };
	},

	'POST /sandbox/status': (ctx) => {
		const { status, lastSyncedAt } = ctx.body;
		if (status !== undefined && !(/** @type {readonly string[]} */ (INTEGRATION_STATUSES).includes(status))) {
			throw bad(`status must be one of: ${INTEGRATION_STATUSES.join(', ')}`);
		}
		if (lastSyncedAt !== undefined && (typeof lastSyncedAt !== 'string' || Number.isNaN(Date.parse(lastSyncedAt)))) {
			throw bad('lastSyncedAt must be an ISO 8601 date string');
		}
		if (status === undefined && lastSyncedAt === undefined) throw bad('status or lastSyncedAt is required');
		const partner = partnerOf(ctx);
		ctx.rt.store.setStatus(partner, status ?? partner.status, lastSyncedAt === undefined ? undefined : new Date(lastSyncedAt).toISOString());
		return { status: 200, body: ctx.rt.store.integrationData(partner) };
	},

	'POST /sandbox/clients': (ctx) => {
		const names = ctx.body.clients ?? (ctx.body.name !== undefined ? [ctx.body.name] : undefined);
		if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== 'string' || !n)) {
			throw bad('body must be { name } or { clients: [names] }');
		}
		return { status: 201, body: ctx.rt.store.addClients(partnerOf(ctx), names) };
	},

	'POST /sandbox/services': ({ rt, body }) => {
		const store = rt.store;
		const add = body.add ?? (body.name !== undefined ? [body] : []);
		const rename = body.rename ?? [];
		const remove = body.remove ?? [];
		if (!Array.isArray(add) || !Array.isArray(rename) || !Array.isArray(remove)) throw bad('add, rename and remove must be arrays');
		for (const s of add) {
			if (!s || typeof s.name !== 'string' || !s.name) throw bad('every service to add needs a name');
			if (s.category !== undefined && !(/** @type {readonly string[]} */ (SERVICE_CATEGORIES).includes(s.category))) throw bad(`unknown category: ${s.category}`);
			if (s.subcategory !== undefined && !(/** @type {readonly string[]} */ (SERVICE_SUBCATEGORIES).includes(s.subcategory))) throw bad(`unknown subcategory: ${s.subcategory}`);
		}
		for (const r of rename) {
			if (!r || typeof r.id !== 'string' || typeof r.name !== 'string') throw bad('rename items are { id, name }');
			if (!store.findSku(r.id)) throw new HttpError(404, `No service found with id: ${r.id}`);
		}
		for (const id of remove) if (typeof id !== 'string' || !store.findSku(id)) throw new HttpError(404, `No service found with id: ${id}`);
		const added = add.map((s) => store.createSku({ description: s.name, ...s }));
		for (const r of rename) store.updateSku(/** @type {any} */ (store.findSku(r.id)), { name: r.name });
		for (const id of remove) store.removeSku(id);
		return { status: 200, body: { added, renamed: rename.map((r) => r.id), removed: remove, skus: store.data.vendor.skus } };
	},
};

module.exports = { PARTNER_HANDLERS };
