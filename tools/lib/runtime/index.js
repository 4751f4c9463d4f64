// @ts-check
'use strict';
/**
 * The pinned n8n runtime (tools/n8n-runtime: n8n + Node 24 from npm, committed lockfile).
 * Installed on demand — `npm ci --ignore-scripts`, then sqlite3 compiled against Node 24's
 * headers — and reused while `.installed` records the hash of the lockfile it was installed from.
 * It is never a dependency of the node package.
 *
 * The tree lives in the dot-directory tools/n8n-runtime/.runtime/ (the manifest and lockfile are
 * copied there): `n8n-node build` copies every `**\/*.{png,svg}` outside the top-level
 * node_modules into dist/, and a plain tools/n8n-runtime/node_modules put n8n's 1,900 icons into
 * the package tarball (and made every build walk 2.8 GB). Globs skip dot-directories.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('../procs');
const {
	pinned,
	lockHash,
	paths,
	runtimeEnv,
	readJson,
	RUNTIME_DIR,
	INSTALL_DIR,
	LEGACY_MODULES,
	MARKER,
} = require('./layout');
const {
	acquireLock,
	step,
	treeMatchesLock,
	legacyShim,
	copyManifest,
	writeMarker,
} = require('./install');

/**
 * @typedef {object} Runtime
 * @property {string} dir tools/n8n-runtime
 * @property {string} node Node 24 binary
 * @property {string} nodeBinDir directory of the Node 24 binary (put it first on PATH)
 * @property {string} nodedir Node 24 headers (npm_config_nodedir for native builds)
 * @property {string} n8n n8n's bin script (run it with `node`)
 * @property {string} n8nVersion
 * @property {string} nodeVersion
 * @property {boolean} installed true when this call installed it, false when it was reused
 */

/**
 * Checks that the installed tree works: Node and n8n versions, sqlite3's native binding loads.
 * @returns {Promise<{ ok: true, nodeVersion: string, n8nVersion: string } | { ok: false, reason: string }>}
 */
async function verify() {
	const p = paths();
	const want = pinned();
	if (!fs.existsSync(p.node)) return { ok: false, reason: 'no Node 24 binary' };
	if (!fs.existsSync(p.n8n)) return { ok: false, reason: 'no n8n' };
	const nodeRun = await run(p.node, ['--version'], { timeoutMs: 30000, name: 'node --version' });
	const nodeVersion = nodeRun.stdout.trim();
	if (nodeVersion !== `v${want.node}`) {
		return { ok: false, reason: `Node is ${nodeVersion || '?'}, want v${want.node}` };
	}
	const n8nRun = await run(p.node, [p.n8n, '--version'], {
		timeoutMs: 60000,
		name: 'n8n --version',
		env: runtimeEnv(),
	});
	const n8nVersion = n8nRun.stdout.trim().split('\n').pop() ?? '';
	if (n8nVersion !== want.n8n) {
		return { ok: false, reason: `n8n --version says "${n8nVersion}", want ${want.n8n}` };
	}
	const sqlite = await run(
		p.node,
		['-e', `require(${JSON.stringify(path.join(INSTALL_DIR, 'node_modules', 'sqlite3'))})`],
		{ timeoutMs: 30000, name: 'sqlite3 check' },
	);
	if (sqlite.code !== 0) {
		return { ok: false, reason: `sqlite3 does not load on Node ${want.node}` };
	}
	return { ok: true, nodeVersion, n8nVersion };
}

/**
 * Install the runtime unless a matching install is there; return its paths.
 * @param {{ log?: (message: string) => void, force?: boolean }} [options]
 * @returns {Promise<Runtime>}
 */
async function ensureRuntime(options = {}) {
	const log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
	const want = pinned();
	const hash = lockHash();
	const p = paths();

	/** @returns {boolean} */
	const markerMatches = () => {
		try {
			return readJson(MARKER).lockHash === hash;
		} catch {
			return false;
		}
	};

	if (!options.force && markerMatches() && fs.existsSync(p.node) && fs.existsSync(p.n8n)) {
		legacyShim(log);
		return { ...p, n8nVersion: want.n8n, nodeVersion: `v${want.node}`, installed: false };
	}

	const release = await acquireLock(log);
	try {
		// Someone else may have finished while we waited for the lock.
		if (!options.force && markerMatches() && fs.existsSync(p.node) && fs.existsSync(p.n8n)) {
			return { ...p, n8nVersion: want.n8n, nodeVersion: `v${want.node}`, installed: false };
		}
		// A tree installed by hand from this lockfile (no marker yet) is adopted after a check,
		// moved out of the way of the build's icon glob first.
		const installed = path.join(INSTALL_DIR, 'node_modules');
		if (
			!options.force &&
			!fs.existsSync(installed) &&
			fs.existsSync(path.join(LEGACY_MODULES, '.package-lock.json'))
		) {
			log(`n8n runtime: moving ${LEGACY_MODULES} to ${installed}`);
			copyManifest();
			fs.renameSync(LEGACY_MODULES, installed);
		}
		if (!options.force && fs.existsSync(path.join(installed, '.package-lock.json'))) {
			const check = treeMatchesLock()
				? await verify()
				: { ok: /** @type {const} */ (false), reason: 'not installed from this lockfile' };
			if (check.ok) {
				writeMarker(hash, check, 'adopted');
				legacyShim(log);
				log(
					`n8n runtime: reusing the existing install (n8n ${check.n8nVersion}, Node ${check.nodeVersion})`,
				);
				return {
					...p,
					n8nVersion: check.n8nVersion,
					nodeVersion: check.nodeVersion,
					installed: false,
				};
			}
			log(`n8n runtime: existing install unusable (${check.reason}); reinstalling`);
		}
		const started = Date.now();
		fs.rmSync(MARKER, { force: true });
		copyManifest();
		fs.rmSync(path.join(INSTALL_DIR, 'install.log'), { force: true });
		log(
			`n8n runtime: installing n8n ${want.n8n} + Node ${want.node} into ${path.relative(process.cwd(), INSTALL_DIR) || INSTALL_DIR} (about 5 minutes, 2.8 GB; once)`,
		);
		await step(
			'[1/3] npm ci --ignore-scripts',
			'npm',
			['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
			log,
			30 * 60000,
		);
		await step(
			'[2/3] compile sqlite3 against the Node 24 headers',
			'npm',
			['rebuild', 'sqlite3', '--build-from-source'],
			log,
			20 * 60000,
		);
		log('n8n runtime: [3/3] check versions and native modules');
		const check = await verify();
		if (!check.ok) throw new Error(`n8n runtime: installed, but the check failed: ${check.reason}`);
		writeMarker(hash, check, 'installed');
		legacyShim(log);
		log(
			`n8n runtime: ready in ${Math.round((Date.now() - started) / 1000)} s (n8n ${check.n8nVersion}, Node ${check.nodeVersion})`,
		);
		return { ...p, n8nVersion: check.n8nVersion, nodeVersion: check.nodeVersion, installed: true };
	} finally {
		release();
	}
}

module.exports = { ensureRuntime, verify, runtimeEnv, RUNTIME_DIR, INSTALL_DIR };
