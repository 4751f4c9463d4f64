#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run chaos [-- --no-templates] [-- --no-write]
 *
 * The reliability suite at full size (RELIABILITY_SIZE=full): Sync Usage of 5,000 rows under
 * faults, 200 rebuild trials, 200 alerts in strict mode, ten workflows on one token (5,000 pairs),
 * the trigger under faults across restarts, the bad-input corpus and the secrets search — the
 * same tests and assertions `npm test` runs at the small size (test/e2e/reliability/). The
 * template tests run too, for their secrets search (`--no-templates` skips them). When every test
 * passed, the figures the tests wrote (.tmp/reliability/full/) become docs/reliability.md.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const FIGURES = path.join(ROOT, '.tmp', 'reliability', 'full');
const DOC = path.join(ROOT, 'docs', 'reliability.md');

/**
 * @param {string[]} args jest arguments (the report options go first: after `--` they would be
 *   read as test path patterns)
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number, report: any }>}
 */
function jest(args, env) {
	const report = path.join(FIGURES, `jest-${Date.now()}.json`);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [JEST, '--json', `--outputFile=${report}`, ...args], { cwd: ROOT, env, stdio: 'inherit' });
		child.on('close', (code) => {
			let json = null;
			try {
				json = JSON.parse(fs.readFileSync(report, 'utf8'));
			} catch {
				// no report: counted as a failure below
			}
			fs.rmSync(report, { force: true });
			if (!json) process.stderr.write(`chaos: jest wrote no report (${path.relative(ROOT, report)})\n`);
			resolve({ code: json ? code ?? 1 : 1, report: json });
		});
	});
}

/** @param {string} name */
function figures(name) {
	const file = path.join(FIGURES, `${name}.json`);
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** @param {Record<string, number> | undefined} fired */
const faultList = (fired) =>
	Object.entries(fired ?? {})
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([type, count]) => `${count} ${type}`)
		.join(', ') || 'none';

/**
 * @param {{ started: Date, ms: number, unitBadInput: number, jestTests: number }} run
 */
function writeDoc(run) {
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
	const faultsFired = [sync.first.faultsFired, sync.second.faultsFired, rebuild.faultsFired, alerts.faultsFired, trigger.faultsFired]
		.flatMap((fired) => Object.values(fired ?? {}))
		.reduce((sum, count) => sum + count, 0);
	const secretHits = secretsOps.hits + wire.problems + (templates?.hits ?? 0) + (live?.hits ?? 0);
	const badTotal = bad.throughN8n + run.unitBadInput;
	const cmd = '`npm run chaos`';
	const text = `# Reliability

Measured by ${cmd} (\`tools/chaos.js\`) on ${run.started.toISOString().slice(0, 10)}: the reliability suite
(\`test/e2e/reliability/\`) at full size, in real n8n 2.41.1 (\`n8n start\`, the packed package) against
the sandbox with its fault injection, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} (Node ${process.version}).
${run.jestTests} tests passed in ${Math.round(run.ms / 60_000)} minutes. \`npm test\` runs the same tests and assertions at the small
size (500 rows, 20 trials, 20 alerts, 1,000 load pairs); see [the end](#size-and-time).

| | Result | Command |
|---|---|---|
| Faults survived | ${faultsFired} injected faults (5xx, resets, 429 bursts, latency spikes, malformed and HTML answers) across ${sync.rows.toLocaleString('en')} rows twice, ${rebuild.trials} rebuild trials, ${alerts.alerts} alerts and the trigger; every assertion held | ${cmd} |
| Bad inputs tried | ${badTotal}: ${bad.throughN8n} through real n8n (${bad.credentialTest} through n8n's credential test, ${bad.executions} in executions, ${bad.responses} untrustworthy answers) and ${run.unitBadInput} through the node with the real credential class | ${cmd}; \`npx jest --selectProjects unit -- badInput\` |
| Secrets found | **${secretHits}** (vendor key, partner keys, Partner Registry Secret and tokens, in execution data through the public API and in the SQLite file, n8n's debug log, the sandbox log, on the wire outside \`GRADIENT-TOKEN\`${templates ? `, and in every template's executions` : ''}) | ${cmd} |
| Rows lost | **${sync.rowsLost}** of ${sync.rows.toLocaleString('en')} under faults; **${load.rowsLost}** of ${load.pairs.toLocaleString('en')} under load; **${trigger.lost}** trigger events lost, ${trigger.duplicates} repeated | ${cmd} |
| Load | ${load.workflows} workflows, one token, ${load.pairs.toLocaleString('en')} pairs: **${seconds(load.wallMs)}** wall time (the 100 requests/second ceiling: ${seconds(load.ceilingMs)}), ${load.rateLimited} answers 429, nothing lost | ${cmd} |

## Faults: Sync Usage of ${sync.rows.toLocaleString('en')} rows

\`chaos.test.js\`. The rows: ${sync.first.summary.input} rows, of which duplicates (summed), rows of unmapped accounts, ${sync.first.outageRows} rows of
a service whose every push Synthesize processes and then answers 503 (an outage that swallows the
answers), and invalid counts. Faults on every route, seeded: 10 % 500/502/503 and 2 % connection
resets (each half before Synthesize processed the request, half after), 1 % latency spikes of
1–3 s, 0.2 % malformed bodies and 0.2 % proxy HTML pages (each phase), and two bursts of twenty
429s in the middle of the pushes, with and without \`Retry-After\`.

| Run | Wall time | Rows pushed / unchanged / unmapped / failed | Faults fired | 429s | Rebuilds |
|---|---:|---|---|---:|---:|
| 1 | ${seconds(sync.first.ms)} | ${sync.first.summary.pushed} / ${sync.first.summary.unchanged} / ${sync.first.summary.unmapped} / ${sync.first.summary.failed} | ${faultList(sync.first.faultsFired)} | ${sync.first.rateLimited} | ${sync.first.rebuild.rebuilds} |
| 2 | ${seconds(sync.second.ms)} | ${sync.second.summary.pushed} / ${sync.second.summary.unchanged} / ${sync.second.summary.unmapped} / ${sync.second.summary.failed} | ${faultList(sync.second.faultsFired)} | — | ${sync.second.rebuild.rebuilds} |

Asserted: each run's Summary adds up to the input; every input row is on exactly one output
(Results, Unmapped, Failed, read from the execution through the public API with its pairing) and
the per-outcome counts equal the Summary's; every failure has a reason, every refused row a fix;
Synthesize holds the input's count for every pushed pair (and for the outage pairs, whose writes
landed although their answers were lost); the billing view was rebuilt after the last count.
Run 1 failed exactly the outage pairs (${sync.first.failedByFaults} more pairs met five faults in a row) and the invalid rows. Run 2
sent exactly the ${sync.second.pairsSent} pairs that had failed or were unmapped, nothing else, and afterwards every valid
pair of a mapped account held its count: **${sync.rowsLost} lost**.

### The billing rebuild: exactly once, unless the answer that asks for it is lost

\`chaos.test.js\`, ${rebuild.trials} small syncs under the same faults (no 429 bursts), counting each one's rebuilds:

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
fails a whole poll (${trigger.failedPollRequests} requests), the random faults, a change made while n8n is stopped and two
restarts: ${trigger.changes} changes, ${trigger.events} events, **${trigger.lost} lost, ${trigger.duplicates} repeated**.

## Bad input

\`bad-input.test.js\` (${bad.throughN8n} cases through real n8n) and \`test/unit/badInput.test.ts\` (${run.unitBadInput} cases through the
node with nock and the real credential class). Every case: a message that names the item (\`[item N]\`)
or the credential field and says what to fix, nothing sent for a refused item (the sandbox's
request log), the other items of the same run delivered. The classes: negative, fractional
negative, NaN, ±Infinity (from expressions: a Code node's items cross JSON and arrive as null),
words, empty strings, booleans, 2^60 and 1e308 unit counts; fractions and padded numbers accepted;
empty, blank, 600-character, line-break, unicode and slash-containing ids; a service name for an
id; wrong enum case, the misspelt PAM subcategory, missing title, description and name; keys with a
space, a line break or a tab inside (trimmed around); Base URLs with plain http to a remote host,
a trailing slash (accepted), a path, no scheme, a mistyped scheme, a query, a user name; answers
that are HTML pages, empty, wrongly typed or truncated, a failing proxy's 502 page; a redirect
(302, 307) to another host.

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
once, each ${load.pairs / load.workflows} pairs, against the sandbox's limiter (100 requests/second per token, burst 10):

| Wall time | Ceiling (pairs / 100 per second) | Requests | 429s | Stored | Rows lost |
|---:|---:|---:|---:|---:|---:|
| ${seconds(load.wallMs)} | ${seconds(load.ceilingMs)} | ${load.requests} | ${load.rateLimited} | ${load.stored} | ${load.rowsLost} |

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
| Sync under faults | 500 rows | 5,000 rows |
| Rebuild trials | 20 | 200 |
| Alerts | 20 | 200 |
| Load | 10 × 100 pairs | 10 × 500 pairs |

\`RELIABILITY_SIZE=full npm run test:e2e -- test/e2e/reliability\` runs the full size without writing this
file; ${cmd} runs it (and the template tests) and writes it.
`;
	fs.writeFileSync(DOC, text);
}

async function main() {
	const args = process.argv.slice(2);
	const started = new Date();
	fs.rmSync(FIGURES, { recursive: true, force: true });
	fs.mkdirSync(FIGURES, { recursive: true });
	const env = { ...process.env, RELIABILITY_SIZE: 'full' };
	let failed = 0;
	let tests = 0;

	process.stdout.write('\n━━━ the unit bad-input corpus\n');
	const unit = await jest(['--selectProjects', 'unit', '--', 'test/unit/badInput.test.ts'], env);
	const unitBadInput = unit.report?.numPassedTests ?? 0;
	failed += unit.code === 0 ? 0 : 1;

	process.stdout.write('\n━━━ the reliability suite at full size (real n8n)\n');
	const suite = await jest(['--selectProjects', 'e2e', '--runInBand', '--', 'test/e2e/reliability/'], env);
	tests += suite.report?.numPassedTests ?? 0;
	failed += suite.code === 0 ? 0 : 1;

	if (!args.includes('--no-templates')) {
		process.stdout.write('\n━━━ the template tests (their secrets search)\n');
		const templates = await jest(['--selectProjects', 'templates', '--runInBand', '--', 'test/e2e/templates.test.js', 'test/e2e/templates.live.test.js'], { ...env, E2E_SKIP_BUILD: '1' });
		tests += templates.report?.numPassedTests ?? 0;
		failed += templates.code === 0 ? 0 : 1;
	}
	const ms = Date.now() - started.getTime();
	if (failed > 0) {
		process.stderr.write(`\nchaos: ${failed} phase(s) failed; docs/reliability.md not written\n`);
		return 1;
	}
	if (!args.includes('--no-write')) {
		writeDoc({ started, ms, unitBadInput, jestTests: tests + unitBadInput });
		process.stdout.write(`\nchaos: ${tests + unitBadInput} tests passed in ${Math.round(ms / 60_000)} min; wrote ${path.relative(ROOT, DOC)}\n`);
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
