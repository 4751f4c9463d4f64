// @ts-check
'use strict';
/**
 * An n8n started by another process of the same test run (the shared instance of the e2e phase,
 * test/e2e/global-setup.js), used from a test file as if it were its own: the same members as
 * createN8n(), except those that would disturb the other files using it.
 *
 * - HTTP: `api` (the public-API key the starter minted), `rest` (its own owner session),
 *   `webhook`, `request`, `executions`, `waitForExecutions`, `url`, `port`.
 * - CLI: `execute` and `executeBatch` boot their own n8n process on the shared user folder (as
 *   they may beside a running instance); `importCredentials`, `importWorkflows`, `publish`,
 *   `unpublish` are refused (the running instance would not notice): import through the APIs
 *   and publish with activate() (tools/lib/e2e.js does).
 * - `start`, `stop`, `restart`: refused. A file that restarts n8n or changes its environment
 *   needs an n8n of its own.
 * - `log`: what the shared instance printed since this file attached (it appends to a file),
 *   followed by the output of this file's own CLI commands.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createEnvBuilder, DEFAULT_OWNER } = require('./env');
const { createOutput } = require('./output');
const { createCli } = require('./cli');
const { createRestClient } = require('./rest');

/**
 * @typedef {object} SharedHandle what the starting process publishes (a JSON file)
 * @property {string} url
 * @property {number} port
 * @property {string} userFolder
 * @property {string} apiKey
 * @property {string} logFile the instance's output, appended as it comes
 * @property {Record<string, string>} env the extra environment it was started with
 * @property {number} [pid] its process group
 */

/**
 * @param {string} file
 * @returns {number}
 */
function sizeOf(file) {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

/**
 * The bytes of `file` from `start` on, as text.
 * @param {string} file
 * @param {number} start
 */
function readFrom(file, start) {
	const end = sizeOf(file);
	if (end <= start) return '';
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(end - start);
		fs.readSync(fd, buffer, 0, buffer.length, start);
		return buffer.toString('utf8');
	} finally {
		fs.closeSync(fd);
	}
}

/**
 * @param {{ runtime: import('../runtime').Runtime, handle: SharedHandle, name?: string, onOutput?: (text: string) => void, commandTimeoutMs?: number }} options
 */
function attachN8n(options) {
	const { runtime, handle } = options;
	const name = options.name ?? 'n8n';
	const owner = { ...DEFAULT_OWNER };
	const userFolder = handle.userFolder;
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-io-`));
	const own = createOutput(options.onOutput);
	const attachedAt = sizeOf(handle.logFile);
	/** @type {Array<{ shared: number, own: number }>} */
	const marks = [];
	const text = () => `${readFrom(handle.logFile, attachedAt)}${own.text()}`;
	const output = {
		capture: own.capture,
		text,
		tail: (/** @type {number} */ lines) => text().trim().split('\n').slice(-lines).join('\n'),
		mark: () => marks.push({ shared: sizeOf(handle.logFile), own: own.mark() }) - 1,
		since: (/** @type {number} */ mark) =>
			`${readFrom(handle.logFile, marks[mark]?.shared ?? attachedAt)}${own.since(marks[mark]?.own ?? 0)}`,
	};
	const envFor = createEnvBuilder({ runtime, userFolder, owner, env: handle.env });
	const client = createRestClient({ name, owner, baseUrl: () => handle.url });
	client.useApiKey(handle.apiKey);
	const commands = createCli({
		runtime,
		name,
		userFolder,
		scratch,
		envFor,
		output,
		commandTimeoutMs: options.commandTimeoutMs ?? 5 * 60000,
		// Imports and publishing through the CLI would not reach the running instance.
		serverRunning: () => true,
	});
	/** @param {string} what */
	const refuse = (what) => async () => {
		throw new Error(
			`${what} on the shared n8n: a test file that needs it uses an n8n of its own (createE2e without shared)`,
		);
	};

	return {
		name,
		userFolder,
		owner,
		...commands,
		start: refuse('start()'),
		stop: refuse('stop()'),
		restart: refuse('restart()'),
		login: client.login,
		rest: client.rest,
		webhook: client.webhook,
		request: client.request,
		executions: client.executions,
		waitForExecutions: client.waitForExecutions,
		get api() {
			return client.api();
		},
		get apiKey() {
			return handle.apiKey;
		},
		get url() {
			return handle.url;
		},
		get port() {
			return handle.port;
		},
		running: () => true,
		get processGroup() {
			return handle.pid;
		},
		log: { text: output.text, tail: output.tail, mark: output.mark, since: output.since },
		/** Forget this file's scratch directory (the shared instance keeps running). */
		async close() {
			fs.rmSync(scratch, { recursive: true, force: true });
		},
	};
}

module.exports = { attachN8n };
