// @ts-check
'use strict';
/**
 * Every child process the tooling starts goes through here. Each child is the leader of its own
 * process group (`detached`), so stopping it also stops what it spawned (n8n's task runners,
 * node-gyp's compilers). A registry remembers the live ones, and they are all killed when this
 * process exits, also after a failed test or a timeout: nothing is found or killed by name.
 * Each child also runs under reaper.js, which stops its group if this process disappears
 * without cleaning up (killed, or a test runner interrupted).
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const REAPER = path.join(__dirname, 'reaper.js');

/**
 * @typedef {object} Managed
 * @property {string} name label used in messages
 * @property {number} pid also the process group id
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exited
 * @property {() => boolean} running
 * @property {() => string} stdout everything written to stdout so far
 * @property {() => string} stderr everything written to stderr so far
 * @property {(signal?: NodeJS.Signals) => void} signal send a signal to the whole process group
 * @property {(graceMs?: number) => Promise<{ code: number | null, signal: NodeJS.Signals | null }>} stop SIGTERM, then SIGKILL after graceMs
 */

/** @type {Set<Managed>} */
const live = new Set();
let exitHookInstalled = false;

/** Kill every live process group at once (synchronous: usable in an 'exit' handler). */
function killAll(signal = /** @type {NodeJS.Signals} */ ('SIGKILL')) {
	for (const proc of live) {
		try {
			process.kill(-proc.pid, signal);
		} catch {
			// already gone
		}
	}
}

function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => killAll('SIGKILL'));
}

/**
 * Stop all live children gracefully (SIGTERM, then SIGKILL after graceMs), in parallel.
 * @param {number} [graceMs]
 */
async function stopAll(graceMs = 10000) {
	await Promise.all([...live].map((proc) => proc.stop(graceMs)));
}

/**
 * Start a managed child process.
 * @param {string} command
 * @param {string[]} args
 * @param {{ name?: string, env?: NodeJS.ProcessEnv, cwd?: string, onStdout?: (chunk: string) => void, onStderr?: (chunk: string) => void, stdin?: 'ignore' | 'inherit', reaper?: boolean }} [options]
 *   reaper: run under reaper.js (default true)
 * @returns {Managed}
 */
function spawnManaged(command, args, options = {}) {
	installExitHook();
	const [file, argv] =
		options.reaper === false ? [command, args] : [process.execPath, [REAPER, command, ...args]];
	const child = spawn(file, argv, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true,
		stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) {
		throw new Error(`could not start ${command}`);
	}
	const pid = child.pid;
	let out = '';
	let err = '';
	let done = false;
	child.stdout?.setEncoding('utf8');
	child.stderr?.setEncoding('utf8');
	child.stdout?.on('data', (chunk) => {
		out += chunk;
		options.onStdout?.(chunk);
	});
	child.stderr?.on('data', (chunk) => {
		err += chunk;
		options.onStderr?.(chunk);
	});
	/** @type {Managed} */
	const proc = {
		name: options.name ?? command,
		pid,
		child,
		exited: new Promise((resolve) => {
			child.on('error', () => {
				done = true;
				live.delete(proc);
				resolve({ code: -1, signal: null });
			});
			// 'close' waits for stdout/stderr to end, so the captured output is complete.
			child.on('close', (code, signal) => {
				done = true;
				live.delete(proc);
				// The group may still hold grandchildren that ignored the leader's end.
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					// none left
				}
				resolve({ code, signal });
			});
		}),
		running: () => !done,
		stdout: () => out,
		stderr: () => err,
		signal(signal = 'SIGTERM') {
			if (done) return;
			try {
				process.kill(-pid, signal);
			} catch {
				// already gone
			}
		},
		async stop(graceMs = 10000) {
			if (done) return proc.exited;
			proc.signal('SIGTERM');
			const timer = setTimeout(() => proc.signal('SIGKILL'), graceMs);
			const result = await proc.exited;
			clearTimeout(timer);
			return result;
		},
	};
	live.add(proc);
	return proc;
}

/**
 * Run a command to completion with a timeout; the whole process group is killed on timeout.
 * @param {string} command
 * @param {string[]} args
 * @param {{ name?: string, env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number, onStdout?: (chunk: string) => void, onStderr?: (chunk: string) => void, reaper?: boolean }} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, timedOut: boolean, ms: number }>}
 */
async function run(command, args, options = {}) {
	const started = Date.now();
	const proc = spawnManaged(command, args, options);
	let timedOut = false;
	const timer =
		options.timeoutMs === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					proc.signal('SIGKILL');
				}, options.timeoutMs);
	const { code, signal } = await proc.exited;
	if (timer) clearTimeout(timer);
	return {
		code,
		signal,
		stdout: proc.stdout(),
		stderr: proc.stderr(),
		timedOut,
		ms: Date.now() - started,
	};
}

/**
 * For long-running scripts (demo, CLI tools): on SIGINT/SIGTERM run `cleanup` once, then exit
 * with `exitCode` (default: 130 for SIGINT, 143 for SIGTERM). A second signal kills the
 * children at once and exits.
 * @param {() => Promise<void>} cleanup
 * @param {(message: string) => void} [log]
 * @param {number} [exitCode]
 */
function onShutdownSignal(cleanup, log = () => {}, exitCode) {
	installExitHook();
	let stopping = false;
	/** @param {NodeJS.Signals} signal */
	const handler = (signal) => {
		if (stopping) {
			killAll('SIGKILL');
			process.exit(130);
		}
		stopping = true;
		log(`${signal}: stopping…`);
		cleanup().then(
			() => process.exit(exitCode ?? (signal === 'SIGINT' ? 130 : 143)),
			(error) => {
				log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
				killAll('SIGKILL');
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', handler);
	process.on('SIGTERM', handler);
}

/** Number of children still running. */
function liveCount() {
	return live.size;
}

/** Linux's page size on the machines this runs on (x86-64, arm64 with 4 KiB pages). */
const PAGE_BYTES = 4096;

/**
 * @typedef {Map<number, { ppid: number, cpuTicks: number, rssBytes: number }>} ProcessTable
 * Every process of the machine by pid (Linux, from /proc/<pid>/stat): its parent, the CPU ticks
 * it used (user + system) and its resident memory.
 */

/**
 * One process's line of the table. After "pid (comm) " come the fields from the third, state, on
 * (comm may hold spaces and parentheses): ppid is the 4th, utime and stime the 14th and 15th, rss
 * in pages the 24th.
 * @param {string} stat
 */
function parseStat(stat) {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssBytes: Number(fields[21]) * PAGE_BYTES };
}

/** @returns {ProcessTable} */
function processTableSync() {
	/** @type {ProcessTable} */
	const table = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			table.set(Number(entry), parseStat(fs.readFileSync(`/proc/${entry}/stat`, 'utf8')));
		} catch {
			// exited meanwhile
		}
	}
	return table;
}

/**
 * The process table, read without blocking the event loop. The scale tool samples while its own
 * process serves the sandbox: a synchronous walk of /proc for each part, every few seconds, held
 * the sandbox's requests for up to some 60 ms and bunched them into the 1,000 ms windows it counts.
 * @returns {Promise<ProcessTable>}
 */
async function processTable() {
	/** @type {ProcessTable} */
	const table = new Map();
	const entries = (await fs.promises.readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
	await Promise.all(
		entries.map(async (entry) => {
			try {
				table.set(Number(entry), parseStat(await fs.promises.readFile(`/proc/${entry}/stat`, 'utf8')));
			} catch {
				// exited meanwhile
			}
		}),
	);
	return table;
}

/**
 * Every process below `pid` (children, grandchildren, …) in a process table, or in /proc now. A
 * managed child's pid is its reaper's: the program it runs is its only child.
 * @param {number} pid
 * @param {ProcessTable} [table]
 * @returns {number[]}
 */
function descendants(pid, table = processTableSync()) {
	/** @type {Map<number, number[]>} */
	const children = new Map();
	for (const [each, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), each]);
	const found = [];
	const queue = [...(children.get(pid) ?? [])];
	while (queue.length > 0) {
		const next = /** @type {number} */ (queue.shift());
		found.push(next);
		queue.push(...(children.get(next) ?? []));
	}
	return found;
}

/**
 * Resident memory (bytes) and CPU seconds used so far by `pid` and all its descendants, or only
 * the descendants (`self: false`), in a process table or in /proc now.
 * @param {number} pid
 * @param {{ self?: boolean, table?: ProcessTable }} [options]
 */
function treeUsage(pid, options = {}) {
	const table = options.table ?? processTableSync();
	let rssBytes = 0;
	let cpuTicks = 0;
	for (const each of [...(options.self === false ? [] : [pid]), ...descendants(pid, table)]) {
		rssBytes += table.get(each)?.rssBytes ?? 0;
		cpuTicks += table.get(each)?.cpuTicks ?? 0;
	}
	// Linux's USER_HZ: clock ticks a second.
	return { rssBytes, cpuSeconds: cpuTicks / 100 };
}

/**
 * Each part's resident memory in MiB (its tree, the root left out: a managed child's reaper), with
 * their total, and each part's CPU seconds so far, from one process table.
 * @param {Record<string, number | undefined>} parts the root pid of each part
 * @param {ProcessTable} [table]
 */
function partsUsage(parts, table = processTableSync()) {
	/** @type {Record<string, number>} */
	const rssMiB = {};
	/** @type {Record<string, number>} */
	const cpuSeconds = {};
	for (const [part, pid] of Object.entries(parts)) {
		const usage = pid ? treeUsage(pid, { self: false, table }) : { rssBytes: 0, cpuSeconds: 0 };
		rssMiB[part] = Math.round(usage.rssBytes / 1048576);
		cpuSeconds[part] = usage.cpuSeconds;
	}
	rssMiB.total = Object.values(rssMiB).reduce((sum, mib) => sum + mib, 0);
	return { rssMiB, cpuSeconds };
}

/**
 * Resident memory of `pid` and all its descendants, in bytes (Linux). Pages shared between them
 * count once per process.
 * @param {number} pid
 * @param {{ self?: boolean }} [options] self: false leaves `pid` itself out (a managed child's
 *   reaper, to count only what it runs)
 */
function treeRss(pid, options = {}) {
	return treeUsage(pid, options).rssBytes;
}

module.exports = {
	spawnManaged,
	run,
	killAll,
	stopAll,
	onShutdownSignal,
	liveCount,
	descendants,
	treeRss,
	treeUsage,
	partsUsage,
	processTable,
};
