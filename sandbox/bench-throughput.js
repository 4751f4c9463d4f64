#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Throughput benchmark: starts a sandbox in its own process (rate limit off, empty seed), prepares
 * one mapped account and service, then offers as many requests as possible from this one client
 * process (keep-alive, N in flight) for a few seconds and prints the requests per second.
 * The mix alternates GET /organization (credential check) and POST /service/{id}/count?no_build=true.
 *
 *   npm run sandbox:bench -- [--seconds 5] [--concurrency 32] [--url http://127.0.0.1:8787]
 */
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { DEFAULT_VENDOR_KEY, DEFAULT_PARTNER_KEY, makeToken, API_PREFIX } = require('./defaults');

/**
 * @param {http.Agent} agent
 * @param {URL} base
 * @param {string} method
 * @param {string} p
 * @param {Record<string, string>} headers
 * @param {string} [body]
 * @returns {Promise<{ status: number, text: string }>}
 */
function request(agent, base, method, p, headers, body) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ agent, host: base.hostname, port: base.port, method, path: p, headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers },
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode || 0, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * Start `node sandbox/cli.js` in a child process and wait for its URL.
 * @param {string[]} args
 * @returns {Promise<{ url: string, child: import('node:child_process').ChildProcess }>}
 */
function spawnSandbox(args) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}${err}`)), 10000);
		child.stdout.on('data', (d) => {
			out += d;
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ url: m[1], child });
			}
		});
		child.stderr.on('data', (d) => (err += d));
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sandbox exited with ${code}: ${err}`));
		});
	});
}

/**
 * @param {{ url: string, seconds?: number, concurrency?: number, token?: string }} opts
 */
async function runBench(opts) {
	const seconds = opts.seconds ?? 5;
	const concurrency = opts.concurrency ?? 32;
	const base = new URL(opts.url);
	const token = opts.token ?? makeToken(DEFAULT_VENDOR_KEY, DEFAULT_PARTNER_KEY);
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const json = { 'content-type': 'application/json' };
	const api = { ...json, 'gradient-token': token };

	// setup: one SKU, one account, both mapped
	const created = await request(agent, base, 'POST', `${API_PREFIX}/service`, api, JSON.stringify({ name: `Bench ${Date.now()}`, description: 'bench', category: 'other', subcategory: 'other' }));
	if (created.status !== 201) throw new Error(`setup failed: ${created.status} ${created.text}`);
	const skus = JSON.parse(created.text).skus;
	const serviceId = skus[skus.length - 1].id;
	const accountId = `bench-${Date.now()}`;
	await request(agent, base, 'POST', `${API_PREFIX}/organization/accounts`, api, JSON.stringify([{ id: accountId, name: 'Bench account' }]));
	const mapped = await request(agent, base, 'POST', '/sandbox/map', json, JSON.stringify({ accounts: [accountId], services: [serviceId] }));
	if (mapped.status !== 200) throw new Error(`setup failed: ${mapped.status} ${mapped.text}`);

	const countPath = `${API_PREFIX}/service/${serviceId}/count?no_build=true`;
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {number[]} */
	const latencies = [];
	let done = 0;
	let errors = 0;
	const t0 = performance.now();
	const deadline = t0 + seconds * 1000;
	/** @param {number} worker */
	const loop = async (worker) => {
		let i = worker;
		while (performance.now() < deadline) {
			const s = performance.now();
			try {
				const r =
					i++ % 2 === 0
						? await request(agent, base, 'GET', `${API_PREFIX}/organization`, api)
						: await request(agent, base, 'POST', countPath, api, JSON.stringify({ accountId, unitCount: i }));
				statuses[r.status] = (statuses[r.status] || 0) + 1;
			} catch {
				errors += 1;
			}
			latencies.push(performance.now() - s);
			done += 1;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, (_, w) => loop(w)));
	const elapsed = (performance.now() - t0) / 1000;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const pct = /** @param {number} p */ (p) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 100) / 100;
	return {
		requests: done,
		seconds: Math.round(elapsed * 100) / 100,
		reqPerSec: Math.round(done / elapsed),
		concurrency,
		statuses,
		errors,
		latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
	};
}

async function main() {
	const args = process.argv.slice(2);
	/** @param {string} name */
	const arg = (name) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	const seconds = Number(arg('--seconds') ?? 5);
	const concurrency = Number(arg('--concurrency') ?? 32);
	let url = arg('--url');
	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	if (!url) {
		const started = await spawnSandbox(['--port', '0', '--seed', 'empty', '--rate-limit', 'off', '--quiet']);
		url = started.url;
		child = started.child;
	}
	try {
		const r = await runBench({ url, seconds, concurrency });
		process.stdout.write(
			`sandbox throughput: ${r.reqPerSec} req/s (${r.requests} requests in ${r.seconds} s, ${r.concurrency} in flight, keep-alive, one client process)\n` +
				`  statuses ${JSON.stringify(r.statuses)}  errors ${r.errors}  latency p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms\n`,
		);
	} finally {
		if (child) {
			child.removeAllListeners('exit');
			child.kill('SIGTERM');
		}
	}
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`bench: ${err && err.message}\n`);
		process.exit(1);
	});
}

module.exports = { runBench, spawnSandbox };
