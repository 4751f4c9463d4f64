#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run bench [-- --size full|small|test] [-- --out <file>] [-- --calibrate [--candidates 5/50,5/45]]
 *
 * Sync Usage in real n8n beside the workflows people build by hand (a well-built one with
 * Batching and a ledger, a naive one, one request at a time), under both of the sandbox's
 * rate-limit models (tools/bench/). At full size (the default) it writes docs/performance.md;
 * another size writes only where --out says (a small run must not replace the published figures).
 * --calibrate tries the hand workflow's Batching candidates instead (tools/bench/config.js), or
 * only those --candidates names (items per batch / interval in ms).
 */
const path = require('node:path');
const { runBench } = require('./bench/index');

const USAGE =
	'usage: npm run bench [-- --size full|small|test] [-- --out <file>] [-- --calibrate [--candidates 5/50,5/45]]\n';

function main() {
	const args = process.argv.slice(2);
	const value = (/** @type {string} */ flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
	const size = value('--size') ?? 'full';
	if (size !== 'full' && size !== 'small' && size !== 'test') {
		process.stderr.write(USAGE);
		return Promise.resolve(2);
	}
	const calibrate = args.includes('--calibrate');
	// --candidates 5/50,5/45: only these Batching settings (items/ms) of the calibration.
	const candidates = value('--candidates')
		?.split(',')
		.map((pair) => pair.split('/').map(Number))
		.map(([batchSize, batchInterval]) => ({ batchSize, batchInterval }));
	if (candidates?.some((c) => !(c.batchSize > 0 && c.batchInterval > 0))) {
		process.stderr.write(USAGE);
		return Promise.resolve(2);
	}
	const defaultOut =
		calibrate ? path.join('.tmp', 'bench', `calibration-${size}.md`) : size === 'full' ? path.join('docs', 'performance.md') : undefined;
	const out = value('--out') ?? defaultOut;
	// A missed goal is a result, printed and written, not a failure of the command.
	return runBench({ size, calibrate, candidates, out: out ? path.resolve(out) : undefined }).then(() => 0);
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
