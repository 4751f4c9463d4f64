#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Results of test phases, one JSON file per phase in a directory, and the single line that sums
 * them up: `N passed, N failed`. Used by tools/test.js (npm test) and .ci/run (which adds lint).
 *
 *   node tools/test-summary.js <dir>                    print the timing table (also written to <dir>/timings.txt
 *                                                       and timings.json), the results table and the final line
 *                                                       (exit 1 if anything failed)
 *   node tools/test-summary.js <dir> --record <phase> <exit code> [title]   record a one-check phase
 */
const fs = require('node:fs');
const path = require('node:path');
const { collectTimings, writeTimings } = require('./lib/timings');

const ROOT = path.resolve(__dirname, '..');

/**
 * @typedef {{ title: string, passed: number, failed: number, ms: number, note?: string, order?: number }} PhaseResult
 */

/**
 * @param {string} dir
 * @param {string} phase
 * @param {PhaseResult} result
 */
function writeResult(dir, phase, result) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, `${phase}.result.json`),
		`${JSON.stringify({ ...result, order: result.order ?? Date.now() })}\n`,
	);
}

/**
 * @param {string} dir
 * @returns {{ phases: Array<PhaseResult & { phase: string }>, passed: number, failed: number }}
 */
function summarise(dir) {
	const phases = fs.existsSync(dir)
		? fs
				.readdirSync(dir)
				.filter((file) => file.endsWith('.result.json'))
				.map((file) => ({
					phase: file.replace(/\.result\.json$/, ''),
					.../** @type {PhaseResult} */ (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
				}))
				.sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
		: [];
	return {
		phases,
		passed: phases.reduce((n, p) => n + p.passed, 0),
		failed: phases.reduce((n, p) => n + p.failed, 0),
	};
}

/** @param {number} ms */
function duration(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * The timing table (per phase, and per file of every jest phase), then the per-phase results and
 * the final line. With `dir`, the timing table is also written there (timings.txt, timings.json).
 * @param {ReturnType<typeof summarise>} summary
 * @param {{ finalLine?: boolean, totalMs?: number, dir?: string }} [options]
 */
function printSummary(summary, options = {}) {
	const out = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
	if (options.dir) {
		const timings = collectTimings(options.dir, summary.phases, ROOT);
		out('');
		for (const line of writeTimings(options.dir, timings, { totalMs: options.totalMs })) out(line);
	}
	out('');
	out(`Summary${options.totalMs ? ` (${duration(options.totalMs)})` : ''}`);
	for (const p of summary.phases) {
		const counts =
			p.passed + p.failed === 1
				? p.failed
					? 'FAIL'
					: 'pass'
				: `${p.passed} passed, ${p.failed} failed`;
		out(
			`  ${p.failed ? '✗' : '✓'} ${p.title.padEnd(52)} ${counts.padEnd(22)} ${duration(p.ms).padStart(9)}${p.note ? `  (${p.note})` : ''}`,
		);
	}
	if (options.finalLine !== false) out(`${summary.passed} passed, ${summary.failed} failed`);
}

if (require.main === module) {
	const [dir, flag, phase, code, ...title] = process.argv.slice(2);
	if (!dir) {
		process.stderr.write('usage: test-summary.js <dir> [--record <phase> <exit code> [title]]\n');
		process.exit(2);
	}
	if (flag === '--record') {
		const ok = Number(code) === 0;
		writeResult(dir, phase, {
			title: title.join(' ') || phase,
			passed: ok ? 1 : 0,
			failed: ok ? 0 : 1,
			ms: Number(process.env.PHASE_MS ?? 0),
			note: ok ? '' : `exit ${code}`,
		});
		process.exit(0);
	}
	const summary = summarise(dir);
	printSummary(summary, { dir });
	process.exit(summary.failed === 0 && summary.passed > 0 ? 0 : 1);
}

module.exports = { writeResult, summarise, printSummary };
