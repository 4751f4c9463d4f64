#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * What a queued execution costs n8n on this machine, apart from the work of its nodes: the
 * unchanged re-sync is one lane execution per partner, so this is its floor. Chains of webhook
 * executions in queue mode (each execution calls the next one, as the partners lanes do), 12 at
 * once: Webhook → If → HTTP Request alone, then with Edit Fields nodes (one expression each), Code
 * nodes or HTTP Request nodes (a GET of main's health check) added. CPU of the workers (their
 * process trees: the task runners too), of main and of PostgreSQL, per execution.
 *
 *   node tools/scale/execution-cost.js             # 12 chains × 9 executions per shape
 *   node tools/scale/execution-cost.js --chains 12 --length 20
 *   node tools/scale/execution-cost.js --items 10  # the added nodes get 10 items each run
 *
 * With --items K a Code node after the If makes K items, so every added node runs once for K of
 * them (one expression, one Code pass over all, one request per item): what a node run costs
 * whatever its items, against what each item adds, for a lane that would put K partners through
 * each node run.
 *
 * Run it alone on the machine: every other process's CPU blurs the figures.
 */
const { startQueueMode } = require('../lib/queue-mode');
const { treeCpuSeconds, sleep } = require('./measure');

/** @param {string} message */
const log = (message) => process.stderr.write(`${message}\n`);

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = { chains: 12, length: 9, items: 1 };
	for (let i = 0; i < argv.length; i += 2) {
		const key = argv[i].replace(/^--/, '');
		if (!(key in options)) throw new Error(`unknown option ${argv[i]} (--chains, --length, --items)`);
		/** @type {any} */ (options)[key] = Number(argv[i + 1]);
	}
	return options;
}

/**
 * One shape of chain: `extra` nodes of `kind` between the If and the HTTP Request that calls the
 * next execution with n - 1 (the If stops the chain at 0).
 * With `items` above 1, a Code node after the If makes that many items for the added nodes.
 * @param {{ id: string, url: string, kind: 'none' | 'set' | 'code' | 'http', extra: number, items: number }} shape
 */
function chainWorkflow({ id, url, kind, extra, items }) {
	const hook = `cost-${id}`;
	/** @type {any[]} */
	const nodes = [
		{ id: `${id}-hook`, name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `c0570000-0000-4000-8000-${id.padStart(12, '0')}`, parameters: { httpMethod: 'POST', path: hook, responseMode: 'onReceived', options: {} } },
		{ id: `${id}-more`, name: 'More?', type: 'n8n-nodes-base.if', typeVersion: 2, position: [200, 0], parameters: { conditions: { options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 }, conditions: [{ id: `${id}-c`, leftValue: '={{ $json.body.n > 0 }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }], combinator: 'and' }, options: {} } },
	];
	if (items > 1) nodes.push({ id: `${id}-items`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [300, 200], parameters: { jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { i } }));` } });
	for (let i = 0; i < extra; i++) {
		const position = [400 + i * 200, 0];
		nodes.push(
			kind === 'code'
				? { id: `${id}-x${i}`, name: `Step ${i}`, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode: `const n = $('Hook').first().json.body.n;\nreturn $input.all().map((item) => ({ json: { ...item.json, v${i}: n } }));` } }
				: kind === 'http'
				? { id: `${id}-x${i}`, name: `Step ${i}`, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position, parameters: { method: 'GET', url: `${url}/healthz`, options: {} } }
				: { id: `${id}-x${i}`, name: `Step ${i}`, type: 'n8n-nodes-base.set', typeVersion: 3.4, position, parameters: { assignments: { assignments: [{ id: `${id}-a${i}`, name: `v${i}`, value: `={{ $('Hook').first().json.body.n + ${i} }}`, type: 'number' }] }, includeOtherFields: true, options: {} } },
		);
	}
	// Once, whatever the items: one next execution per chain.
	nodes.push({ id: `${id}-next`, name: 'Next', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [400 + extra * 200, 0], executeOnce: true, parameters: { method: 'POST', url: `${url}/webhook/${hook}`, sendBody: true, specifyBody: 'json', jsonBody: "={{ JSON.stringify({ n: $('Hook').first().json.body.n - 1 }) }}", options: {} } });
	/** @type {Record<string, any>} */
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { workflow: { id: `costChain${id.padStart(6, '0')}`, name: `execution cost ${id}`, nodes, connections, settings: { executionOrder: 'v1' } }, hook };
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const qm = await startQueueMode({ name: 'execution-cost', workers: 2, concurrency: 10, log });
	try {
		// Process trees: a worker's task runner, PostgreSQL's backends are children.
		const parts = () => ({
			workers: qm.workers.reduce((sum, worker) => sum + treeCpuSeconds(worker.processGroup, true), 0),
			main: treeCpuSeconds(qm.main.processGroup, true),
			postgres: treeCpuSeconds(qm.postgres.pid, true),
		});
		const executions = options.chains * options.length;
		/** @type {{ kind: 'none' | 'set' | 'code' | 'http', extra: number }[]} */
		const shapes = [{ kind: 'none', extra: 0 }, { kind: 'set', extra: 20 }, { kind: 'code', extra: 10 }, { kind: 'http', extra: 10 }];
		const names = { none: '', set: 'Edit Fields', code: 'Code', http: 'HTTP Request (GET main /healthz)' };
		/** @type {{ shape: string, nodes: number, cpuMsPerExecution: number, mainMs: number, postgresMs: number, wallMs: number }[]} */
		const results = [];
		for (const [index, shape] of shapes.entries()) {
			const { workflow, hook } = chainWorkflow({ id: String(index + 1), url: qm.url, items: options.items, ...shape });
			await qm.importWorkflows([workflow]);
			await qm.activate(workflow.id);
			// Counted in PostgreSQL, not with qm.waitForExecutions: that lists executions through
			// main's API every 500 ms, CPU that would land in main's measured figure.
			const done = async () => (await qm.postgres.rows(`SELECT count(*)::int AS n FROM execution_entity WHERE "workflowId" = '${workflow.id}' AND status IN ('success', 'error')`))[0].n;
			const before = parts();
			const started = Date.now();
			for (let chain = 0; chain < options.chains; chain++) await qm.webhook(hook, { method: 'POST', data: { n: options.length - 1 } });
			while ((await done()) < executions) await sleep(200);
			const after = parts();
			const perExecution = (/** @type {'workers' | 'main' | 'postgres'} */ part) => Math.round(((after[part] - before[part]) * 1000) / executions);
			const result = {
				shape: shape.extra ? `+${shape.extra} ${names[shape.kind]}` : 'Webhook → If → HTTP Request',
				nodes: workflow.nodes.length,
				cpuMsPerExecution: perExecution('workers'),
				mainMs: perExecution('main'),
				postgresMs: perExecution('postgres'),
				wallMs: Date.now() - started,
			};
			results.push(result);
			log(`execution cost: ${result.shape} (${result.nodes} nodes): ${result.cpuMsPerExecution} ms of worker CPU per execution, main ${result.mainMs} ms, PostgreSQL ${result.postgresMs} ms (${executions} executions in ${result.wallMs} ms)`);
			await qm.deactivate(workflow.id);
		}
		const [base, ...more] = results;
		for (const [i, result] of more.entries()) {
			const perNodeRun = (result.cpuMsPerExecution - base.cpuMsPerExecution) / shapes[i + 1].extra;
			const perItem = options.items > 1 ? ` (${(perNodeRun / options.items).toFixed(2)} ms per item, ${options.items} items)` : '';
			log(`execution cost: each ${result.shape.replace(/^\+\d+ /, '')} node run ${perNodeRun.toFixed(1)} ms${perItem}`);
		}
		process.stdout.write(`${JSON.stringify({ chains: options.chains, length: options.length, items: options.items, results }, null, 2)}\n`);
	} finally {
		await qm.close();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		log(`execution cost: ${error instanceof Error ? error.stack : error}`);
		process.exit(2);
	},
);
