// @ts-check
'use strict';
/**
 * HTTP clients of a running n8n main: the internal REST API as the owner (session cookie), the
 * public API with a key minted for the owner, production webhooks, any unauthenticated request,
 * and the executions read through the public API.
 */
const axios = require('axios').default;
const { http, retryGetsOnReset } = require('./server');
const { sleep } = require('./output');

/**
 * @param {object} ctx
 * @param {string} ctx.name label of minted API keys
 * @param {import('./env').Owner} ctx.owner
 * @param {() => string} ctx.baseUrl the running instance's URL (throws when it does not run)
 */
function createRestClient(ctx) {
	const { owner, baseUrl } = ctx;
	/** @type {import('axios').AxiosInstance | null} */
	let apiClient = null;
	let apiKey = '';
	let cookie = '';

	/** Forget the session and the API key (a new process of the instance needs new ones). */
	function reset() {
		cookie = '';
		apiClient = null;
		apiKey = '';
	}

	/**
	 * Use a public-API key minted before (e.g. by the process that started this instance).
	 * @param {string} key
	 */
	function useApiKey(key) {
		apiKey = key;
		apiClient = retryGetsOnReset(
			axios.create({
				baseURL: `${baseUrl()}/api/v1`,
				headers: { 'X-N8N-API-KEY': key },
				validateStatus: () => true,
				timeout: 30000,
			}),
		);
		return apiClient;
	}

	/** Log in to the internal REST API as the owner; keeps the session cookie. */
	async function login() {
		const response = await http.post(`${baseUrl()}/rest/login`, {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		if (response.status !== 200) {
			throw new Error(
				`login as ${owner.email} failed: ${response.status} ${JSON.stringify(response.data)}`,
			);
		}
		const setCookie = response.headers['set-cookie'] ?? [];
		cookie = setCookie.map((value) => value.split(';')[0]).join('; ');
		return response.data?.data;
	}

	/**
	 * Internal REST API call as the logged-in owner (`/rest/...`).
	 * @param {string} method
	 * @param {string} url path below the instance, e.g. /rest/credentials
	 * @param {unknown} [data]
	 */
	async function rest(method, url, data) {
		if (cookie === '') await login();
		return await http.request({ method, url: `${baseUrl()}${url}`, data, headers: { cookie } });
	}

	/** A public-API key with every scope; `api()` uses it from then on. */
	async function mintApiKey() {
		const scopesResponse = await rest('GET', '/rest/api-keys/scopes');
		if (scopesResponse.status !== 200) {
			throw new Error(`GET /rest/api-keys/scopes: ${scopesResponse.status}`);
		}
		const scopes = scopesResponse.data.data;
		const created = await rest('POST', '/rest/api-keys', {
			label: `${ctx.name}-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		const key = created.data?.data?.rawApiKey;
		if (created.status !== 200 || typeof key !== 'string') {
			throw new Error(`POST /rest/api-keys: ${created.status} ${JSON.stringify(created.data)}`);
		}
		return useApiKey(key);
	}

	function api() {
		if (!apiClient) throw new Error('no public-API key yet: start() first');
		return apiClient;
	}

	/**
	 * Call a production webhook of a published workflow.
	 * @param {string} webhookPath
	 * @param {{ method?: string, data?: unknown, params?: Record<string, string>, timeoutMs?: number }} [opts]
	 */
	async function webhook(webhookPath, opts = {}) {
		return await http.request({
			method: opts.method ?? 'GET',
			url: `${baseUrl()}/webhook/${webhookPath.replace(/^\//, '')}`,
			data: opts.data,
			params: opts.params,
			timeout: opts.timeoutMs ?? 120000,
		});
	}

	/**
	 * Any HTTP request to the running instance, without authentication (form pages and
	 * submissions under /form/…, /healthz, static files).
	 * @param {string} method
	 * @param {string} urlPath e.g. /form/partner-onboarding
	 * @param {{ data?: unknown, params?: Record<string, string>, headers?: Record<string, string>, timeoutMs?: number }} [opts]
	 */
	async function request(method, urlPath, opts = {}) {
		return await http.request({
			method,
			url: `${baseUrl()}${urlPath}`,
			data: opts.data,
			params: opts.params,
			headers: opts.headers,
			timeout: opts.timeoutMs ?? 60000,
		});
	}

	/**
	 * All executions of a workflow via the public API (newest first), with their data by default.
	 * @param {{ workflowId?: string, includeData?: boolean, status?: string }} [filter]
	 * @returns {Promise<any[]>}
	 */
	async function executions(filter = {}) {
		const client = api();
		/** @type {any[]} */
		const all = [];
		let cursor;
		do {
			const response = await client.get('/executions', {
				params: {
					workflowId: filter.workflowId,
					includeData: filter.includeData ?? true,
					status: filter.status,
					limit: 100,
					cursor,
				},
			});
			if (response.status !== 200) {
				throw new Error(
					`GET /api/v1/executions: ${response.status} ${JSON.stringify(response.data)}`,
				);
			}
			all.push(...response.data.data);
			cursor = response.data.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * Wait until a workflow has at least `count` finished executions.
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {{ timeoutMs?: number, includeData?: boolean }} [opts]
	 */
	async function waitForExecutions(workflowId, count, opts = {}) {
		const deadline = Date.now() + (opts.timeoutMs ?? 120000);
		for (;;) {
			const found = (
				await executions({ workflowId, includeData: opts.includeData ?? false })
			).filter((execution) => execution.finished || execution.stoppedAt);
			if (found.length >= count) return found;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: ${found.length} of ${count} executions after the timeout`,
				);
			}
			await sleep(500);
		}
	}

	return {
		reset,
		login,
		rest,
		mintApiKey,
		useApiKey,
		/** The public-API key in use ('' before start()). */
		apiKey: () => apiKey,
		api,
		webhook,
		request,
		executions,
		waitForExecutions,
	};
}

module.exports = { createRestClient };
