// @ts-check
'use strict';
/**
 * The phases of npm run scale on one queue-mode stack (queue.js), in the order they run: a lanes
 * sweep, 100 partners, (the fan-out per token: stack.measuredRun), the unchanged re-sync, the
 * ceiling (limit off), the vendor-wide limit, and a worker killed mid-run with its follow-up run.
 */
const fleetN8n = require('../lib/fleet/n8n');
const { TOKEN_LIMIT, VENDOR_LIMIT } = require('./queue');
const { nodeProfile, requestsSince, lastSeq, pushesSoFar, waitForPushes, sleep } = require('./measure');
const { slotDelays } = require('./slots');

const { WORKFLOWS, templateSetting } = fleetN8n;

/**
 * Lanes by measurement: the first `partners` partners synced in full at each lane count; the
 * setting is the fewest lanes within 5 % of the fastest run.
 * @param {import('./queue').ScaleStack} stack
 * @param {{ partners: number, lanes: number[] }} options
 */
async function sweep(stack, options) {
	await stack.enableFirst(options.partners);
	const points = [];
	for (const lanes of options.lanes) {
		await stack.setSettings({ lanes });
		const run = await stack.measuredRun(`sweep: ${lanes} lanes, ${options.partners} partners`, { bump: true });
		points.push({ lanes, runMs: run.runMs, pushes: run.pushes, pushesPerSecond: run.pushesPerSecond, load: run.load, cpuSeconds: run.cpuSeconds });
	}
	const best = Math.min(...points.map((p) => p.runMs));
	const chosen = points.filter((p) => p.runMs <= best * 1.05).sort((a, b) => a.lanes - b.lanes)[0].lanes;
	await stack.enableFirst(stack.fleet.partners.length);
	await stack.setSettings({ lanes: chosen });
	return { partners: options.partners, points, chosen };
}

/**
 * A run where nothing changed: 0 pushes expected; where its time goes (per node, sampled).
 * @param {import('./queue').ScaleStack} stack
 */
async function resync(stack) {
	stack.census.start();
	await stack.statements.start();
	const run = await stack.measuredRun('unchanged re-sync', { compare: false });
	const expressions = expressionsByNode(await stack.census.stop(), run.report.synced);
	const statements = await stack.statements.stop(run.report.synced);
	const profile = await nodeProfile(stack.qm.api, await stack.laneExecutionIds(run.runId));
	return { ...run, profile, expressions, statements };
}

/**
 * The workers' expression census per node, and per expression (the 15 costliest, whichever nodes
 * hold them: a credential type's own expressions are evaluated in every node using it): evaluations
 * and milliseconds per partner.
 * @param {[string, string, number, number][]} rows node, expression, evaluations, ms
 * @param {number} partners
 */
function expressionsByNode(rows, partners) {
	/** @type {Map<string, { node: string, evaluations: number, ms: number }>} */
	const nodes = new Map();
	/** @type {Map<string, { expression: string, nodes: Set<string>, evaluations: number, ms: number }>} */
	const expressions = new Map();
	for (const [node, expression, n, ms] of rows) {
		const entry = nodes.get(node) ?? { node, evaluations: 0, ms: 0 };
		entry.evaluations += n;
		entry.ms += ms;
		nodes.set(node, entry);
		const same = expressions.get(expression) ?? { expression, nodes: new Set(), evaluations: 0, ms: 0 };
		same.nodes.add(node);
		same.evaluations += n;
		same.ms += ms;
		expressions.set(expression, same);
	}
	const per = (/** @type {number} */ value) => Math.round((value / Math.max(1, partners)) * 10) / 10;
	const list = [...nodes.values()].sort((a, b) => b.ms - a.ms);
	const total = list.reduce((sum, e) => ({ evaluations: sum.evaluations + e.evaluations, ms: sum.ms + e.ms }), { evaluations: 0, ms: 0 });
	return {
		perPartner: { evaluations: per(total.evaluations), ms: per(total.ms) },
		nodes: list.map((e) => ({ node: e.node, evaluationsPerPartner: per(e.evaluations), msPerPartner: per(e.ms) })),
		costliest: [...expressions.values()]
			.sort((a, b) => b.ms - a.ms)
			.slice(0, 15)
			.map((e) => ({ expression: e.expression, nodes: [...e.nodes].sort(), evaluationsPerPartner: per(e.evaluations), msPerPartner: per(e.ms) })),
	};
}

/**
 * The ceiling: the same run with the sandbox's limit off (how fast n8n pushes here).
 * @param {import('./queue').ScaleStack} stack
 */
async function ceiling(stack) {
	await stack.fleet.client.config({ rateLimit: false });
	try {
		return await stack.measuredRun('ceiling (sandbox limit off)', { bump: true });
	} finally {
		await stack.fleet.client.config({ rateLimit: TOKEN_LIMIT });
	}
}

/**
 * The first `count` partners only: main's memory and the dispatcher's execution, to compare.
 * @param {import('./queue').ScaleStack} stack
 * @param {number} count
 */
async function fewer(stack, count) {
	await stack.enableFirst(count);
	try {
		return await stack.measuredRun(`${count} partners`, { bump: true });
	} finally {
		await stack.enableFirst(stack.fleet.partners.length);
	}
}

/**
 * One limit for the whole vendor (window model, vendor scope; the dispatcher divides its pace
 * between the lanes), for the first `count` partners over `lanes` lanes: the vendor-wide rate of
 * arrivals (429s included) in every 1,000 ms window, and the sustained rate over the push phase.
 * @param {import('./queue').ScaleStack} stack
 * @param {{ count: number, lanes: number, lanesAfter: number }} options lanesAfter: the lanes setting put back afterwards
 */
async function vendorWide(stack, { count, lanes, lanesAfter }) {
	await stack.fleet.client.config({ rateLimit: VENDOR_LIMIT });
	await stack.setSettings({ rateLimitScope: 'vendor', lanes });
	await stack.enableFirst(count);
	try {
		const only = stack.fleet.partners.slice(0, count).map((/** @type {any} */ p) => p.partnerId);
		const run = await stack.measuredRun(`per vendor (window, vendor scope), ${count} partners`, { bump: true, compare: only });
		const rate = await stack.fleet.client.admin('GET', '/sandbox/requests/rate', undefined, { scope: 'vendor', since: run.since });
		const requests = requestsSince(stack.fleet.sandbox, run.since);
		const pushTimes = requests.filter((r) => r.routeId === 'setUnitCount').map((r) => r.arrivedMs);
		const [from, to] = [Math.min(...pushTimes), Math.max(...pushTimes)];
		const inPhase = requests.filter((r) => r.arrivedMs >= from && r.arrivedMs <= to);
		const seconds = (to - from) / 1000;
		// The busiest 1,000 ms of arrivals, by route and answer: what broke the window, if it broke.
		const arrivals = requests.map((r) => r.arrivedMs).sort((a, b) => a - b);
		let busiest = { count: 0, from: 0 };
		for (let i = 0, j = 0; i < arrivals.length; i++) {
			while (arrivals[i] - arrivals[j] >= 1000) j++;
			if (i - j + 1 > busiest.count) busiest = { count: i - j + 1, from: j };
		}
		// The busiest window in tenths (bunched arrivals show), every process's stalls
		// (stall-watch.js) from half a second before it to its end (ms from its start), and per
		// part over the push phase.
		const windowStart = arrivals[busiest.from] ?? 0;
		const busiestTenths = Array.from({ length: 10 }, (_, i) => arrivals.filter((t) => t >= windowStart + i * 100 && t < windowStart + (i + 1) * 100).length);
		const stalls = stack.stallsBetween(Math.min(from, windowStart - 500), Math.max(to, windowStart + 1000));
		const near = (/** @type {{ atMs: number, ms: number }} */ x, /** @type {number} */ start, /** @type {number} */ end) => x.atMs + x.ms >= start && x.atMs <= end;
		const stallsNearBusiest = stalls.filter((x) => near(x, windowStart - 500, windowStart + 1000)).map((x) => ({ ...x, atMs: x.atMs - windowStart }));
		/** @type {Record<string, { count: number, maxMs: number, gc: number }>} */
		const stallsByPart = {};
		for (const x of stalls.filter((each) => near(each, from, to))) {
			const part = (stallsByPart[x.part] ??= { count: 0, maxMs: 0, gc: 0 });
			if (x.gc) part.gc++;
			else {
				part.count++;
				part.maxMs = Math.max(part.maxMs, x.ms);
			}
		}
		// How late after their lanes' slots the requests arrived (slots.js): lane i syncs the enabled
		// partners i, i + lanes, i + 2 × lanes… in the table's order.
		const laneOf = new Map(stack.fleet.partners.slice(0, count).map((/** @type {any} */ p, /** @type {number} */ i) => [p.synthesizeId, i % lanes]));
		const requestsPerSecond = Number(templateSetting(WORKFLOWS.dispatcher.file, 'requestsPerSecond'));
		const afterSlot = slotDelays(requests, { laneOf, lanes, requestsPerSecond }, busiest);
		const worstWindow = /** @type {Record<string, number>} */ ({});
		for (const r of requests.slice(busiest.from, busiest.from + busiest.count)) {
			const key = `${r.routeId} ${r.status}`;
			worstWindow[key] = (worstWindow[key] ?? 0) + 1;
		}
		// What a lane does besides pushing: its share of the budget waits unused meanwhile.
		const profile = await nodeProfile(stack.qm.api, await stack.laneExecutionIds(run.runId));
		const perRoute = /** @type {Record<string, number>} */ ({});
		for (const r of requests) if (r.routeId !== 'setUnitCount') perRoute[r.routeId ?? '?'] = (perRoute[r.routeId ?? '?'] ?? 0) + 1;
		return {
			...run,
			partners: count,
			lanes,
			profile,
			vendorRate: {
				complete: rate.complete,
				total: rate.total,
				maxArrivedInAnyWindow: rate.maxArrivedInAnyWindow,
				maxAcceptedInAnyWindow: rate.maxAcceptedInAnyWindow,
				acceptedPerSecondInPushPhase: Math.round((inPhase.filter((r) => r.status !== 429).length / seconds) * 10) / 10,
				arrivedPerSecondInPushPhase: Math.round((inPhase.length / seconds) * 10) / 10,
				nonPushRequests: perRoute,
				worstWindow,
				busiestTenths,
				afterSlot,
				requestsPerSecond,
				stallsNearBusiest,
				stallsByPart,
			},
		};
	} finally {
		await stack.enableFirst(stack.fleet.partners.length);
		await stack.setSettings({ rateLimitScope: 'token', lanes: lanesAfter });
		await stack.fleet.client.config({ rateLimit: TOKEN_LIMIT });
	}
}

/**
 * A worker SIGKILLed mid-run (once `fraction` of the pushes arrived, the worker running a lane
 * execution then), the run's report, and the follow-up run once the dead leases have expired.
 * @param {import('./queue').ScaleStack} stack
 * @param {{ fraction: number }} options
 */
async function killMidRun(stack, options) {
	const { fleet, qm } = stack;
	const total = fleet.partners.length * fleet.pairs;
	fleet.source.bump();
	// Every partner has a new incident: the lanes the worker held may have sent theirs before it died.
	fleet.source.raiseIncidents();
	const alertsBefore = await fleet.alerts();
	const since = lastSeq(fleet.sandbox);
	const pushesBefore = pushesSoFar(fleet.sandbox);
	const started = await fleet.runs.start();
	await waitForPushes(fleet.sandbox, pushesBefore, Math.round(total * options.fraction));
	/** @type {import('../lib/queue/workers').Worker | undefined} */
	let victim;
	while (!victim) {
		const running = await qm.postgres.rows(
			`SELECT id::text AS id FROM execution_entity WHERE "workflowId" = '${WORKFLOWS.lane.id}' AND status = 'running' AND id > ${Number(started.runId)}`,
		);
		const name = running.map((row) => qm.workerOfExecution(row.id)).find(Boolean);
		victim = qm.workers.find((worker) => worker.name === name);
		if (!victim) await sleep(100);
	}
	const pushedAtKill = requestsSince(fleet.sandbox, since, 'setUnitCount').length;
	await victim.kill('SIGKILL');
	const killedAt = Date.now();
	const dead = new Set(victim.executionIds());
	const restarted = victim.restart();
	const report = await fleet.runs.waitForReport(started.runId, { timeoutMs: 3 * 3600_000 });
	const item = await fleet.runs.reportItem(WORKFLOWS.lane.id, started.runId);
	const table = await fleetN8n.readTable(qm.api);
	const held = Object.values(table).filter((row) => row.leaseOwner);
	await restarted;
	await sleep(Math.max(0, Math.max(0, ...held.map((row) => Number(row.leaseUntil))) - Date.now() + 1000));
	const followUp = await stack.measuredRun('follow-up run after the kill', { compare: true });
	const named = new Set([...item.interruptedPartners, ...item.notReachedPartners]);
	const byOrg = new Map(fleet.partners.map((p) => [p.organizationId, p.partnerId]));
	const pushedFor = new Set(requestsSince(fleet.sandbox, followUp.since, 'setUnitCount').map((r) => byOrg.get(r.partnerId)));
	const alertsAfter = await fleet.alerts();
	const rows = Object.values(await fleetN8n.readTable(qm.api));
	const uncertain = rows.reduce((n, row) => n + Number(/(\d+) uncertain/.exec(row.lastSyncSummary ?? '')?.[1] ?? 0), 0);
	return {
		worker: victim.name,
		pushedAtKill,
		totalPushes: total,
		reportAfterKillMs: report.at - killedAt,
		report: { synced: report.synced, failed: report.failed, notReached: report.notReached, interrupted: report.interrupted, copies: report.copies },
		stoppedLanes: item.stoppedLanes,
		interruptedHeldByDeadWorker: held.filter((row) => dead.has(row.leaseOwner)).length,
		heldRows: held.length,
		everyPartnerSyncedOrReported: report.synced + report.failed + report.notReached + report.interrupted === fleet.partners.length,
		followUp: {
			runMs: followUp.runMs,
			report: followUp.report,
			pushes: followUp.pushes,
			expectedPushes: named.size * fleet.pairs,
			pushedExactlyTheReported: [...pushedFor].sort().join() === [...named].sort().join(),
		},
		compare: followUp.compare,
		alerts: {
			// The incidents without a ticket before the killed run (one new per partner, and the
			// earlier ones when no phase before synced alerts): each sent once or reported uncertain.
			incidents: fleet.partners.reduce((n, p) => n + fleet.source.incidents(p.partnerId).length, 0) - alertsBefore.incidentsTicketed,
			tickets: alertsAfter.tickets - alertsBefore.tickets,
			posts: alertsAfter.posts - alertsBefore.posts,
			uncertain,
			// Over every alert the scale run sent, all phases.
			duplicateIncidents: alertsAfter.duplicateIncidents.length,
			duplicateAlertIds: alertsAfter.duplicateAlertIds.length,
			totalTickets: alertsAfter.tickets,
		},
	};
}

module.exports = { sweep, resync, ceiling, fewer, vendorWide, killMidRun };
