// @ts-check
'use strict';
/**
 * What npm run scale measures around one run of the partners sync: resident memory and CPU time
 * of each part of the stack (sampled from /proc), the machine's load, the push phase as the
 * sandbox saw it, the time per node of the lane executions, and the ledger store's size.
 */
const os = require('node:os');
const { processTable, partsUsage, treeUsage } = require('../lib/procs');
const { outputOf } = require('../lib/fleet/runs');

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU seconds (user + system) of a process tree, its root included when `self`.
 * @param {number | undefined} pid
 */
function treeCpuSeconds(pid, self = false) {
	return pid ? treeUsage(pid, { self }).cpuSeconds : 0;
}

/**
 * Samples the resident memory (MiB) of each part's process tree, its root left out, every
 * `everyMs` until stopped: the peak of each part and of the total, and the CPU seconds each part
 * used meanwhile. Each sample reads /proc once, asynchronously (processTable): this process also
 * serves the sandbox, whose arrival times are the figures.
 * @param {() => Record<string, number | undefined>} pids process group of each part
 */
function startSampler(pids, everyMs = 2000) {
	/** @type {Record<string, number>} */
	const peak = {};
	/** @type {Record<string, number>} */
	let first = {};
	/** @type {Record<string, number>} */
	let last = {};
	const load = [os.loadavg()[0]];
	/** One sample: memory into the figures, the CPU seconds per part returned. */
	const take = async () => {
		const { rssMiB: rss, cpuSeconds: cpu } = partsUsage(pids(), await processTable());
		last = rss;
		if (Object.keys(first).length === 0) first = rss;
		for (const [part, mib] of Object.entries(rss)) peak[part] = Math.max(peak[part] ?? 0, mib);
		return cpu;
	};
	const cpuBefore = take();
	/** The sample under way: a slow one is not overlapped by the next. */
	let sampling = cpuBefore.then(() => {});
	let busy = false;
	const timer = setInterval(() => {
		load.push(os.loadavg()[0]);
		if (busy) return;
		busy = true;
		sampling = take().then(() => {
			busy = false;
		});
	}, everyMs);
	return {
		async stop() {
			clearInterval(timer);
			await sampling;
			const before = await cpuBefore;
			const after = await take();
			/** @type {Record<string, number>} */
			const cpuSeconds = {};
			for (const part of Object.keys(after)) cpuSeconds[part] = Math.round((after[part] - (before[part] ?? 0)) * 10) / 10;
			return { peakRss: peak, startRss: first, endRss: last, cpuSeconds, load: { start: load[0], max: Math.max(...load), end: os.loadavg()[0] } };
		},
	};
}

/**
 * The count pushes of a run as the sandbox logged them: how many, their statuses, and the push
 * phase (first to last arrival) with its rate.
 * @param {Array<{ routeId: string | null, status: number, arrivedMs?: number, at: string }>} requests
 */
function pushPhase(requests) {
	const pushes = requests.filter((r) => r.routeId === 'setUnitCount');
	/** @type {Record<string, number>} */
	const statuses = {};
	for (const push of pushes) statuses[push.status] = (statuses[push.status] ?? 0) + 1;
	const times = pushes.map((r) => r.arrivedMs ?? Date.parse(r.at));
	const ms = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
	return {
		pushes: pushes.length,
		statuses,
		pushPhaseMs: ms,
		pushesPerSecond: ms > 0 ? Math.round((pushes.length / (ms / 1000)) * 10) / 10 : 0,
		requests: requests.length,
		rateLimited: requests.filter((r) => r.status === 429).length,
	};
}

/**
 * Every request the in-process sandbox logged after sequence number `since` (its request log,
 * read directly: GET /sandbox/requests answers the newest 20,000 at most).
 * @param {import('../../sandbox').Sandbox} sandbox
 * @param {number} since
 * @param {string} [route]
 */
function requestsSince(sandbox, since, route) {
	return sandbox.log.list({ since, route });
}

/** The sequence number of the sandbox's last logged request. @param {import('../../sandbox').Sandbox} sandbox */
const lastSeq = (sandbox) => sandbox.log.nextSeq - 1;

/**
 * Where a lane's time goes, per partner: per node, the mean execution time of one partner's step
 * over a sample of the run's lane executions (n8n records each node's executionTime in the
 * execution data; an execution syncs up to partnersPerExecution partners, one Pick run each), and
 * the mean step's wall time.
 * @param {import('axios').AxiosInstance} api
 * @param {string[]} executionIds
 * @param {number} [sample]
 */
async function nodeProfile(api, executionIds, sample = 40) {
	const step = Math.max(1, Math.floor(executionIds.length / sample));
	const chosen = executionIds.filter((_, i) => i % step === 0).slice(0, sample);
	/** @type {Record<string, number>} */
	const total = {};
	let wall = 0;
	let partners = 0;
	for (const id of chosen) {
		const execution = (await api.get(`/executions/${id}`, { params: { includeData: true } })).data;
		const runData = execution.data?.resultData?.runData ?? {};
		// A lane's last execution may find no partner left: it counts no step.
		const steps = (runData.Pick ?? []).filter((/** @type {any} */ run) => run.data?.main?.[0]?.[0]?.json?.found).length;
		if (steps === 0) continue;
		partners += steps;
		let first = Infinity;
		let last = 0;
		for (const [node, runs] of Object.entries(runData)) {
			for (const run of /** @type {any[]} */ (runs)) {
				total[node] = (total[node] ?? 0) + (run.executionTime ?? 0);
				first = Math.min(first, run.startTime ?? Infinity);
				last = Math.max(last, (run.startTime ?? 0) + (run.executionTime ?? 0));
			}
		}
		// From the first node's start to the last node's end (n8n's own start and save not included).
		if (Number.isFinite(first)) wall += last - first;
	}
	const n = Math.max(1, partners);
	const nodes = Object.entries(total)
		.map(([node, ms]) => ({ node, meanMs: Math.round(ms / n) }))
		.sort((a, b) => b.meanMs - a.meanMs);
	return { executions: chosen.length, partners, meanNodesWallMs: Math.round(wall / n), nodes };
}

/**
 * The sandbox's request log size for a scale run: one run's requests and some (the per-vendor
 * check reads a whole run back).
 * @param {number} partners
 * @param {number} pairs
 */
const requestLogSize = (partners, pairs) => Math.round(partners * (pairs + 10) * 1.2) + 20000;

/** Count pushes the sandbox has received so far (its counters: no log entry is read). @param {import('../../sandbox').Sandbox} sandbox */
const pushesSoFar = (sandbox) => sandbox.log.byRoute.setUnitCount?.total ?? 0;

/**
 * Wait until the sandbox has received at least `count` count pushes since it had `before`.
 * @param {import('../../sandbox').Sandbox} sandbox
 * @param {number} before pushesSoFar() at the start
 * @param {number} count
 */
async function waitForPushes(sandbox, before, count, timeoutMs = 600_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pushed = pushesSoFar(sandbox) - before;
		if (pushed >= count) return pushed;
		if (Date.now() > deadline) throw new Error(`fewer than ${count} pushes after ${timeoutMs} ms`);
		await sleep(500);
	}
}

module.exports = { startSampler, treeCpuSeconds, pushPhase, requestsSince, lastSeq, nodeProfile, requestLogSize, pushesSoFar, waitForPushes, outputOf, sleep };
