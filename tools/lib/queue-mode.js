// @ts-check
'use strict';
/**
 * n8n in queue mode, for real: PostgreSQL + Redis + `n8n start` (main, EXECUTIONS_MODE=queue) +
 * N `n8n worker`s, every one a managed child (own process group, reaper, 127.0.0.1, free ports),
 * every n8n process with its own user folder holding the packed package, its own task-broker port
 * and the same encryption key.
 *
 *   const qm = await startQueueMode({ name: 'static-data', workers: 2 });
 *   await qm.importWorkflows([workflow]);          // through main's REST API (ids kept)
 *   await qm.activate(workflow.id);                // waits for the publication and the webhooks
 *   const response = await qm.webhook('my-path');  // main enqueues, a worker runs it
 *   qm.workerOfExecution('12');                    // 'w1' (from the workers' logs)
 *   await qm.close();
 *
 * Traps it handles (n8n 2.41.1): publishing is asynchronous both ways (activate() and deactivate()
 * wait until main has processed the publication outbox and the webhooks are registered or gone, and
 * throw on a failed trigger); a worker's health-check port defaults to 5678 (main's): each gets its
 * own; the worker id n8n derives is the same on every worker in a container: executions are
 * attributed from the workers' logs. Traps it cannot handle, documented in test/e2e/README.md: static
 * data does not accumulate on workers, a SIGKILLed worker's execution stays `running` ~2 minutes
 * then `error`, Execute Workflow children run inline in the parent's worker.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('./runtime');
const { installPackage } = require('./package');
const { preparePackage, E2E_DIR, E2E_LOGS } = require('./e2e');
const { createN8n } = require('./n8n');
const { createEnvBuilder, DEFAULT_OWNER } = require('./n8n/env');
const { sleep } = require('./n8n/output');
const { partsUsage } = require('./procs');
const { ensureSystemDeps } = require('./system-deps');
const { startPostgres } = require('./queue/postgres');
const { startRedis } = require('./queue/redis');
const { startWorker } = require('./queue/workers');
const { createImporter } = require('./queue/imports');

/** @param {string} message */
const defaultLog = (message) => process.stderr.write(`${message}\n`);

/**
 * @typedef {object} QueueModeOptions
 * @property {string} [name] label of the folder (<E2E_DIR>/<name>-*) and of the logs (.tmp/e2e-logs/<name>.*.log)
 * @property {number} [workers] number of `n8n worker` processes (default 2)
 * @property {number} [concurrency] N8N_CONCURRENCY_PRODUCTION_LIMIT of each worker (n8n's default: 10)
 * @property {Record<string, string>} [env] extra environment of main and every worker
 * @property {(message: string) => void} [log] progress lines (default: stderr)
 * @property {boolean} [keep] keep the user folders (default: E2E_KEEP=1)
 * @property {boolean} [echo] echo every process's output (default: E2E_ECHO=1)
 * @property {boolean} [postgresStatements] PostgreSQL counts every statement (pg_stat_statements)
 */

/**
 * Start the stack; on any failure everything already started is stopped before the error is thrown.
 * @param {QueueModeOptions} [options]
 */
async function startQueueMode(options = {}) {
	const name = options.name ?? 'queue';
	const log = options.log ?? defaultLog;
	const keep = options.keep ?? process.env.E2E_KEEP === '1';
	const echo = options.echo ?? process.env.E2E_ECHO === '1';
	/** @param {string} label */
	const echoAs = (label) =>
		echo ? (/** @type {string} */ text) => process.stderr.write(`[${label}] ${text}`) : undefined;
	const deps = ensureSystemDeps({ log, only: ['postgres', 'redis'] });
	if (!deps.ok) throw new Error(deps.message);
	const runtime = await ensureRuntime({ log });
	const tarball = await preparePackage({ log });
	fs.mkdirSync(E2E_DIR, { recursive: true });
	const root = fs.mkdtempSync(path.join(E2E_DIR, `${name}-`));
	const started = Date.now();
	/** @type {Record<string, number>} */
	const timings = {};

	/** @type {import('./queue/postgres').PostgresServer | undefined} */
	let postgres;
	/** @type {import('./queue/redis').RedisServer | undefined} */
	let redis;
	/** @type {import('./n8n').N8n | undefined} */
	let main;
	/** @type {import('./queue/workers').Worker[]} */
	const workers = [];

	async function close() {
		const errors = [];
		/** @param {() => Promise<unknown> | undefined} step */
		const attempt = async (step) => {
			try {
				await step();
			} catch (error) {
				errors.push(error);
			}
		};
		await Promise.all([
			...workers.map((worker) => attempt(() => worker.stop())),
			attempt(() => main?.close()),
		]);
		await attempt(() => redis?.close());
		await attempt(() => postgres?.close());
		const logs = E2E_LOGS;
		fs.mkdirSync(logs, { recursive: true });
		if (main) fs.writeFileSync(path.join(logs, `${name}.main.log`), main.log.text());
		for (const worker of workers)
			fs.writeFileSync(path.join(logs, `${name}.${worker.name}.log`), worker.log.text());
		if (postgres) fs.writeFileSync(path.join(logs, `${name}.postgres.log`), postgres.log.text());
		if (redis) fs.writeFileSync(path.join(logs, `${name}.redis.log`), redis.log.text());
		if (!keep) fs.rmSync(root, { recursive: true, force: true });
		if (errors.length > 0) throw errors[0];
	}

	try {
		const folders = [
			'main',
			...Array.from({ length: options.workers ?? 2 }, (_, i) => `w${i + 1}`),
		];
		// The servers start while the package is unpacked into every user folder.
		const [pgResult, redisResult, installed] = await Promise.allSettled([
			startPostgres({ pgBin: deps.env.PG_BIN, name: `${name}-pg`, statements: options.postgresStatements, onOutput: echoAs('postgres') }),
			startRedis({
				redisServer: deps.env.REDIS_SERVER,
				name: `${name}-redis`,
				onOutput: echoAs('redis'),
			}),
			Promise.all(folders.map((folder) => installPackage(tarball, path.join(root, folder)))),
		]);
		if (pgResult.status === 'fulfilled') postgres = pgResult.value;
		if (redisResult.status === 'fulfilled') redis = redisResult.value;
		for (const result of [pgResult, redisResult, installed]) {
			if (result.status === 'rejected') throw result.reason;
		}
		if (!postgres || !redis) throw new Error('unreachable');
		timings.postgres = postgres.ms;
		timings.redis = redis.ms;
		const env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...options.env,
		};
		// Main and the workers start together: migrations run under a PostgreSQL advisory lock (the
		// first process to get it runs them, the others wait), and n8n 2.41 seeds the instance
		// identity race-free (insert-or-ignore, then read the winner); encryption keys are read lazily.
		main = createN8n({
			runtime,
			userFolder: path.join(root, 'main'),
			name: `${name}-main`,
			env,
			onOutput: echoAs('main'),
		});
		const n8nMain = main;
		const mainStart = n8nMain.start().then((result) => {
			timings.main = result.ms;
		});
		const workersStarted = Date.now();
		const results = await Promise.allSettled(
			folders.slice(1).map((folder) =>
				startWorker({
					runtime,
					name: folder,
					userFolder: path.join(root, folder),
					envFor: createEnvBuilder({
						runtime,
						userFolder: path.join(root, folder),
						owner: DEFAULT_OWNER,
						env,
					}),
					concurrency: options.concurrency,
					onOutput: echoAs(folder),
				}),
			),
		);
		timings.workers = Date.now() - workersStarted;
		const mainResult = (await Promise.allSettled([mainStart]))[0];
		for (const result of results) if (result.status === 'fulfilled') workers.push(result.value);
		if (mainResult.status === 'rejected') throw mainResult.reason;
		const failed = results.find((result) => result.status === 'rejected');
		if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
		timings.total = Date.now() - started;
	} catch (error) {
		await close().catch(() => {});
		throw error;
	}

	const n8n = /** @type {import('./n8n').N8n} */ (main);
	const pg = /** @type {import('./queue/postgres').PostgresServer} */ (postgres);
	const queue = /** @type {import('./queue/redis').RedisServer} */ (redis);
	const importer = createImporter({ main: n8n, postgres: pg });
	log(
		`queue mode: up in ${(timings.total / 1000).toFixed(1)} s (postgres ${timings.postgres} ms, redis ${timings.redis} ms, main ${timings.main} ms, ${workers.length} workers ${timings.workers} ms)`,
	);

	/**
	 * Which worker started an execution, from the workers' logs (undefined: none, or not yet).
	 * @param {string | number} executionId
	 */
	function workerOfExecution(executionId) {
		return workers.find((worker) => worker.executionIds().includes(String(executionId)))?.name;
	}

	/**
	 * The root process of each part of the stack: n8n's process group (with its task runner),
	 * PostgreSQL's (with its backends), Redis, each worker's.
	 * @returns {Record<string, number | undefined>}
	 */
	function parts() {
		return {
			main: n8n.processGroup,
			postgres: pg.pid,
			redis: queue.pid(),
			...Object.fromEntries(workers.map((worker) => [worker.name, worker.processGroup])),
		};
	}

	return {
		name,
		root,
		main: n8n,
		get api() {
			return n8n.api;
		},
		get url() {
			return n8n.url;
		},
		owner: n8n.owner,
		webhook: n8n.webhook,
		request: n8n.request,
		rest: n8n.rest,
		executions: n8n.executions,
		waitForExecutions: n8n.waitForExecutions,
		...importer,
		workers,
		workerOfExecution,
		/**
		 * workerOfExecution(), waiting for the worker's log line (it may arrive after the HTTP answer).
		 * @param {string | number} executionId
		 * @param {{ timeoutMs?: number }} [opts]
		 */
		async waitForWorkerOf(executionId, opts = {}) {
			const deadline = Date.now() + (opts.timeoutMs ?? 10000);
			for (;;) {
				const worker = workerOfExecution(executionId);
				if (worker) return worker;
				if (Date.now() > deadline) {
					throw new Error(`no worker's log shows execution ${executionId}`);
				}
				await sleep(100);
			}
		},
		redis: {
			host: queue.host,
			port: queue.port,
			pid: queue.pid,
			restart: queue.restart,
			command: queue.command,
			log: queue.log,
		},
		postgres: {
			host: pg.host,
			port: pg.port,
			pid: pg.pid,
			database: pg.database,
			query: pg.query,
			rows: pg.rows,
			log: pg.log,
		},
		timings,
		/**
		 * Resident memory of each part of the stack in MiB: n8n with its task runner, PostgreSQL with
		 * its backends, Redis (the harness's reaper processes left out), and the total.
		 */
		rss() {
			return partsUsage(parts()).rssMiB;
		},
		parts,
		close,
	};
}

/** @typedef {Awaited<ReturnType<typeof startQueueMode>>} QueueMode */

module.exports = { startQueueMode };
