// @ts-check
'use strict';
/**
 * Credentials and workflows into a running queue-mode stack, through main, and publishing that
 * waits until it has really happened.
 *
 * Why not the CLI imports of the single-instance harness: they would work against the shared
 * PostgreSQL database, but each is one more n8n boot (4–6 s here), and they bypass main. Through
 * main, credentials are created with the public API (encrypted by main with the key every process
 * shares) and get new ids; workflows are created with the internal REST API, which keeps their ids
 * (the public API would assign new ones), their credential references re-pointed at the new ids.
 *
 * Publishing is asynchronous in n8n 2.41 (an outbox that main processes): the activate call
 * answers before the triggers are registered (a webhook called right after answers 404), and a
 * trigger that fails is not reported to the caller. activate() waits until main has processed the
 * publication (workflow_publication_outbox), throws when it or a trigger failed
 * (workflow_publication_trigger_status), then waits until every webhook of the workflow is
 * registered (a CORS preflight, which runs nothing).
 */
const fs = require('node:fs');
const { sleep } = require('../n8n/output');

/** Node types whose production webhook activate() waits for. */
const WEBHOOK_TYPES = ['n8n-nodes-base.webhook', 'n8n-nodes-base.formTrigger'];

/** Outbox states after which main is done with a publication. */
const FINISHED = ['completed', 'partial_success', 'failed'];

/** @param {string} value */
const literal = (value) => `'${value.replace(/'/g, "''")}'`;

/**
 * @param {{ main: import('../n8n').N8n, postgres?: { rows: (sql: string) => Promise<any[]> }, rows?: (sql: string) => Promise<any[]> }} ctx
 *   rows: how to read n8n's database (default: postgres.rows); the single-instance harness reads
 *   its SQLite file (tools/lib/e2e.js)
 */
function createImporter(ctx) {
	const { main } = ctx;
	const rows = ctx.rows ?? ctx.postgres?.rows;
	if (!rows) throw new Error('createImporter: rows (or postgres) is required');
	const postgres = { rows };
	/** Credential id in the imported JSON → id n8n gave it. */
	const credentialIds = /** @type {Record<string, string>} */ ({});
	/** @type {Map<string, any>} workflow id → what was imported */
	const imported = new Map();

	/**
	 * Create credentials with the public API. Returns (and remembers, for importWorkflows) the id
	 * each one got, by the id it had in the list.
	 * @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} credentials
	 */
	async function importCredentials(credentials) {
		for (const credential of credentials) {
			const response = await main.api.post('/credentials', {
				name: credential.name,
				type: credential.type,
				data: credential.data,
			});
			if (response.status !== 200) {
				throw new Error(
					`POST /api/v1/credentials (${credential.name}): ${response.status} ${JSON.stringify(response.data)}`,
				);
			}
			credentialIds[credential.id] = response.data.id;
		}
		return { ...credentialIds };
	}

	/**
	 * Create workflows (objects, or paths of JSON files) with the internal REST API, ids kept,
	 * credential references pointed at what importCredentials() created. Inactive; see activate().
	 * @param {Array<any>} workflows
	 * @returns {Promise<string[]>} their ids
	 */
	async function importWorkflows(workflows) {
		const ids = [];
		for (const source of workflows) {
			const workflow = structuredClone(
				typeof source === 'string' ? JSON.parse(fs.readFileSync(source, 'utf8')) : source,
			);
			for (const node of workflow.nodes) {
				for (const reference of Object.values(node.credentials ?? {})) {
					const ref = /** @type {{ id?: string }} */ (reference);
					if (ref.id && credentialIds[ref.id]) ref.id = credentialIds[ref.id];
				}
			}
			const { id, name, nodes, connections, settings, pinData, meta } = workflow;
			const response = await main.rest('POST', '/rest/workflows', {
				id,
				name,
				nodes,
				connections,
				settings,
				pinData,
				meta,
			});
			const created = response.data?.data;
			if (response.status !== 200 || !created?.id || (id && created.id !== id)) {
				throw new Error(
					`POST /rest/workflows (${name}): ${response.status} ${JSON.stringify(response.data)}`,
				);
			}
			imported.set(created.id, workflow);
			ids.push(created.id);
		}
		return ids;
	}

	/**
	 * The publication status of a workflow's triggers, one row per trigger node.
	 * @param {string} workflowId
	 * @returns {Promise<Array<{ nodeId: string, status: string, errorMessage: string | null, triggerKind: string }>>}
	 */
	async function triggerStatus(workflowId) {
		return await postgres.rows(
			`SELECT "nodeId", status, "errorMessage", "triggerKind" FROM workflow_publication_trigger_status WHERE "workflowId" = ${literal(workflowId)}`,
		);
	}

	/**
	 * The workflow's newest publication in the outbox main processes (status pending, in_progress,
	 * completed, partial_success or failed), or null.
	 * @param {string} workflowId
	 * @returns {Promise<{ id: number, status: string, errorMessage: string | null } | null>}
	 */
	async function publication(workflowId) {
		const [row] = await postgres.rows(
			`SELECT id, status, "errorMessage" FROM workflow_publication_outbox WHERE "workflowId" = ${literal(workflowId)} ORDER BY id DESC LIMIT 1`,
		);
		return row ?? null;
	}

	/**
	 * Activate or deactivate through the public API, then wait until main has processed the
	 * publication (failed or partial_success throws, with the failed triggers' messages) and every
	 * webhook node's production path is registered (activate) or gone (deactivate).
	 * @param {'activate' | 'deactivate'} action
	 * @param {string} workflowId
	 * @param {{ timeoutMs?: number }} opts
	 */
	async function publish(action, workflowId, opts) {
		const started = Date.now();
		const deadline = started + (opts.timeoutMs ?? 30000);
		const previous = (await publication(workflowId))?.id ?? 0;
		const response = await main.api.post(`/workflows/${workflowId}/${action}`, {});
		if (response.status !== 200) {
			throw new Error(
				`${action} ${workflowId}: ${response.status} ${JSON.stringify(response.data)}`,
			);
		}
		const nodes = /** @type {any[]} */ (
			imported.get(workflowId)?.nodes ?? response.data.nodes ?? []
		);
		for (;;) {
			const latest = await publication(workflowId);
			if (latest && latest.id > previous && FINISHED.includes(latest.status)) {
				const failed = (await triggerStatus(workflowId)).filter((row) => row.status === 'failed');
				if (latest.status === 'completed' && (action === 'deactivate' || failed.length === 0))
					break;
				const nameOf = (/** @type {string} */ id) =>
					nodes.find((node) => node.id === id)?.name ?? id;
				throw new Error(
					`${action} ${workflowId}: publication ${latest.status}${latest.errorMessage ? ` (${latest.errorMessage})` : ''}${failed.map((row) => `; ${nameOf(row.nodeId)}: ${row.errorMessage}`).join('')}`,
				);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`${action} ${workflowId}: publication still ${latest && latest.id > previous ? latest.status : 'not queued'} after ${Date.now() - started} ms`,
				);
			}
			await sleep(100);
		}
		for (const node of nodes.filter(
			(each) => WEBHOOK_TYPES.includes(each.type) && !each.disabled,
		)) {
			const form = node.type === 'n8n-nodes-base.formTrigger';
			const method = form ? 'GET' : (node.parameters?.httpMethod ?? 'GET');
			const webhookPath = String(
				(form ? node.parameters?.options?.path : node.parameters?.path) ?? node.webhookId,
			).replace(/^\//, '');
			for (;;) {
				// A form's page (GET /form/<path>) runs nothing: 200 while registered. For a webhook,
				// a CORS preflight looks it up without running anything: 204 while registered
				// (otherwise n8n answers 500: the lookup's not-found error is not handled there).
				const preflight = form
					? await main.request('GET', `/form/${webhookPath}`)
					: await main.request('OPTIONS', `/webhook/${webhookPath}`, {
							headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
						});
				if ((preflight.status === (form ? 200 : 204)) === (action === 'activate')) break;
				if (Date.now() > deadline) {
					throw new Error(
						`${action} ${workflowId}: webhook ${method} ${webhookPath} still answers ${preflight.status}`,
					);
				}
				await sleep(100);
			}
		}
		return { ms: Date.now() - started };
	}

	return {
		importCredentials,
		importWorkflows,
		/**
		 * Publish a workflow and wait until it is live (see publish()).
		 * @param {string} workflowId
		 * @param {{ timeoutMs?: number }} [opts]
		 */
		activate: (workflowId, opts = {}) => publish('activate', workflowId, opts),
		/**
		 * Unpublish a workflow and wait until its webhooks are gone.
		 * @param {string} workflowId
		 * @param {{ timeoutMs?: number }} [opts]
		 */
		deactivate: (workflowId, opts = {}) => publish('deactivate', workflowId, opts),
		triggerStatus,
		publication,
	};
}

module.exports = { createImporter };
