// @ts-check
'use strict';
/**
 * The e2e harness: real n8n (the pinned runtime) loading the packed package, against in-process
 * Synthesize sandboxes (its folders and fixtures: ./e2e-fixtures.js). One harness = one user folder = one n8n instance; add as many sandboxes
 * as the test needs (each gets its own credential), import, run, assert, close.
 *
 *   const e2e = await createE2e({ name: 'resources' });
 *   const vendor = await e2e.addSandbox('vendor');              // sandbox + credential pointing at it
 *   await e2e.importAll([e2e.workflow('vendor', { sandbox: vendor })]);
 *   const { results } = await e2e.n8n.executeBatch(['gsE2eVendor0001']);
 *   await vendor.client.requests();                             // what Synthesize received
 *   await e2e.close();                                          // stops n8n and the sandboxes
 *
 * Build and pack happen once per test run (globalSetup sets E2E_PACKAGE_TGZ); run alone, a
 * harness builds and packs itself. A pre-migrated user folder (E2E_TEMPLATE_DIR) saves the
 * database migrations of every new instance.
 *
 * `createE2e({ name, shared: true })` resolves with n8n running: the run's shared n8n (started by
 * globalSetup, tools/lib/shared-n8n.js) or, without one, its own. Then importAll() goes through
 * n8n's APIs and activate() publishes; see test/e2e/README.md for when a file needs its own.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('./runtime');
const { installPackage } = require('./package');
const { createN8n } = require('./n8n');
const { sandboxClient } = require('./sandbox-client');
const { createImporter } = require('./queue/imports');
const { attachN8n } = require('./n8n/attach');
const { waitForShared, SHARED_ENV } = require('./shared-n8n');
const fixtures = require('./e2e-fixtures');

const {
	preparePackage,
	prepareTemplate,
	loadWorkflow,
	findSecrets,
	E2E_DIR,
	E2E_LOGS,
	CREDENTIAL_TYPE,
	sqliteRows,
} = fixtures;

/** @param {string} message */
const defaultLog = (message) => process.stderr.write(`${message}\n`);

/**
 * @typedef {object} SandboxHandle
 * @property {string} key
 * @property {import('../../sandbox').Sandbox} sandbox the in-process sandbox (url, keys, token, snapshot(), addPartner(), …)
 * @property {import('./sandbox-client').SandboxClient} client its admin API, and its vendor API with the default token
 * @property {{ id: string, name: string }} credential the n8n credential pointing at it
 * @property {{ id: string, name: string, type: string, data: Record<string, string> }} credentialImport what importCredentials() gets
 */

/**
 * @typedef {object} E2eOptions
 * @property {string} [name] label for the user folder and logs
 * @property {(message: string) => void} [log] progress lines (default: stderr)
 * @property {boolean} [template] start from the pre-migrated user folder (default true)
 * @property {Record<string, string>} [env] extra n8n environment
 * @property {number} [port] n8n's port (default: a free one at start), for workflows that call their own webhooks
 * @property {boolean} [keep] keep the user folder after close (default: E2E_KEEP=1)
 * @property {boolean} [echo] echo n8n's output (default: E2E_ECHO=1)
 * @property {boolean} [shared] n8n is running when createE2e() resolves: the run's shared
 *   instance when there is one (E2E_SHARED_N8N, set by test/e2e/global-setup.js; tools/lib/shared-n8n.js),
 *   else an n8n of its own, started now. For files that never restart or stop n8n nor change its
 *   environment (no `env`, no `port`): import with importAll(), publish with activate(); close() unpublishes
 *   what the file published.
 */

/**
 * @param {E2eOptions} [options]
 */
async function createE2e(options = {}) {
	const name = options.name ?? 'e2e';
	const log = options.log ?? defaultLog;
	const keep = options.keep ?? process.env.E2E_KEEP === '1';
	const echo = options.echo ?? process.env.E2E_ECHO === '1';
	if (options.shared && (options.env || options.port)) {
		throw new Error(
			'createE2e: `shared` takes no `env` or `port` (the shared n8n runs with its own); a file that needs other settings uses an n8n of its own',
		);
	}
	const runtime = await ensureRuntime({ log });
	const tarball = await preparePackage({ log });
	const onOutput = echo ? (/** @type {string} */ text) => process.stderr.write(text) : undefined;
	const handleFile = options.shared ? process.env[SHARED_ENV] : undefined;
	/** The run's shared n8n (attached), not one of this file's own. */
	const shared = Boolean(handleFile);
	let userFolder = '';
	/** @type {import('./n8n').N8n} */
	let n8n;
	if (handleFile) {
		const handle = await waitForShared(handleFile);
		userFolder = handle.userFolder;
		n8n = /** @type {any} */ (attachN8n({ runtime, handle, name, onOutput }));
	} else {
		fs.mkdirSync(E2E_DIR, { recursive: true });
		userFolder = fs.mkdtempSync(path.join(E2E_DIR, `${name}-`));
		if (options.template !== false) {
			const template = await prepareTemplate({ runtime, tarball, log });
			fs.cpSync(template, userFolder, { recursive: true });
		}
		await installPackage(tarball, userFolder);
		n8n = createN8n({ runtime, userFolder, name, env: options.env, port: options.port, onOutput });
	}

	/** @type {SandboxHandle[]} */
	const sandboxes = [];
	const { startSandbox } = require('../../sandbox');

	/**
	 * Start a sandbox on a free port and make a credential for it (not imported yet).
	 * @param {string} key short label, also in the credential name
	 * @param {import('../../sandbox').SandboxOptions & { credential?: Partial<{ id: string, name: string, vendorApiKey: string, partnerApiKey: string }> }} [sandboxOptions]
	 * @returns {Promise<SandboxHandle>}
	 */
	async function addSandbox(key, sandboxOptions = {}) {
		const { credential: credentialOverrides, ...rest } = sandboxOptions;
		const sandbox = await startSandbox({ port: 0, quiet: true, ...rest });
		const index = sandboxes.length + 1;
		const credential = {
			id: credentialOverrides?.id ?? `gsE2eCred${String(index).padStart(4, '0')}`,
			name: credentialOverrides?.name ?? `Gradient Synthesize (${key})`,
		};
		/** @type {SandboxHandle} */
		const handle = {
			key,
			sandbox,
			client: sandboxClient(sandbox.url, { token: sandbox.token }),
			credential,
			credentialImport: {
				...credential,
				type: CREDENTIAL_TYPE,
				data: {
					vendorApiKey: credentialOverrides?.vendorApiKey ?? sandbox.vendorKey,
					partnerApiKey: credentialOverrides?.partnerApiKey ?? sandbox.partnerKey,
					baseUrl: sandbox.url,
				},
			},
		};
		sandboxes.push(handle);
		return handle;
	}

	/** Imports and publications through the running instance (tools/lib/queue/imports.js). */
	const importer = createImporter({ main: n8n, rows: sqliteRows(userFolder) });
	/** Workflows this file published and has not unpublished: close() unpublishes them. */
	const published = new Set();
	/** Credentials already in n8n, by the id they were imported with. */
	const importedCredentials = new Set();

	/**
	 * Import the credentials of every sandbox not imported yet (plus `extraCredentials`), then the
	 * workflows.
	 * - n8n stopped: the CLI, two n8n boots (ids kept).
	 * - n8n running (`start()` first): through its APIs, no boot. Credentials get new ids: each
	 *   sandbox's `credential.id` is updated, the workflows' references are re-pointed, and the
	 *   returned `credentials` maps every id in the list to the id n8n gave it. Workflow ids are
	 *   kept. Then `activate(id)` publishes.
	 * @param {any[]} workflows objects from workflow()
	 * @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} [extraCredentials]
	 * @returns {Promise<{ credentials: Record<string, string> }>}
	 */
	async function importAll(workflows, extraCredentials = []) {
		const pending = sandboxes.filter((handle) => !importedCredentials.has(handle));
		const credentials = [...pending.map((handle) => handle.credentialImport), ...extraCredentials];
		/** @type {Record<string, string>} */
		const ids = {};
		if (n8n.running()) {
			Object.assign(ids, await importer.importCredentials(credentials));
			for (const handle of pending) handle.credential.id = ids[handle.credentialImport.id];
			try {
				if (workflows.length > 0) await importer.importWorkflows(workflows);
			} catch (error) {
				if (!shared) throw error;
				// Most likely an id another file of the run already imported into the shared n8n.
				throw new Error(
					`${error instanceof Error ? error.message : String(error)}\n(on the shared n8n, workflow ids are unique across the files of the run: workflow(file, { id }) gives one of its own)`,
				);
			}
		} else {
			if (credentials.length > 0) await n8n.importCredentials(credentials);
			for (const credential of credentials) ids[credential.id] = credential.id;
			await n8n.importWorkflows(workflows);
		}
		for (const handle of pending) importedCredentials.add(handle);
		return { credentials: ids };
	}

	/** Every key and token of every sandbox: none of them may appear in execution data or logs. */
	function secrets() {
		const { makeToken } = require('../../sandbox');
		return [
			...new Set(
				sandboxes.flatMap((handle) => {
					const data = handle.credentialImport.data;
					return [
						data.vendorApiKey,
						data.partnerApiKey,
						makeToken(data.vendorApiKey, data.partnerApiKey),
						handle.sandbox.token,
					];
				}),
			),
		];
	}

	async function close() {
		const errors = [];
		// On the shared n8n, nothing of this file may keep running (schedules, polls, webhooks).
		if (shared) {
			for (const id of published) {
				try {
					// Unless something else unpublished it meanwhile (e.g. a workflow through the API).
					const current = await n8n.api.get(`/workflows/${id}`);
					if (current.status === 200 && current.data.active) await importer.deactivate(id);
				} catch (error) {
					errors.push(error);
				}
			}
		}
		try {
			await n8n.close();
		} catch (error) {
			errors.push(error);
		}
		for (const handle of sandboxes) {
			try {
				await handle.sandbox.close();
			} catch (error) {
				errors.push(error);
			}
		}
		fs.mkdirSync(E2E_LOGS, { recursive: true });
		fs.writeFileSync(path.join(E2E_LOGS, `${name}.log`), n8n.log.text());
		if (!keep && !shared) fs.rmSync(userFolder, { recursive: true, force: true });
		if (errors.length > 0) throw errors[0];
	}

	if (options.shared && !shared) await n8n.start();

	return {
		name,
		runtime,
		tarball,
		userFolder,
		/** True on the run's shared n8n (see `shared` in E2eOptions). */
		shared,
		n8n,
		sandboxes,
		addSandbox,
		importAll,
		/**
		 * Publish a workflow through the public API (n8n running) and wait until n8n has really
		 * done it: the publication processed (a failed trigger throws with its message; a poll
		 * trigger's activation poll has run) and every webhook and form path registered.
		 * @param {string} id
		 * @param {{ timeoutMs?: number }} [opts]
		 */
		async activate(id, opts) {
			const result = await importer.activate(id, opts);
			published.add(id);
			return result;
		},
		/**
		 * Unpublish through the public API and wait until it is done (webhook paths gone).
		 * @param {string} id
		 * @param {{ timeoutMs?: number }} [opts]
		 */
		async deactivate(id, opts) {
			const result = await importer.deactivate(id, opts);
			published.delete(id);
			return result;
		},
		/** The newest publication of a workflow (status, errorMessage), read from the database. */
		publication: importer.publication,
		/** Per trigger node of a workflow: its publication status and error message. */
		triggerStatus: importer.triggerStatus,
		/**
		 * @param {string} file
		 * @param {{ sandbox?: SandboxHandle, credential?: { id: string, name: string }, vars?: Record<string, string | number | boolean>, id?: string }} [opts]
		 */
		workflow: (file, opts) => loadWorkflow(file, opts),
		secrets,
		/** @param {string} text */
		findSecrets: (text) => findSecrets(text, secrets()),
		close,
	};
}

/** @typedef {Awaited<ReturnType<typeof createE2e>>} E2e */

module.exports = { createE2e, ...fixtures };
