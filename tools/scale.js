#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run scale: the partners sync at the size of a vendor with 500 MSP partners, measured in one
 * run and written to docs/scale.md with every goal marked met or missed.
 *
 *   (a) today's sequential sync (tools/scale/baseline.js), on one regular-mode n8n;
 *   (b) the fan-out (dispatcher + lanes) in queue mode with 2 workers (tools/scale/queue.js and
 *       phases.js): a lanes sweep, fewer partners, the run per token, the unchanged re-sync, the
 *       ceiling (sandbox limit off), the vendor-wide limit, a worker killed mid-run.
 *
 *   npm run scale                                           # 500 × 200, writes docs/scale.md
 *   npm run scale -- --partners 20 --pairs 50 --compare-partners 5 --sweep-partners 10
 *
 * Exit code 0 when every goal is met, 1 when one is missed, 2 on a crash.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime } = require('./lib/runtime');
const { ROOT } = require('./lib/package');
const { runBaseline } = require('./scale/baseline');
const { startScaleStack, TOKEN_LIMIT } = require('./scale/queue');
const phases = require('./scale/phases');
const { requestLogSize } = require('./scale/measure');
const { computeGoals, renderMarkdown } = require('./scale/report');
const { WORKFLOWS, templateSetting } = require('./lib/fleet/n8n');

const DEFAULTS = {
	partners: 500,
	pairs: 200,
	latency: 30,
	'sweep-lanes': '4,8,12',
	'sweep-partners': 60,
	// Executions at once per worker (n8n's default is 10): 12 so that the vendor-wide run's 20 lanes,
	// and each lane's next execution starting while the last one ends, fit in the 2 workers' 24.
	concurrency: 12,
	'compare-partners': 100,
	// The vendor-wide run paces every lane to a share of one 100/s budget, so at 500 partners it
	// alone takes about 20 minutes. Fewer partners would not measure the same thing: with a fixed
	// share per lane, the run's start and end (and a last round that leaves lanes idle) weigh more
	// the fewer rounds there are (100 partners over 20 lanes: 5), and pull the sustained rate down
	// whatever the package does.
	'vendor-partners': 500,
	// Lanes of the vendor-wide run. Under one vendor budget a lane waits on its share, not on the
	// CPU (95 requests a second is a fifth of what this machine pushes), so more lanes cost little
	// and shrink the share of the time between partners, when a lane's turns go unused; and the
	// last round of partners should fill every lane (500 and 100 partners do 20). The workers must
	// then run lanes + 1 executions at once (concurrency, above).
	'vendor-lanes': 20,
	'lease-minutes': 1,
	'kill-at': 0.3,
	// Partners a lane syncs in one execution: the dispatcher's Settings as shipped unless given.
	'partners-per-execution': undefined,
	// n8n's own default; `legacy` (N8N_EXPRESSION_ENGINE) shows what the isolate costs the lanes.
	'expression-engine': 'vm',
};

/** The page a full run publishes. */
const PUBLISHED_PAGE = 'docs/scale.md';

const PHASES = ['baseline', 'sweep', 'fanout', 'resync', 'fewer', 'ceiling', 'vendor', 'kill'];

/** @param {string} message */
const log = (message) => process.stderr.write(`${message}\n`);

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string>} */
	const given = {};
	for (let i = 0; i < argv.length; i++) {
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
		if (!match) throw new Error(`unknown argument ${argv[i]}`);
		const key = match[1];
		if (!['lanes', 'skip', 'out', 'render'].includes(key) && !(key in DEFAULTS)) throw new Error(`unknown option --${key}`);
		given[key] = match[2] ?? argv[++i];
	}
	const num = (/** @type {string} */ key) => Number(given[key] ?? /** @type {any} */ (DEFAULTS)[key]);
	const full = !('partners' in given) && !('pairs' in given);
	const skip = new Set((given.skip ?? '').split(',').filter(Boolean));
	for (const phase of skip) if (!PHASES.includes(phase)) throw new Error(`--skip: unknown phase ${phase} (${PHASES.join(', ')})`);
	const engine = given['expression-engine'];
	if (engine !== undefined && !['vm', 'legacy'].includes(engine)) throw new Error(`--expression-engine: vm or legacy, not ${engine}`);
	return {
		partners: num('partners'),
		pairs: num('pairs'),
		latencyMs: num('latency'),
		lanes: given.lanes ? Number(given.lanes) : undefined,
		sweepLanes: String(given['sweep-lanes'] ?? DEFAULTS['sweep-lanes']).split(',').map(Number),
		sweepPartners: num('sweep-partners'),
		concurrency: num('concurrency'),
		comparePartners: num('compare-partners'),
		vendorPartners: num('vendor-partners'),
		vendorLanes: num('vendor-lanes'),
		leaseMinutes: num('lease-minutes'),
		killAt: num('kill-at'),
		expressionEngine: String(given['expression-engine'] ?? DEFAULTS['expression-engine']),
		partnersPerExecution: Number(given['partners-per-execution'] ?? templateSetting(WORKFLOWS.dispatcher.file, 'partnersPerExecution')),
		skip,
		out: given.out ?? (full ? PUBLISHED_PAGE : path.join('.tmp', 'scale', 'scale.md')),
		render: given.render,
	};
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.render) {
		// The markdown again from the figures of an earlier run (nothing is measured).
		const { goals: _goals, command: earlier, ...figures } = JSON.parse(fs.readFileSync(path.resolve(options.render), 'utf8'));
		const goals = computeGoals(figures);
		fs.writeFileSync(path.resolve(ROOT, options.out), renderMarkdown(figures, goals, earlier ?? 'npm run scale'));
		log(`scale: ${path.relative(ROOT, path.resolve(ROOT, options.out))} rendered from ${options.render}`);
		return goals.every((g) => g.met) ? 0 : 1;
	}
	const command = `npm run scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
	const want = (/** @type {string} */ phase) => !options.skip.has(phase);
	const runtime = await ensureRuntime({ log });
	const loads = [os.loadavg()[0]];
	/** @type {any} */
	const f = {
		startedAt: new Date().toISOString(),
		partners: options.partners,
		pairs: options.pairs,
		latencyMs: options.latencyMs,
		concurrency: options.concurrency,
		leaseMinutes: options.leaseMinutes,
		partnersPerExecution: options.partnersPerExecution,
		expressionEngine: options.expressionEngine,
		versions: {
			n8n: runtime.n8nVersion,
			node: runtime.nodeVersion,
			package: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
		},
	};
	// Behind its front (sandbox/front.js), as the queue-mode stack's: arrivals stamped as they came.
	const sandbox = { latency: { ms: options.latencyMs, jitter: 0 }, rateLimit: TOKEN_LIMIT, requestLogSize: requestLogSize(options.partners, options.pairs), front: true };
	try {
		await runPhases(options, f, want, sandbox);
	} catch (error) {
		// What was measured is still written, with the error.
		f.error = error instanceof Error ? error.stack : String(error);
		log(`scale: stopped by an error: ${f.error}`);
	}
	for (const run of [f.baseline, f.fanOut, f.resync, f.fewer, f.ceiling, f.vendor, ...(f.sweep?.points ?? [])]) if (run?.load) loads.push(run.load.start, run.load.max);
	if (f.stackLoad) loads.push(f.stackLoad.start, f.stackLoad.max, f.stackLoad.end);
	f.loadDuring = { min: Math.min(...loads), max: Math.max(...loads) };
	f.finishedAt = new Date().toISOString();
	const goals = computeGoals(f);
	// A run stopped by an error never replaces the published page: its partial page goes beside the
	// raw figures instead.
	const figuresDir = path.join(ROOT, '.tmp', 'scale');
	const published = path.resolve(ROOT, PUBLISHED_PAGE);
	const wanted = path.resolve(ROOT, options.out);
	const out = f.error && wanted === published ? path.join(figuresDir, 'scale-error.md') : wanted;
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, renderMarkdown(f, goals, command));
	fs.mkdirSync(figuresDir, { recursive: true });
	fs.writeFileSync(path.join(figuresDir, 'figures.json'), `${JSON.stringify({ ...f, command, goals }, null, 2)}\n`);
	for (const g of goals) log(`${g.met ? 'met   ' : 'MISSED'}  ${g.goal}: ${g.figure} (target ${g.target})`);
	log(`scale: ${goals.filter((g) => g.met).length} of ${goals.length} goals met; ${path.relative(ROOT, out)} written`);
	if (f.error) return 2;
	return goals.every((g) => g.met) ? 0 : 1;
}

/**
 * Every phase, its figures into `f`.
 * @param {ReturnType<typeof parseArgs>} options
 * @param {any} f
 * @param {(phase: string) => boolean} want
 * @param {Record<string, unknown>} sandbox
 */
async function runPhases(options, f, want, sandbox) {
	if (want('baseline')) f.baseline = await runBaseline({ partners: options.partners, pairs: options.pairs, sandbox, log });

	const stack = await startScaleStack({
		partners: options.partners,
		pairs: options.pairs,
		lanes: options.lanes ?? options.sweepLanes[0],
		concurrency: options.concurrency,
		latencyMs: options.latencyMs,
		leaseMinutes: options.leaseMinutes,
		partnersPerExecution: options.partnersPerExecution,
		expressionEngine: options.expressionEngine,
		log,
	});
	try {
		f.machine = stack.machine();
		f.versions.postgres = (await stack.qm.postgres.query('SHOW server_version')).trim();
		f.versions.redis = /redis_version:(\S+)/.exec(String(await stack.qm.redis.command(['INFO', 'server'])))?.[1] ?? '?';
		if (options.lanes === undefined && want('sweep')) f.sweep = await phases.sweep(stack, { partners: Math.min(options.sweepPartners, options.partners), lanes: options.sweepLanes });
		f.lanes = f.sweep?.chosen ?? options.lanes ?? options.sweepLanes[0];
		// Main's memory is compared between these two runs (fewer partners, then all of them), so
		// each starts from a freshly started main: the sweep before them leaves main's heap at its
		// own peak, which the first run would inherit and the second would not.
		f.mainFreshForCompare = want('fewer') && want('fanout');
		if (want('fewer')) {
			if (f.mainFreshForCompare) await stack.restartMain();
			f.fewer = await phases.fewer(stack, Math.min(options.comparePartners, options.partners));
		}
		if (want('fanout')) {
			if (f.mainFreshForCompare) await stack.restartMain();
			f.fanOut = await stack.measuredRun('(b) fan-out, per token', { bump: true, compare: true });
		}
		if (want('resync')) f.resync = await phases.resync(stack);
		if (want('ceiling')) f.ceiling = await phases.ceiling(stack);
		if (want('vendor')) f.vendor = await phases.vendorWide(stack, { count: Math.min(options.vendorPartners, options.partners), lanes: options.vendorLanes, lanesAfter: f.lanes });
		if (want('kill')) f.kill = await phases.killMidRun(stack, { fraction: options.killAt });
		f.ledgerStore = await stack.ledgerStore();
	} finally {
		const overall = await stack.close();
		f.stackPeakRss = overall.peakRss;
		f.stackLoad = overall.load;
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(2);
	},
);
