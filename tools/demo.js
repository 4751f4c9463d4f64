#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run demo [-- --once] [--sandbox-port <n>] [--n8n-port <n>] [--dir <dir>] [--no-build]
 *
 * The whole thing working, on this machine, offline: builds the package, starts the Synthesize
 * sandbox (demo seed), installs or reuses the pinned n8n, starts n8n with the package, a ready
 * credential and the demo workflows, runs them in order (onboarding → the MSP maps → usage push
 * → alert), prints what Synthesize received, then the editor URL with its login and the sandbox
 * page, and keeps running until Ctrl-C. With --once it exits instead: 0 only if everything
 * arrived.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { startSandbox } = require('../sandbox');
const { ensureRuntime } = require('./lib/runtime');
const { buildAndPack, installPackage, ROOT } = require('./lib/package');
const { createN8n } = require('./lib/n8n');
const { preferredOrFreePort, freePort } = require('./lib/ports');
const { sandboxClient } = require('./lib/sandbox-client');
const { loadWorkflow, sqliteRows } = require('./lib/e2e');
const { createImporter } = require('./lib/queue/imports');
const { configureTemplate } = require('./lib/templates');
const { startVendorFixture } = require('../sandbox/vendors');
const { readReceived, formatReceived, checkReceived } = require('./lib/summary');
const { onShutdownSignal } = require('./lib/procs');
const { TEMPLATES, STEPS, expected, describeRun } = require('./lib/demo-flow');
const { claimDemoDir } = require('./lib/demo-lock');

const OWNER = {
	email: 'demo@example.com',
	password: 'Synthesize-demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};
const CREDENTIAL = { id: 'gsDemoCredential', name: 'Gradient Synthesize (demo sandbox)' };
/**
 * Where the packed package, the n8n user folder and its log go by default: outside the
 * repository, where `npm run lint` never looks (n8n writes its editor's JavaScript into the user
 * folder, which made a lint after the demo take a minute). One per checkout.
 */
const DEFAULT_DIR = path.join(
	os.tmpdir(),
	`gradient-demo-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 10)}`,
);
const PLATFORM_CREDENTIAL = { id: 'gsDemoPlatform01', name: 'Your platform (demo)' };

/** @type {Array<() => Promise<void>>} stop what was started, last first */
const cleanups = [];
let cleaned = false;
async function cleanup() {
	if (cleaned) return;
	cleaned = true;
	for (const fn of cleanups.reverse()) {
		try {
			await fn();
		} catch (error) {
			say(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

/** @param {string[]} argv */
function parseArgs(argv) {
	const args = {
		once: false,
		sandboxPort: 8787,
		n8nPort: 5678,
		dir: DEFAULT_DIR,
		build: true,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--once') args.once = true;
		else if (arg === '--help' || arg === '-h') args.help = true;
		else if (arg === '--sandbox-port') args.sandboxPort = Number(argv[++i]);
		else if (arg === '--n8n-port') args.n8nPort = Number(argv[++i]);
		else if (arg === '--dir') args.dir = path.resolve(argv[++i]);
		else if (arg === '--no-build') args.build = false;
		else throw new Error(`unknown argument ${arg} (try --help)`);
	}
	return args;
}

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);
/** A path from the repository root when it is inside, else in full. @param {string} file */
const shown = (file) =>
	path.relative(ROOT, file).startsWith('..') ? file : path.relative(ROOT, file);
/** @param {number} since */
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say(
			`npm run demo [-- --once] [--sandbox-port 8787] [--n8n-port 5678] [--dir ${DEFAULT_DIR}] [--no-build]`,
		);
		say(
			'  --once         run the flow, print the summary, stop; exit 0 only if everything arrived',
		);
		say('  --*-port 0     any free port (default: the given port if free, else a free one)');
		say('  --dir          where the packed package, the n8n user folder and its log go');
		say('  --no-build     pack the current dist/ without building');
		return 0;
	}
	const started = Date.now();
	const demoDir = args.dir;
	fs.mkdirSync(demoDir, { recursive: true });
	// A second demo in the same folder would recreate it under the running n8n (and log its editor out).
	const lock = claimDemoDir(demoDir);
	if (!lock.ok) {
		process.stderr.write(`${lock.message}\n`);
		return 1;
	}
	cleanups.push(async () => lock.release());
	const logFile = path.join(demoDir, 'n8n.log');
	fs.writeFileSync(logFile, '');
	onShutdownSignal(cleanup, say, 0);

	say('Gradient Synthesize for n8n: demo (offline, local sandbox)');
	say('');
	say('[1/5] Build and pack the package');
	let t = Date.now();
	const tarball = await buildAndPack(path.join(demoDir, 'package'), { build: args.build });
	say(`      ${shown(tarball)} (${seconds(t)})`);

	say('[2/5] Start the Synthesize sandbox (demo seed: vendor, MSP partner, 25 PSA clients)');
	const sandboxPort =
		args.sandboxPort === 0 ? await freePort() : await preferredOrFreePort(args.sandboxPort);
	const sb = await startSandbox({ port: sandboxPort, seed: 'demo', quiet: true });
	cleanups.push(() => sb.close());
	const sandbox = sandboxClient(sb.url, { token: sb.token });
	say(
		`      ${sb.url}${sandboxPort === args.sandboxPort || args.sandboxPort === 0 ? '' : ` (port ${args.sandboxPort} was busy)`}`,
	);

	const platform = await startVendorFixture('generic', { port: 0 });
	cleanups.push(() => platform.close());
	say(`      your platform (a vendor API with 9 customers, 300 assets): ${platform.url}`);

	say('[3/5] The pinned n8n runtime');
	t = Date.now();
	const runtime = await ensureRuntime({ log: (line) => say(`      ${line}`) });
	say(
		`      n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} (${runtime.installed ? 'installed' : 'reused'}, ${seconds(t)})`,
	);

	say('[4/5] Start n8n with the package, the credentials and every template workflow');
	t = Date.now();
	const userFolder = path.join(demoDir, 'n8n');
	fs.rmSync(userFolder, { recursive: true, force: true });
	await installPackage(tarball, userFolder);
	const n8nPort = args.n8nPort === 0 ? await freePort() : await preferredOrFreePort(args.n8nPort);
	const n8n = createN8n({
		runtime,
		userFolder,
		name: 'demo',
		port: n8nPort,
		owner: OWNER,
		onOutput: (text) => fs.appendFileSync(logFile, text),
	});
	cleanups.push(() => n8n.close());
	// n8n first, then the credentials and the templates through its APIs (two CLI boots fewer).
	const { url } = await n8n.start();
	const importer = createImporter({ main: n8n, rows: sqliteRows(userFolder) });
	await importer.importCredentials([
		{
			...CREDENTIAL,
			type: 'gradientSynthesizeApi',
			data: { vendorApiKey: sb.vendorKey, partnerApiKey: sb.partnerKey, baseUrl: sb.url },
		},
		{
			...PLATFORM_CREDENTIAL,
			type: 'httpHeaderAuth',
			data: { name: 'X-API-Key', value: platform.credentials.apiKey },
		},
	]);
	// Every shipped template, so the editor shows them all; the ones the flow runs are filled in.
	/** @type {Map<string, string>} template file → workflow id */
	const templateIds = new Map();
	const templates = listTemplates().map((file) => {
		const workflow = loadWorkflow(file, { credential: CREDENTIAL });
		const used = Object.values(TEMPLATES).find((template) => template.file === file);
		if (used)
			configureTemplate(workflow, used.settings(platform), {
				httpHeaderAuth: PLATFORM_CREDENTIAL.id,
			});
		templateIds.set(file, workflow.id);
		return workflow;
	});
	await importer.importWorkflows(templates);
	say(
		`      ${url}${n8nPort === args.n8nPort || args.n8nPort === 0 ? '' : ` (port ${args.n8nPort} was busy)`}, ready after ${seconds(t)}; its log: ${shown(logFile)}`,
	);

	say('[5/5] Run the main flow');
	let failed = 0;
	for (const [index, step] of STEPS.entries()) {
		t = Date.now();
		const label = `      ${index + 1}. ${step.title}`;
		try {
			if (step.template) {
				const file = TEMPLATES[/** @type {keyof typeof TEMPLATES} */ (step.template)].file;
				const result = await n8n.execute(/** @type {string} */ (templateIds.get(file)));
				if (!result.ok) {
					const error = result.error ?? {};
					throw new Error(
						`${error.message ?? 'failed'}${error.description ? `: ${error.description}` : ''}`,
					);
				}
				say(`${label}\n         ${describeRun(result.run)} (${seconds(t)})`);
			} else if (step.msp) {
				say(`${label}\n         ${await step.msp({ sandbox, n8n, platform })} (${seconds(t)})`);
			}
		} catch (error) {
			failed++;
			say(`${label}\n         FAILED: ${error instanceof Error ? error.message : String(error)}`);
			break;
		}
	}

	// The billing view is rebuilt shortly after the last count.
	await sandbox
		.waitForState(
			(state) => {
				const partner = state.partners.find(
					(/** @type {any} */ p) => p.id === state.defaultPartnerId,
				);
				return !partner.billing.pending;
			},
			{ timeoutMs: 10000 },
		)
		.catch(() => undefined);
	const received = await readReceived(sandbox);
	const checks = checkReceived(received, expected(platform));
	const missing = checks.filter((check) => !check.ok);
	say('');
	say(`What Synthesize received (${sb.url}/sandbox/state):`);
	for (const line of formatReceived(received)) say(`  ${line}`);
	say('');
	if (failed === 0 && missing.length === 0) {
		say(`Everything arrived (${checks.length} checks) in ${seconds(started)}.`);
	} else {
		say(`NOT everything arrived:${failed ? ' a step failed;' : ''}`);
		for (const check of missing) say(`  ✗ ${check.name}: ${check.detail}`);
	}
	say('');
	say(`n8n editor     ${url}   login ${OWNER.email} / ${OWNER.password}`);
	say(`Sandbox page   ${sb.pageUrl}`);
	say(`Credential     Base URL ${sb.url}   Vendor API Key ${sb.vendorKey}   Partner API Key ${sb.partnerKey}`);
	say('               (sandbox keys: type them into a new "Gradient Synthesize API" credential)');
	const success = failed === 0 && missing.length === 0;
	if (args.once) {
		await cleanup();
		return success ? 0 : 1;
	}
	say('');
	say('Running until Ctrl-C (stops n8n and the sandbox).');
	await new Promise(() => {});
	return 0;
}

main().then(
	(code) => process.exit(code),
	async (error) => {
		process.stderr.write(
			`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		await cleanup();
		process.exit(1);
	},
);

/** Every template under workflows/, as paths from the repository root. */
function listTemplates() {
	/** @param {string} dir @returns {string[]} */
	const walk = (dir) =>
		fs
			.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
			.flatMap((entry) =>
				entry.isDirectory()
					? walk(path.join(dir, entry.name))
					: entry.name.endsWith('.json')
						? [path.join(dir, entry.name)]
						: [],
			);
	return walk('workflows').sort();
}
