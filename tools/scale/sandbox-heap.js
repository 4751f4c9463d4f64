#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * What the sandbox holds at the size of npm run scale, and how long a full garbage collection of
 * it takes: its partners, their pairs' counts (two values of history each, as the scale run keeps),
 * and its request log full. Why: in the per-vendor runs the busiest second came right after a
 * major collection of the process serving the sandbox (docs/partners.md), whose requests then
 * arrived together; the heap is what makes that pause long.
 *
 *   node --expose-gc tools/scale/sandbox-heap.js                 # 500 partners × 200 pairs
 *   node --expose-gc tools/scale/sandbox-heap.js --partners 100
 */
const { startSandbox } = require('../../sandbox');
const { requestLogSize } = require('./measure');

/** @param {string} name @param {number} fallback */
function arg(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	const value = at < 0 ? fallback : Number(process.argv[at + 1]);
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: a positive whole number`);
	return value;
}

/** Heap in use after a full collection, and how long a second full collection took. */
function collect() {
	const gc = /** @type {() => void} */ (globalThis.gc);
	gc();
	const started = process.hrtime.bigint();
	gc();
	const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
	return { heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), fullGcMs: ms };
}

async function main() {
	if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
	const partners = arg('partners', 500);
	const pairs = arg('pairs', 200);
	const logSize = requestLogSize(partners, pairs);
	const sandbox = await startSandbox({ port: 0, quiet: true, seed: 'empty', rateLimit: false, requestLogSize: logSize });
	try {
		sandbox.store.config.historyLimit = 2;
		const rows = [['empty sandbox', collect()]];
		const accounts = Math.ceil(pairs / 3);
		const added = sandbox.addPartners({ count: partners, prefix: 'heap', accountsPerPartner: accounts }).partners;
		rows.push([`${partners} partners, ${accounts} accounts each`, collect()]);
		for (const { partnerId, accountIdPrefix } of added) {
			const partner = sandbox.state.partners[partnerId];
			for (let value = 0; value < 2; value++) {
				for (let k = 0; k < pairs; k++) {
					const pair = { accountId: `${accountIdPrefix}${(k % accounts) + 1}`, serviceId: `service-${k % 3}` };
					sandbox.store.recordCount(partner, { ...pair, serviceKind: 'vendor', unitCount: k + value, noBuild: true });
				}
			}
		}
		rows.push([`+ ${partners * pairs} pairs' counts`, collect()]);
		for (let i = 0; i < logSize; i++) {
			const partnerId = added[i % partners].partnerId;
			sandbox.log.add({
				at: new Date().toISOString(),
				arrivedMs: Date.now(),
				method: 'POST',
				path: `/service/service-${i % 3}/count`,
				routeId: 'setUnitCount',
				status: 201,
				partnerId,
				budget: { token: partnerId, vendor: 'vendor' },
				body: { accountId: `${added[i % partners].accountIdPrefix}${(i % accounts) + 1}`, unitCount: i % 7 },
				durationMs: 31,
			});
		}
		rows.push([`+ ${logSize} logged requests`, collect()]);
		for (const [label, { heapMiB, fullGcMs }] of /** @type {[string, { heapMiB: number, fullGcMs: number }][]} */ (rows)) {
			process.stdout.write(`${label}: heap ${heapMiB} MiB, a full collection ${fullGcMs} ms\n`);
		}
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
