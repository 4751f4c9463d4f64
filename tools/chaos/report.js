// @ts-check
'use strict';
/**
 * docs/reliability.md from the figures the reliability suite wrote (.tmp/reliability/<size>/) and
 * the unit bad-input corpus's jest report: every number below is read from them. Rows and pairs
 * are kept apart (a pair is an (account, service) count; several rows can sum into one); a bad
 * input counts only when it was refused with a clear error; a fault counts only when it fired.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const n = (/** @type {number} */ value) => value.toLocaleString('en');

/**
 * "652 status (320 before, 332 after), …, 56 latency": what fired, by type and phase.
 * @param {{ byType: Record<string, { before: number, after: number }>, latency: number } | undefined} fired
 */
function faultList(fired) {
	if (!fired) return 'none';
	const parts = Object.entries(fired.byType)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([type, { before, after }]) =>
			after === 0 ? `${before} ${type}` : before === 0 ? `${after} ${type} (after processing)` : `${before + after} ${type} (${before} before, ${after} after processing)`,
		);
	if (fired.latency > 0) parts.push(`${fired.latency} latency`);
	return parts.join(', ') || 'none';
}

/**
 * The unit corpus by its test titles (test/unit/badInput.test.ts says the convention).
 * @param {any} report jest's JSON report of that file
 */
function unitCorpus(report) {
	const tests = (report?.testResults ?? []).flatMap((/** @type {any} */ file) => file.assertionResults ?? []).filter((/** @type {any} */ test) => test.status === 'passed');
	/** @param {string} prefix */
	const titled = (prefix) => tests.filter((/** @type {any} */ test) => test.title.startsWith(prefix)).map((/** @type {any} */ test) => test.title.slice(prefix.length));
	const refused = titled('refused: ');
	const accepted = titled('accepted as valid: ');
	const answers = titled('untrustworthy answer refused: ');
	return { refused, accepted, answers, checks: tests.length - refused.length - accepted.length - answers.length, passed: tests.length };
}

/**
 * @param {{ started: Date, ms: number, jestTests: number, unitReport: any, figuresDir: string, size: 'full' | 'small',
 *   sizes: Record<'full' | 'small', import('../../test/e2e/reliability/common').Size>, services: number }} run
 */
function reliabilityDoc(run) {
	const figures = (/** @type {string} */ name) => {
		const file = path.join(run.figuresDir, `${name}.json`);
		return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
	};
	const sync = figures('sync-faults');
	const rebuild = figures('rebuild-trials');
	const alerts = figures('alerts-faults');
	const load = figures('load');
	const trigger = figures('trigger-faults');
	const bad = figures('bad-input');
	const secretsOps = figures('secrets-operations');
	const wire = figures('secrets-wire');
	const templates = figures('secrets-templates');
	const live = figures('secrets-templates-live');
	const missing = Object.entries({ sync, rebuild, alerts, load, trigger, bad, secretsOps, wire }).filter(([, value]) => !value).map(([name]) => name);
	if (missing.length > 0) throw new Error(`figures missing: ${missing.join(', ')}`);
	const unit = unitCorpus(run.unitReport);
	const fired = [sync.first.faultsFired, sync.second.faultsFired, rebuild.faultsFired, alerts.faultsFired, trigger.faultsFired];
	const faultsTotal = fired.reduce((sum, f) => sum + (f?.total ?? 0), 0);
	const secretHits = secretsOps.hits + wire.problems + (templates?.hits ?? 0) + (live?.hits ?? 0);
	const accepted = [...bad.accepted.map((/** @type {string} */ label) => label.replace(/ \(accepted\)$/, '')), ...unit.accepted.map((/** @type {string} */ title) => `node: ${title}`)];
	const small = run.sizes.small;
	const full = run.sizes.full;
	const cmd = '`npm run chaos`';
	const s1 = sync.first;
	const s2 = sync.second;
	const rowsOf = (/** @type {any} */ r) => `${r.pushed} / ${r.unchanged} / ${r.unmapped} / ${r.failed}`;
	return `# Reliability

Measured by ${cmd} (\`tools/chaos.js\`) on ${run.started.toISOString().slice(0, 10)}: the reliability suite
(\`test/e2e/reliability/\`) at ${run.size === 'full' ? 'full size' : '**small size** (a development run; the published figures are full size)'}, in real n8n 2.41.1 (\`n8n start\`, the packed package) against
the sandbox with its fault injection, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} (Node ${process.version}).
${run.jestTests} tests passed in ${Math.round(run.ms / 60_000)} minutes. \`npm test\` runs the same tests and assertions at the small
size; see [the end](#size-and-time).

A **row** is one usage row of the input; a **pair** is one (account, service) count in Synthesize, which several
rows can sum into. A **fault** counts once it fired: the sandbox's request log names the fault each request got
and whether it was processed first; latency spikes, which change no answer, are counted by the faults API.

| | Result | Command |
|---|---|---|
| Faults survived | ${n(faultsTotal)} faults fired (5xx, resets, 429 bursts, latency spikes, malformed and HTML answers) across ${n(sync.rows)} rows twice, ${rebuild.trials} rebuild trials, ${alerts.alerts} alerts and the trigger; every assertion held | ${cmd} |
| Bad inputs refused | ${bad.refused + unit.refused.length}, each with a clear error: ${bad.refused} through real n8n (${bad.refusedCredentialTest} through n8n's credential test, ${bad.refusedExecutions} in executions) and ${unit.refused.length} through the node with the real credential class. Also ${bad.refusedResponses + unit.answers.length} untrustworthy API answers refused (${bad.refusedResponses} and ${unit.answers.length}), and ${accepted.length} unusual inputs accepted as valid ([listed](#bad-input)) | ${cmd}; \`npx jest --selectProjects unit -- badInput\` |
| Secrets found | **${secretHits}** (vendor key, partner keys, Partner Registry Secret and tokens, in execution data through the public API and in the SQLite file, n8n's debug log, the sandbox log, on the wire outside \`GRADIENT-TOKEN\`${templates ? `, and in every template's executions` : ''}) | ${cmd} |
| Rows lost | **${s1.lost.rows}** of ${n(sync.rows)} rows (${s1.lost.pairs} pairs) in run 1 under faults, **${s2.lost.rows}** (${s2.lost.pairs} pairs) in run 2; **${load.pairsLost}** of ${n(load.pairs)} pairs (one row each) under load; **${trigger.lost}** trigger events lost, ${trigger.duplicates} repeated | ${cmd} |
| Load | ${load.workflows} workflows, one token, ${n(load.pairs)} pairs: **${seconds(load.wallMs)}** wall time (the 100 requests/second ceiling: ${seconds(load.ceilingMs)}), ${load.rateLimited} answers 429, nothing lost | ${cmd} |

## Faults: Sync Usage of ${n(sync.rows)} rows

\`chaos.test.js\`. The rows: ${n(s1.summary.input)} rows into ${n(sync.validPairs)} pairs (${n(sync.mappedPairs)} of mapped accounts), of which duplicates (summed), rows of
unmapped accounts, ${s1.outageRows} rows of a service whose every push Synthesize processes and then answers 503 (an outage that
swallows the answers), and invalid counts. Faults on every route, seeded: 10 % 500/502/503 and 2 % connection resets
(each half before Synthesize processed the request, half after), 1 % latency spikes of 1–3 s, 0.2 % malformed bodies
and 0.2 % proxy HTML pages (each phase), and two bursts of twenty 429s in the middle of the pushes, with and without
\`Retry-After\`.

| Run | Wall time | Rows pushed / unchanged / unmapped / failed | Pairs pushed / unchanged / unmapped / failed | Faults fired | 429s | Rows (pairs) lost | Rebuilds |
|---|---:|---|---|---|---:|---:|---:|
| 1 | ${seconds(s1.ms)} | ${rowsOf(s1.summary)} | ${rowsOf(s1.pairs)} | ${faultList(s1.faultsFired)} | ${s1.rateLimited} | ${s1.lost.rows} (${s1.lost.pairs}) | ${s1.rebuild.rebuilds} |
| 2 | ${seconds(s2.ms)} | ${rowsOf(s2.summary)} | ${rowsOf(s2.pairs)} | ${faultList(s2.faultsFired)} | — | ${s2.lost.rows} (${s2.lost.pairs}) | ${s2.rebuild.rebuilds} |

**Lost** is computed from Synthesize and the outputs alone, not from the node's Summary: a row is accounted for when
its pair holds the input's count in Synthesize, or when the row is on the Unmapped or the Failed output; any other
row was lost, and the test asserts none was, in each run. Also asserted: each run's Summary adds up to the input;
every input row is on exactly one output (Results, Unmapped, Failed, read from the execution through the public API
with its pairing) and the per-outcome counts equal the Summary's; every failure has a reason, every refused row a
fix; Synthesize holds the input's count for every pushed pair (and for the outage pairs, whose writes landed
although their answers were lost); the billing view was rebuilt after the last count. Run 1 failed exactly the
outage pairs (${s1.failedByFaults} more pairs met five faults in a row) and the invalid rows. Run 2 sent exactly the ${s2.pairsSent}
pairs that had failed or were unmapped, nothing else. After it, ${s2.stillFailedPairs} pairs were reported failed again (five
faults in a row) and ${sync.missingAfter} pairs of mapped accounts lacked their count in Synthesize, each of them one run 2
reported failed (asserted), for the next run to send.

### The billing rebuild: exactly once, unless the answer that asks for it is lost

\`chaos.test.js\`, ${rebuild.trials} small syncs under the same faults (no 429 bursts), counting each one's rebuilds.
Faults fired: ${faultList(rebuild.faultsFired)}.

| Rebuilds per run that stored counts | Runs |
|---|---:|
| exactly one | ${rebuild.exactlyOnce} |
| two | ${rebuild.twice} |
| more than two | ${rebuild.moreThanTwice} |
| none | ${rebuild.never} |

${rebuild.withLostAnswer} runs had the push that asks for the rebuild processed by Synthesize and its answer lost
(a 5xx, a reset or a malformed body after the write); ${rebuild.twice + rebuild.moreThanTwice} of them rebuilt twice, ${rebuild.lostAnswerButOnce} once (the retry
fell inside Synthesize's debounce). Every other run rebuilt exactly once. "Exactly once" is
impossible in principle when that answer is lost: the node cannot tell a write that landed from
one that did not. Not retrying would leave the billing view without the run's counts until the
next sync; retrying asks for one more rebuild, which recomputes the same view. The node retries
(at least once, never none): see [docs/sync-engine.md](sync-engine.md#sync-usage), step 7. The test asserts it per
run: at least one rebuild, and at most one more per lost answer.

## Faults: alerts with Synthesize not de-duplicating

\`chaos.test.js\`: ${alerts.alerts} alerts (derived Alert IDs, *Wait for Ticket*) under the same faults on Create Alert and
the status route, plus 429 bursts, with the sandbox in strict mode (\`alertDedupe: false\`: every
accepted POST is a new ticket). Faults fired: ${faultList(alerts.faultsFired)}.

- Created: ${alerts.created} (${alerts.retriedAndCreated} of them after 429s: the retried ones), ticket unknown: ${alerts.unknownTicket}.
- Failed, never processed: ${alerts.failedNotProcessed}; failed with the answer lost after Synthesize accepted it: ${alerts.failedMaybeApplied}.
  Those items say that Synthesize may have received the alert and that it was not sent again.
- Posts per alert at most **${alerts.maxPostsPerAlert}**, tickets per alert at most **${alerts.maxTicketsPerAlert}**: **${alerts.secondTickets} second tickets**.

A 429 and a refused connection are the only answers after which an alert is posted again. An
alert whose answer was lost is reported, not re-sent: re-sending it could open a second ticket
where Synthesize does not de-duplicate, and with the derived Alert ID it is safe only where it
does (docs/troubleshooting.md).

## Faults: the trigger across restarts

\`trigger-faults.test.js\`: two triggers of \`trigger.test.js\`'s workflow, an outage of Get Accounts that
fails a whole poll (${trigger.failedPollRequests} requests) and the random faults (fired in all: ${faultList(trigger.faultsFired)}), a change made while n8n
is stopped and two restarts: ${trigger.changes} changes, ${trigger.events} events, **${trigger.lost} lost, ${trigger.duplicates} repeated**.

## Bad input

\`bad-input.test.js\` (through real n8n) and \`test/unit/badInput.test.ts\` (through the node with nock and the real
credential class). A bad input counts when it is refused with a message that names the item (\`[item N]\`) or the
credential field and says what to fix, with nothing sent for it (the sandbox's request log) and the other items of
the same run delivered: **${bad.refused + unit.refused.length} refused** (${bad.refusedCredentialTest} through n8n's credential test, ${bad.refusedExecutions} in executions, ${unit.refused.length} in the unit
corpus). The classes: negative, fractional negative, NaN, ±Infinity (from expressions: a Code node's items cross
JSON and arrive as null), words, empty strings, booleans, 2^60 and 1e308 unit counts; empty, blank, 600-character
and line-break ids; a service name for an id; wrong enum case, the misspelt PAM subcategory, missing title,
description and name; keys with a space, a line break or a tab inside; Base URLs with plain http to a remote host, a
path, no scheme, a mistyped scheme, a query, a user name.

**Untrustworthy answers refused**: ${bad.refusedResponses + unit.answers.length} (${bad.refusedResponses} through n8n, ${unit.answers.length} in the unit corpus): HTML pages, empty, wrongly typed or
truncated answers, a failing proxy's 502 page, a redirect (302, 307) to another host.

**Accepted as valid** (${accepted.length}, not counted above; each test asserts it went through): ${accepted.join('; ')}.
Beside them, ${bad.controls.length} good items ran in the same executions as the bad ones, as controls (${bad.controls.join('; ')}), and ${unit.checks} unit
test checks that the good items of a mixed run are still pushed.

"Another host" is a recorder listening on this machine's non-loopback address: it received
**0** requests, through n8n's credential test and through executions (plain http refused, redirects
not followed).

## Secrets

\`secrets.test.js\`: every operation of the node (the resource workflows of \`test/e2e/workflows\` and the
composite operations), for the credential's partner, a per-item key and a sealed key, and the
polling trigger, with distinctive keys and n8n logging at debug level, through a recording proxy.
Searched: ${secretsOps.secretsSearched} secrets in ${secretsOps.executions} executions through the public API (\`includeData=true\`), the
SQLite database file and its WAL, n8n's log and the sandbox's request log, plus ${wire.requests} requests on the
wire: **${secretsOps.hits} hits**, **${wire.problems}** tokens outside the \`GRADIENT-TOKEN\` header, one token per partner.
${templates ? `The template tests search every template's executions the same way: ${templates.executions} executions of ${templates.templates} templates${live ? ` and ${live.executions} of the live ones` : ''}, **${templates.hits + (live?.hits ?? 0)} hits**.` : ''}
The per-item key is in the workflow by design (an expression) and found there, which proves the
search finds what is present; it is in no log.

## Load

\`chaos.test.js\`: ${load.workflows} copies of one Sync Usage workflow, one credential (one token), started at
once, each ${load.pairs / load.workflows} pairs (one row each), against the sandbox's default limiter (token bucket, 100 requests/second per token, burst 10):

| Wall time | Ceiling (pairs / 100 per second) | Requests | 429s | Stored | Pairs lost |
|---:|---:|---:|---:|---:|---:|
| ${seconds(load.wallMs)} | ${seconds(load.ceilingMs)} | ${load.requests} | ${load.rateLimited} | ${load.stored} | ${load.pairsLost} |

Each workflow paces itself at 95 requests/second, so together they offer ten times the limit:
the 429s are expected, and the node waits them out (\`Retry-After\`, its pace halved at most once
a second) instead of failing rows.

## Failures found and fixed

| Found by | Failure | Fixed in |
|---|---|---|
| faults, load | A 429 used up the same 5 attempts as a 5xx: a Sync Usage whose first request met three 429s and two 500s failed as a whole. | Transport: 429s no longer count as failed attempts; the call waits as long as its waits for 429s stay under 2 minutes (1 s doubling to 8 s without \`Retry-After\`). |
| faults | Every request in flight answered 429 halved the pace again: one burst sent it to 1 request a second, and a 1,000-pair sync took four times as long. | \`RateLimiter\`: halves at most once a second. |
| faults | A full push with one failed pair never counted as done, so every later run pushed everything again (the first run is a full push). | Sync engine: the full push is recorded; a pair whose push failed is forgotten by the ledger, so the next run sends exactly what failed. |
| alerts | *Wait for Ticket* failing after Synthesize accepted the alert failed the item, inviting a re-send and a second ticket. | \`waitForTicket\`: \`ticketStatus: unknown\` with the reason; the item keeps its \`messageId\`. |
| alerts | An alert whose answer was lost said only "try again later". | Transport: a non-idempotent call that may have been applied says so and that it was not sent again. |
| bad input | n8n's credential test said only "Found" for a Base URL that redirects. | Credential test rules for 301, 302, 303, 307, 308. |

## Size and time

| | \`npm test\` (small) | ${cmd} (full) |
|---|---|---|
| Sync under faults | ${n(small.rows)} rows | ${n(full.rows)} rows |
| Rebuild trials | ${small.rebuildTrials} | ${full.rebuildTrials} |
| Alerts | ${small.alerts} | ${full.alerts} |
| Load | ${small.loadWorkflows} × ${small.loadAccounts * run.services} pairs | ${full.loadWorkflows} × ${full.loadAccounts * run.services} pairs |

\`RELIABILITY_SIZE=full npm run test:e2e -- test/e2e/reliability\` runs the full size without writing this
file; ${cmd} runs it (and the template tests) and writes it; \`npm run chaos -- --size small --no-templates --out <file>\`
writes the small size's to \`<file>\`.
`;
}

module.exports = { reliabilityDoc, unitCorpus, faultList };
