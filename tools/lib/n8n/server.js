// @ts-check
'use strict';
/**
 * A long-running n8n process of one instance (`n8n start`): started on its own port and task-broker
 * port, ready once `/healthz/readiness` answers ok, stopped with SIGTERM to its process group
 * (n8n and its task runner), SIGKILL after a grace period.
 */
const axios = require('axios').default;
const { spawnManaged } = require('../procs');
const { freePort } = require('../ports');
const { sleep } = require('./output');

/** Connection errors after which a GET is sent again. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends a GET again (twice at most) when its connection was reset. Node's keep-alive agent can
 * send a request on a socket n8n closed an instant before; a read is safe to repeat on a new one
 * (a full `npm run scale` lost 35 minutes of measuring to one such reset).
 * @param {import('axios').AxiosInstance} client
 */
function retryGetsOnReset(client) {
	client.interceptors.response.use(undefined, async (error) => {
		const config = error?.config;
		if (!config || config.method !== 'get' || !RESET_CODES.has(error.code) || (config.resetRetries ?? 0) >= 2) throw error;
		config.resetRetries = (config.resetRetries ?? 0) + 1;
		return await client.request(config);
	});
	return client;
}

/** Answers every status (callers check it), never follows a redirect. */
const http = retryGetsOnReset(axios.create({ validateStatus: () => true, timeout: 30000, maxRedirects: 0 }));

/**
 * Poll `url` until it answers 200 `{ status: 'ok' }` (n8n's `/healthz/readiness`, on main and on a
 * worker's health-check server). Throws when the process exits first or after `timeoutMs`, with the
 * last lines of its output; on a timeout the process is stopped.
 * @param {import('../procs').Managed} proc
 * @param {string} url
 * @param {{ timeoutMs: number, label: string, logTail: (lines: number) => string }} opts
 */
async function waitForReadiness(proc, url, opts) {
	const started = Date.now();
	for (;;) {
		if (!proc.running()) {
			const { code } = await proc.exited;
			throw new Error(
				`${opts.label} exited (code ${code}) before it was ready\n${opts.logTail(40)}`,
			);
		}
		try {
			const response = await http.get(url, { timeout: 2000 });
			if (response.status === 200 && response.data?.status === 'ok') return Date.now() - started;
		} catch {
			// not listening yet
		}
		if (Date.now() - started > opts.timeoutMs) {
			await proc.stop(5000);
			throw new Error(`${opts.label} not ready after ${opts.timeoutMs} ms\n${opts.logTail(40)}`);
		}
		await sleep(250);
	}
}

/**
 * @param {object} ctx
 * @param {import('../runtime').Runtime} ctx.runtime
 * @param {string} ctx.name label in logs
 * @param {string} ctx.userFolder
 * @param {number} [ctx.port] editor port (default: a free port, kept across restarts)
 * @param {(extra?: Record<string, string>) => Promise<NodeJS.ProcessEnv>} ctx.envFor
 * @param {import('./output').OutputLog} ctx.output
 */
function createServer(ctx) {
	const { runtime, name, userFolder, output } = ctx;
	const capture = output.capture;
	/** @type {import('../procs').Managed | null} */
	let server = null;
	let serverPort = 0;

	function baseUrl() {
		if (!server?.running()) throw new Error('n8n is not running (start() first)');
		return `http://127.0.0.1:${serverPort}`;
	}

	/**
	 * `n8n start`; resolves once /healthz/readiness answers ok. `env`: extra environment for this
	 * start only, on top of the instance's.
	 * @param {{ timeoutMs?: number, env?: Record<string, string> }} [opts]
	 * @returns {Promise<{ url: string, started: number }>} started: when the process was spawned
	 */
	async function start(opts = {}) {
		if (server?.running()) throw new Error('n8n is already running');
		serverPort = serverPort || ctx.port || (await freePort());
		const started = Date.now();
		for (let attempt = 1; ; attempt++) {
			capture(`\n$ n8n start (port ${serverPort})\n`);
			const mark = output.mark();
			const proc = spawnManaged(runtime.node, [runtime.n8n, 'start'], {
				name: `${name} start`,
				cwd: userFolder,
				env: await ctx.envFor({ ...opts.env, N8N_PORT: String(serverPort) }),
				onStdout: capture,
				onStderr: capture,
			});
			server = proc;
			try {
				await waitForReadiness(proc, `http://127.0.0.1:${serverPort}/healthz/readiness`, {
					timeoutMs: opts.timeoutMs ?? 120000,
					label: 'n8n start',
					logTail: output.tail,
				});
				break;
			} catch (error) {
				// A free port handed out can be taken before n8n binds it (another program, or an
				// outgoing connection): start again on other ports (the task broker's is new each time).
				server = null;
				if (attempt >= 3 || proc.running() || !/already in use/i.test(output.since(mark)))
					throw error;
				if (!ctx.port) serverPort = await freePort();
				capture(`[a port was taken: starting again (attempt ${attempt + 1})]\n`);
			}
		}
		capture(`[ready after ${Date.now() - started} ms]\n`);
		return { url: baseUrl(), started };
	}

	/**
	 * Stop `n8n start` (SIGTERM to its process group, SIGKILL after graceMs).
	 * @param {number} [graceMs]
	 */
	async function stop(graceMs = 20000) {
		if (!server) return;
		const proc = server;
		server = null;
		const stopping = Date.now();
		const { code, signal } = await proc.stop(graceMs);
		capture(
			`[n8n start stopped after ${Date.now() - stopping} ms: code ${code}, signal ${signal}]\n`,
		);
	}

	return {
		start,
		stop,
		baseUrl,
		running: () => Boolean(server?.running()),
		port: () => serverPort,
		/** Process group of `n8n start` (its reaper is the leader; n8n and its task runner are in it). */
		processGroup: () => server?.pid,
	};
}

module.exports = { createServer, waitForReadiness, http, retryGetsOnReset };
