// @ts-check
'use strict';
/**
 * The system programs the tests need besides Node and npm, found or installed in one place:
 *   - Chromium: the editor and sandbox-page tests drive it (playwright-core, no browser download);
 *   - PostgreSQL server binaries: the SQL template's fixture and queue mode's database;
 *   - redis-server: queue mode's broker.
 * Each is looked for where Debian puts it (or where an environment variable says). What is missing
 * is installed with apt-get when this user may (root, or sudo without a password), with one
 * progress line; otherwise one line says how to get it and the caller exits non-zero. Nothing is
 * ever skipped silently.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/**
 * @typedef {object} SystemDep
 * @property {string} label        what a person calls it
 * @property {string} env          the environment variable that overrides the search
 * @property {string} aptPackage   Debian's package
 * @property {() => string | undefined} find  the path (a program, or a bin directory), or undefined
 */

/** @param {string[]} candidates */
const firstExisting = (candidates) => candidates.find((file) => file && fs.existsSync(file));

/** @param {string} program */
function onPath(program) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const file = path.join(dir, program);
		if (dir && fs.existsSync(file)) return file;
	}
	return undefined;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

/** @type {Record<'chromium' | 'postgres' | 'redis', SystemDep>} */
const DEPS = {
	chromium: {
		label: 'Chromium',
		env: 'CHROMIUM_PATH',
		aptPackage: 'chromium',
		find: () =>
			firstExisting([
				process.env.CHROMIUM_PATH ?? '',
				'/usr/bin/chromium',
				'/usr/bin/chromium-browser',
				'/usr/bin/google-chrome',
			]),
	},
	postgres: {
		label: 'PostgreSQL server',
		env: 'PG_BIN',
		aptPackage: 'postgresql',
		find: () => {
			const fromEnv = process.env.PG_BIN;
			if (fromEnv && fs.existsSync(path.join(fromEnv, 'initdb'))) return fromEnv;
			return postgresBinDir();
		},
	},
	redis: {
		label: 'Redis server',
		env: 'REDIS_SERVER',
		aptPackage: 'redis-server',
		find: () => firstExisting([process.env.REDIS_SERVER ?? '', onPath('redis-server') ?? '']),
	},
};

/** Whether apt-get can be run here without a password: 'root', 'sudo' or undefined. */
function aptAccess() {
	if (!onPath('apt-get')) return undefined;
	if (typeof process.getuid === 'function' && process.getuid() === 0) return 'root';
	if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return 'sudo';
	return undefined;
}

/**
 * Installs what is missing (when it may) and returns the environment that points the tests at
 * each program: { CHROMIUM_PATH, PG_BIN, REDIS_SERVER }.
 * @param {{ log?: (line: string) => void, only?: Array<keyof typeof DEPS> }} [options]
 * @returns {{ ok: true, env: Record<string, string> } | { ok: false, message: string }}
 */
function ensureSystemDeps(options = {}) {
	const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
	const names = options.only ?? /** @type {Array<keyof typeof DEPS>} */ (Object.keys(DEPS));
	const missing = names.filter((name) => !DEPS[name].find());
	if (missing.length > 0) {
		const packages = missing.map((name) => DEPS[name].aptPackage);
		const access = aptAccess();
		if (!access) {
			return {
				ok: false,
				message: `npm test needs ${missing.map((name) => DEPS[name].label).join(', ')}: run \`sudo apt-get install -y ${packages.join(' ')}\` (or set ${missing.map((name) => DEPS[name].env).join(' / ')})`,
			};
		}
		log(`system: installing ${packages.join(', ')} with apt-get (once, about a minute)`);
		const sudo = access === 'sudo' ? ['sudo', '-n'] : [];
		const apt = (/** @type {string[]} */ args) =>
			spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
				stdio: ['ignore', 'ignore', 'pipe'],
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
				encoding: 'utf8',
			});
		const update = apt(['update', '-qq']);
		const install = update.status === 0 ? apt(['install', '-y', '-qq', ...packages]) : update;
		const stillMissing = missing.filter((name) => !DEPS[name].find());
		if (install.status !== 0 || stillMissing.length > 0) {
			const reason = (install.stderr ?? '').trim().split('\n').slice(-1)[0] || `exit ${install.status}`;
			return {
				ok: false,
				message: `apt-get could not install ${packages.join(' ')} (${reason}): install them yourself, or set ${missing.map((name) => DEPS[name].env).join(' / ')}`,
			};
		}
	}
	/** @type {Record<string, string>} */
	const env = {};
	for (const name of names) env[DEPS[name].env] = /** @type {string} */ (DEPS[name].find());
	return { ok: true, env };
}

module.exports = { ensureSystemDeps, DEPS };
