#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * What n8n's expression isolate costs on this machine. n8n 2.x (N8N_EXPRESSION_ENGINE=vm, its
 * default) takes a fresh isolate for every workflow execution and disposes of it at the end: a V8
 * isolate with n8n's 480 KB expression runtime loaded into it. A lane execution per partner pays
 * this once per partner, whatever the lane does. CPU per isolate (all threads of this process),
 * with n8n's runtime bundle compiled each time (n8n's default) and from V8's code cache
 * (N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true).
 *
 *   node tools/scale/isolate-cost.js            # 30 isolates each way
 *   node tools/scale/isolate-cost.js --count 100
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureRuntime, INSTALL_DIR } = require('../lib/runtime');

const CHILD = 'ISOLATE_COST_CHILD';

/** @param {string[]} argv */
function countOf(argv) {
	const at = argv.indexOf('--count');
	const count = at < 0 ? 30 : Number(argv[at + 1]);
	if (!Number.isInteger(count) || count < 1) throw new Error('--count: a positive whole number');
	return count;
}

/** @param {boolean} compileCache @param {number} count */
async function measure(compileCache, count) {
	const bridgeModule = path.join(
		INSTALL_DIR,
		'node_modules/@n8n/expression-runtime/dist/cjs/bridge/isolated-vm-bridge.js',
	);
	const { IsolatedVmBridge } = require(bridgeModule);
	const once = async () => {
		const bridge = new IsolatedVmBridge({ compileCache });
		await bridge.initialize();
		await bridge.dispose();
	};
	for (let i = 0; i < 3; i++) await once(); // warm-up (and the code cache's first compile)
	const cpu = process.cpuUsage();
	const started = performance.now();
	for (let i = 0; i < count; i++) await once();
	const used = process.cpuUsage(cpu);
	return {
		cpuMs: Math.round(((used.user + used.system) / 1000 / count) * 10) / 10,
		wallMs: Math.round(((performance.now() - started) / count) * 10) / 10,
	};
}

async function main() {
	const count = countOf(process.argv.slice(2));
	if (process.env[CHILD] === '1') {
		for (const compileCache of [false, true]) {
			const { cpuMs, wallMs } = await measure(compileCache, count);
			const how = compileCache ? "from V8's code cache" : "compiled each time (n8n's default)";
			process.stdout.write(`an isolate, its runtime ${how}: ${cpuMs} ms CPU, ${wallMs} ms wall (mean of ${count})\n`);
		}
		return;
	}
	// isolated-vm is built for n8n's Node 24: measure there.
	const runtime = await ensureRuntime();
	const child = spawnSync(runtime.node, [__filename, '--count', String(count)], {
		stdio: 'inherit',
		env: { ...process.env, [CHILD]: '1' },
	});
	process.exitCode = child.status ?? 1;
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
});
