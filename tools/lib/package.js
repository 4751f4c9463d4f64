// @ts-check
'use strict';
/**
 * The node package as n8n users get it: built, `npm pack`ed, and unpacked into
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>`, where n8n's community-packages module
 * loads it with the production type names (`n8n-nodes-gradient-synthesize.*`).
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./procs');

const ROOT = path.resolve(__dirname, '..', '..');

function manifest() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** Environment for npm in the package: npm's own scripts run on the package's Node 24. */
function npmEnv() {
	return { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false' };
}

/**
 * `npm run build` (n8n-node build).
 * @param {{ log?: (message: string) => void }} [options]
 */
async function buildPackage(options = {}) {
	const log = options.log ?? (() => {});
	log('package: npm run build');
	const result = await run('npm', ['run', 'build'], {
		cwd: ROOT,
		env: npmEnv(),
		timeoutMs: 5 * 60000,
		name: 'npm run build',
	});
	if (result.code !== 0) {
		const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
		throw new Error(`npm run build failed (exit ${result.code})\n${output}`);
	}
	return result.ms;
}

/**
 * `npm pack` into `outDir`; returns the tarball's path.
 * @param {string} outDir
 * @param {{ log?: (message: string) => void }} [options]
 */
async function packPackage(outDir, options = {}) {
	const log = options.log ?? (() => {});
	fs.mkdirSync(outDir, { recursive: true });
	log('package: npm pack');
	const result = await run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{ cwd: ROOT, env: npmEnv(), timeoutMs: 120000, name: 'npm pack' },
	);
	if (result.code !== 0) {
		throw new Error(`npm pack failed (exit ${result.code})\n${result.stderr}`);
	}
	const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	return path.join(outDir, info.filename);
}

/**
 * Build, then pack into `outDir`.
 * @param {string} outDir
 * @param {{ log?: (message: string) => void, build?: boolean }} [options]
 */
async function buildAndPack(outDir, options = {}) {
	if (options.build !== false) await buildPackage(options);
	return await packPackage(outDir, options);
}

/** What `dist/` may hold in the tarball; anything else (n8n's icons, tools, tests) is a packing bug. */
const SHIPPED_DIST = ['credentials', 'nodes', 'icons', 'package.json', 'tsconfig.tsbuildinfo'];

/**
 * @param {string} file path inside the package, with /
 */
function isShippable(file) {
	const parts = file.split('/');
	if (parts.includes('node_modules')) return false;
	if (parts.length === 1) return true; // package.json, README.md, LICENSE…
	return parts[0] === 'dist' && SHIPPED_DIST.includes(parts[1]);
}

/**
 * @param {string} dir
 * @param {string} [prefix]
 * @returns {string[]}
 */
function listFiles(dir, prefix = '') {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory()
				? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
				: [`${prefix}${entry.name}`],
		);
}

/**
 * Unpack the tarball as an installed community package of this user folder, and check what
 * n8n will load: every file the manifest names, and no nested node_modules (so `zod` and
 * `n8n-workflow` resolve from n8n itself, as on a real instance), nothing outside what the
 * package ships (a wrong `files` list or a build that copies stray files shows up here).
 * @param {string} tarball
 * @param {string} userFolder N8N_USER_FOLDER
 * @returns {Promise<string>} the package directory
 */
async function installPackage(tarball, userFolder) {
	const name = manifest().name;
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const result = await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {
		timeoutMs: 60000,
		name: 'tar',
	});
	if (result.code !== 0) throw new Error(`tar -xzf ${tarball} failed: ${result.stderr}`);
	const strays = listFiles(dir).filter((file) => !isShippable(file));
	if (strays.length > 0) {
		const hint = strays.some((file) => file.startsWith('dist/tools/'))
			? ' (n8n-node build copies every *.svg/*.png outside the top-level node_modules into dist/: is there a full npm install in tools/n8n-runtime/node_modules? The runtime belongs in tools/n8n-runtime/.runtime)'
			: '';
		throw new Error(
			`${name}: the tarball holds files that are not part of the package (${strays.length}): ${strays.slice(0, 5).join(', ')}${strays.length > 5 ? ', …' : ''}${hint}`,
		);
	}
	const installed = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const files = [...(installed.n8n?.nodes ?? []), ...(installed.n8n?.credentials ?? [])];
	if (files.length === 0) throw new Error(`${name}: package.json lists no n8n nodes`);
	const missing = files.filter((file) => !fs.existsSync(path.join(dir, file)));
	if (missing.length > 0) {
		throw new Error(
			`${name}: the tarball lacks files its package.json names: ${missing.join(', ')}`,
		);
	}
	if (installed.dependencies && Object.keys(installed.dependencies).length > 0) {
		throw new Error(
			`${name}: runtime dependencies are not allowed (${Object.keys(installed.dependencies).join(', ')})`,
		);
	}
	return dir;
}

module.exports = { ROOT, manifest, buildPackage, packPackage, buildAndPack, installPackage };
