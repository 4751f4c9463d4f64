#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm test: everything, in order, and one `N passed, N failed` line for all of it.
 *
 *   0. system                    Chromium, PostgreSQL server binaries, redis-server: found, or
 *                                installed with apt-get when allowed, or one line saying how (exit 1)
 *   1. build                     npm run build (n8n-node build)
 *      lint                      npm run lint (n8n-node lint, strict)
 *   2. typecheck tests           tsc -p tsconfig.test.json (the TypeScript tests and the node code)
 *   3. typecheck tools           tsc -p tsconfig.tools.json (sandbox, harness, demo: JavaScript + JSDoc)
 *   4. unit                      jest --selectProjects unit
 *   5. sandbox                   jest --selectProjects sandbox (separately: its throughput and rate
 *                                tests measure, and must not share the 2 cores with ts-jest)
 *   6. e2e                       jest --selectProjects e2e templates --maxWorkers=2 (real n8n; installs
 *                                it on first use): two files at a time (they mostly wait on HTTP and
 *                                timers), most of them on one shared n8n (test/e2e/README.md)
 *   7. e2e-alone                 jest --selectProjects e2e-alone --runInBand: the e2e files marked
 *                                `@e2e-alone` (they measure request rates or memory), after the others
 *                                and one at a time, with the machine to themselves
 *
 * Every phase runs even if an earlier one failed (e2e is skipped when the build failed). Jest
 * phases count their tests; the other phases count as one check each. Each phase's result is
 * written to <results dir>/<phase>.json (default .tmp/test-results; CI_RESULTS_DIR overrides),
 * which tools/test-summary.js turns into the timing table (per phase and per test file, also
 * written as timings.txt and timings.json) and the final line; with CI_RESULTS_DIR set, they are
 * left to the caller (.ci/run adds its own steps).
 *
 * Options: --only <phase,...> (build, lint, typecheck-tests, typecheck-tools, unit, sandbox, e2e,
 * e2e-alone); --no-build: the caller just built (.ci/run), skip the build phase and e2e's own
 * build. Extra arguments after `--` go to every jest phase (e.g. a test path pattern; a phase
 * with no file matching it passes empty). `npm run test:e2e -- <file>` is `--only e2e,e2e-alone`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { writeResult, summarise, printSummary } = require('./test-summary');
const { ensureSystemDeps } = require('./lib/system-deps');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_DIR = process.env.CI_RESULTS_DIR
	? path.resolve(process.env.CI_RESULTS_DIR)
	: path.join(ROOT, '.tmp', 'test-results');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

/**
 * Run a command with inherited stdio; resolve its exit code.
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
function sh(command, args, env = process.env) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
		child.on('error', () => resolve(127));
		child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
	});
}

/** @param {string} title */
function banner(title) {
	process.stdout.write(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}\n`);
}

/**
 * A phase that is one check: pass when the command exits 0.
 * @param {string} phase
 * @param {string} title
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
async function checkPhase(phase, title, command, args, env) {
	banner(title);
	const started = Date.now();
	const code = await sh(command, args, env);
	const ok = code === 0;
	writeResult(RESULTS_DIR, phase, {
		title,
		passed: ok ? 1 : 0,
		failed: ok ? 0 : 1,
		ms: Date.now() - started,
		note: ok ? '' : `exit ${code}`,
	});
	return ok;
}

/**
 * A jest phase: counts its tests from jest's JSON report.
 * @param {string} phase
 * @param {string} title
 * @param {string[]} args
 * @param {string[]} extra test path patterns
 * @param {NodeJS.ProcessEnv} [env]
 */
async function jestPhase(phase, title, args, extra, env) {
	banner(title);
	const started = Date.now();
	const report = path.join(RESULTS_DIR, `${phase}.jest.json`);
	fs.rmSync(report, { force: true });
	const code = await sh(
		process.execPath,
		[JEST, ...args, '--json', `--outputFile=${report}`, ...extra],
		env,
	);
	let passed = 0;
	let failed = 0;
	let note = '';
	try {
		const json = JSON.parse(fs.readFileSync(report, 'utf8'));
		passed = json.numPassedTests;
		// A suite that could not run (syntax error, failing beforeAll import) counts once.
		failed = json.numFailedTests + json.numRuntimeErrorTestSuites;
		if (json.numTotalTests === 0 && code !== 0) failed = Math.max(failed, 1);
		if (code !== 0 && failed === 0) {
			failed = 1;
			note = `jest exit ${code}`;
		}
	} catch {
		failed = 1;
		note = `no jest report (exit ${code})`;
	}
	writeResult(RESULTS_DIR, phase, { title, passed, failed, ms: Date.now() - started, note });
	return failed === 0;
}

async function main() {
	const argv = process.argv.slice(2);
	const dashDash = argv.indexOf('--');
	const own = dashDash === -1 ? argv : argv.slice(0, dashDash);
	const jestExtra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
	const onlyIndex = own.indexOf('--only');
	const only = onlyIndex === -1 ? null : new Set(own[onlyIndex + 1].split(','));
	const noBuild = own.includes('--no-build');
	/** @param {string} phase */
	const want = (phase) => (only === null || only.has(phase)) && !(noBuild && phase === 'build');

	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	if (!process.env.CI_RESULTS_DIR) {
		for (const file of fs.readdirSync(RESULTS_DIR))
			fs.rmSync(path.join(RESULTS_DIR, file), { force: true });
	}
	const started = Date.now();
	// Chromium, PostgreSQL and Redis are needed by the sandbox and e2e phases: found or installed
	// now, or the run stops here with one line that says how to get them.
	if (want('sandbox') || want('e2e') || want('e2e-alone')) {
		const system = ensureSystemDeps();
		if (!system.ok) {
			process.stderr.write(`${system.message}\n`);
			writeResult(RESULTS_DIR, 'system', {
				title: 'system programs (Chromium, PostgreSQL, Redis)',
				passed: 0,
				failed: 1,
				ms: Date.now() - started,
				note: system.message,
			});
			return 1;
		}
		Object.assign(process.env, system.env);
	}
	let built = true;
	if (want('build')) {
		built = await checkPhase('build', 'build (npm run build)', 'npm', ['run', 'build']);
	}
	if (want('lint')) {
		await checkPhase('lint', 'lint (npm run lint, strict)', 'npm', ['run', 'lint']);
	}
	if (want('typecheck-tests')) {
		await checkPhase(
			'typecheck-tests',
			'typecheck tests (tsc -p tsconfig.test.json)',
			process.execPath,
			[TSC, '-p', 'tsconfig.test.json'],
		);
	}
	if (want('typecheck-tools')) {
		await checkPhase(
			'typecheck-tools',
			'typecheck tools (tsc -p tsconfig.tools.json)',
			process.execPath,
			[TSC, '-p', 'tsconfig.tools.json'],
		);
	}
	if (want('unit')) {
		await jestPhase('unit', 'unit tests (jest)', ['--selectProjects', 'unit'], jestExtra);
	}
	if (want('sandbox')) {
		await jestPhase('sandbox', 'sandbox tests (jest)', ['--selectProjects', 'sandbox'], jestExtra);
	}
	// The build above (or the e2e phase's own) is what gets packed.
	let packed = want('build') || noBuild;
	const e2ePhases = [
		{
			phase: 'e2e',
			title: 'e2e + template tests in real n8n (jest, two files at a time)',
			args: ['--selectProjects', 'e2e', 'templates', '--maxWorkers=2'],
		},
		{
			phase: 'e2e-alone',
			title: 'e2e tests that measure, each alone (jest, @e2e-alone)',
			args: ['--selectProjects', 'e2e-alone', '--runInBand', '--passWithNoTests'],
		},
	];
	for (const { phase, title, args } of e2ePhases) {
		if (!want(phase)) continue;
		if (!built) {
			writeResult(RESULTS_DIR, phase, {
				title,
				passed: 0,
				failed: 1,
				ms: 0,
				note: 'skipped: the build failed',
			});
			continue;
		}
		await jestPhase(
			phase,
			title,
			[...args, ...(jestExtra.length > 0 ? ['--passWithNoTests'] : [])],
			jestExtra,
			{
				...process.env,
				E2E_SKIP_BUILD: packed ? '1' : process.env.E2E_SKIP_BUILD,
			},
		);
		packed = true;
	}
	const summary = summarise(RESULTS_DIR);
	// Under .ci/run the caller prints the table and the line, with its own phases.
	if (!process.env.CI_RESULTS_DIR)
		printSummary(summary, { totalMs: Date.now() - started, dir: RESULTS_DIR });
	return summary.failed === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
