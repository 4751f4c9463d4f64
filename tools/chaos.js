#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run chaos [-- --size full|small] [-- --out <file>] [-- --no-templates] [-- --no-write]
 *
 * The reliability suite (test/e2e/reliability/) at full size (RELIABILITY_SIZE=full): Sync Usage of
 * 5,000 rows under faults, 200 rebuild trials, 200 alerts in strict mode, ten workflows on one token
 * (5,000 pairs), the trigger under faults across restarts, the bad-input corpus and the secrets
 * search — the same tests and assertions `npm test` runs at the small size. The template tests run
 * too, for their secrets search (`--no-templates` skips them). When every test passed, the figures
 * the tests wrote (.tmp/reliability/<size>/) become docs/reliability.md (tools/chaos/report.js).
 * `--size small` runs the small size and writes only where `--out` says: a development run must
 * not replace the published figures.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { reliabilityDoc } = require('./chaos/report');
const { SIZES, SERVICES } = require('../test/e2e/reliability/common');

const ROOT = path.resolve(__dirname, '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const DOC = path.join(ROOT, 'docs', 'reliability.md');

/**
 * @param {string[]} args jest arguments (the report options go first: after `--` they would be
 *   read as test path patterns)
 * @param {NodeJS.ProcessEnv} env
 * @param {string} dir where the report goes for a moment
 * @returns {Promise<{ code: number, report: any }>}
 */
function jest(args, env, dir) {
	const report = path.join(dir, `jest-${Date.now()}.json`);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [JEST, '--json', `--outputFile=${report}`, ...args], { cwd: ROOT, env, stdio: 'inherit' });
		child.on('close', (code) => {
			let json = null;
			try {
				json = JSON.parse(fs.readFileSync(report, 'utf8'));
			} catch {
				// no report: counted as a failure below
			}
			fs.rmSync(report, { force: true });
			if (!json) process.stderr.write(`chaos: jest wrote no report (${path.relative(ROOT, report)})\n`);
			resolve({ code: json ? code ?? 1 : 1, report: json });
		});
	});
}

async function main() {
	const args = process.argv.slice(2);
	const value = (/** @type {string} */ flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
	const size = value('--size') ?? 'full';
	if (size !== 'full' && size !== 'small') {
		process.stderr.write('usage: npm run chaos [-- --size full|small] [-- --out <file>] [-- --no-templates] [-- --no-write]\n');
		return 2;
	}
	const out = value('--out') ? path.resolve(/** @type {string} */ (value('--out'))) : size === 'full' ? DOC : undefined;
	const figuresDir = path.join(ROOT, '.tmp', 'reliability', size);
	const started = new Date();
	fs.rmSync(figuresDir, { recursive: true, force: true });
	fs.mkdirSync(figuresDir, { recursive: true });
	const env = { ...process.env, RELIABILITY_SIZE: size };
	let failed = 0;
	let tests = 0;

	process.stdout.write('\n━━━ the unit bad-input corpus\n');
	const unit = await jest(['--selectProjects', 'unit', '--', 'test/unit/badInput.test.ts'], env, figuresDir);
	failed += unit.code === 0 ? 0 : 1;

	process.stdout.write(`\n━━━ the reliability suite at ${size} size (real n8n)\n`);
	const suite = await jest(['--selectProjects', 'e2e', '--runInBand', '--', 'test/e2e/reliability/'], env, figuresDir);
	tests += suite.report?.numPassedTests ?? 0;
	failed += suite.code === 0 ? 0 : 1;

	if (!args.includes('--no-templates')) {
		process.stdout.write('\n━━━ the template tests (their secrets search)\n');
		const templates = await jest(['--selectProjects', 'templates', '--runInBand', '--', 'test/e2e/templates.test.js', 'test/e2e/templates.live.test.js'], { ...env, E2E_SKIP_BUILD: '1' }, figuresDir);
		tests += templates.report?.numPassedTests ?? 0;
		failed += templates.code === 0 ? 0 : 1;
	}
	const ms = Date.now() - started.getTime();
	const unitTests = unit.report?.numPassedTests ?? 0;
	if (failed > 0) {
		process.stderr.write(`\nchaos: ${failed} phase(s) failed; nothing written\n`);
		return 1;
	}
	if (out && !args.includes('--no-write')) {
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, reliabilityDoc({ started, ms, jestTests: tests + unitTests, unitReport: unit.report, figuresDir, size, sizes: SIZES, services: SERVICES.length }));
		process.stdout.write(`\nchaos: ${tests + unitTests} tests passed in ${Math.round(ms / 60_000)} min; wrote ${path.relative(ROOT, out)}\n`);
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
