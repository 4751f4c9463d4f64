// @ts-check
'use strict';
/**
 * tools/lib/ports.js: a port handed out is claimed across processes, so two test files running
 * side by side never get the same one; a claim whose process ended is taken over.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { claim, CLAIMS } = require('../../tools/lib/ports');

/** A port no test hands out (above the range freePort draws from). */
const PORT = 65000 + (process.pid % 500);
const file = path.join(CLAIMS, String(PORT));

afterEach(() => fs.rmSync(file, { force: true }));

test('a port claimed by a live process is not claimed again; by an ended one, it is taken over', async () => {
	const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
	try {
		fs.mkdirSync(CLAIMS, { recursive: true });
		fs.writeFileSync(file, String(holder.pid));
		expect(claim(PORT)).toBe(false);
	} finally {
		holder.kill();
		await new Promise((resolve) => holder.once('exit', resolve));
	}
	expect(claim(PORT)).toBe(true);
	expect(fs.readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
	// this process's own claim is not handed out twice
	expect(claim(PORT)).toBe(false);
});

test('ports handed out in two processes at once never coincide', () => {
	const script = `const { freePort } = require(${JSON.stringify(path.resolve(__dirname, '../../tools/lib/ports'))});
		(async () => { const ports = []; for (let i = 0; i < 200; i++) ports.push(await freePort()); console.log(JSON.stringify(ports)); setTimeout(() => {}, 1500); })();`;
	// both alive while the other picks: each claim holds for the other
	const [a, b] = [0, 1].map(() => spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }));
	const read = (/** @type {import('node:child_process').ChildProcess} */ child) =>
		new Promise((resolve) => {
			let out = '';
			child.stdout?.on('data', (chunk) => (out += chunk));
			child.once('exit', () => resolve(JSON.parse(out)));
		});
	return Promise.all([read(a), read(b)]).then(([pa, pb]) => {
		expect(pa).toHaveLength(200);
		for (const port of [...pa, ...pb]) fs.rmSync(path.join(CLAIMS, String(port)), { force: true });
		expect(new Set([...pa, ...pb]).size).toBe(400);
	});
});

