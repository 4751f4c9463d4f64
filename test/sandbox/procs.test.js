// @ts-check
'use strict';
/**
 * The process table npm run scale samples (tools/lib/procs.js): read asynchronously, so the
 * sandbox served from the same process keeps answering, and parsed from /proc/<pid>/stat (a
 * field off by one would make a child's parent, memory or CPU wrong, and every figure with them).
 */
const { spawn } = require('node:child_process');
const { processTable, treeUsage, descendants } = require('../../tools/lib/procs');

/** @type {import('node:child_process').ChildProcess} */
let child;
beforeAll(async () => {
	// A child that holds some memory and has used some CPU before it is read.
	child = spawn(process.execPath, ['-e', 'const a = Buffer.alloc(64 * 1024 * 1024, 1); let x = 0; for (let i = 0; i < 3e7; i++) x += i; setInterval(() => a[0] + x, 1000);']);
	await new Promise((resolve) => setTimeout(resolve, 1500));
});
afterAll(() => child.kill('SIGKILL'));

it('reads every process with its parent, resident memory and CPU used', async () => {
	const table = await processTable();
	const entry = table.get(/** @type {number} */ (child.pid));
	expect(entry?.ppid).toBe(process.pid);
	expect(entry?.rssBytes).toBeGreaterThan(64 * 1024 * 1024);
	expect(entry?.cpuTicks).toBeGreaterThan(0);
	expect(table.get(process.pid)?.ppid).toBe(process.ppid);
});

it('sums a tree from the table, its root left out when asked', async () => {
	const table = await processTable();
	expect(descendants(process.pid, table)).toContain(child.pid);
	const children = treeUsage(process.pid, { self: false, table });
	const whole = treeUsage(process.pid, { table });
	const own = /** @type {{ rssBytes: number }} */ (table.get(process.pid));
	expect(children.rssBytes).toBeGreaterThanOrEqual(/** @type {any} */ (table.get(/** @type {number} */ (child.pid))).rssBytes);
	expect(whole.rssBytes).toBe(children.rssBytes + own.rssBytes);
	expect(children.cpuSeconds).toBeGreaterThan(0);
});
