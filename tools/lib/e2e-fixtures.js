// @ts-check
'use strict';
/**
 * The e2e harness's places and fixtures, apart from the harness itself (./e2e.js, which
 * re-exports them): the scratch and log folders, the packed package, the pre-migrated user
 * folder, the workflow fixtures, and readers of what n8n left behind (a node's output, secrets
 * in a text, rows of a user folder's SQLite database).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { buildAndPack, installPackage, ROOT } = require('./package');
const { createN8n } = require('./n8n');

/**
 * Scratch space of the e2e tests (the packed package, the pre-migrated template, every user
 * folder and queue-mode stack): outside the repository, where `npm run lint` never looks (it
 * would read every .js file of n8n's editor cache in the user folders). One per checkout, so
 * worktrees never share it. E2E_DIR overrides.
 */
const E2E_DIR = process.env.E2E_DIR
	? path.resolve(process.env.E2E_DIR)
	: path.join(
			os.tmpdir(),
			`gradient-e2e-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 10)}`,
		);
/** n8n's output of every e2e file and stack: `.tmp/e2e-logs/<name>.log` (only .log files). */
const E2E_LOGS = path.join(ROOT, '.tmp', 'e2e-logs');
/** What a failing e2e step leaves to look at (screenshots): `.tmp/e2e-artifacts/`. */
const E2E_ARTIFACTS = path.join(ROOT, '.tmp', 'e2e-artifacts');
const WORKFLOWS_DIR = path.join(ROOT, 'test', 'e2e', 'workflows');
const CREDENTIAL_TYPE = 'gradientSynthesizeApi';
const NODE_TYPE = 'n8n-nodes-gradient-synthesize.gradientSynthesize';
/** The credential the workflow fixtures reference; `workflow()` points it at a sandbox. */
const FIXTURE_CREDENTIAL = { id: 'gsE2eCredential1', name: 'Gradient Synthesize (sandbox)' };

/**
 * The packed package: E2E_PACKAGE_TGZ when set (globalSetup), else build and pack now.
 * @param {{ log?: (message: string) => void, build?: boolean }} [options]
 */
async function preparePackage(options = {}) {
	const existing = process.env.E2E_PACKAGE_TGZ;
	if (existing && fs.existsSync(existing)) return existing;
	const outDir = path.join(E2E_DIR, 'package');
	fs.rmSync(outDir, { recursive: true, force: true });
	const tarball = await buildAndPack(outDir, options);
	process.env.E2E_PACKAGE_TGZ = tarball;
	return tarball;
}

/**
 * A user folder with the package installed and n8n's database migrated, copied by every
 * harness instead of migrating again (E2E_TEMPLATE_DIR when set).
 * @param {{ runtime: import('./runtime').Runtime, tarball: string, log?: (message: string) => void }} options
 */
async function prepareTemplate(options) {
	const existing = process.env.E2E_TEMPLATE_DIR;
	if (existing && fs.existsSync(path.join(existing, '.n8n', 'database.sqlite'))) return existing;
	const hash = crypto.createHash('sha256').update(fs.readFileSync(options.tarball)).digest('hex');
	const dir = path.join(E2E_DIR, `template-${hash.slice(0, 12)}`);
	if (!fs.existsSync(path.join(dir, '.n8n', 'database.sqlite'))) {
		fs.rmSync(dir, { recursive: true, force: true });
		await installPackage(options.tarball, dir);
		const n8n = createN8n({ runtime: options.runtime, userFolder: dir, name: 'template' });
		try {
			// Any command that opens the database runs the migrations.
			await n8n.importCredentials([]);
		} finally {
			await n8n.close();
		}
	}
	process.env.E2E_TEMPLATE_DIR = dir;
	return dir;
}

/** @typedef {import('./e2e').SandboxHandle} SandboxHandle */

/**
 * Load a workflow fixture from test/e2e/workflows (name without .json, or a path), point every
 * Gradient Synthesize credential at `credential` (or the sandbox's), and replace `%%NAME%%`
 * placeholders in string values with `vars`. `id`: another workflow id (files sharing an n8n
 * that import the same file need ids of their own).
 * @param {string} file
 * @param {{ sandbox?: SandboxHandle, credential?: { id: string, name: string }, vars?: Record<string, string | number | boolean>, id?: string }} [options]
 * @returns {any}
 */
function loadWorkflow(file, options = {}) {
	const fullPath = file.endsWith('.json')
		? path.resolve(ROOT, file)
		: path.join(WORKFLOWS_DIR, `${file}.json`);
	let text = fs.readFileSync(fullPath, 'utf8');
	for (const [name, value] of Object.entries(options.vars ?? {})) {
		// JSON-escape the value as the inside of a string literal.
		text = text.split(`%%${name}%%`).join(JSON.stringify(String(value)).slice(1, -1));
	}
	const left = text.match(/%%[A-Z0-9_]+%%/);
	if (left) throw new Error(`${path.basename(fullPath)}: no value for ${left[0]}`);
	const workflow = JSON.parse(text);
	if (options.id) workflow.id = options.id;
	const credential = options.credential ?? options.sandbox?.credential;
	if (credential) {
		for (const node of workflow.nodes) {
			if (node.credentials?.[CREDENTIAL_TYPE]) {
				node.credentials[CREDENTIAL_TYPE] = { id: credential.id, name: credential.name };
			}
		}
	}
	return workflow;
}

/**
 * Output items (json) of a node in an IRun / snapshot, from its `runIndex`-th run and output `output`.
 * @param {any} run
 * @param {string} nodeName
 * @param {{ runIndex?: number, output?: number }} [options]
 * @returns {any[]}
 */
function nodeOutput(run, nodeName, options = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs) {
		const known = Object.keys(run?.data?.resultData?.runData ?? {});
		throw new Error(`node "${nodeName}" did not run (ran: ${known.join(', ') || 'none'})`);
	}
	const task = runs[options.runIndex ?? 0];
	if (task?.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
	const items = task?.data?.main?.[options.output ?? 0] ?? [];
	return items.map((/** @type {any} */ item) => item.json);
}

/**
 * Where in `haystack` any of `secrets` appears (exact text, also JSON-escaped).
 * @param {string} haystack
 * @param {string[]} secrets
 * @returns {string[]} the secrets found
 */
function findSecrets(haystack, secrets) {
	return secrets.filter(
		(secret) =>
			secret !== '' &&
			(haystack.includes(secret) || haystack.includes(JSON.stringify(secret).slice(1, -1))),
	);
}

/**
 * Read n8n's SQLite database of a user folder (read-only: n8n may be running; its WAL is read
 * too), the way the queue-mode harness reads PostgreSQL: `rows(sql)` resolves the rows as objects.
 * @param {string} userFolder
 * @returns {(sql: string) => Promise<any[]>}
 */
function sqliteRows(userFolder) {
	return async (sql) => {
		const { DatabaseSync } = require('node:sqlite');
		const db = new DatabaseSync(path.join(userFolder, '.n8n', 'database.sqlite'), {
			readOnly: true,
		});
		try {
			return db.prepare(sql).all();
		} finally {
			db.close();
		}
	};
}

module.exports = {
	preparePackage,
	prepareTemplate,
	loadWorkflow,
	nodeOutput,
	findSecrets,
	sqliteRows,
	E2E_DIR,
	E2E_LOGS,
	E2E_ARTIFACTS,
	WORKFLOWS_DIR,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	FIXTURE_CREDENTIAL,
};
