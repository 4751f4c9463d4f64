// @ts-check
'use strict';
/** Helpers shared by the e2e tests: set-up through the sandbox, and reading what it received. */

/**
 * What a sandbox received, in order, reduced to what the contract specifies.
 * @param {import('../../tools/lib/e2e').SandboxHandle} handle
 * @param {{ route?: string, since?: number }} [filter] route: a routeId, e.g. setUnitCount; since: a sequence number (from seed())
 * @returns {Promise<Array<{ method: string, path: string, route: string | null, status: number, body: any, partnerId: string | null }>>}
 */
async function received(handle, filter = {}) {
	const requests = await handle.client.requests(filter);
	return requests.map((request) => ({
		method: request.method,
		path: request.path,
		route: request.routeId,
		status: request.status,
		body: request.body,
		partnerId: request.partnerId,
	}));
}

/**
 * Set up vendor services and accounts through the vendor API (not through n8n), and map them
 * as the MSP would.
 * @param {import('../../tools/lib/e2e').SandboxHandle} handle
 * @param {{ services?: Array<{ name: string, description?: string, category?: string, subcategory?: string }>, accounts?: Array<{ id: string, name: string }>, mapAccounts?: string[], mapServices?: boolean }} setup
 * @returns {Promise<{ serviceIds: string[], since: number }>} since: the last request of the set-up
 */
async function seed(handle, setup) {
	const serviceIds = [];
	for (const service of setup.services ?? []) {
		const response = await handle.client.vendor('POST', '/service', {
			description: 'Set up by the e2e test',
			category: 'other',
			subcategory: 'other',
			...service,
		});
		if (response.status !== 201)
			throw new Error(`create service: ${response.status} ${JSON.stringify(response.data)}`);
		const sku = [...response.data.skus]
			.reverse()
			.find((/** @type {any} */ s) => s.name === service.name);
		serviceIds.push(sku.id);
	}
	if (setup.accounts?.length) {
		const response = await handle.client.vendor('POST', '/organization/accounts', setup.accounts);
		if (response.status !== 201)
			throw new Error(`create accounts: ${response.status} ${JSON.stringify(response.data)}`);
	}
	if (setup.mapAccounts?.length || (setup.mapServices && serviceIds.length)) {
		await handle.client.map({
			accounts: setup.mapAccounts ?? [],
			services: setup.mapServices ? serviceIds : [],
		});
	}
	// The set-up requests are not what the test is about: read from here on.
	return { serviceIds, since: await handle.client.lastSeq() };
}

/**
 * The default partner of a sandbox state.
 * @param {any} state
 */
function defaultPartner(state) {
	return state.partners.find((/** @type {any} */ partner) => partner.id === state.defaultPartnerId);
}

module.exports = { received, seed, defaultPartner };
