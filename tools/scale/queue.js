// @ts-check
'use strict';
/**
 * The queue-mode side of npm run scale: one stack (PostgreSQL, Redis, main, 2 workers) with the
 * fleet installed (tools/lib/fleet), and one measured run of the partners sync on it: the
 * dispatcher's webhook to the report, what the sandbox received, memory and CPU of every part,
 * the dispatcher's saved size, Synthesize against the ledgers; main restarted between runs, the
 * workers' expression census (expression-census.js) and PostgreSQL's statements (statements.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startQueueMode } = require('../lib/queue-mode');
const { startFleet, installFleet } = require('../lib/fleet');
const fleetN8n = require('../lib/fleet/n8n');
const { watchStalls } = require('./stall-watch');
const { startSampler, pushPhase, requestsSince, lastSeq, requestLogSize, sleep } = require('./measure');
const { STATEMENTS_SQL, statementsPerPartner } = require('./statements');

const { WORKFLOWS } = fleetN8n;

/** The sandbox's limit in the per-token runs: 100 a second per GRADIENT-TOKEN, token bucket. */
const TOKEN_LIMIT = { perSecond: 100, burst: 10, model: 'bucket', scope: 'token' };
/** The vendor-wide runs: at most 100 in any 1,000 ms for all partners of the vendor together. */
const VENDOR_LIMIT = { perSecond: 100, burst: 10, model: 'window', scope: 'vendor' };

/**
 * @param {object} options
 * @param {number} options.partners
 * @param {number} options.pairs
 * @param {number} options.lanes initial lanes
 * @param {number} options.concurrency N8N_CONCURRENCY_PRODUCTION_LIMIT of each worker
 * @param {number} options.latencyMs
 * @param {number} options.leaseMinutes
 * @param {number} options.partnersPerExecution partners a lane syncs in one execution
 * @param {string} [options.expressionEngine] N8N_EXPRESSION_ENGINE of main and the workers (n8n's default: vm)
 * @param {(message: string) => void} options.log
 */
async function startScaleStack(options) {
	const fleet = await startFleet({
		partners: options.partners,
		pairs: options.pairs,
		sandbox: {
			latency: { ms: options.latencyMs, jitter: 0 },
			rateLimit: TOKEN_LIMIT,
			// One run's requests (the vendor-wide check reads a whole run back), about 350 B each.
			requestLogSize: requestLogSize(options.partners, options.pairs),
			// A worker thread stamps each arrival (sandbox/front.js): this process's collections,
			// 200 ms at 500 partners, no longer bunch the arrivals the vendor-wide check counts.
			front: true,
		},
	});
	// Every pair is pushed many times over the phases: keep 2 values of history per pair.
	await fleet.client.config({ historyLimit: 2 });
	/** @type {import('../lib/queue-mode').QueueMode | undefined} */
	let qm;
	const censusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-census-'));
	const stallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-stalls-'));
	// This process serves the sandbox: its stalls are recorded with n8n's (stall-watch.js).
	const stopWatchingStalls = watchStalls({ dir: stallDir, part: 'sandbox' });
	try {
		// The expression census (expression-census.js) is loaded into every n8n process; only the
		// workers are told to count, during the unchanged re-sync.
		const env = {
			NODE_OPTIONS: `--require ${path.join(__dirname, 'expression-census.js')} --require ${path.join(__dirname, 'stall-watch.js')}`,
			SCALE_CENSUS_DIR: censusDir,
			SCALE_STALL_DIR: stallDir,
			...(options.expressionEngine ? { N8N_EXPRESSION_ENGINE: options.expressionEngine } : {}),
		};
		qm = await startQueueMode({ name: 'scale', workers: 2, concurrency: options.concurrency, env, postgresStatements: true, log: options.log });
		const stack = qm;
		const { tableId } = await installFleet(fleet, stack, {
			lanes: options.lanes,
			settings: { leaseMinutes: options.leaseMinutes, watchSeconds: 10, partnersPerExecution: options.partnersPerExecution },
		});
		const pids = () => stack.parts();
		const whole = startSampler(pids, 5000);

		/** Dispatcher Settings changed and published again. @param {Record<string, string | number>} values */
		async function setSettings(values) {
			await fleetN8n.updateSettings(stack.api, WORKFLOWS.dispatcher.id, values);
			await stack.activate(WORKFLOWS.dispatcher.id);
		}

		/** Only the first `count` partners enabled (the others `disabled`, skipped by every run). @param {number} count */
		async function enableFirst(count) {
			const last = fleet.partners[count - 1].partnerId;
			await fleetN8n.updateRows(stack.api, tableId, [{ columnName: 'partnerId', condition: 'lte', value: last }], { status: 'connected' });
			if (count < fleet.partners.length)
				await fleetN8n.updateRows(stack.api, tableId, [{ columnName: 'partnerId', condition: 'gt', value: last }], { status: 'disabled' });
		}

		/** The workers' expression census: start() counts from now, stop() returns the rows counted. */
		const census = {
			start() {
				for (const worker of stack.workers) if (worker.pid) process.kill(worker.pid, 'SIGUSR2');
			},
			async stop() {
				for (const file of fs.readdirSync(censusDir)) fs.rmSync(path.join(censusDir, file));
				const pids = stack.workers.map((worker) => worker.pid).filter((pid) => pid !== undefined);
				for (const pid of pids) process.kill(pid, 'SIGUSR2');
				const deadline = Date.now() + 10_000;
				while (fs.readdirSync(censusDir).length < pids.length && Date.now() < deadline) await sleep(100);
				/** @type {[string, string, number, number][]} */
				const rows = [];
				for (const file of fs.readdirSync(censusDir)) rows.push(...JSON.parse(fs.readFileSync(path.join(censusDir, file), 'utf8')));
				return rows;
			},
		};

		/** PostgreSQL's statements (statements.js): start() counts from now, stop() returns them per partner. */
		const statements = {
			async start() {
				await stack.postgres.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()');
			},
			/** @param {number} partners */
			async stop(partners) {
				return statementsPerPartner(await stack.postgres.rows(STATEMENTS_SQL), partners);
			},
		};

		/**
		 * n8n main stopped and started again (the workers, PostgreSQL and Redis keep running), so the
		 * next run's memory figures start from a fresh main, not from what earlier phases left in its
		 * heap.
		 */
		async function restartMain() {
			const { ms } = await stack.main.restart();
			options.log(`scale: main restarted in ${ms} ms (RSS ${stack.rss().main} MiB)`);
		}

		/**
		 * One run, measured: started by the dispatcher's webhook, done at its report.
		 * @param {string} label
		 * @param {{ bump?: boolean, compare?: boolean | string[], timeoutMs?: number }} [opts] bump: every pair changes first (a full push); compare: Synthesize against the ledgers, of every partner or of those partner ids
		 */
		async function measuredRun(label, opts = {}) {
			if (opts.bump) fleet.source.bump();
			const since = lastSeq(fleet.sandbox);
			const sampler = startSampler(pids);
			const started = await fleet.runs.start();
			const report = await fleet.runs.waitForReport(started.runId, { timeoutMs: opts.timeoutMs ?? 3 * 3600_000 });
			const sampled = await sampler.stop();
			const requests = requestsSince(fleet.sandbox, since);
			const [saved] = await stack.postgres.rows(
				`SELECT length(data) AS bytes FROM execution_data WHERE "executionId" = ${Number(started.runId)}`,
			);
			const dispatcher = (await stack.api.get(`/executions/${started.runId}`, { params: { includeData: true } })).data;
			const items = Object.values(dispatcher.data?.resultData?.runData ?? {}).reduce(
				(sum, runs) => sum + /** @type {any[]} */ (runs).reduce((n, r) => n + (r.data?.main ?? []).reduce((m, i) => m + (i?.length ?? 0), 0), 0),
				0,
			);
			const result = {
				label,
				runId: started.runId,
				since,
				runMs: report.at - started.at,
				report: { synced: report.synced, failed: report.failed, notReached: report.notReached, interrupted: report.interrupted },
				dispatcher: { savedBytes: Number(saved?.bytes ?? 0), items, answeredMs: started.dispatcherMs },
				...pushPhase(requests),
				...sampled,
				compare: opts.compare ? await fleet.compare(stack.api, opts.compare === true ? undefined : opts.compare) : undefined,
			};
			options.log(
				`scale: ${label}: ${Math.round(result.runMs / 1000)} s, ${result.pushes} pushes (${result.pushesPerSecond}/s in the push phase), report ${JSON.stringify(result.report)}, load ${result.load.start.toFixed(1)}–${result.load.max.toFixed(1)}`,
			);
			return result;
		}

		/**
		 * The event-loop stalls and garbage-collection pauses (`gc`) of 50 ms or more recorded
		 * between two epoch times (stall-watch.js): per part (main, w1, w2; "-runner" for a task
		 * runner; "sandbox" for this process).
		 * @param {number} from
		 * @param {number} to
		 */
		function stallsBetween(from, to) {
			/** @type {{ part: string, atMs: number, ms: number, gc?: true }[]} */
			const stalls = [];
			for (const file of fs.readdirSync(stallDir)) {
				const part = file.replace(/-\d+\.jsonl$/, '');
				for (const line of fs.readFileSync(path.join(stallDir, file), 'utf8').split('\n')) {
					if (!line) continue;
					const [atMs, ms, what] = JSON.parse(line);
					if (atMs + ms >= from && atMs <= to) stalls.push({ part, atMs, ms, ...(what === 'gc' ? { gc: /** @type {const} */ (true) } : {}) });
				}
			}
			return stalls.sort((a, b) => a.atMs - b.atMs);
		}

		/** The lane executions of a run (ids), from PostgreSQL. @param {string} runId */
		async function laneExecutionIds(runId) {
			const [next] = await stack.postgres.rows(
				`SELECT min(id) AS id FROM execution_entity WHERE "workflowId" = '${WORKFLOWS.dispatcher.id}' AND id > ${Number(runId)}`,
			);
			const rows = await stack.postgres.rows(
				`SELECT id::text AS id FROM execution_entity WHERE "workflowId" = '${WORKFLOWS.lane.id}' AND id > ${Number(runId)}${next?.id ? ` AND id < ${Number(next.id)}` : ''} ORDER BY id`,
			);
			return rows.map((row) => String(row.id));
		}

		/** The ledger store: the partners table's rows and bytes (n8n's size, and usageLedger's own). */
		async function ledgerStore() {
			const table = await fleetN8n.dataTable(stack.api);
			const [row] = await stack.postgres.rows(
				`SELECT count(*) AS rows, sum(octet_length("usageLedger")) AS "ledgerBytes", max(octet_length("usageLedger")) AS "maxLedgerBytes" FROM "data_table_user_${tableId}"`,
			);
			return { rows: Number(row.rows), ledgerBytes: Number(row.ledgerBytes), maxLedgerBytes: Number(row.maxLedgerBytes), tableSizeBytes: table?.sizeBytes ?? null };
		}

		return {
			fleet,
			qm: stack,
			tableId,
			setSettings,
			enableFirst,
			measuredRun,
			restartMain,
			census,
			statements,
			laneExecutionIds,
			stallsBetween,
			ledgerStore,
			machine: () => ({ cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memGiB: Math.round(os.totalmem() / 2 ** 30) }),
			async close() {
				const overall = await whole.stop();
				await stack.close().catch(() => {});
				await fleet.close();
				stopWatchingStalls();
				for (const dir of [censusDir, stallDir]) fs.rmSync(dir, { recursive: true, force: true });
				return overall;
			},
		};
	} catch (error) {
		await qm?.close().catch(() => {});
		await fleet.close();
		stopWatchingStalls();
		for (const dir of [censusDir, stallDir]) fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

/** @typedef {Awaited<ReturnType<typeof startScaleStack>>} ScaleStack */

module.exports = { startScaleStack, TOKEN_LIMIT, VENDOR_LIMIT };
