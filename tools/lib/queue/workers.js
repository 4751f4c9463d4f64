// @ts-check
'use strict';
/**
 * One `n8n worker` of a queue-mode stack: its own user folder (with the package installed), its own
 * task-broker port, the health-check server on 127.0.0.1 and a port of its own (it would default to
 * 5678, main's port) for `/healthz/readiness`, a name in `GS_WORKER_NAME`, and what it printed, from
 * which `executionIds()` reads the executions it picked up (`Worker started execution <id> (job <n>)`).
 */
const { spawnManaged, descendants } = require('../procs');
const { freePort } = require('../ports');
const { createOutput } = require('../n8n/output');
const { waitForReadiness } = require('../n8n/server');

/** The owner is main's business (it is created from the environment there). */
const MAIN_ONLY = /^N8N_INSTANCE_OWNER_/;

/** Signals after which kill() waits for the group to be gone (not SIGSTOP, SIGCONT, SIGUSR1…). */
const FATAL = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGQUIT'];

const STARTED_EXECUTION = /Worker started execution (\S+) \(job (\S+)\)/g;

/**
 * @typedef {object} Worker
 * @property {string} name w1, w2, … (also GS_WORKER_NAME in its environment)
 * @property {number | undefined} pid the `n8n worker` process (undefined while it does not run)
 * @property {number | undefined} processGroup its process group (the reaper; n8n and its task runner are in it)
 * @property {number} healthPort QUEUE_HEALTH_CHECK_PORT
 * @property {string} userFolder
 * @property {() => boolean} running
 * @property {(signal?: NodeJS.Signals) => Promise<void>} kill send `signal` (default SIGKILL) to the whole group; after SIGKILL, SIGTERM, SIGINT or SIGQUIT, wait until it is gone
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM, SIGKILL after graceMs
 * @property {() => Promise<number>} restart stop (if it runs), start again, wait until ready; the ms it took
 * @property {() => string[]} executionIds the executions it started, from its log, in order
 * @property {import('../n8n/output').OutputLog} log
 * @property {number} readyMs how long its last start took
 */

/**
 * Start a worker and wait until its health check says ready.
 * @param {object} options
 * @param {import('../runtime').Runtime} options.runtime
 * @param {string} options.name
 * @param {string} options.userFolder with the package installed in .n8n/nodes
 * @param {(extra?: Record<string, string>) => Promise<NodeJS.ProcessEnv>} options.envFor the stack's environment builder for this folder
 * @param {number} [options.concurrency] N8N_CONCURRENCY_PRODUCTION_LIMIT (n8n's default: 10)
 * @param {(text: string) => void} [options.onOutput]
 * @param {number} [options.timeoutMs] readiness timeout (default 120 s)
 * @returns {Promise<Worker>}
 */
async function startWorker(options) {
	const { runtime, name, userFolder } = options;
	const output = createOutput(options.onOutput);
	const healthPort = await freePort();
	/** @type {import('../procs').Managed | null} */
	let proc = null;
	let readyMs = 0;

	async function spawn() {
		const started = Date.now();
		const env = await options.envFor({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			GS_WORKER_NAME: name,
			...(options.concurrency === undefined
				? {}
				: { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(options.concurrency) }),
		});
		for (const key of Object.keys(env)) if (MAIN_ONLY.test(key)) delete env[key];
		output.capture(`\n$ n8n worker (${name}, health port ${healthPort})\n`);
		const current = spawnManaged(runtime.node, [runtime.n8n, 'worker'], {
			name: `n8n worker ${name}`,
			cwd: userFolder,
			env,
			onStdout: output.capture,
			onStderr: output.capture,
		});
		proc = current;
		await waitForReadiness(current, `http://127.0.0.1:${healthPort}/healthz/readiness`, {
			timeoutMs: options.timeoutMs ?? 120000,
			label: `n8n worker ${name}`,
			logTail: output.tail,
		});
		readyMs = Date.now() - started;
		output.capture(`[${name} ready after ${readyMs} ms]\n`);
		return readyMs;
	}

	/** @param {number} [graceMs] */
	async function stop(graceMs = 20000) {
		if (!proc) return;
		const current = proc;
		proc = null;
		const { code, signal } = await current.stop(graceMs);
		output.capture(`[${name} stopped: code ${code}, signal ${signal}]\n`);
	}

	await spawn();
	return {
		name,
		get pid() {
			return proc?.running() ? descendants(proc.pid)[0] : undefined;
		},
		get processGroup() {
			return proc?.pid;
		},
		healthPort,
		userFolder,
		running: () => Boolean(proc?.running()),
		async kill(signal = 'SIGKILL') {
			if (!proc) return;
			const current = proc;
			current.signal(signal);
			if (!FATAL.includes(signal)) return;
			const { code } = await current.exited;
			if (proc === current) proc = null;
			output.capture(`[${name} killed with ${signal}: code ${code}]\n`);
		},
		stop,
		async restart() {
			const started = Date.now();
			await stop();
			await spawn();
			return Date.now() - started;
		},
		executionIds: () => [...output.text().matchAll(STARTED_EXECUTION)].map((match) => match[1]),
		log: output,
		get readyMs() {
			return readyMs;
		},
	};
}

module.exports = { startWorker };
