// @ts-check
'use strict';
/**
 * The sandbox is never the bottleneck: a quick lower bound that will not flake (≥ 1,000 req/s over
 * 2 s, rate limiter off, sandbox in its own process, one client process). The real figure comes
 * from `npm run sandbox:bench` and is recorded in sandbox/README.md (goal ≥ 2,000 req/s).
 */
const { runBench, spawnSandbox } = require('../../sandbox/bench-throughput');

test('sustains ≥ 1,000 req/s from one keep-alive client with the limiter off', async () => {
	const { url, child } = await spawnSandbox([
		'--port',
		'0',
		'--seed',
		'empty',
		'--rate-limit',
		'off',
		'--quiet',
	]);
	try {
		const r = await runBench({ url, seconds: 2, concurrency: 16 });
		process.stdout.write(
			`throughput: ${r.reqPerSec} req/s (${r.requests} in ${r.seconds} s), p99 ${r.latencyMs.p99} ms\n`,
		);
		expect(r.errors).toBe(0);
		expect(Object.keys(r.statuses).sort()).toEqual(['200', '201']);
		expect(r.reqPerSec).toBeGreaterThanOrEqual(1000);
	} finally {
		child.removeAllListeners('exit');
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
}, 20000);
