// @ts-check
'use strict';
/** Shared helpers for the sandbox tests: a started sandbox plus small axios wrappers. */
const http = require('node:http');
const axios = require('axios').default;
const {
	startSandbox,
	makeToken,
	DEFAULT_VENDOR_KEY,
	DEFAULT_PARTNER_KEY,
} = require('../../sandbox');

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * @typedef {{ status: number, data: any, headers: Record<string, any> }} Res
 */

/**
 * A client bound to one sandbox.
 * @param {import('../../sandbox').Sandbox} sb
 */
function client(sb) {
	const http = axios.create({
		baseURL: sb.url,
		validateStatus: () => true,
		httpAgent: agent,
		transitional: { silentJSONParsing: true },
	});
	/**
	 * Vendor-API call.
	 * @param {string} method
	 * @param {string} path relative to /api/vendor-api
	 * @param {unknown} [body]
	 * @param {{ token?: string | null, headers?: Record<string, string> }} [opts]
	 * @returns {Promise<Res>}
	 */
	const api = async (method, path, body, opts = {}) => {
		const token = opts.token === undefined ? sb.token : opts.token;
		/** @type {Record<string, string>} */
		const headers = {
			...(token === null ? {} : { 'GRADIENT-TOKEN': token }),
			...(opts.headers || {}),
		};
		const r = await http.request({ method, url: `/api/vendor-api${path}`, data: body, headers });
		return { status: r.status, data: r.data, headers: /** @type {any} */ (r.headers) };
	};
	/**
	 * Admin-API call.
	 * @param {string} method
	 * @param {string} path e.g. /sandbox/map
	 * @param {unknown} [body]
	 * @returns {Promise<Res>}
	 */
	const admin = async (method, path, body) => {
		const r = await http.request({ method, url: path, data: body });
		return { status: r.status, data: r.data, headers: /** @type {any} */ (r.headers) };
	};
	return { api, admin, http };
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll until fn returns a truthy value (or time out).
 * @template T
 * @param {() => Promise<T>} fn
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
async function waitFor(fn, timeoutMs = 5000) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await sleep(25);
	}
}

/**
 * Create a SKU, some accounts and map them. Returns the ids.
 * @param {ReturnType<typeof client>} c
 * @param {{ accounts?: Array<{ id: string, name: string }>, map?: boolean, token?: string, partner?: string, serviceName?: string }} [opts]
 */
async function setupBilling(c, opts = {}) {
	const accounts = opts.accounts || [
		{ id: 'acct-1', name: 'Northwind Traders' },
		{ id: 'acct-2', name: 'Fabrikam Inc' },
	];
	const tok = opts.token === undefined ? {} : { token: opts.token };
	const svc = await c.api(
		'POST',
		'/service',
		{
			name: opts.serviceName || 'Total Devices',
			description: 'Devices under management',
			category: 'other',
			subcategory: 'other',
		},
		tok,
	);
	if (svc.status !== 201)
		throw new Error(`create service: ${svc.status} ${JSON.stringify(svc.data)}`);
	const sku = svc.data.skus.find(
		(/** @type {any} */ s) => s.name === (opts.serviceName || 'Total Devices'),
	);
	const acc = await c.api('POST', '/organization/accounts', accounts, tok);
	if (acc.status !== 201)
		throw new Error(`create accounts: ${acc.status} ${JSON.stringify(acc.data)}`);
	if (opts.map !== false) {
		const m = await c.admin('POST', '/sandbox/map', {
			accounts: 'all',
			services: [sku.id],
			...(opts.partner ? { partner: opts.partner } : {}),
		});
		if (m.status !== 200) throw new Error(`map: ${m.status} ${JSON.stringify(m.data)}`);
	}
	return { serviceId: /** @type {string} */ (sku.id), accountIds: accounts.map((a) => a.id) };
}

module.exports = {
	startSandbox,
	client,
	sleep,
	waitFor,
	setupBilling,
	agent,
	makeToken,
	DEFAULT_VENDOR_KEY,
	DEFAULT_PARTNER_KEY,
};
