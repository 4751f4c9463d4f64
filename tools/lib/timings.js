// @ts-check
'use strict';
/**
 * Where the time of a test run went: one row per phase (from the `<phase>.result.json` files of
 * tools/test-summary.js) and one row per test file of every jest phase (from jest's JSON report,
 * `<phase>.jest.json`, whose testResults carry each file's start and end). Printed at the end of
 * `npm test` and written next to the results as timings.txt and timings.json.
 *
 * Per file: wall time (start to end), the part spent inside its tests (the sum of their
 * durations) and the rest (module load, beforeAll/afterAll: n8n boots and set-up), and when it
 * started after the phase began, which shows files that ran side by side.
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {object} FileTiming
 * @property {string} phase
 * @property {string} file path from the repository root
 * @property {number} tests
 * @property {number} failed
 * @property {number} ms wall time of the file
 * @property {number} inTestsMs sum of its tests' durations
 * @property {number} startOffsetMs when it started, after the first file of its phase started
 */

/**
 * @typedef {object} PhaseTiming
 * @property {string} phase
 * @property {string} title
 * @property {number} tests passed + failed
 * @property {number} ms
 * @property {number} [files] jest phases: test files
 * @property {number} [filesMs] jest phases: the files' wall times summed (more than ms when they ran side by side)
 * @property {number} [beforeFilesMs] jest phases: from the phase's start to its first file (jest, globalSetup)
 * @property {number} [afterFilesMs] jest phases: from its last file's end to the phase's end (globalTeardown, exit)
 */

/**
 * @param {string} dir results directory
 * @param {Array<{ phase: string, title: string, passed: number, failed: number, ms: number, order?: number }>} phases
 * @param {string} root paths are shown relative to it
 * @returns {{ phases: PhaseTiming[], files: FileTiming[] }}
 */
function collectTimings(dir, phases, root) {
	/** @type {FileTiming[]} */
	const files = [];
	/** @type {PhaseTiming[]} */
	const rows = [];
	for (const p of phases) {
		/** @type {PhaseTiming} */
		const row = { phase: p.phase, title: p.title, tests: p.passed + p.failed, ms: p.ms };
		const report = path.join(dir, `${p.phase}.jest.json`);
		if (fs.existsSync(report)) {
			try {
				const json = JSON.parse(fs.readFileSync(report, 'utf8'));
				/** @type {any[]} */
				const results = json.testResults ?? [];
				const first = Math.min(...results.map((r) => r.startTime));
				const own = results.map((r) => ({
					phase: p.phase,
					file: shortPath(root, r.name),
					tests: (r.assertionResults ?? []).length,
					failed: (r.assertionResults ?? []).filter((/** @type {any} */ a) => a.status === 'failed')
						.length,
					ms: Math.max(0, r.endTime - r.startTime),
					inTestsMs: (r.assertionResults ?? []).reduce(
						(/** @type {number} */ sum, /** @type {any} */ a) => sum + (a.duration ?? 0),
						0,
					),
					startOffsetMs: Math.max(0, r.startTime - first),
				}));
				own.sort((a, b) => b.ms - a.ms);
				files.push(...own);
				row.files = own.length;
				row.filesMs = own.reduce((sum, f) => sum + f.ms, 0);
				// `order` is when the phase's result was written, i.e. its end.
				if (p.order && results.length > 0) {
					const last = Math.max(...results.map((r) => r.endTime));
					row.beforeFilesMs = Math.max(0, first - (p.order - p.ms));
					row.afterFilesMs = Math.max(0, p.order - last);
				}
			} catch {
				// an unreadable report: the phase row stays
			}
		}
		rows.push(row);
	}
	return { phases: rows, files };
}

/**
 * A test file's path from the repository root (from `test/` when the report was written
 * elsewhere).
 * @param {string} root
 * @param {string} file
 */
function shortPath(root, file) {
	const relative = path.relative(root, file);
	if (!relative.startsWith('..')) return relative;
	const at = file.lastIndexOf(`${path.sep}test${path.sep}`);
	return at === -1 ? file : file.slice(at + 1);
}

/** @param {number} ms */
function seconds(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** @param {number} ms */
function clock(ms) {
	const s = Math.round(ms / 1000);
	return `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The table as lines of text.
 * @param {{ phases: PhaseTiming[], files: FileTiming[] }} timings
 * @param {{ totalMs?: number }} [options]
 * @returns {string[]}
 */
function formatTimings(timings, options = {}) {
	const lines = [];
	const sum = timings.phases.reduce((n, p) => n + p.ms, 0);
	lines.push(
		`Where the time went${options.totalMs ? ` (${seconds(options.totalMs)} in all)` : ''}: per phase`,
	);
	lines.push(
		`  ${'phase'.padEnd(58)} ${'tests'.padStart(6)} ${'time'.padStart(10)} ${'share'.padStart(6)}`,
	);
	for (const p of timings.phases) {
		const share = sum > 0 ? `${Math.round((100 * p.ms) / sum)} %` : '';
		const extra =
			p.files !== undefined && p.filesMs !== undefined
				? `  ${p.files} files, ${seconds(p.filesMs)} summed${p.filesMs > p.ms * 1.1 ? ` (${(p.filesMs / Math.max(1, p.ms)).toFixed(1)} at a time)` : ''}`
				: '';
		lines.push(
			`  ${p.title.slice(0, 58).padEnd(58)} ${String(p.tests).padStart(6)} ${seconds(p.ms).padStart(10)} ${share.padStart(6)}${extra}`,
		);
	}
	const byPhase = new Map();
	for (const f of timings.files) {
		if (!byPhase.has(f.phase)) byPhase.set(f.phase, []);
		byPhase.get(f.phase).push(f);
	}
	for (const [phase, files] of byPhase) {
		const title = timings.phases.find((p) => p.phase === phase)?.title ?? phase;
		lines.push('');
		const phaseRow = timings.phases.find((p) => p.phase === phase);
		lines.push(`Per file: ${title} (slowest first; "outside" = loading, beforeAll, afterAll)`);
		if (phaseRow?.beforeFilesMs !== undefined)
			lines.push(
				`  before the first file (jest, globalSetup): ${seconds(phaseRow.beforeFilesMs)}; after the last: ${seconds(phaseRow.afterFilesMs ?? 0)}`,
			);
		lines.push(
			`  ${'file'.padEnd(48)} ${'tests'.padStart(5)} ${'time'.padStart(10)} ${'in tests'.padStart(10)} ${'outside'.padStart(9)} ${'started'.padStart(8)}`,
		);
		for (const f of files) {
			lines.push(
				`  ${f.file.slice(-48).padEnd(48)} ${String(f.tests).padStart(5)} ${seconds(f.ms).padStart(10)} ${seconds(f.inTestsMs).padStart(10)} ${seconds(Math.max(0, f.ms - f.inTestsMs)).padStart(9)} ${clock(f.startOffsetMs).padStart(8)}${f.failed ? `  ${f.failed} failed` : ''}`,
			);
		}
	}
	return lines;
}

/**
 * Write timings.json and timings.txt into the results directory; returns the text lines.
 * @param {string} dir
 * @param {{ phases: PhaseTiming[], files: FileTiming[] }} timings
 * @param {{ totalMs?: number }} [options]
 */
function writeTimings(dir, timings, options = {}) {
	const lines = formatTimings(timings, options);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'timings.json'),
		`${JSON.stringify({ totalMs: options.totalMs ?? null, ...timings }, null, 2)}\n`,
	);
	fs.writeFileSync(path.join(dir, 'timings.txt'), `${lines.join('\n')}\n`);
	return lines;
}

module.exports = { collectTimings, formatTimings, writeTimings };
