#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node tools/install-runtime.js [--force]
 *
 * Install the pinned n8n runtime (tools/n8n-runtime) unless a matching install is there; the
 * e2e tests and the demo do the same on first use. --force reinstalls.
 */
const { ensureRuntime } = require('./lib/runtime');

ensureRuntime({
	force: process.argv.includes('--force'),
	log: (line) => process.stdout.write(`${line}\n`),
}).then(
	(runtime) => {
		process.stdout.write(
			`n8n ${runtime.n8nVersion} on Node ${runtime.nodeVersion} ${runtime.installed ? 'installed' : 'already installed'}: ${runtime.n8n}\n`,
		);
	},
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
