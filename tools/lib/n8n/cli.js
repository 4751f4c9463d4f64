// @ts-check
'use strict';
/**
 * n8n's CLI commands, each one boot of n8n run to completion: import:credentials,
 * import:workflow, execute, execute-batch, publish:workflow, unpublish:workflow.
 *
 * It refuses the traps of the CLI: `execute --file` (exits 0 doing nothing), `execute-batch`
 * exiting 0 when a workflow fails (every snapshot is checked), retries that would run a
 * workflow twice (`--retries=0`), output that only exists at log level info, imports into a
 * running instance.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('../procs');
const { tailOf } = require('./output');

/**
 * @typedef {object} ExecuteResult
 * @property {boolean} ok the execution finished without `resultData.error`
 * @property {number | null} code exit code of `n8n execute`
 * @property {any} run the IRun n8n printed (`status`, `data.resultData.runData`, …), or null when none was printed
 * @property {any} error `run.data.resultData.error` (null on success)
 * @property {number} ms wall time of the command (n8n boot included)
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} BatchEntry
 * @property {boolean} ok a snapshot was written and it holds no error
 * @property {string} status execute-batch's status: success, error, warning, or missing
 * @property {any} run the snapshot (IRun) when one was written
 * @property {string | null} error the error n8n reported, or why the entry is not ok
 */

/**
 * @typedef {object} BatchResult
 * @property {Record<string, BatchEntry>} results by workflow id, one per requested id
 * @property {number | null} code exit code of `n8n execute-batch` (0 even when a workflow failed)
 * @property {number} ms
 * @property {string} stdout
 */

/**
 * The JSON object that starts at the first line that is exactly `{` and ends at the next line
 * that is exactly `}` (how `n8n execute` prints an IRun after its log lines).
 * @param {string} stdout
 * @returns {any}
 */
function parsePrintedJson(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return null;
	const end = lines.indexOf('}', start);
	if (end === -1) return null;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return null;
	}
}

/**
 * @param {object} ctx
 * @param {import('../runtime').Runtime} ctx.runtime
 * @param {string} ctx.name label in logs
 * @param {string} ctx.userFolder
 * @param {string} ctx.scratch a private temporary directory for input and output files
 * @param {(extra?: Record<string, string>) => Promise<NodeJS.ProcessEnv>} ctx.envFor
 * @param {import('./output').OutputLog} ctx.output
 * @param {number} ctx.commandTimeoutMs default timeout of one command
 * @param {() => boolean} ctx.serverRunning whether `n8n start` of this instance runs
 */
function createCli(ctx) {
	const { runtime, name, userFolder, scratch, envFor, output } = ctx;
	const capture = output.capture;

	/**
	 * Run one n8n CLI command to completion.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, env?: Record<string, string> }} [opts]
	 */
	async function cli(args, opts = {}) {
		if (args.some((arg) => arg === '--file' || arg.startsWith('--file='))) {
			throw new Error(
				'n8n execute --file is gone in n8n 2.x (it exits 0 doing nothing): import, then --id',
			);
		}
		/** @type {Awaited<ReturnType<typeof run>>} */
		let result;
		for (let attempt = 1; ; attempt++) {
			capture(`\n$ n8n ${args.join(' ')}\n`);
			result = await run(runtime.node, [runtime.n8n, ...args], {
				name: `${name} ${args[0]}`,
				cwd: userFolder,
				// A new task-broker port each time.
				env: await envFor(opts.env),
				timeoutMs: opts.timeoutMs ?? ctx.commandTimeoutMs,
				onStdout: capture,
				onStderr: capture,
			});
			capture(
				`[exit ${result.code}${result.timedOut ? ', timed out' : ''} after ${result.ms} ms]\n`,
			);
			// Its task broker's port was taken before it bound it (it stops before running anything).
			const portTaken =
				result.code !== 0 &&
				/port \d+ is already in use/i.test(`${result.stdout}\n${result.stderr}`);
			if (!portTaken || attempt >= 3) break;
		}
		if (result.timedOut) {
			throw new Error(`n8n ${args[0]} timed out after ${result.ms} ms\n${tailOf(result)}`);
		}
		return result;
	}

	/** @param {string} what */
	function refuseWhileRunning(what) {
		if (ctx.serverRunning()) {
			throw new Error(
				`${what} while n8n is running: the running instance would not notice (stop() first)`,
			);
		}
	}

	/**
	 * @param {string} what
	 * @param {string[]} args
	 */
	async function mustSucceed(what, args) {
		const result = await cli(args);
		if (result.code !== 0) {
			throw new Error(`${what} failed (exit ${result.code})\n${tailOf(result)}`);
		}
		return result;
	}

	/**
	 * Import credentials (plain `data` objects are encrypted on import).
	 * @param {Array<{ id: string, name: string, type: string, data: Record<string, unknown> }>} credentials
	 */
	async function importCredentials(credentials) {
		refuseWhileRunning('import:credentials');
		const file = path.join(scratch, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		try {
			await mustSucceed('import:credentials', ['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/**
	 * Import workflows (objects, or paths of JSON files) in one boot. Ids in the JSON are kept.
	 * @param {Array<object | string>} workflows
	 */
	async function importWorkflows(workflows) {
		refuseWhileRunning('import:workflow');
		if (workflows.length === 0) return;
		const dir = fs.mkdtempSync(path.join(scratch, 'workflows-'));
		workflows.forEach((workflow, index) => {
			const data =
				typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}.json`),
				JSON.stringify(data),
			);
		});
		try {
			await mustSucceed('import:workflow', ['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Run one workflow (it must start with a Manual Trigger) with `n8n execute --id`.
	 * @param {string} id
	 * @param {{ timeoutMs?: number }} [opts]
	 * @returns {Promise<ExecuteResult>}
	 */
	async function execute(id, opts = {}) {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput'], opts);
		const printed = parsePrintedJson(result.stdout);
		if (printed === null) {
			throw new Error(
				`n8n execute --id=${id} printed no execution (exit ${result.code})\n${tailOf(result)}`,
			);
		}
		const error = printed.data?.resultData?.error ?? null;
		return {
			ok: result.code === 0 && error === null && printed.status !== 'error',
			code: result.code,
			run: printed,
			error,
			ms: result.ms,
			stdout: result.stdout,
			stderr: result.stderr,
		};
	}

	/**
	 * Run several workflows in one boot with `n8n execute-batch` (no retries — a retry would run a
	 * failed workflow's requests twice —, one at a time unless `concurrency`, in the order n8n reads
	 * them). Every requested id gets an entry; it is ok only when its snapshot was written and holds
	 * no error. By default a failure of any of them throws with every reason.
	 * @param {string[]} ids
	 * @param {{ timeoutMs?: number, allowFailures?: boolean, concurrency?: number }} [opts]
	 * @returns {Promise<BatchResult>}
	 */
	async function executeBatch(ids, opts = {}) {
		if (ids.length === 0) throw new Error('executeBatch: no workflow ids');
		const bad = ids.filter((id) => !/\d/.test(id) || id.includes(','));
		if (bad.length > 0) {
			// execute-batch silently drops ids without a digit.
			throw new Error(`executeBatch: ids need a digit and no comma: ${bad.join(', ')}`);
		}
		const dir = fs.mkdtempSync(path.join(scratch, 'batch-'));
		const snapshots = path.join(dir, 'snapshots');
		fs.mkdirSync(snapshots);
		const summaryFile = path.join(dir, 'summary.json');
		try {
			const result = await cli(
				[
					'execute-batch',
					`--ids=${ids.join(',')}`,
					`--snapshot=${snapshots}`,
					`--output=${summaryFile}`,
					'--retries=0',
					`--concurrency=${opts.concurrency ?? 1}`,
				],
				{ timeoutMs: opts.timeoutMs },
			);
			/** @type {any} */
			let summary = null;
			try {
				summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
			} catch {
				// no summary: every entry reports it below
			}
			/** @type {Record<string, BatchEntry>} */
			const results = {};
			for (const id of ids) {
				const reported = (summary?.executions ?? []).find(
					(/** @type {any} */ execution) => execution.workflowId === id,
				);
				const file = path.join(snapshots, `${id}-snapshot.json`);
				if (!fs.existsSync(file)) {
					results[id] = {
						ok: false,
						status: reported?.executionStatus ?? 'missing',
						run: null,
						error:
							reported?.error ??
							(summary === null
								? `execute-batch wrote no summary (exit ${result.code})`
								: 'not executed (unknown id, or no Manual Trigger?)'),
					};
					continue;
				}
				const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
				const error = snapshot.data?.resultData?.error;
				results[id] = {
					ok: !error && snapshot.status !== 'error',
					status: reported?.executionStatus ?? 'success',
					run: snapshot,
					error: error ? (error.description ?? error.message ?? 'error') : null,
				};
			}
			const failed = Object.entries(results).filter(([, entry]) => !entry.ok);
			if (failed.length > 0 && !opts.allowFailures) {
				throw new Error(
					`execute-batch: ${failed.length} of ${ids.length} workflows failed:\n${failed
						.map(([id, entry]) => `  ${id} [${entry.status}]: ${entry.error}`)
						.join('\n')}\n${tailOf(result)}`,
				);
			}
			return { results, code: result.code, ms: result.ms, stdout: result.stdout };
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * Publish (activate) a workflow. CLI: only before start().
	 * @param {string} id
	 */
	async function publish(id) {
		refuseWhileRunning('publish:workflow');
		await mustSucceed('publish:workflow', ['publish:workflow', `--id=${id}`]);
	}

	/** @param {string} id */
	async function unpublish(id) {
		refuseWhileRunning('unpublish:workflow');
		await mustSucceed('unpublish:workflow', ['unpublish:workflow', `--id=${id}`]);
	}

	return { cli, importCredentials, importWorkflows, execute, executeBatch, publish, unpublish };
}

module.exports = { createCli, parsePrintedJson };
