// @ts-check
'use strict';
/**
 * One real, headless, offline n8n (the pinned runtime) with its own user folder.
 *
 *   const n8n = createN8n({ runtime, userFolder });
 *   await n8n.importCredentials([...]);          // CLI, only while n8n is not running
 *   await n8n.importWorkflows([...]);
 *   const batch = await n8n.executeBatch(['wfA1', 'wfB1']);   // one boot, every snapshot checked
 *   const one = await n8n.execute('wfA1');        // IRun parsed from stdout
 *   await n8n.publish('wfT1');                    // before start()
 *   await n8n.start();                            // n8n start, waits for /healthz/readiness, mints an API key
 *   await n8n.api.get('/executions');             // public API (X-N8N-API-KEY)
 *   await n8n.stop();
 *
 * It refuses the traps of n8n's CLI: `execute --file` (exits 0 doing nothing), `execute-batch`
 * exiting 0 when a workflow fails (every snapshot is checked), retries that would run a
 * workflow twice (`--retries=0`), output that only exists at log level info, one task-broker
 * port per process, imports into a running instance.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios').default;
const { run, spawnManaged } = require('./procs');
const { freePort } = require('./ports');

/** Not a secret: only protects throw-away test and demo databases. */
const DEFAULT_ENCRYPTION_KEY = 'gradient-synthesize-e2e-not-secret-0123456789';

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Synthesize-e2e-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** The environment that keeps n8n 2.41 offline, quiet and headless (see real-n8n-recipe.md). */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// The MCP registry fetches api.n8n.io at start; community-packages must stay enabled (it loads .n8n/nodes).
	N8N_DISABLED_MODULES: 'mcp-registry',
	// `execute` prints its result through the logger: nothing below info.
	N8N_LOG_LEVEL: 'info',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_PROTOCOL: 'http',
	N8N_SECURE_COOKIE: 'false',
	N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
	NODE_ENV: 'production',
};

/** Inherited from the caller; everything else (jest's, npm's variables) is left out. */
const PASSED_THROUGH = ['HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL'];

/**
 * @typedef {{ email: string, password: string, firstName: string, lastName: string }} Owner
 */

/**
 * @typedef {object} ExecuteResult
 * @property {boolean} ok the execution finished without `resultData.error`
 * @property {number | null} code exit code of `n8n execute`
 * @property {any} run the IRun n8n printed (`status`, `data.resultData.runData`, …), or null when none was printed
 * @property {any} error `run.data.resultData.error` (null on success)
 * @property {number} ms wall time of the command (n8n boot included)
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} BatchEntry
 * @property {boolean} ok a snapshot was written and it holds no error
 * @property {string} status execute-batch's status: success, error, warning, or missing
 * @property {any} run the snapshot (IRun) when one was written
 * @property {string | null} error the error n8n reported, or why the entry is not ok
 */

/**
 * @typedef {object} BatchResult
 * @property {Record<string, BatchEntry>} results by workflow id, one per requested id
 * @property {number | null} code exit code of `n8n execute-batch` (0 even when a workflow failed)
 * @property {number} ms
 * @property {string} stdout
 */

/**
 * @typedef {object} N8nOptions
 * @property {import('./runtime').Runtime} runtime from ensureRuntime()
 * @property {string} userFolder N8N_USER_FOLDER (n8n keeps .n8n/ below it)
 * @property {Record<string, string>} [env] extra environment (overrides the defaults)
 * @property {string} [name] label in logs (default n8n)
 * @property {number} [port] editor port for start() (default: a free port)
 * @property {Partial<Owner>} [owner] owner login (created from the environment at start)
 * @property {string} [encryptionKey]
 * @property {(line: string) => void} [onOutput] every output chunk of every n8n command (e.g. to echo it)
 * @property {number} [commandTimeoutMs] default timeout of one CLI command (default 5 min)
 */

/**
 * Hash a password the way n8n stores it (bcryptjs from the runtime).
 * @param {import('./runtime').Runtime} runtime
 * @param {string} password
 * @returns {string}
 */
function bcryptHash(runtime, password) {
	const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/**
 * The JSON object that starts at the first line that is exactly `{` and ends at the next line
 * that is exactly `}` (how `n8n execute` prints an IRun after its log lines).
 * @param {string} stdout
 * @returns {any}
 */
function parsePrintedJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return null;
	const end = lines.indexOf('}', start);
	if (end === -1) return null;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return null;
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
	return error instanceof Error ? error.message : String(error);
}

/**
 * @param {N8nOptions} options
 */
function createN8n(options) {
	const { runtime } = options;
	const name = options.name ?? 'n8n';
	const userFolder = path.resolve(options.userFolder);
	const owner = { ...DEFAULT_OWNER, ...options.owner };
	const commandTimeoutMs = options.commandTimeoutMs ?? 5 * 60000;
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-io-`));
	let passwordHash = '';

	/** Captured output of every command, in order. */
	const chunks = /** @type {string[]} */ ([]);
	/** @param {string} text */
	const capture = (text) => {
		chunks.push(text);
		options.onOutput?.(text);
	};

	/** @type {import('./procs').Managed | null} */
	let server = null;
	let serverPort = 0;
	/** @type {import('axios').AxiosInstance | null} */
	let apiClient = null;
	let cookie = '';

	/**
	 * Environment of one n8n process; every process gets its own task-broker port.
	 * @param {Record<string, string>} [extra]
	 */
	async function envFor(extra = {}) {
		if (passwordHash === '') passwordHash = bcryptHash(runtime, owner.password);
		/** @type {NodeJS.ProcessEnv} */
		const env = {};
		for (const key of PASSED_THROUGH) {
			if (process.env[key] !== undefined) env[key] = process.env[key];
		}
		return {
			...env,
			PATH: `${runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			...OFFLINE_ENV,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
			...options.env,
			...extra,
		};
	}

	/**
	 * Run one n8n CLI command to completion.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, env?: Record<string, string> }} [opts]
	 */
	async function cli(args, opts = {}) {
		if (args.some((arg) => arg === '--file' || arg.startsWith('--file='))) {
			throw new Error(
				'n8n execute --file is gone in n8n 2.x (it exits 0 doing nothing): import, then --id',
			);
		}
		capture(`\n$ n8n ${args.join(' ')}\n`);
		const result = await run(runtime.node, [runtime.n8n, ...args], {
			name: `${name} ${args[0]}`,
			cwd: userFolder,
			env: await envFor(opts.env),
			timeoutMs: opts.timeoutMs ?? commandTimeoutMs,
			onStdout: capture,
			onStderr: capture,
		});
		capture(`[exit ${result.code}${result.timedOut ? ', timed out' : ''} after ${result.ms} ms]\n`);
		if (result.timedOut) {
			throw new Error(`n8n ${args[0]} timed out after ${result.ms} ms\n${tail(result)}`);
		}
		return result;
	}

	/** @param {{ stdout: string, stderr: string }} result */
	function tail(result) {
		return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
	}

	/** @param {string} what */
	function refuseWhileRunning(what) {
		if (server?.running()) {
			throw new Error(
				`${what} while n8n is running: the running instance would not notice (stop() first)`,
			);
		}
	}

	/**
	 * @param {string} what
	 * @param {string[]} args
	 */
	async function mustSucceed(what, args) {
		const result = await cli(args);
		if (result.code !== 0) {
			throw new Error(`${what} failed (exit ${result.code})\n${tail(result)}`);
		}
		return result;
	}

	/**
	 * Import credentials (plain `data` objects are encrypted on import).
	 * @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} credentials
	 */
	async function importCredentials(credentials) {
		refuseWhileRunning('import:credentials');
		const file = path.join(scratch, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		try {
			await mustSucceed('import:credentials', ['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Import workflows (objects, or paths of JSON files) in one boot. Ids in the JSON are kept.
	 * @param {Array<object | string>} workflows
	 */
	async function importWorkflows(workflows) {
		refuseWhileRunning('import:workflow');
		if (workflows.length === 0) return;
		const dir = fs.mkdtempSync(path.join(scratch, 'workflows-'));
		workflows.forEach((workflow, index) => {
			const data =
				typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}.json`),
				JSON.stringify(data),
			);
		});
		try {
			await mustSucceed('import:workflow', ['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Run one workflow (it must start with a Manual Trigger) with `n8n execute --id`.
	 * @param {string} id
	 * @param {{ timeoutMs?: number }} [opts]
	 * @returns {Promise<ExecuteResult>}
	 */
	async function execute(id, opts = {}) {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput'], opts);
		const printed = parsePrintedJson(result.stdout);
		if (printed === null) {
			throw new Error(
				`n8n execute --id=${id} printed no execution (exit ${result.code})\n${tail(result)}`,
			);
		}
		const error = printed.data?.resultData?.error ?? null;
		return {
			ok: result.code === 0 && error === null && printed.status !== 'error',
			code: result.code,
			run: printed,
			error,
			ms: result.ms,
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/**
	 * Run several workflows in one boot with `n8n execute-batch` (no retries — a retry would run a
	 * failed workflow's requests twice —, one at a time unless `concurrency`, in the order n8n reads
	 * them). Every requested id gets an entry; it is ok only when its snapshot was written and holds
	 * no error. By default a failure of any of them throws with every reason.
	 * @param {string[]} ids
	 * @param {{ timeoutMs?: number, allowFailures?: boolean, concurrency?: number }} [opts]
	 * @returns {Promise<BatchResult>}
	 */
	async function executeBatch(ids, opts = {}) {
		if (ids.length === 0) throw new Error('executeBatch: no workflow ids');
		const bad = ids.filter((id) => !/\d/.test(id) || id.includes(','));
		if (bad.length > 0) {
			// execute-batch silently drops ids without a digit.
			throw new Error(`executeBatch: ids need a digit and no comma: ${bad.join(', ')}`);
		}
		const dir = fs.mkdtempSync(path.join(scratch, 'batch-'));
		const snapshots = path.join(dir, 'snapshots');
		fs.mkdirSync(snapshots);
		const summaryFile = path.join(dir, 'summary.json');
		try {
			const result = await cli(
				[
					'execute-batch',
					`--ids=${ids.join(',')}`,
					`--snapshot=${snapshots}`,
					`--output=${summaryFile}`,
					'--retries=0',
					`--concurrency=${opts.concurrency ?? 1}`,
				],
				{ timeoutMs: opts.timeoutMs },
			);
			/** @type {any} */
			let summary = null;
			try {
				summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
			} catch {
				// no summary: every entry reports it below
			}
			/** @type {Record<string, BatchEntry>} */
			const results = {};
			for (const id of ids) {
				const reported = (summary?.executions ?? []).find(
					(/** @type {any} */ execution) => execution.workflowId === id,
				);
				const file = path.join(snapshots, `${id}-snapshot.json`);
				if (!fs.existsSync(file)) {
					results[id] = {
						ok: false,
						status: reported?.executionStatus ?? 'missing',
						run: null,
						error:
							reported?.error ??
							(summary === null
								? `execute-batch wrote no summary (exit ${result.code})`
								: 'not executed (unknown id, or no Manual Trigger?)'),
					};
					continue;
				}
				const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
				const error = snapshot.data?.resultData?.error;
				results[id] = {
					ok: !error && snapshot.status !== 'error',
					status: reported?.executionStatus ?? 'success',
					run: snapshot,
					error: error ? (error.description ?? error.message ?? 'error') : null,
				};
			}
			const failed = Object.entries(results).filter(([, entry]) => !entry.ok);
			if (failed.length > 0 && !opts.allowFailures) {
				throw new Error(
					`execute-batch: ${failed.length} of ${ids.length} workflows failed:\n${failed
						.map(([id, entry]) => `  ${id} [${entry.status}]: ${entry.error}`)
						.join('\n')}\n${tail(result)}`,
				);
			}
			return { results, code: result.code, ms: result.ms, stdout: result.stdout };
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Publish (activate) a workflow. CLI: only before start().
	 * @param {string} id
	 */
	async function publish(id) {
		refuseWhileRunning('publish:workflow');
		await mustSucceed('publish:workflow', ['publish:workflow', `--id=${id}`]);
	}

	/** @param {string} id */
	async function unpublish(id) {
		refuseWhileRunning('unpublish:workflow');
		await mustSucceed('unpublish:workflow', ['unpublish:workflow', `--id=${id}`]);
	}

	function baseUrl() {
		if (!server?.running()) throw new Error('n8n is not running (start() first)');
		return `http://127.0.0.1:${serverPort}`;
	}

	const http = axios.create({ validateStatus: () => true, timeout: 30000, maxRedirects: 0 });

	/**
	 * `n8n start`; resolves once /healthz/readiness answers ok. Then logs in as the owner and
	 * mints a public-API key (unless `apiKey: false`). `env`: extra environment for this start
	 * only (e.g. the durable-scheduler flags), on top of the instance's.
	 * @param {{ timeoutMs?: number, apiKey?: boolean, env?: Record<string, string> }} [opts]
	 */
	async function start(opts = {}) {
		if (server?.running()) throw new Error('n8n is already running');
		serverPort = serverPort || options.port || (await freePort());
		const started = Date.now();
		capture(`\n$ n8n start (port ${serverPort})\n`);
		const proc = spawnManaged(runtime.node, [runtime.n8n, 'start'], {
			name: `${name} start`,
			cwd: userFolder,
			env: await envFor({ ...opts.env, N8N_PORT: String(serverPort) }),
			onStdout: capture,
			onStderr: capture,
		});
		server = proc;
		const timeoutMs = opts.timeoutMs ?? 120000;
		for (;;) {
			if (!proc.running()) {
				const { code } = await proc.exited;
				throw new Error(`n8n start exited (code ${code}) before it was ready\n${logTail(40)}`);
			}
			try {
				const response = await http.get(`http://127.0.0.1:${serverPort}/healthz/readiness`, {
					timeout: 2000,
				});
				if (response.status === 200 && response.data?.status === 'ok') break;
			} catch {
				// not listening yet
			}
			if (Date.now() - started > timeoutMs) {
				await proc.stop(5000);
				throw new Error(`n8n start not ready after ${timeoutMs} ms\n${logTail(40)}`);
			}
			await sleep(250);
		}
		capture(`[ready after ${Date.now() - started} ms]\n`);
		cookie = '';
		apiClient = null;
		if (opts.apiKey !== false) await mintApiKey();
		return { url: baseUrl(), ms: Date.now() - started };
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

	async function mintApiKey() {
		const scopesResponse = await rest('GET', '/rest/api-keys/scopes');
		if (scopesResponse.status !== 200) {
			throw new Error(`GET /rest/api-keys/scopes: ${scopesResponse.status}`);
		}
		const scopes = scopesResponse.data.data;
		const created = await rest('POST', '/rest/api-keys', {
			label: `${name}-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		const key = created.data?.data?.rawApiKey;
		if (created.status !== 200 || typeof key !== 'string') {
			throw new Error(`POST /rest/api-keys: ${created.status} ${JSON.stringify(created.data)}`);
		}
		apiClient = axios.create({
			baseURL: `${baseUrl()}/api/v1`,
			headers: { 'X-N8N-API-KEY': key },
			validateStatus: () => true,
			timeout: 30000,
		});
		return apiClient;
	}

	/**
	 * Stop `n8n start` (SIGTERM to its process group, SIGKILL after graceMs).
	 * @param {number} [graceMs]
	 */
	async function stop(graceMs = 20000) {
		if (!server) return;
		const proc = server;
		server = null;
		apiClient = null;
		cookie = '';
		const stopping = Date.now();
		const { code, signal } = await proc.stop(graceMs);
		capture(
			`[n8n start stopped after ${Date.now() - stopping} ms: code ${code}, signal ${signal}]\n`,
		);
	}

	/** @param {{ timeoutMs?: number, apiKey?: boolean, env?: Record<string, string> }} [opts] */
	async function restart(opts) {
		await stop();
		return await start(opts);
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

	function api() {
		if (!apiClient) throw new Error('no public-API key yet: start() first');
		return apiClient;
	}

	/** @param {number} lines */
	function logTail(lines) {
		return chunks.join('').trim().split('\n').slice(-lines).join('\n');
	}

	/** Stop n8n if it runs and remove the scratch directory (the user folder stays). */
	async function close() {
		await stop();
		fs.rmSync(scratch, { recursive: true, force: true });
	}

	return {
		name,
		userFolder,
		owner,
		cli,
		importCredentials,
		importWorkflows,
		execute,
		executeBatch,
		publish,
		unpublish,
		start,
		stop,
		restart,
		login,
		rest,
		webhook,
		request,
		executions,
		waitForExecutions,
		get api() {
			return api();
		},
		get url() {
			return baseUrl();
		},
		get port() {
			return serverPort;
		},
		running: () => Boolean(server?.running()),
		/** Process group of `n8n start` (its reaper is the leader; n8n and its task runner are in it). */
		get processGroup() {
			return server?.pid;
		},
		/** Everything every n8n command of this instance printed, in order. */
		log: {
			text: () => chunks.join(''),
			tail: logTail,
			/** A position; `since(mark)` returns what was printed after it. */
			mark: () => chunks.length,
			/** @param {number} mark */
			since: (mark) => chunks.slice(mark).join(''),
		},
		close,
	};
}

/** @typedef {ReturnType<typeof createN8n>} N8n */

module.exports = {
	createN8n,
	parsePrintedJson,
	messageOf,
	DEFAULT_OWNER,
	DEFAULT_ENCRYPTION_KEY,
	OFFLINE_ENV,
};
