// @ts-check
'use strict';
/**
 * HTTP client of a running Synthesize sandbox: its admin API (`/sandbox/…`, the MSP's side and
 * the emulator's state) and, for test set-up, its vendor API with a token.
 */
const axios = require('axios').default;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ seq: number, at: string, method: string, path: string, routeId: string | null, status: number, partnerId: string | null, body: any, durationMs: number, fault?: string }} LoggedRequest
 */

/**
 * @param {string} url sandbox root, e.g. http://127.0.0.1:8787
 * @param {{ token?: string }} [options] GRADIENT-TOKEN for vendor-API calls
 */
function sandboxClient(url, options = {}) {
	const http = axios.create({ baseURL: url, validateStatus: () => true, timeout: 30000 });

	/**
	 * Admin-API call; throws unless 2xx.
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} [data]
	 * @param {Record<string, unknown>} [params]
	 */
	async function admin(method, path, data, params) {
		const response = await http.request({ method, url: path, data, params });
		if (response.status < 200 || response.status > 299) {
			throw new Error(
				`sandbox ${method} ${path}: ${response.status} ${JSON.stringify(response.data)}`,
			);
		}
		return response.data;
	}

	/**
	 * Vendor-API call with a token (default: the one given); returns { status, data }.
	 * Set-up traffic, so a 429 from the sandbox's own rate limit (100 requests a second, a burst
	 * of 10) is waited out (Retry-After) up to five times instead of failing the set-up;
	 * `retryRateLimit: false` returns the 429.
	 * @param {string} method
	 * @param {string} path below /api/vendor-api, e.g. /organization/accounts
	 * @param {unknown} [data]
	 * @param {{ token?: string, retryRateLimit?: boolean }} [opts]
	 */
	async function vendor(method, path, data, opts = {}) {
		const token = opts.token ?? options.token;
		if (!token) throw new Error('sandboxClient: no token for a vendor-API call');
		for (let attempt = 1; ; attempt++) {
			const response = await http.request({
				method,
				url: `/api/vendor-api${path}`,
				data,
				headers: { 'GRADIENT-TOKEN': token },
			});
			if (response.status !== 429 || opts.retryRateLimit === false || attempt > 5)
				return { status: response.status, data: response.data };
			const seconds = Number(response.headers['retry-after']);
			await new Promise((resolve) => setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000));
		}
	}

	/**
	 * The API requests the sandbox logged (oldest first).
	 * @param {{ since?: number, route?: string }} [filter] route: a routeId such as setUnitCount
	 * @returns {Promise<LoggedRequest[]>}
	 */
	async function requests(filter = {}) {
		const data = await admin('GET', '/sandbox/requests', undefined, {
			since: filter.since ?? 0,
			route: filter.route,
			limit: 20000,
		});
		return data.requests;
	}

	return {
		url,
		admin,
		vendor,
		requests,
		/** GET /sandbox/state: vendor, partners (accounts, services, counts, billing, alerts), request counters. */
		state: async () => await admin('GET', '/sandbox/state'),
		/** The sequence number of the last logged request (use as `since` later). */
		lastSeq: async () => (await admin('GET', '/sandbox/requests', undefined, { limit: 1 })).lastSeq,
		/** @param {{ accounts?: string[] | 'all', services?: string[] | 'all', byName?: boolean, partner?: string }} body */
		map: async (body) => await admin('POST', '/sandbox/map', body),
		/** @param {{ accounts?: string[] | 'all', services?: string[] | 'all', partner?: string }} body */
		unmap: async (body) => await admin('POST', '/sandbox/unmap', body),
		/** @param {Record<string, unknown>} body */
		config: async (body) => await admin('POST', '/sandbox/config', body),
		/** @param {{ seed?: number, rules: Record<string, unknown>[] }} body */
		faults: async (body) => await admin('POST', '/sandbox/faults', body),
		clearFaults: async () => await admin('DELETE', '/sandbox/faults'),
		/** @param {'demo' | 'empty'} [seed] */
		reset: async (seed) => await admin('POST', '/sandbox/reset', seed ? { seed } : {}),
		/** @param {{ partner?: string }} [body] */
		rebuild: async (body = {}) => await admin('POST', '/sandbox/rebuild', body),
		/**
		 * Poll /sandbox/state until `predicate(state)` is truthy; returns that state.
		 * @param {(state: any) => unknown} predicate
		 * @param {{ timeoutMs?: number, what?: string }} [opts]
		 */
		async waitForState(predicate, opts = {}) {
			const deadline = Date.now() + (opts.timeoutMs ?? 15000);
			for (;;) {
				const state = await admin('GET', '/sandbox/state');
				if (predicate(state)) return state;
				if (Date.now() > deadline) {
					throw new Error(`sandbox: timed out waiting for ${opts.what ?? 'a state'}`);
				}
				await sleep(100);
			}
		},
	};
}

/** @typedef {ReturnType<typeof sandboxClient>} SandboxClient */

module.exports = { sandboxClient };
