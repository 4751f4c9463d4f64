// @ts-check
'use strict';
/**
 * What the alert-sync test does to a running n8n: fire the Schedule Trigger of several published
 * workflows at the same second, wait for their executions, and read or set rows of the
 * `gradient_sync_state` Data Table through the public API.
 */

const TABLE = 'gradient_sync_state';

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The scheduled executions of a workflow that are not in `known`.
 * @param {import('../../../tools/lib/n8n').N8n} n8n @param {string} id @param {Set<string>} known
 */
async function freshRuns(n8n, id, known) {
	return (await n8n.executions({ workflowId: id, includeData: false })).filter((e) => !known.has(e.id) && e.mode === 'trigger');
}

/**
 * Sets the workflow's Schedule Trigger to fire once, `inMs` from now (a UTC cron with seconds,
 * through the public API), and publishes it. On a busy machine publishing can take longer than
 * `inMs`: then it waits past that second and, if nothing fired, tries again later.
 * @param {import('../../../tools/lib/n8n').N8n} n8n @param {string} id @param {Set<string>} known @param {number} inMs
 */
async function armSchedule(n8n, id, known, inMs) {
	for (let attempt = 0; ; attempt++) {
		const at = new Date(Date.now() + inMs);
		const workflow = (await n8n.api.get(`/workflows/${id}`)).data;
		const trigger = workflow.nodes.find((/** @type {any} */ n) => n.type === 'n8n-nodes-base.scheduleTrigger');
		trigger.parameters.rule = {
			interval: [{ field: 'cronExpression', expression: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *` }],
		};
		const updated = await n8n.api.put(`/workflows/${id}`, {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: { ...workflow.settings, timezone: 'UTC' },
		});
		if (updated.status !== 200) throw new Error(`PUT /workflows/${id}: ${updated.status} ${JSON.stringify(updated.data)}`);
		const published = await n8n.api.post(`/workflows/${id}/activate`, {});
		if (published.status !== 200) throw new Error(`publish ${id}: ${published.status} ${JSON.stringify(published.data)}`);
		if (Date.now() < at.getTime() - 300) return;
		// Published too late to be sure: see whether it fired, else arm it again, further ahead.
		await sleep(Math.max(0, at.getTime() - Date.now()) + 3000);
		if ((await freshRuns(n8n, id, known)).length > 0 || attempt === 3) return;
		inMs *= 2;
	}
}

/**
 * Makes the Schedule Trigger of each workflow fire once, about `inMs` from now (all of them
 * close together), and waits for the one new scheduled execution of each. Returns the
 * executions with their data, by workflow id.
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @param {string[]} workflowIds
 * @param {number} [inMs]
 * @returns {Promise<Record<string, any>>}
 */
async function fireSchedulesOnce(n8n, workflowIds, inMs = 8000) {
	/** @type {Record<string, Set<string>>} */
	const before = {};
	for (const id of workflowIds)
		before[id] = new Set((await n8n.executions({ workflowId: id, includeData: false })).map((e) => e.id));
	for (const id of workflowIds) await armSchedule(n8n, id, before[id], inMs);
	/** @type {Record<string, any>} */
	const done = {};
	const deadline = Date.now() + 240_000;
	while (Object.keys(done).length < workflowIds.length) {
		for (const id of workflowIds) {
			if (done[id]) continue;
			const runs = await freshRuns(n8n, id, before[id]);
			if (runs.length > 1) throw new Error(`${id}: ${runs.length} scheduled executions where one was armed`);
			const [fresh] = runs;
			if (fresh && (fresh.finished || fresh.stoppedAt))
				done[id] = (await n8n.api.get(`/executions/${fresh.id}`, { params: { includeData: true } })).data;
		}
		if (Date.now() > deadline) throw new Error(`schedules did not all fire: ${workflowIds.filter((id) => !done[id]).join(', ')}`);
		await sleep(500);
	}
	return done;
}

/** @param {import('../../../tools/lib/n8n').N8n} n8n */
async function tableId(n8n) {
	const tables = await n8n.api.get('/data-tables', { params: { limit: 100 } });
	const table = (tables.data.data ?? []).find((/** @type {any} */ t) => t.name === TABLE);
	if (!table) throw new Error(`no data table ${TABLE}`);
	return table.id;
}

/**
 * Every row of the state table, by key.
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @returns {Promise<Record<string, any>>}
 */
async function stateRows(n8n) {
	const rows = await n8n.api.get(`/data-tables/${await tableId(n8n)}/rows`, { params: { limit: 250 } });
	if (rows.status !== 200) throw new Error(`rows of ${TABLE}: ${rows.status} ${JSON.stringify(rows.data)}`);
	/** @type {Record<string, any>} */
	const byKey = {};
	for (const row of rows.data.data) {
		if (byKey[row.key]) throw new Error(`two rows for ${row.key}`);
		byKey[row.key] = row;
	}
	return byKey;
}

/**
 * Overwrites columns of one state row (what a run that died leaves behind, for instance).
 * @param {import('../../../tools/lib/n8n').N8n} n8n
 * @param {string} key
 * @param {Record<string, unknown>} data
 */
async function setStateRow(n8n, key, data) {
	const response = await n8n.api.patch(`/data-tables/${await tableId(n8n)}/rows/update`, {
		filter: { type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: key }] },
		data,
		returnData: true,
	});
	if (response.status !== 200 || response.data.length !== 1)
		throw new Error(`update ${key}: ${response.status} ${JSON.stringify(response.data)}`);
	return response.data[0];
}

/**
 * The items a node put on an output in an execution read through the public API.
 * @param {any} execution @param {string} node @param {number} [output]
 * @returns {any[]}
 */
function outputOf(execution, node, output = 0) {
	const runs = execution?.data?.resultData?.runData?.[node];
	if (!runs) return [];
	if (runs[0]?.error) throw new Error(`${node} failed: ${runs[0].error.message}`);
	return (runs[0]?.data?.main?.[output] ?? []).map((/** @type {any} */ item) => item.json);
}

module.exports = { fireSchedulesOnce, stateRows, setStateRow, outputOf, TABLE };
