// @ts-check
'use strict';
/**
 * The goals of npm run scale, computed from the figures of one run and marked met or missed, and
 * docs/scale.md written from them.
 */
const { laneShare } = require('./slots');

/** @param {number} ms */
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
/** @param {number} a @param {number} b */
const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 100) / 100 : Infinity);
/** @param {boolean} met */
const mark = (met) => (met ? '**met**' : '**missed**');

/**
 * The vendor-wide run's arrivals against their lanes' slots (slots.js), in a sentence.
 * @param {ReturnType<typeof import('./slots').slotDelays> | undefined} a
 */
function afterSlotText(a) {
	if (!a) return '';
	return ` Every request's arrival after the start of its lane's last slot (slots of ${a.slotMs} ms; tools/scale/slots.js), over ${a.measured} requests: median ${a.p50} ms, 99th percentile ${a.p99} ms, 99.9th ${a.p999} ms, longest ${a.max} ms; ${a.overOneSlot} arrived more than a slot after it (woken up late, then delayed between the start and the arrival), ${a.busiestOverOneSlot} of them in the busiest second.`;
}

/**
 * @param {any} f every figure of the run (scale.js)
 * @returns {Array<{ goal: string, figure: string, target: string, met: boolean }>}
 */
function computeGoals(f) {
	/** @type {Array<{ goal: string, figure: string, target: string, met: boolean }>} */
	const goals = [];
	const add = (/** @type {string} */ goal, /** @type {string} */ figure, /** @type {string} */ target, /** @type {boolean} */ met) =>
		goals.push({ goal, figure, target, met });
	if (f.baseline && f.fanOut) {
		const speedup = ratio(f.baseline.runMs, f.fanOut.runMs);
		add('(b) fan-out vs (a) sequential, per-token limit', `${speedup}× (${s(f.baseline.runMs)} → ${s(f.fanOut.runMs)})`, '≥ 4× faster', speedup >= 4);
	}
	if (f.fanOut && f.ceiling) {
		const r = ratio(f.fanOut.runMs, f.ceiling.runMs);
		add('(b) against this machine\'s ceiling (same run, sandbox limit off)', `${r}× (${s(f.fanOut.runMs)} vs ${s(f.ceiling.runMs)}; ${f.fanOut.pushesPerSecond} vs ${f.ceiling.pushesPerSecond} pushes/s)`, 'within 1.5×', r <= 1.5);
	}
	if (f.fanOut) {
		const c = f.fanOut.compare;
		add('(b) every pair pushed, every ledger equal to Synthesize', `${f.fanOut.report.synced}/${f.partners} synced; ${c.lost} pairs lost, ${c.ledgerMismatches} ledger mismatches`, 'all synced, 0, 0', f.fanOut.report.synced === f.partners && c.lost === 0 && c.ledgerMismatches === 0);
	}
	if (f.vendor) {
		const v = f.vendor.vendorRate;
		const run = `Per vendor (${f.vendor.partners ?? f.partners} partners, ${f.vendor.lanes ?? f.lanes} lanes)`;
		add(`${run}: most arrivals (429s included) in any 1,000 ms`, `${v.maxArrivedInAnyWindow}${v.complete ? '' : ' (request log incomplete)'}`, '≤ 100', v.complete && v.maxArrivedInAnyWindow <= 100);
		add(`${run}: accepted requests per second over the push phase`, `${v.acceptedPerSecondInPushPhase}/s (${v.total.refused} refused with 429)`, '≥ 90/s', v.acceptedPerSecondInPushPhase >= 90);
		const c = f.vendor.compare;
		add(`${run}: every pair pushed, every ledger equal to Synthesize`, `${f.vendor.report.synced}/${f.vendor.partners ?? f.partners} synced; ${c.lost} lost, ${c.ledgerMismatches} mismatches`, 'all synced, 0, 0', f.vendor.report.synced === (f.vendor.partners ?? f.partners) && c.lost === 0 && c.ledgerMismatches === 0);
	}
	if (f.resync) add('Unchanged re-sync of every partner', `${f.resync.pushes} count pushes, ${s(f.resync.runMs)}`, '0 pushes, under 60 s', f.resync.pushes === 0 && f.resync.runMs < 60_000 && f.resync.report.synced === f.partners);
	if (f.fewer && f.fanOut) {
		const rss = ratio(f.fanOut.peakRss.main, f.fewer.peakRss.main);
		add(`n8n main's peak RSS during the run, ${f.fewer.report.synced} vs ${f.partners} partners${f.mainFreshForCompare ? ' (main started afresh before each)' : ''}`, `${f.fewer.peakRss.main} vs ${f.fanOut.peakRss.main} MiB (${rss}×; at the start ${f.fewer.startRss.main} vs ${f.fanOut.startRss.main}, at the end ${f.fewer.endRss.main} vs ${f.fanOut.endRss.main})`, 'within ±20 %', Math.abs(rss - 1) <= 0.2);
		const size = ratio(f.fanOut.dispatcher.savedBytes, f.fewer.dispatcher.savedBytes);
		add(`The dispatcher execution's saved size, ${f.fewer.report.synced} vs ${f.partners} partners`, `${f.fewer.dispatcher.savedBytes} vs ${f.fanOut.dispatcher.savedBytes} B, ${f.fewer.dispatcher.items} vs ${f.fanOut.dispatcher.items} items`, 'within ±20 %', Math.abs(size - 1) <= 0.2);
	}
	if (f.kill) {
		const k = f.kill;
		add('Worker killed mid-run: pairs lost, ledger updates lost (after the follow-up run)', `${k.compare.lost} lost, ${k.compare.ledgerMismatches} ledger mismatches`, '0 and 0', k.compare.lost === 0 && k.compare.ledgerMismatches === 0);
		add('Worker killed mid-run: every partner synced or reported', `${k.report.synced} synced, ${k.report.interrupted} interrupted, ${k.report.notReached} not reached, ${k.report.failed} failed (report ${s(k.reportAfterKillMs)} after the kill)`, `the ${f.partners} partners`, k.everyPartnerSyncedOrReported && k.report.copies === 1);
		add('Worker killed mid-run: the next run completes them', `${k.followUp.report.synced}/${f.partners} synced, ${k.followUp.pushes} pushes for exactly the reported partners (${k.followUp.expectedPushes} expected)`, 'all synced, their pairs only', k.followUp.report.synced === f.partners && k.followUp.pushedExactlyTheReported && k.followUp.pushes === k.followUp.expectedPushes);
		const a = k.alerts;
		add('Worker killed mid-run: duplicate alerts (every alert of the scale run)', `${a.duplicateIncidents} incidents and ${a.duplicateAlertIds} alertIds with more than one ticket, of ${a.totalTickets} tickets; the ${a.incidents} incidents of the killed run: ${a.tickets} with one ticket; ${a.uncertain} reported uncertain by the follow-up (the dead execution may have sent them), none sent again`, '0 duplicates; each incident ticketed or reported', a.duplicateIncidents === 0 && a.duplicateAlertIds === 0 && a.posts === a.tickets && a.tickets + a.uncertain >= a.incidents && a.tickets <= a.incidents);
	}
	return goals;
}

/**
 * @param {any} f figures
 * @param {ReturnType<typeof computeGoals>} goals
 * @param {string} command how this run was started
 */
function renderMarkdown(f, goals, command) {
	const lines = [];
	const p = (/** @type {string} */ line = '') => lines.push(line);
	const met = goals.filter((g) => g.met).length;
	p('# Scale and queue mode: measured');
	p();
	p(`Generated by \`${command}\` (tools/scale.js) on ${f.finishedAt.slice(0, 10)}; ${met} of ${goals.length} goals met. Every figure below comes from that one run; rerun it to check them.`);
	p();
	if (f.error) {
		p('**The run stopped before its end** (figures below are those measured until then):');
		p();
		p('```');
		p(String(f.error).split('\n').slice(0, 8).join('\n'));
		p('```');
		p();
	}
	p('## Setup');
	p();
	p('| | |');
	p('|---|---|');
	if (f.machine) p(`| Machine | ${f.machine.cpus} × ${f.machine.cpuModel}, ${f.machine.memGiB} GiB, shared with other work: load average (1 min) ${f.loadDuring.min.toFixed(1)}–${f.loadDuring.max.toFixed(1)} during the runs |`);
	p(`| Software | n8n ${f.versions.n8n}, Node ${f.versions.node}, PostgreSQL ${f.versions.postgres}, Redis ${f.versions.redis}, this package ${f.versions.package} |`);
	p(`| Fleet | ${f.partners} partners × ${f.pairs} (account, service) pairs = ${f.partners * f.pairs} pairs; each partner its own token and tenant |`);
	p(`| Synthesize (sandbox) | ${f.latencyMs} ms added to every answer; limit 100 requests/s per token (token bucket, burst 10), or per vendor (at most 100 in any 1,000 ms) where said; historyLimit 2 |`);
	p(`| (a) sequential | the partners sync of commit fc0a71f (tools/scale/baseline-sequential-sync.json): one execution, partners one after another, static-data ledger; one regular-mode \`n8n start\` (SQLite) |`);
	p(`| (b) fan-out | workflows/partners/ dispatcher + lanes; queue mode: PostgreSQL, Redis, main, 2 workers with N8N_CONCURRENCY_PRODUCTION_LIMIT=${f.concurrency}, N8N_EXPRESSION_ENGINE=${f.expressionEngine ?? 'vm'}${(f.expressionEngine ?? 'vm') === 'vm' ? " (n8n's default)" : ''}; **${f.lanes} lanes**${f.sweep ? ' (chosen by the sweep below)' : ''}; partnersPerExecution ${f.partnersPerExecution ?? 1}, leaseMinutes ${f.leaseMinutes}, watchSeconds 10 |`);
	p();
	p('## Goals');
	p();
	p('| Goal | Figure | Target | |');
	p('|---|---|---|---|');
	for (const g of goals) p(`| ${g.goal} | ${g.figure} | ${g.target} | ${mark(g.met)} |`);
	p();
	p('## The runs');
	p();
	p('| Run | Partners | Wall time (dispatcher to report) | Count pushes | Push phase | Pushes/s | 429s | Load |');
	p('|---|---|---|---|---|---|---|---|');
	const runs = [['(a) sequential', f.baseline], [`${f.fewer?.report?.synced ?? ''} partners, per token`, f.fewer], ['(b) fan-out, per token', f.fanOut], ['unchanged re-sync', f.resync], ['ceiling, limit off', f.ceiling], [`per vendor, ${f.vendor?.partners ?? f.partners} partners`, f.vendor]];
	for (const [name, r] of runs) {
		if (!r) continue;
		p(`| ${name} | ${r.report?.synced ?? r.partners} | ${s(r.runMs)} | ${r.pushes} | ${s(r.pushPhaseMs)} | ${r.pushesPerSecond} | ${r.rateLimited} | ${r.load.start.toFixed(1)}–${r.load.max.toFixed(1)} |`);
	}
	if (f.sweep) {
		p();
		p(`Lanes sweep (${f.sweep.partners} partners, every pair changed, per-token limit): ${f.sweep.points.map((/** @type {any} */ pt) => `${pt.lanes} lanes ${s(pt.runMs)} (${pt.pushesPerSecond} pushes/s)`).join('; ')}. Chosen: the fewest lanes within 5 % of the fastest, **${f.sweep.chosen}**. More lanes than that add executions waiting for the same 2 cores.`);
	}
	if (f.fanOut) {
		p();
		p(`CPU seconds used during (b), per part: ${Object.entries(f.fanOut.cpuSeconds).map(([k, v]) => `${k} ${v}`).join(', ')} (the tool's own process — sandbox and tenant source — not counted); wall time ${s(f.fanOut.runMs)} on 2 cores.`);
	}
	if (f.baseline) {
		p();
		p(`(a) kept its one execution: ${kb(f.baseline.savedBytes)} saved, n8n's peak RSS ${f.baseline.peakRss.main} MiB, status ${f.baseline.executionStatus}.`);
	}
	if (f.vendor) {
		const v = f.vendor.vendorRate;
		const lanes = f.vendor.lanes ?? f.lanes;
		p();
		p('### Per vendor');
		p();
		p(`Arrivals ${v.total.arrived}, accepted ${v.total.accepted}, refused (429) ${v.total.refused}; most arrivals in any 1,000 ms ${v.maxArrivedInAnyWindow}, most accepted ${v.maxAcceptedInAnyWindow}; over the push phase ${v.arrivedPerSecondInPushPhase} arrivals/s, ${v.acceptedPerSecondInPushPhase} accepted/s. Requests other than count pushes: ${Object.entries(v.nonPushRequests).map(([k, n]) => `${k} ${n}`).join(', ')}. The dispatcher divides requestsPerSecond (${v.requestsPerSecond ?? 95}) between the ${lanes} lanes; every Synthesize call of a lane (the key check, Sync Accounts, Sync Alerts and Sync Usage) paces at that share, and the lanes take turns on one clock grid: lane i of ${lanes} starts requests only in slots i, i + ${lanes}, i + ${2 * lanes}… of ${lanes} × the share a second, and a request whose worker woke up past its slot waits for its next one.`);
		// A fixed share per lane caps the rate before any overhead: the last round of partners keeps only some lanes busy.
		const vendorPartners = f.vendor.partners ?? f.partners;
		const share = laneShare(v.requestsPerSecond ?? 95, lanes);
		const rounds = Math.ceil(vendorPartners / lanes);
		p();
		p(`With a fixed share per lane (${share}/s), ${vendorPartners} partners over ${lanes} lanes take ${rounds} rounds, the last with ${vendorPartners - (rounds - 1) * lanes} lanes busy: even with no time between partners the push phase could not average more than ${Math.round(((vendorPartners * share) / rounds) * 10) / 10} requests a second.`);
		p();
		p(`The busiest 1,000 ms held ${Object.values(v.worstWindow).reduce((a, b) => a + b, 0)} arrivals: ${Object.entries(v.worstWindow).map(([k, n]) => `${n} × ${k}`).join(', ')}.`);
		if (v.busiestTenths && v.stallsByPart) {
			const near = v.stallsNearBusiest.map((/** @type {{ part: string, atMs: number, ms: number, gc?: boolean }} */ x) => `${x.part} ${x.gc ? 'GC pause' : 'stall'} ${x.ms} ms at ${x.atMs} ms`).join(', ');
			const perPart = Object.entries(v.stallsByPart).map(([part, x]) => `${part} ${x.count} (longest ${x.maxMs} ms; ${x.gc} GC pause${x.gc === 1 ? '' : 's'})`).join(', ');
			p();
			p(`By tenths of that second: ${v.busiestTenths.join(', ')}.${afterSlotText(v.afterSlot)} Event-loop stalls and garbage-collection pauses of 50 ms or more (tools/scale/stall-watch.js; \`sandbox\` is this tool's process, which serves it) from half a second before that second to its end, in ms from its start: ${near || 'none'}. Over the push phase, stalls per process: ${perPart || 'none'}.`);
		}
		if (f.vendor.profile) {
			const pr = f.vendor.profile;
			const pushing = pr.nodes.find((/** @type {any} */ n) => n.node === 'Sync usage')?.meanMs ?? 0;
			const others = pr.nodes.filter((/** @type {any} */ n) => n.node !== 'Sync usage' && n.meanMs >= 20);
			p();
			p(`A partner's step in a lane, mean of ${pr.partners ?? pr.executions} partners in ${pr.executions} sampled lane executions: ${pr.meanNodesWallMs} ms from its first node's start to its last node's end, ${pushing} ms of it in Sync Usage; besides it (nodes of 20 ms or more): ${others.map((/** @type {any} */ n) => `${n.node} ${n.meanMs}`).join(', ')} ms. Time in nodes without a Synthesize call, and n8n's handing over to the lane's next execution, is time the lane's share goes unused.`);
		}
	}
	if (f.resync) {
		p();
		p("### Where a partner's time goes (unchanged re-sync)");
		p();
		p(`Mean of ${f.resync.profile.partners ?? f.resync.profile.executions} partners' steps in ${f.resync.profile.executions} sampled lane executions: ${f.resync.profile.meanNodesWallMs} ms from the step's first node's start to its last node's end (n8n's queueing, start and save of the execution come on top), of which per node:`);
		p();
		p('| Node | Mean ms |');
		p('|---|---|');
		for (const n of f.resync.profile.nodes.slice(0, 12)) p(`| ${n.node} | ${n.meanMs} |`);
		const cpu = f.resync.cpuSeconds;
		if (cpu) {
			const workers = Object.entries(cpu).filter(([part]) => /^w\d+$/.test(part)).reduce((sum, [, v]) => sum + Number(v), 0);
			const partners = f.resync.report?.synced || f.partners;
			p();
			p(`CPU seconds during the re-sync, per part: ${Object.entries(cpu).map(([k, v]) => `${k} ${v}`).join(', ')}: ${Math.round((workers * 1000) / partners)} ms of worker CPU per partner (${f.partnersPerExecution ?? 1} partners per lane execution), ${Math.round((Object.values(cpu).reduce((a, v) => a + Number(v), 0) * 1000) / partners)} ms with main, PostgreSQL and Redis. What an execution costs with no work in it: \`node tools/scale/execution-cost.js\` (docs/partners.md).`);
		}
		const x = f.resync.expressions;
		if (x) {
			p();
			p(`Expressions the workers evaluated (n8n's \`${f.expressionEngine ?? 'vm'}\` engine; counted by tools/scale/expression-census.js): ${x.perPartner.evaluations} per partner, ${x.perPartner.ms} ms of worker time per partner in all. Per node:`);
			p();
			p('| Node | Evaluations per partner | ms per partner |');
			p('|---|---|---|');
			for (const n of x.nodes.filter((e) => e.evaluationsPerPartner >= 0.5)) p(`| ${n.node} | ${n.evaluationsPerPartner} | ${n.msPerPartner} |`);
			if (x.costliest) {
				p();
				p('The costliest expressions, whichever nodes hold them (a credential type evaluates its own in every node using it):');
				p();
				p('| Expression | Nodes | Evaluations per partner | ms per partner |');
				p('|---|---|---|---|');
				for (const e of x.costliest.slice(0, 8)) {
					const text = e.expression.length > 70 ? `${e.expression.slice(0, 69)}…` : e.expression;
					p(`| \`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${e.nodes.join(', ')} | ${e.evaluationsPerPartner} | ${e.msPerPartner} |`);
				}
			}
		}
		const st = f.resync.statements;
		if (st) {
			p();
			p(`Statements n8n sent PostgreSQL during the re-sync (pg_stat_statements; grouped by verb and table, tools/scale/statements.js): ${st.perPartner.calls} per partner, ${st.perPartner.ms} ms of PostgreSQL's execution and planning per partner. The busiest kinds:`);
			p();
			p('| Statement | Per partner | ms per partner |');
			p('|---|---|---|');
			for (const k of st.kinds.slice(0, 12)) p(`| ${k.kind} | ${k.callsPerPartner} | ${k.msPerPartner} |`);
		}
	}
	if (f.kill) {
		const k = f.kill;
		p();
		p('### Worker killed mid-run');
		p();
		p(`Worker ${k.worker} was SIGKILLed after ${k.pushedAtKill} of ${k.totalPushes} pushes, while it ran a lane execution. Lanes ${k.stoppedLanes.join(', ')} stopped; the report came ${s(k.reportAfterKillMs)} later (the lane that finished first reports once nothing has moved for leaseMinutes): ${k.report.synced} synced, ${k.report.interrupted} interrupted (leases still held by the dead worker's executions: ${k.interruptedHeldByDeadWorker} of ${k.heldRows}), ${k.report.notReached} not reached. The follow-up run, once those leases had expired, synced all ${k.followUp.report.synced} partners in ${s(k.followUp.runMs)} with ${k.followUp.pushes} pushes, all for the reported partners. Alerts: every partner had a new incident in the killed run (${k.alerts.incidents} incidents without a ticket before it); ${k.alerts.tickets} have one ticket (the sandbox opens one for every POST, so a second alert would be a second ticket); the follow-up run reported ${k.alerts.uncertain} of them uncertain (the dead execution may have sent them, so they are not sent again and someone checks the PSA). Incidents with more than one ticket, over every alert of the run: ${k.alerts.duplicateIncidents}.`);
	}
	p();
	p('## Memory and the ledger store');
	p();
	if (f.stackPeakRss) p(`Peak RSS over the whole queue-mode phase, MiB: ${Object.entries(f.stackPeakRss).map(([k, v]) => `${k} ${v}`).join(', ')} (total is the highest sum seen at one sample; the tool's own process, with the sandbox and the tenant source, not counted).`);
	if (f.ledgerStore) p(`The ledger store, the \`gradient_partners\` table: ${f.ledgerStore.rows} rows, usageLedger ${kb(f.ledgerStore.ledgerBytes)} in all (at most ${kb(f.ledgerStore.maxLedgerBytes)} for one partner); n8n reports the table at ${f.ledgerStore.tableSizeBytes === null ? 'n/a' : kb(f.ledgerStore.tableSizeBytes)}.`);
	p();
	p('## Rerun');
	p();
	p('```sh');
	p(`npm run scale                                  # full size, 500 × 200; writes docs/scale.md (this run: ${Math.round((Date.parse(f.finishedAt) - Date.parse(f.startedAt)) / 60000)} min)`);
	p('npm run scale -- --partners 20 --pairs 50 --compare-partners 5 --sweep-partners 10   # a small run, to .tmp/scale/');
	p('```');
	p();
	p("Options: `--partners`, `--pairs`, `--latency <ms>`, `--lanes <n>` (no sweep), `--sweep-lanes 4,8,12`, `--sweep-partners`, `--concurrency`, `--compare-partners`, `--vendor-partners`, `--vendor-lanes`, `--lease-minutes`, `--partners-per-execution` (the dispatcher's Settings value unless given), `--kill-at <fraction>`, `--expression-engine vm|legacy` (N8N_EXPRESSION_ENGINE of main and the workers; vm, the n8n default, unless given), `--skip baseline,vendor,…`, `--out <file>`; `--render <figures.json>` writes the page again from the figures of a run without measuring. Raw figures: `.tmp/scale/figures.json`.");
	return `${lines.join('\n')}\n`;
}

module.exports = { computeGoals, renderMarkdown };
