// @ts-check
'use strict';
/** The CLI (npm run sandbox): banner, free port, port taken, SIGTERM, --state flush on shutdown. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const axios = require('axios').default;
const { makeToken } = require('./helpers');
const { parseArgs } = require('../../sandbox/cli');

const CLI = path.join(__dirname, '..', '..', 'sandbox', 'cli.js');

/**
 * @param {string[]} args
 */
function run(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	const out = { stdout: '', stderr: '' };
	child.stdout.on('data', (d) => (out.stdout += d));
	child.stderr.on('data', (d) => (out.stderr += d));
	/** @type {Promise<number | null>} */
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	/** @returns {Promise<string>} */
	const url = () =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no URL printed: ${out.stdout} ${out.stderr}`)),
				10000,
			);
			const check = () => {
				const m = /listening on (http:\/\/\S+)/.exec(out.stdout);
				if (m) {
					clearTimeout(timer);
					resolve(m[1]);
				}
			};
			child.stdout.on('data', check);
			child.on('exit', () => {
				clearTimeout(timer);
				reject(new Error(`exited early: ${out.stderr}`));
			});
			check();
		});
	return { child, out, exited, url };
}

/** @type {Array<import('node:child_process').ChildProcess>} */
const children = [];
afterAll(() => {
	for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
});

test('--port 0 prints the URL, keys and token; the token works; a second instance on that port fails clearly; SIGTERM exits 0', async () => {
	const a = run(['--port', '0']);
	children.push(a.child);
	const url = await a.url();
	expect(a.out.stdout).toContain('Vendor key       sandbox-vendor-key');
	expect(a.out.stdout).toContain('Partner key      sandbox-partner-key');
	const token = makeToken('sandbox-vendor-key', 'sandbox-partner-key');
	expect(a.out.stdout).toContain(`GRADIENT-TOKEN   ${token}`);
	expect(a.out.stdout).toContain(`Page             ${url}/`);
	const r = await axios.get(`${url}/api/vendor-api/organization`, {
		headers: { 'GRADIENT-TOKEN': token },
	});
	expect(r.data.name).toBe('Contoso MSP (sandbox)');

	const port = new URL(url).port;
	const b = run(['--port', port]);
	children.push(b.child);
	expect(await b.exited).not.toBe(0);
	expect(b.out.stderr).toMatch(new RegExp(`port ${port} .*already in use`));

	a.child.kill('SIGTERM');
	expect(await a.exited).toBe(0);
	expect(a.out.stdout).toContain('stopped (SIGTERM)');
});

test('--state is flushed on SIGINT and read back; custom keys and --seed empty', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
	try {
		const state = path.join(dir, 'sandbox.json');
		const args = [
			'--port',
			'0',
			'--state',
			state,
			'--seed',
			'empty',
			'--vendor-key',
			'vk',
			'--partner-key',
			'pk',
			'--rate-limit',
			'off',
		];
		const a = run(args);
		children.push(a.child);
		const url = await a.url();
		const token = makeToken('vk', 'pk');
		expect(a.out.stdout).toContain(`GRADIENT-TOKEN   ${token}`);
		const created = await axios.post(
			`${url}/api/vendor-api/organization/accounts`,
			[{ id: 'x1', name: 'X One' }],
			{ headers: { 'GRADIENT-TOKEN': token } },
		);
		expect(created.status).toBe(201);
		a.child.kill('SIGINT');
		expect(await a.exited).toBe(0);

		const b = run(args);
		children.push(b.child);
		const url2 = await b.url();
		const accounts = await axios.get(`${url2}/api/vendor-api/organization/accounts`, {
			headers: { 'GRADIENT-TOKEN': token },
		});
		expect(accounts.data.map((/** @type {any} */ x) => x.id)).toEqual(['x1']);
		expect(
			(
				await axios.get(`${url2}/api/vendor-api/organization/clients`, {
					headers: { 'GRADIENT-TOKEN': token },
				})
			).data.clients,
		).toEqual([]);
		b.child.kill('SIGTERM');
		expect(await b.exited).toBe(0);
		expect(fs.readFileSync(state, 'utf8')).not.toContain('"pk"');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('--help exits 0; bad flags exit 2 with a message', async () => {
	const h = run(['--help']);
	expect(await h.exited).toBe(0);
	expect(h.out.stdout).toContain('--latency <ms>[:<jitter>]');
	const bad = run(['--seed', 'full']);
	expect(await bad.exited).toBe(2);
	expect(bad.out.stderr).toContain('--seed must be demo or empty');
	expect(parseArgs(['--latency', '50:10', '--rate-limit', '200:20', '--port=0'])).toEqual({
		latency: { ms: 50, jitter: 10 },
		rateLimit: { perSecond: 200, burst: 20 },
		port: 0,
	});
});
