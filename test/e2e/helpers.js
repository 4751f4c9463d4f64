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

/**
 * The UTC second of the minute `ms` from now (every time zone agrees on seconds).
 * @param {number} ms
 */
function secondIn(ms) {
	return new Date(Date.now() + ms).getUTCSeconds();
}

/**
 * Make every poll trigger of a workflow (any node with Poll Times) poll once a minute at
 * `second`: one 6-field cron with a fixed second, the most often n8n allows (it refuses any other
 * seconds field). A test that needs a scheduled poll chooses the second so that the poll comes
 * a few seconds after the moment it needs it, instead of up to a minute later.
 * @param {any} workflow
 * @param {number} second 0..59
 */
function pollEveryMinuteAt(workflow, second) {
	for (const node of workflow.nodes) {
		if (node.parameters?.pollTimes) {
			node.parameters.pollTimes = {
				item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }],
			};
		}
	}
	return workflow;
}

/**
 * Move the scheduled polls of a published workflow to `second` (pollEveryMinuteAt) in a running
 * n8n: update it through the public API, then unpublish and publish it again (waiting for each),
 * which runs one activation poll per trigger.
 * @param {import('../../tools/lib/e2e').E2e} e2e
 * @param {string} workflowId
 * @param {number} second
 */
async function reschedulePolls(e2e, workflowId, second) {
	const current = await e2e.n8n.api.get(`/workflows/${workflowId}`);
	if (current.status !== 200) throw new Error(`GET workflow ${workflowId}: ${current.status}`);
	const { name, nodes, connections, settings } = pollEveryMinuteAt(current.data, second);
	const updated = await e2e.n8n.api.put(`/workflows/${workflowId}`, {
		name,
		nodes,
		connections,
		settings,
	});
	if (updated.status !== 200)
		throw new Error(
			`PUT workflow ${workflowId}: ${updated.status} ${JSON.stringify(updated.data)}`,
		);
	await e2e.deactivate(workflowId);
	await e2e.activate(workflowId);
}

module.exports = { received, seed, defaultPartner, secondIn, pollEveryMinuteAt, reschedulePolls };
