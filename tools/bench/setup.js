// @ts-check
'use strict';
/**
 * The benchmark's world: one sandbox per rate-limit model (30 ms latency, 100 requests a second per
 * token), the vendor's ten services in each, one MSP partner per workflow (own token, accounts,
 * counts and rebuild counter, every account and service mapped), one n8n with every bench workflow
 * imported and published, each with its own credential.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { sandboxClient } = require('../lib/sandbox-client');
const { USAGE_ROWS_CODE } = require('./data');
const { SERVICES, LATENCY_MS, PER_SECOND, BURST, REBUILD_DEBOUNCE_MS } = require('./config');

/** @typedef {import('./config').Model} Model */
/**
 * @typedef {'package' | 'hand' | 'handFaster' | 'naive' | 'sequential' | 'memory' | 'memoryPerPair' | 'calibration'} Kind
 * @typedef {{ batchSize: number, batchInterval: number, retry: boolean }} Batching
 * @typedef {object} Spec one workflow of the run
 * @property {string} key unique, e.g. "bucket/hand"
 * @property {Model} model
 * @property {Kind} kind
 * @property {number} accounts
 * @property {Batching} [batching] hand-built workflows with HTTP Request batching
 * @typedef {Spec & { id: string, tag: string, path: string, partnerId: string, prefix: string,
 *   partnerKey: string, token: string, serviceIds: Record<string, string>, sandbox: import('../../sandbox').Sandbox,
 *   client: import('../lib/sandbox-client').SandboxClient }} Bench a workflow with its partner
 */

const FILES = /** @type {Record<Kind, string>} */ ({
	package: 'sync.json',
	memory: 'sync.json',
	memoryPerPair: 'sync.json',
	hand: 'http-batched.json',
	handFaster: 'http-batched.json',
	calibration: 'http-batched.json',
	naive: 'http-naive.json',
	sequential: 'http-sequential.json',
});
const PATHS = /** @type {Record<string, string>} */ ({
	'sync.json': 'bench-sync',
	'http-batched.json': 'bench-http-batched',
	'http-naive.json': 'bench-http-naive',
	'http-sequential.json': 'bench-http-sequential',
});
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {import('../lib/e2e').E2e} e2e
 * @param {Spec[]} specs
 * @param {(line: string) => void} log
 * @returns {Promise<Bench[]>}
 */
async function setUp(e2e, specs, log) {
	/** @type {Map<Model, { sandbox: import('../../sandbox').Sandbox, client: import('../lib/sandbox-client').SandboxClient, serviceIds: Record<string, string> }>} */
	const worlds = new Map();
	for (const model of new Set(specs.map((spec) => spec.model))) {
		const handle = await e2e.addSandbox(`bench-${model}`, {
			seed: 'empty',
			latency: { ms: LATENCY_MS, jitter: 0 },
			rateLimit: { perSecond: PER_SECOND, burst: BURST, model, scope: 'token' },
			rebuildDebounceMs: REBUILD_DEBOUNCE_MS,
			requestLogSize: 600_000,
		});
		/** @type {Record<string, string>} */
		const serviceIds = {};
		for (const name of SERVICES) {
			const response = await handle.client.vendor('POST', '/service', { name, description: 'Bench', category: 'other', subcategory: 'other' });
			serviceIds[name] = [...response.data.skus].reverse().find((/** @type {any} */ sku) => sku.name === name).id;
		}
		await handle.client.config({ historyLimit: 2 });
		worlds.set(model, { sandbox: handle.sandbox, client: handle.client, serviceIds });
	}

	/** @type {Bench[]} */
	const benches = [];
	for (const [index, spec] of specs.entries()) {
		const world = /** @type {NonNullable<ReturnType<typeof worlds.get>>} */ (worlds.get(spec.model));
		const created = await world.sandbox.addPartner({ name: `Bench MSP ${spec.key}` });
		const client = sandboxClient(world.sandbox.url, { token: created.token });
		const prefix = `b${index}-`;
		for (let start = 0; start < spec.accounts; start += 1000) {
			const batch = Array.from({ length: Math.min(1000, spec.accounts - start) }, (_, offset) => ({
				id: `${prefix}${start + offset}`,
				name: `Bench customer ${start + offset}`,
			}));
			const response = await client.vendor('POST', '/organization/accounts', batch);
			if (response.status !== 201) throw new Error(`create accounts: ${response.status} ${JSON.stringify(response.data)}`);
		}
		await client.map({ accounts: 'all', services: 'all', partner: created.partnerId });
		const tag = spec.key.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
		benches.push({
			...spec,
			id: `gsBench${String(index + 1).padStart(9, '0')}`,
			tag,
			path: `${PATHS[FILES[spec.kind]]}-${tag}`,
			partnerId: created.partnerId,
			partnerKey: created.partnerKey,
			token: created.token,
			prefix,
			serviceIds: world.serviceIds,
			sandbox: world.sandbox,
			client: world.client,
		});
	}
	log(`[bench] ${benches.length} workflows, each with its own partner, in ${worlds.size} sandbox(es)`);

	/** @type {Array<{ id: string, name: string, type: string, data: Record<string, string> }>} */
	const credentials = [];
	const workflows = benches.map((bench, index) => {
		const credentialId = `gsBenchCr${String(index + 1).padStart(7, '0')}`;
		const http = FILES[bench.kind] !== 'sync.json';
		credentials.push(
			http
				? { id: credentialId, name: `Bench token (${bench.key})`, type: 'httpHeaderAuth', data: { name: 'GRADIENT-TOKEN', value: bench.token } }
				: {
						id: credentialId,
						name: `Gradient (${bench.key})`,
						type: 'gradientSynthesizeApi',
						data: { vendorApiKey: bench.sandbox.vendorKey, partnerApiKey: bench.partnerKey, baseUrl: bench.sandbox.url },
					},
		);
		const workflow = e2e.workflow(path.join('tools', 'bench', 'workflows', FILES[bench.kind]), {
			credential: { id: credentialId, name: `Gradient (${bench.key})` },
			vars: { TAG: bench.tag, USAGE_ROWS: USAGE_ROWS_CODE, HEADER_CREDENTIAL: credentialId },
		});
		workflow.id = bench.id;
		workflow.name = `${workflow.name} [${bench.key}]`;
		for (const node of workflow.nodes) {
			// Unique webhook ids: the same file is imported once per model.
			if (node.webhookId) node.webhookId = `${node.webhookId.slice(0, 24)}${crypto.createHash('sha256').update(bench.key).digest('hex').slice(0, 12)}`;
			if (bench.batching && node.name === 'Push counts (no_build)') {
				node.parameters.options.batching.batch = { batchSize: bench.batching.batchSize, batchInterval: bench.batching.batchInterval };
				node.retryOnFail = bench.batching.retry;
			}
		}
		return workflow;
	});
	await e2e.importAll(workflows, credentials);
	await e2e.n8n.start();
	for (const bench of benches) {
		const response = await e2e.n8n.api.post(`/workflows/${bench.id}/activate`, {});
		if (response.status !== 200) throw new Error(`activate ${bench.key}: ${response.status} ${JSON.stringify(response.data).slice(0, 300)}`);
	}
	await webhooksRegistered(e2e, benches);
	return benches;
}

/**
 * Waits until every bench workflow's production webhook answers (publication is asynchronous):
 * an empty run, which pushes nothing.
 * @param {import('../lib/e2e').E2e} e2e
 * @param {Bench[]} benches
 */
async function webhooksRegistered(e2e, benches) {
	for (const bench of benches) {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const response = await e2e.n8n.webhook(bench.path, { method: 'POST', data: { accounts: { prefix: 'none-', count: 0 }, services: [] } });
			// A Sync Usage workflow given no rows never reaches its Respond node: any answer but 404 will do.
			if (response.status !== 404) break;
			if (Date.now() > deadline) throw new Error(`webhook ${bench.path} never registered`);
			await sleep(300);
		}
	}
}

module.exports = { setUp, webhooksRegistered };
