// @ts-check
'use strict';
/**
 * Runs of the partners sync in a running n8n (queue mode or not): start one through the
 * dispatcher's "Run now (test)" webhook, wait for its report (posted to notifyWebhookUrl, here a
 * recorder), read the report item from the execution that wrote it, and compare what Synthesize
 * holds with every partner's ledger in the partners table, pair by pair.
 */
const { RUN_PATH } = require('./n8n');

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const REPORT_LINE =
	/^Gradient Synthesize sync(?: (\S+))?: (\d+) partner\(s\) synced, (\d+) failed(?:, (\d+) not reached)?(?:, (\d+) interrupted)?\./;

/**
 * @typedef {object} PostedReport
 * @property {string} runId
 * @property {number} synced
 * @property {number} failed
 * @property {number} notReached
 * @property {number} interrupted
 * @property {string} text
 * @property {number} at epoch ms it arrived
 */

/**
 * @param {object} ctx
 * @param {{ webhook: Function, api: import('axios').AxiosInstance }} ctx.n8n main (webhook(), api)
 * @param {{ requests: Array<{ at: string, body: string }> }} ctx.notify the recorder notifyWebhookUrl points at
 */
function createRuns(ctx) {
	/**
	 * Start a run; resolves when the dispatcher answered (it only starts the lanes).
	 * @returns {Promise<{ runId: string, lanes: number, started: number, at: number, dispatcherMs: number }>}
	 */
	async function start() {
		const at = Date.now();
		const response = await ctx.n8n.webhook(RUN_PATH, { method: 'POST', data: {} });
		if (response.status !== 200 || !response.data?.runId)
			throw new Error(`dispatcher: ${response.status} ${JSON.stringify(response.data)}`);
		return { ...response.data, runId: String(response.data.runId), at, dispatcherMs: Date.now() - at };
	}

	/** Every report posted so far. @returns {PostedReport[]} */
	function reports() {
		return ctx.notify.requests.flatMap((request) => {
			/** @type {any} */
			let body;
			try {
				body = JSON.parse(request.body);
			} catch {
				return [];
			}
			const match = REPORT_LINE.exec(String(body?.text ?? ''));
			if (!match) return [];
			return [
				{
					runId: match[1] ?? '',
					synced: Number(match[2]),
					failed: Number(match[3]),
					notReached: Number(match[4] ?? 0),
					interrupted: Number(match[5] ?? 0),
					text: body.text,
					at: Date.parse(request.at),
				},
			];
		});
	}

	/**
	 * Wait for the report of a run.
	 * @param {string} runId
	 * @param {{ timeoutMs?: number }} [opts]
	 */
	async function waitForReport(runId, opts = {}) {
		const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
		for (;;) {
			const found = reports().filter((report) => report.runId === runId);
			if (found.length > 0) return { ...found[0], copies: found.length };
			if (Date.now() > deadline) throw new Error(`run ${runId}: no report after ${opts.timeoutMs ?? 300_000} ms`);
			await sleep(250);
		}
	}

	/**
	 * The Sync report item of a run, from the (lane or dispatcher) execution that wrote it: the
	 * newest finished executions of `workflowId` are read one by one until one holds it (the
	 * report is posted a moment before its execution is saved).
	 * @param {string} workflowId
	 * @param {string} runId
	 */
	async function reportItem(workflowId, runId, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		const read = new Set();
		for (;;) {
			const list = await ctx.n8n.api.get('/executions', { params: { workflowId, limit: 50, includeData: false } });
			for (const execution of (list.data.data ?? []).filter((/** @type {any} */ e) => (e.finished || e.stoppedAt) && !read.has(e.id))) {
				read.add(execution.id);
				const full = (await ctx.n8n.api.get(`/executions/${execution.id}`, { params: { includeData: true } })).data;
				const [report] = outputOf(full, 'Sync report');
				if (report && String(report.runId ?? runId) === runId) return { ...report, executionId: String(execution.id) };
			}
			if (Date.now() > deadline) throw new Error(`run ${runId}: no finished execution of ${workflowId} among the newest 50 holds its Sync report`);
			await sleep(500);
		}
	}

	/**
	 * Start a run through the dispatcher's real Schedule Trigger: its rule becomes a UTC cron
	 * `inMs` from now (public API update, then `publish`, which must wait until n8n has published
	 * it), then the execution it starts is waited for.
	 * @param {string} workflowId the dispatcher
	 * @param {(id: string) => Promise<unknown>} publish e.g. qm.activate
	 * @returns {Promise<{ runId: string, lanes: number, started: number, at: number, execution: any }>}
	 */
	async function startBySchedule(workflowId, publish, inMs = 5000) {
		const { api } = ctx.n8n;
		const workflow = (await api.get(`/workflows/${workflowId}`)).data;
		const before = new Set(
			((await api.get('/executions', { params: { workflowId, limit: 100 } })).data.data ?? []).map(
				(/** @type {any} */ e) => e.id,
			),
		);
		const at = new Date(Date.now() + inMs);
		const trigger = workflow.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-base.scheduleTrigger');
		trigger.parameters.rule = {
			interval: [
				{ field: 'cronExpression', expression: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *` },
			],
		};
		const updated = await api.put(`/workflows/${workflowId}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: { ...workflow.settings, timezone: 'UTC' },
		});
		if (updated.status !== 200) throw new Error(`PUT /workflows/${workflowId}: ${updated.status} ${JSON.stringify(updated.data)}`);
		await publish(workflowId);
		const deadline = Date.now() + inMs + 120_000;
		for (;;) {
			const listed = (await api.get('/executions', { params: { workflowId, limit: 100 } })).data.data ?? [];
			const fresh = listed.find((/** @type {any} */ e) => !before.has(e.id) && e.mode === 'trigger');
			if (fresh && (fresh.finished || fresh.stoppedAt)) {
				const execution = (await api.get(`/executions/${fresh.id}`, { params: { includeData: true } })).data;
				const [started] = outputOf(execution, 'Lanes started');
				if (!started) throw new Error(`${workflowId}: execution ${fresh.id} started no lane`);
				return { ...started, runId: String(started.runId), at: Date.parse(fresh.startedAt), execution };
			}
			if (Date.now() > deadline) throw new Error(`${workflowId}: the schedule did not fire or finish`);
			await sleep(300);
		}
	}

	return { start, startBySchedule, reports, waitForReport, reportItem };
}

/**
 * The items a node put on an output in an execution read through the public API.
 * @param {any} execution
 * @param {string} node
 * @param {{ output?: number, run?: number }} [options]
 * @returns {any[]}
 */
function outputOf(execution, node, options = {}) {
	const runs = execution?.data?.resultData?.runData?.[node];
	if (!runs) return [];
	return (runs[options.run ?? 0]?.data?.main?.[options.output ?? 0] ?? []).map(
		(/** @type {any} */ item) => item.json,
	);
}

/**
 * Synthesize against the ledgers, pair by pair, for the given partners:
 * - `lost`: pairs the source has whose count Synthesize does not hold (a count never pushed, or an
 *   older one), plus pairs that left the source but still hold a non-zero count;
 * - `ledgerMismatches`: pairs where Synthesize's stored count and the partner's ledger differ (a
 *   pair Synthesize holds at 0 and the ledger no longer knows counts as equal: a zero was pushed
 *   and the pair forgotten, as Sync Usage does).
 * @param {object} input
 * @param {Array<{ partnerId: string, organizationId: string }>} input.partners
 * @param {Record<string, any>} input.table partners table rows by partnerId
 * @param {Array<{ partnerId: string, counts: Record<string, Record<string, number>> }>} input.synthesize GET /sandbox/billing/counts partners
 * @param {(partnerId: string) => Map<string, number>} input.expected `${accountId}|${service}` → count
 * @param {Record<string, string>} input.serviceIds service name → SKU id
 */
function compareLedgers(input) {
	const held = new Map(input.synthesize.map((p) => [p.partnerId, p.counts]));
	const result = { partners: 0, pairs: 0, lost: 0, ledgerMismatches: 0, withoutLedger: 0, examples: /** @type {string[]} */ ([]) };
	/** @param {string} what */
	const note = (what) => {
		if (result.examples.length < 10) result.examples.push(what);
	};
	for (const partner of input.partners) {
		result.partners++;
		const stored = held.get(partner.organizationId) ?? {};
		const raw = input.table[partner.partnerId]?.usageLedger;
		/** @type {Record<string, Record<string, number>>} */
		let ledger = {};
		if (raw) ledger = JSON.parse(raw).counts ?? {};
		else result.withoutLedger++;
		/** @type {Set<string>} */
		const expectedKeys = new Set();
		for (const [key, count] of input.expected(partner.partnerId)) {
			const [accountId, service] = key.split('|');
			const serviceId = input.serviceIds[service];
			expectedKeys.add(`${serviceId}|${accountId}`);
			result.pairs++;
			if (stored[serviceId]?.[accountId] !== count) {
				result.lost++;
				note(`${partner.partnerId} ${accountId} ${service}: source ${count}, Synthesize ${stored[serviceId]?.[accountId]}`);
			}
		}
		/** @type {Set<string>} */
		const keys = new Set();
		for (const counts of [stored, ledger])
			for (const [serviceId, accounts] of Object.entries(counts))
				for (const accountId of Object.keys(accounts)) keys.add(`${serviceId}|${accountId}`);
		for (const key of keys) {
			const [serviceId, accountId] = key.split('|');
			const inSynthesize = stored[serviceId]?.[accountId];
			const inLedger = ledger[serviceId]?.[accountId];
			if (!expectedKeys.has(key) && inSynthesize !== undefined && inSynthesize !== 0) {
				result.lost++;
				note(`${partner.partnerId} ${accountId} ${serviceId}: gone from the source, Synthesize still ${inSynthesize}`);
			}
			if ((inSynthesize ?? 0) !== (inLedger ?? 0) || (inSynthesize === undefined && inLedger !== undefined)) {
				result.ledgerMismatches++;
				note(`${partner.partnerId} ${accountId} ${serviceId}: Synthesize ${inSynthesize}, ledger ${inLedger}`);
			}
		}
	}
	return result;
}

module.exports = { createRuns, outputOf, compareLedgers, REPORT_LINE };
