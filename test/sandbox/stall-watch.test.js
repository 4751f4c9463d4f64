// @ts-check
'use strict';
/**
 * The stall watch npm run scale starts in its own process and preloads into n8n's
 * (tools/scale/stall-watch.js): the per-vendor figures name whose stall bunched the busiest second
 * from what it wrote, so a stall it missed, or one it made up, would blame the wrong process.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { watchStalls } = require('../../tools/scale/stall-watch');

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

it('records a blocked event loop with when it began and how long', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stall-watch-'));
	try {
		const stop = watchStalls({ dir, part: 'test' });
		await sleep(300);
		const blockedAt = Date.now();
		while (Date.now() - blockedAt < 150);
		await sleep(300);
		stop();
		const file = path.join(dir, `test-${process.pid}.jsonl`);
		const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
		// (A busy machine may add stalls of its own: the one at the block is the one asserted.)
		const stalls = rows.filter((row) => row[2] !== 'gc' && Math.abs(row[0] - blockedAt) < 100);
		expect(stalls).toHaveLength(1);
		const [atMs, ms] = stalls[0];
		expect(ms).toBeGreaterThanOrEqual(130);
		expect(ms).toBeLessThan(400);
		expect(Math.abs(atMs - blockedAt)).toBeLessThan(50);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
