// @ts-check
'use strict';
/**
 * The 18 vendor-API routes (synthesize-api.md §4), each with its method, path pattern, id, success
 * code, envelope and handler. Handlers get an authenticated partner and return { status, body };
 * errors are thrown as HttpError with the API's error bodies (synthesize-api.md §3).
 * By resource: vendor.js (1–6), organization.js (7–12, 15–18), alerts.js (13–14).
 */
const { API_PREFIX } = require('../defaults');
const { badRequest } = require('../state');
const { INVALID_ID } = require('./common');
const { VENDOR_ROUTES } = require('./vendor');
const { ORGANIZATION_ROUTES } = require('./organization');
const { ALERT_ROUTES } = require('./alerts');

/**
 * @typedef {import('./common').RouteDef} RouteDef
 * @typedef {import('./common').CompiledRoute} CompiledRoute
 */

/** All 18, in the order of the API description (matching tries them in this order). */
const ROUTES = [...VENDOR_ROUTES, ...ORGANIZATION_ROUTES, ...ALERT_ROUTES].sort((a, b) => a.n - b.n);

/** @param {RouteDef} r @returns {CompiledRoute} */
function compile(r) {
	/** @type {string[]} */
	const keys = [];
	const pattern = (API_PREFIX + r.path)
		.split('/')
		.map((seg) => {
			if (seg.startsWith(':')) {
				keys.push(seg.slice(1));
				return '([^/]+)';
			}
			return seg.replace(/[.+?^${}()|[\]\\-]/g, '\\$&');
		})
		.join('/');
	return { ...r, re: new RegExp(`^${pattern}/?$`), keys };
}

const COMPILED = ROUTES.map(compile);

/**
 * Find the route for a request.
 * @param {string} method
 * @param {string} pathname raw (still percent-encoded) path without the query
 * @returns {{ route: CompiledRoute, params: Record<string, string> } | null}
 */
function matchRoute(method, pathname) {
	for (const route of COMPILED) {
		if (route.method !== method) continue;
		const m = route.re.exec(pathname);
		if (!m) continue;
		/** @type {Record<string, string>} */
		const params = {};
		route.keys.forEach((k, i) => {
			try {
				params[k] = decodeURIComponent(m[i + 1]);
			} catch {
				throw badRequest(`Failed to decode param '${m[i + 1]}'`);
			}
		});
		return { route, params };
	}
	return null;
}

module.exports = { ROUTES, matchRoute, INVALID_ID };
