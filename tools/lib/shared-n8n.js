// @ts-check
'use strict';
/**
 * The shared n8n of an e2e run: one `n8n start` for every test file that does not need an n8n of
 * its own (it never restarts n8n, never changes its environment, never stops it to read its
 * files). test/e2e/global-setup.js starts it in the background and puts the path of a handle file
 * in E2E_SHARED_N8N; the process that runs the test files inherits it. `createE2e({ shared: true })`
 * waits for the handle and attaches (tools/lib/n8n/attach.js); test/e2e/global-teardown.js stops
 * it. Its output goes to `.tmp/e2e-logs/shared.log` as it comes.
 *
 * Each file brings its own sandboxes, credentials (the public API gives them new ids) and
 * workflows (ids and webhook paths unique across the files that share it), and unpublishes what
 * it published when it closes.
 */
const fs = require('node:fs');
const path = require('node:path');
const { installPackage } = require('./package');
const { createN8n } = require('./n8n');
const { sleep } = require('./n8n/output');

/** The environment variable holding the handle file's path. */
const SHARED_ENV = 'E2E_SHARED_N8N';

/**
 * The environment of the shared instance, on top of the harness's defaults: soft-deleted
 * executions (what n8n keeps of an execution whose saving is off) hard-deleted every 6 s instead
 * of every 15 min, so a file can check they are gone.
 */
const SHARED_N8N_ENV = { EXECUTIONS_DATA_PRUNE_HARD_DELETE_INTERVAL: '0.1' };

/**
 * Start the shared instance in the background. Resolves at once with the handle file's path,
 * which gets `{ url, port, userFolder, apiKey, logFile, env, pid }` once n8n is ready, or
 * `{ error }` if it failed to start.
 * @param {{ runtime: import('./runtime').Runtime, tarball: string, template: string, dir: string, logs: string, keep?: boolean, echo?: boolean }} options
 *   dir: where its user folder goes; logs: where shared.log goes
 */
async function startSharedN8n(options) {
	fs.mkdirSync(options.dir, { recursive: true });
	const root = fs.mkdtempSync(path.join(options.dir, 'shared-'));
	const userFolder = path.join(root, 'n8n');
	fs.cpSync(options.template, userFolder, { recursive: true });
	await installPackage(options.tarball, userFolder);
	fs.mkdirSync(options.logs, { recursive: true });
	const logFile = path.join(options.logs, 'shared.log');
	fs.writeFileSync(logFile, '');
	const n8n = createN8n({
		runtime: options.runtime,
		userFolder,
		name: 'shared',
		env: SHARED_N8N_ENV,
		onOutput: (text) => {
			fs.appendFileSync(logFile, text);
			if (options.echo) process.stderr.write(text);
		},
	});
	const handleFile = path.join(root, 'handle.json');
	/** @param {unknown} value */
	const publish = (value) => {
		fs.writeFileSync(`${handleFile}.tmp`, JSON.stringify(value));
		fs.renameSync(`${handleFile}.tmp`, handleFile);
	};
	const started = Date.now();
	const ready = n8n.start().then(
		({ url }) => {
			publish({
				url,
				port: n8n.port,
				userFolder,
				apiKey: n8n.apiKey,
				logFile,
				env: SHARED_N8N_ENV,
				pid: n8n.processGroup,
			});
			return Date.now() - started;
		},
		(error) => {
			publish({ error: error instanceof Error ? error.message : String(error) });
			throw error;
		},
	);
	// Reported by whoever waits for it (a test file, or stop()).
	ready.catch(() => {});
	return {
		handleFile,
		ready,
		userFolder,
		/** Stop n8n (once its start settled) and remove its folder unless `keep`. */
		async stop() {
			await ready.catch(() => {});
			await n8n.close();
			if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

/**
 * The shared instance's handle, once it is ready; throws with the reason if its start failed.
 * @param {string} handleFile
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<import('./n8n/attach').SharedHandle>}
 */
async function waitForShared(handleFile, options = {}) {
	const deadline = Date.now() + (options.timeoutMs ?? 4 * 60000);
	for (;;) {
		if (fs.existsSync(handleFile)) {
			const handle = JSON.parse(fs.readFileSync(handleFile, 'utf8'));
			if (handle.error) throw new Error(`the shared n8n did not start: ${handle.error}`);
			return handle;
		}
		if (Date.now() > deadline)
			throw new Error(`the shared n8n was not ready in time (${handleFile})`);
		await sleep(100);
	}
}

module.exports = { startSharedN8n, waitForShared, SHARED_ENV, SHARED_N8N_ENV };
