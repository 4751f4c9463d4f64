// @ts-check
'use strict';
/**
 * Memory of the `n8n start` main process (where the node runs) during a Sync Usage run: its
 * resident set sampled every 200 ms, the peak's growth over the idle baseline, and the resident
 * set a while after the run (what stayed, as opposed to garbage not yet collected).
 */
const fs = require('node:fs');

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MB = 1024 * 1024;

/** RSS (bytes) of the `n8n start` main process in a process group; 0 when not found. */
function n8nMainRss(/** @type {number} */ group) {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== group) continue; // pgrp
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (!cmdline.some((arg) => arg.endsWith('/n8n')) || !cmdline.includes('start')) continue;
			if (cmdline.some((arg) => arg.includes('reaper'))) continue;
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
		} catch {
			// the process ended while we looked
		}
	}
	return 0;
}

/**
 * Runs `work` while sampling n8n's main process; returns its result with the memory figures (MB).
 * @template T
 * @param {import('../lib/e2e').E2e} e2e
 * @param {() => Promise<T>} work
 * @param {number} afterMs when to read the resident set again after the run
 */
async function withMemory(e2e, work, afterMs) {
	const group = /** @type {number} */ (e2e.n8n.processGroup);
	await sleep(2000);
	const baseline = n8nMainRss(group);
	if (baseline === 0) throw new Error('memory: the n8n main process was not found');
	let peak = baseline;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peak = Math.max(peak, n8nMainRss(group));
			await sleep(200);
		}
	})();
	let result;
	try {
		result = await work();
	} finally {
		sampling = false;
		await sampler;
	}
	await sleep(afterMs);
	const after = n8nMainRss(group);
	return {
		result,
		rssGrowthMb: Math.round((peak - baseline) / MB),
		rssBaselineMb: Math.round(baseline / MB),
		rssPeakMb: Math.round(peak / MB),
		rssAfterMb: Math.round(after / MB),
	};
}

module.exports = { withMemory, n8nMainRss };
