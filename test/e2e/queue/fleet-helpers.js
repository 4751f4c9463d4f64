// @ts-check
'use strict';
/** What the queue-mode partners tests read from n8n's PostgreSQL database and its executions. */
const { WORKFLOWS } = require('../../../tools/lib/fleet/n8n');

/**
 * The lane executions of a run: those of the lane workflow after the run's dispatcher execution
 * and before the next dispatcher execution, oldest first.
 * @param {import('../../../tools/lib/queue-mode').QueueMode} qm
 * @param {string} runId the dispatcher's execution id
 * @returns {Promise<Array<{ id: string, status: string, mode: string }>>}
 */
async function laneExecutions(qm, runId) {
	const [next] = await qm.postgres.rows(
		`SELECT min(id) AS id FROM execution_entity WHERE "workflowId" = '${WORKFLOWS.dispatcher.id}' AND id > ${Number(runId)}`,
	);
	const until = next?.id ? `AND id < ${Number(next.id)}` : '';
	return await qm.postgres.rows(
		`SELECT id::text AS id, status, mode FROM execution_entity WHERE "workflowId" = '${WORKFLOWS.lane.id}' AND id > ${Number(runId)} ${until} ORDER BY id`,
	);
}

/**
 * laneExecutions(), once none of them runs or waits any more (the lane that finished first may
 * still be watching the run for a few seconds after the report).
 * @param {import('../../../tools/lib/queue-mode').QueueMode} qm
 * @param {string} runId
 */
async function settledLaneExecutions(qm, runId, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await laneExecutions(qm, runId);
		if (executions.every((e) => !['new', 'running', 'waiting'].includes(e.status))) return executions;
		if (Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Bytes of an execution's saved run data (execution_data.data).
 * @param {import('../../../tools/lib/queue-mode').QueueMode} qm
 * @param {string} executionId
 */
async function savedSize(qm, executionId) {
	const [row] = await qm.postgres.rows(
		`SELECT length(data) AS bytes FROM execution_data WHERE "executionId" = ${Number(executionId)}`,
	);
	return Number(row?.bytes ?? 0);
}

/**
 * Items each node put out (every output, every run) in an execution read through the public API.
 * @param {any} execution
 * @returns {Record<string, number>}
 */
function itemCounts(execution) {
	const runData = execution?.data?.resultData?.runData ?? {};
	return Object.fromEntries(
		Object.entries(runData).map(([node, runs]) => [
			node,
			/** @type {any[]} */ (runs).reduce(
				(sum, r) => sum + (r.data?.main ?? []).reduce((n, items) => n + (items?.length ?? 0), 0),
				0,
			),
		]),
	);
}

module.exports = { laneExecutions, settledLaneExecutions, savedSize, itemCounts };
