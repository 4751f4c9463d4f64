// @ts-check
'use strict';
/**
 * Records when a process's event loop stalled (a 10 ms timer firing 50 ms or more late) and its
 * garbage-collection pauses of 50 ms or more, appending `[epochMs, ms]` and
 * `[epochMs, ms, 'gc', kind]` lines to <dir>/<part>-<pid>.jsonl once a second (kind: Node's
 * NODE_PERFORMANCE_GC_* flag, 1 minor, 4 major, 8 incremental, 16 weak callbacks). npm run scale
 * preloads it into every n8n process (NODE_OPTIONS=--require, with $SCALE_STALL_DIR), where the part
 * is the n8n user folder's name (main, w1, w2; "-runner" for a task runner), and starts it in its own
 * process too, which serves the sandbox.
 *
 * Why: a worker whose event loop stalls holds back the requests its lanes had paced, and a sandbox
 * that stalls reads the requests that waited meanwhile together; either way the per-vendor figure
 * (arrivals in any 1,000 ms) counts them in one second. With this, the busiest second says whose
 * stall it was. Costs a timer wake-up every 10 ms.
 */
const fs = require('node:fs');
const path = require('node:path');
const { PerformanceObserver, performance } = require('node:perf_hooks');

const EVERY_MS = 10;
const LONG_MS = 50;

/**
 * @param {{ dir: string, part: string }} options
 * @returns {() => void} stops watching
 */
function watchStalls({ dir, part }) {
	const file = path.join(dir, `${part}-${process.pid}.jsonl`);
	/** @type {([number, number] | [number, number, 'gc', number])[]} */
	let pending = [];
	let last = Date.now();
	let flushed = last;
	const flush = () => {
		if (pending.length > 0) fs.appendFileSync(file, `${pending.map((row) => JSON.stringify(row)).join('\n')}\n`);
		pending = [];
	};
	const timer = setInterval(() => {
		const now = Date.now();
		const late = now - last - EVERY_MS;
		if (late >= LONG_MS) pending.push([last + EVERY_MS, late]);
		last = now;
		if (now - flushed >= 1000) {
			flush();
			flushed = now;
		}
	}, EVERY_MS);
	timer.unref();
	// Which stalls were garbage collection: its pauses of LONG_MS or more, as `[epochMs, ms, 'gc', kind]`.
	const gc = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.duration >= LONG_MS) pending.push([Math.round(performance.timeOrigin + entry.startTime), Math.round(entry.duration), 'gc', /** @type {any} */ (entry).detail?.kind ?? 0]);
		}
	});
	gc.observe({ entryTypes: ['gc'] });
	return () => {
		clearInterval(timer);
		gc.disconnect();
		flush();
	};
}

// Preloaded: n8n itself and its task runner only (NODE_OPTIONS also reaches the helpers that start them).
const preloadedInto = process.env.SCALE_STALL_DIR;
const script = process.argv[1] ?? '';
const role = /[\\/]n8n[\\/]bin[\\/]n8n$/.test(script) ? '' : /task-runner/.test(script) ? '-runner' : undefined;
if (preloadedInto && role !== undefined) {
	watchStalls({ dir: preloadedInto, part: `${path.basename(process.env.N8N_USER_FOLDER ?? 'unknown')}${role}` });
}

module.exports = { watchStalls };
