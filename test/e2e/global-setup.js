// @ts-check
'use strict';
/**
 * Once per jest run of the e2e project: the n8n runtime (installed on first use), the package
 * built and packed, a pre-migrated user folder, and — when a file of the run asks for it
 * (`createE2e({ shared: true })`) — the shared n8n, started in the background while the first
 * files run. The paths reach the test files through the environment (E2E_PACKAGE_TGZ,
 * E2E_TEMPLATE_DIR, E2E_SHARED_N8N). global-teardown.js stops the shared n8n.
 *
 * E2E_SHARED=0: no shared n8n; files asking for it start one of their own.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('../../tools/lib/runtime');
const { ROOT } = require('../../tools/lib/package');
const { preparePackage, prepareTemplate, E2E_DIR, E2E_LOGS } = require('../../tools/lib/e2e');
const { startSharedN8n, SHARED_ENV } = require('../../tools/lib/shared-n8n');

/** @param {string} message */
const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

/**
 * Test files of this run (of the selected projects, matching the path patterns) that ask for the
 * shared n8n.
 * @param {import('@jest/types').Config.GlobalConfig} globalConfig
 */
function filesWantingShared(globalConfig) {
	/** @param {string} dir @returns {string[]} */
	const walk = (dir) =>
		fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
			return entry.name.endsWith('.test.js') ? [full] : [];
		});
	// jest's own arguments: --selectProjects is not in globalConfig.
	const at = process.argv.indexOf('--selectProjects');
	/** @type {string[] | null} */
	let projects = null;
	if (at !== -1) {
		projects = [];
		for (const arg of process.argv.slice(at + 1)) {
			if (arg.startsWith('-')) break;
			projects.push(arg);
		}
	}
	const templates = !projects || projects.includes('templates');
	const e2e = !projects || projects.includes('e2e');
	const patterns = /** @type {any} */ (globalConfig).testPathPatterns;
	const executor = patterns?.isSet?.() ? patterns.toExecutor({ rootDir: ROOT }) : null;
	return walk(path.join(ROOT, 'test', 'e2e'))
		.filter((file) => (/[\\/]templates[^\\/]*\.test\.js$/.test(file) ? templates : e2e))
		.filter((file) => !executor || executor.isMatch(file))
		.filter((file) => /\bshared:\s*true\b/.test(fs.readFileSync(file, 'utf8')));
}

/** @param {import('@jest/types').Config.GlobalConfig} globalConfig */
module.exports = async function globalSetup(globalConfig) {
	const started = Date.now();
	// The old scratch folder inside the tree: `npm run lint` would read n8n's editor cache in it.
	const legacy = path.join(ROOT, '.e2e');
	if (fs.existsSync(legacy)) {
		fs.rmSync(legacy, { recursive: true, force: true });
		log('removed the old scratch folder .e2e/ (now in E2E_DIR, outside the tree)');
	}
	const runtime = await ensureRuntime({ log });
	const tarball = await preparePackage({ log, build: process.env.E2E_SKIP_BUILD !== '1' });
	const template = await prepareTemplate({ runtime, tarball, log });
	const wanting = process.env.E2E_SHARED === '0' ? [] : filesWantingShared(globalConfig);
	if (wanting.length > 0) {
		const shared = await startSharedN8n({
			runtime,
			tarball,
			template,
			dir: E2E_DIR,
			logs: E2E_LOGS,
			keep: process.env.E2E_KEEP === '1',
			echo: process.env.E2E_ECHO === '1',
		});
		process.env[SHARED_ENV] = shared.handleFile;
		/** @type {any} */ (globalThis).__gradientSharedN8n = shared;
		shared.ready.then(
			(ms) =>
				log(
					`shared n8n ready after ${Math.round(ms / 1000)} s (for ${wanting.length} file${wanting.length === 1 ? '' : 's'})`,
				),
			(error) =>
				log(`shared n8n failed to start: ${error instanceof Error ? error.message : error}`),
		);
	}
	log(
		`ready in ${Math.round((Date.now() - started) / 1000)} s (n8n ${runtime.n8nVersion}, ${tarball}${wanting.length > 0 ? '; the shared n8n is starting' : ''})`,
	);
};
