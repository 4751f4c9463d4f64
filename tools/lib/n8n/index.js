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
 * The parts: env.js (offline environment, owner, encryption key, a task-broker port per
 * process), cli.js (one-boot commands and their traps), server.js (`n8n start`, readiness,
 * stop), rest.js (internal REST as the owner, public API, webhooks, executions), output.js (what
 * every command printed).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createEnvBuilder, DEFAULT_OWNER, DEFAULT_ENCRYPTION_KEY, OFFLINE_ENV } = require('./env');
const { createOutput, messageOf } = require('./output');
const { createCli, parsePrintedJson } = require('./cli');
const { createServer } = require('./server');
const { createRestClient } = require('./rest');

/** @typedef {import('./env').Owner} Owner */
/** @typedef {import('./cli').ExecuteResult} ExecuteResult */
/** @typedef {import('./cli').BatchEntry} BatchEntry */
/** @typedef {import('./cli').BatchResult} BatchResult */

/**
 * @typedef {object} N8nOptions
 * @property {import('../runtime').Runtime} runtime from ensureRuntime()
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
 * @param {N8nOptions} options
 */
function createN8n(options) {
	const { runtime } = options;
	const name = options.name ?? 'n8n';
	const userFolder = path.resolve(options.userFolder);
	const owner = { ...DEFAULT_OWNER, ...options.owner };
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-io-`));

	const output = createOutput(options.onOutput);
	const envFor = createEnvBuilder({
		runtime,
		userFolder,
		owner,
		encryptionKey: options.encryptionKey,
		env: options.env,
	});
	const server = createServer({ runtime, name, userFolder, port: options.port, envFor, output });
	const client = createRestClient({ name, owner, baseUrl: server.baseUrl });
	const commands = createCli({
		runtime,
		name,
		userFolder,
		scratch,
		envFor,
		output,
		commandTimeoutMs: options.commandTimeoutMs ?? 5 * 60000,
		serverRunning: server.running,
	});

	/**
	 * `n8n start`; resolves once /healthz/readiness answers ok. Then logs in as the owner and
	 * mints a public-API key (unless `apiKey: false`). `env`: extra environment for this start
	 * only (e.g. the durable-scheduler flags), on top of the instance's.
	 * @param {{ timeoutMs?: number, apiKey?: boolean, env?: Record<string, string> }} [opts]
	 */
	async function start(opts = {}) {
		const { url, started } = await server.start(opts);
		client.reset();
		if (opts.apiKey !== false) await client.mintApiKey();
		return { url, ms: Date.now() - started };
	}

	/**
	 * Stop `n8n start` (SIGTERM to its process group, SIGKILL after graceMs).
	 * @param {number} [graceMs]
	 */
	async function stop(graceMs) {
		client.reset();
		await server.stop(graceMs);
	}

	/** @param {{ timeoutMs?: number, apiKey?: boolean, env?: Record<string, string> }} [opts] */
	async function restart(opts) {
		await stop();
		return await start(opts);
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
		...commands,
		start,
		stop,
		restart,
		login: client.login,
		rest: client.rest,
		webhook: client.webhook,
		request: client.request,
		executions: client.executions,
		waitForExecutions: client.waitForExecutions,
		get api() {
			return client.api();
		},
		/** The public-API key minted at start() ('' while stopped). */
		get apiKey() {
			return client.apiKey();
		},
		get url() {
			return server.baseUrl();
		},
		get port() {
			return server.port();
		},
		running: server.running,
		/** Process group of `n8n start` (its reaper is the leader; n8n and its task runner are in it). */
		get processGroup() {
			return server.processGroup();
		},
		/** Everything every n8n command of this instance printed, in order. */
		log: {
			text: output.text,
			tail: output.tail,
			/** A position; `since(mark)` returns what was printed after it. */
			mark: output.mark,
			/** @param {number} mark */
			since: output.since,
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
