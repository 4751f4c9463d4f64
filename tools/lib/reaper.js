// @ts-check
'use strict';
/**
 * node reaper.js <command> [args...]
 *
 * Runs <command> as its child, in the process group the reaper leads, and stops that whole group
 * when the process that started the reaper goes away — also when it was killed with SIGKILL or
 * interrupted in a way that skipped its own clean-up (a jest run stopped with Ctrl-C). Signals
 * sent to the group reach the command directly; the reaper ignores them and exits with the
 * command's status.
 */
const { spawn } = require('node:child_process');
const os = require('node:os');

const [command, ...args] = process.argv.slice(2);
if (!command) {
	process.stderr.write('usage: reaper.js <command> [args...]\n');
	process.exit(2);
}
const parent = process.ppid;
const child = spawn(command, args, { stdio: 'inherit' });

// The group (the command and what it spawned) receives these directly; the reaper waits for it.
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
	process.on(signal, () => {});
}

child.on('error', (error) => {
	process.stderr.write(`reaper: cannot start ${command}: ${error.message}\n`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	process.exit(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1));
});

const watch = setInterval(() => {
	if (process.ppid === parent) return;
	clearInterval(watch);
	// Orphaned: stop the group, firmly after a grace period.
	try {
		process.kill(-process.pid, 'SIGTERM');
	} catch {
		// gone
	}
	setTimeout(() => {
		process.kill(-process.pid, 'SIGKILL');
	}, 10000).unref();
}, 500);
watch.unref();
