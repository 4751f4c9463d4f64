// @ts-check
'use strict';
/**
 * npm run bench [-- --size full|small] [-- --no-write]
 *
 * Sync Usage in real n8n (n8n start, webhook-triggered workflows) against the sandbox with 30 ms
 * latency and its 100 requests/second limiter, beside the two workflows people build without this
 * package. Every scenario gets its own MSP partner (own token, accounts, counts and rebuild counter)
 * in one sandbox, so the results do not mix. Prints one table and (full size) writes it to
 * docs/performance.md with the machine and the command.
 *
 * A benchmark, not a timed test: `test/e2e/bench.test.js` runs the small size only to keep it working.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createE2e } = require('./lib/e2e');

const SIZES = {
	full: { accounts: 1000, memoryAccounts: 1000, memoryRowsPerPair: 10 },
	small: { accounts: 20, memoryAccounts: 20, memoryRowsPerPair: 10 },
};
const SERVICES = Array.from({ length: 10 }, (_, index) => `Bench Service ${index + 1}`);
const LATENCY_MS = 30;
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Expected count of pair (a, s), as the workflows' Code node computes it. */
function expectedCount(
	/** @type {number} */ a,
	/** @type {number} */ s,
	/** @type {number} */ bump,
) {
	return 1 + ((a * 7 + s * 3) % 50) + (a * SERVICES.length + s < bump ? 1 : 0);
}

/** RSS (bytes) of the `n8n start` main process in a process group. */
function n8nMainRss(/** @type {number} */ group) {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== group) continue; // pgrp
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (!cmdline.some((arg) => arg.endsWith('/n8n')) || !cmdline.includes('start')) continue;
			if (cmdline.some((arg) => arg.includes('reaper'))) continue;
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
			return kb * 1024;
		} catch {
			// the process ended while we looked
		}
	}
	return 0;
}

/**
 * @param {{ size?: 'full' | 'small', write?: boolean, log?: (line: string) => void }} [options]
 */
async function runBench(options = {}) {
	const size = SIZES[options.size ?? 'full'];
	const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
	const pairs = size.accounts * SERVICES.length;
	const e2e = await createE2e({ name: `bench-${options.size ?? 'full'}`, log });
	try {
		const main = await e2e.addSandbox('bench', {
			latency: { ms: LATENCY_MS, jitter: 0 },
			rateLimit: { perSecond: 100, burst: 10 },
			rebuildDebounceMs: 250,
			requestLogSize: 400_000,
		});
		const sandbox = main.sandbox;

		// Vendor services (shared), then one partner per scenario with its accounts, all mapped.
		/** @type {Record<string, string>} */
		const serviceIds = {};
		for (const name of SERVICES) {
			const response = await main.client.vendor('POST', '/service', {
				name,
				description: 'Bench',
				category: 'other',
				subcategory: 'other',
			});
			serviceIds[name] = [...response.data.skus]
				.reverse()
				.find((/** @type {any} */ sku) => sku.name === name).id;
		}
		const { sandboxClient } = require('./lib/sandbox-client');
		/** @param {string} key @param {string} prefix @param {number} accounts */
		async function partner(key, prefix, accounts) {
			const created = await sandbox.addPartner({ name: `Bench MSP ${key}` });
			const client = sandboxClient(sandbox.url, { token: created.token });
			for (let start = 0; start < accounts; start += 1000) {
				const batch = Array.from({ length: Math.min(1000, accounts - start) }, (_, index) => ({
					id: `${prefix}${start + index}`,
					name: `Bench customer ${start + index}`,
				}));
				const response = await client.vendor('POST', '/organization/accounts', batch);
				if (response.status !== 201)
					throw new Error(`create accounts: ${response.status} ${JSON.stringify(response.data)}`);
			}
			await client.map({ accounts: 'all', services: 'all', partner: created.partnerId });
			return { ...created, client, prefix, accounts };
		}
		const partners = {
			sync: await partner('sync', 'sync-', size.accounts),
			parallel: await partner('parallel', 'par-', size.accounts),
			sequential: await partner('sequential', 'seq-', size.accounts),
			memory: await partner('memory', 'mem-', size.memoryAccounts),
			memoryPerPair: await partner('memoryPerPair', 'mpp-', size.memoryAccounts),
		};

		/** @param {string} id @param {string} file @param {string} tag @param {{ id: string, name: string }} credential @param {Record<string, string>} [vars] */
		function workflow(id, file, tag, credential, vars = {}) {
			const loaded = e2e.workflow(path.join('tools', 'bench', 'workflows', file), {
				credential,
				vars: { TAG: tag, ...vars },
			});
			loaded.id = id;
			for (const node of loaded.nodes)
				if (node.webhookId)
					node.webhookId = `${node.webhookId.slice(0, 28)}${tag.padEnd(8, '0').slice(0, 8)}`;
			return loaded;
		}
		const gradientCredential = (/** @type {string} */ key, /** @type {any} */ p) => ({
			id: `gsBenchCred${key.slice(0, 4)}`,
			name: `Gradient (${key})`,
			type: 'gradientSynthesizeApi',
			data: { vendorApiKey: sandbox.vendorKey, partnerApiKey: p.partnerKey, baseUrl: sandbox.url },
		});
		const headerCredential = (/** @type {string} */ key, /** @type {any} */ p) => ({
			id: `gsBenchHdr${key.slice(0, 4)}`,
			name: `Bench token (${key})`,
			type: 'httpHeaderAuth',
			data: { name: 'GRADIENT-TOKEN', value: p.token },
		});
		const credentials = [
			gradientCredential('sync', partners.sync),
			gradientCredential('memory', partners.memory),
			headerCredential('parallel', partners.parallel),
			headerCredential('sequential', partners.sequential),
			gradientCredential('perPair', partners.memoryPerPair),
		];
		const ref = (/** @type {{ id: string, name: string }} */ c) => ({ id: c.id, name: c.name });
		await e2e.importAll(
			[
				workflow('gsBenchSync00001', 'sync.json', 'sync', ref(credentials[0])),
				workflow('gsBenchSync00002', 'sync.json', 'memory', ref(credentials[1])),
				workflow('gsBenchSync00003', 'sync.json', 'memory1', ref(credentials[4])),
				workflow('gsBenchHttpPar01', 'http-parallel.json', 'parallel', ref(credentials[0]), {
					HEADER_CREDENTIAL: credentials[2].id,
				}),
				workflow('gsBenchHttpSeq01', 'http-sequential.json', 'sequential', ref(credentials[0]), {
					HEADER_CREDENTIAL: credentials[3].id,
				}),
			],
			credentials,
		);
		for (const id of [
			'gsBenchSync00001',
			'gsBenchSync00002',
			'gsBenchSync00003',
			'gsBenchHttpPar01',
			'gsBenchHttpSeq01',
		])
			await e2e.n8n.publish(id);
		await e2e.n8n.start();

		/** What one partner's pushes did, from the sandbox's own log and state. */
		async function observe(
			/** @type {any} */ p,
			/** @type {number} */ since,
			/** @type {number} */ bump,
		) {
			// The in-process log, unpaged (a baseline can send tens of thousands of requests). A 429
			// is answered before the token is read, so it has no partner: scenarios run one after
			// another, and every count request since the scenario started is its own.
			const requests = sandbox.log
				.list({ since })
				.filter((/** @type {any} */ request) => /\/count(\?|$)/.test(request.path));
			await sleep(600); // the rebuild debounce
			const state = await main.client.state();
			const partnerState = state.partners.find(
				(/** @type {any} */ candidate) => candidate.id === p.partnerId,
			);
			const counts = new Map(
				partnerState.counts.map((/** @type {any} */ c) => [
					`${c.accountId}|${c.serviceId}`,
					c.unitCount,
				]),
			);
			let lost = 0;
			for (let a = 0; a < p.accounts; a++) {
				for (let s = 0; s < SERVICES.length; s++) {
					if (
						counts.get(`${p.prefix}${a}|${serviceIds[SERVICES[s]]}`) !== expectedCount(a, s, bump)
					)
						lost++;
				}
			}
			return {
				requests: requests.length,
				rateLimited: requests.filter((request) => request.status === 429).length,
				stored: requests.filter((request) => request.status === 201).length,
				lost,
				rebuilds: partnerState.billing.rebuilds,
			};
		}

		// Readiness comes before the published webhooks are registered: wait for each to answer.
		/** @param {string[]} tags */
		const webhooksRegistered = async (tags) => {
			for (const tag of tags) {
				const deadline = Date.now() + 60_000;
				while (
					(
						await e2e.n8n.webhook(tag, {
							method: 'POST',
							data: { accounts: { prefix: 'none-', count: 0 }, services: [] },
						})
					).status === 404
				) {
					if (Date.now() > deadline) throw new Error(`webhook ${tag} never registered`);
					await sleep(500);
				}
			}
		};
		await webhooksRegistered([
			'bench-sync-sync',
			'bench-sync-memory',
			'bench-sync-memory1',
			'bench-http-parallel-parallel',
			'bench-http-sequential-sequential',
		]);

		/** @param {string} tag @param {any} body @param {{ mustSucceed?: boolean }} [opts] */
		async function run(tag, body, opts = { mustSucceed: true }) {
			const since = sandbox.log.nextSeq - 1;
			const started = Date.now();
			const response = await e2e.n8n.webhook(tag, {
				method: 'POST',
				data: body,
				timeoutMs: 60 * 60_000,
			});
			const ms = Date.now() - started;
			if (opts.mustSucceed && response.status !== 200) {
				throw new Error(
					`${tag}: ${response.status} ${JSON.stringify(response.data).slice(0, 500)}`,
				);
			}
			return { since, ms, status: response.status, data: response.data };
		}
		const accountsOf = (/** @type {any} */ p) => ({ prefix: p.prefix, count: p.accounts });
		/** @type {Array<{ scenario: string, ms: number, requests: number, rateLimited: number, stored: number, lost: number, rebuilds: number, pushes?: number, workflow?: string, rssGrowthMb?: number, rssBaselineMb?: number, rssAfterMb?: number }>} */
		const rows = [];

		// Let n8n settle between scenarios (a baseline's request storm can leave it busy).
		const settle = async () => {
			const deadline = Date.now() + 120_000;
			while (
				(await e2e.n8n.request('GET', '/healthz/readiness').catch(() => ({ status: 0 }))).status !==
				200
			) {
				if (Date.now() > deadline) throw new Error('n8n did not become ready again');
				await sleep(1000);
			}
		};
		const memoryPairs = size.memoryAccounts * SERVICES.length;
		/**
		 * Sync Usage on a freshly started n8n, with the main process's resident set sampled every
		 * 200 ms: the peak's growth over the idle baseline, and the RSS 10 s after the run (what
		 * stayed, as opposed to garbage not yet collected).
		 * @param {string} tag @param {any} p @param {number} rowsPerPair @param {string} scenario
		 */
		const measureMemory = async (tag, p, rowsPerPair, scenario) => {
			const group = /** @type {number} */ (e2e.n8n.processGroup);
			await sleep(2000);
			const baseline = n8nMainRss(group);
			let peak = baseline;
			let sampling = true;
			const sampler = (async () => {
				while (sampling) {
					peak = Math.max(peak, n8nMainRss(group));
					await sleep(200);
				}
			})();
			const memory = await run(tag, { accounts: accountsOf(p), services: SERVICES, rowsPerPair });
			sampling = false;
			await sampler;
			const memorySeen = await observe(p, memory.since, 0);
			await sleep(10_000);
			const after = n8nMainRss(group);
			rows.push({
				scenario,
				ms: memory.ms,
				...memorySeen,
				pushes: memory.data?.pairs?.pushed,
				rssGrowthMb: Math.round((peak - baseline) / 1048576),
				rssBaselineMb: Math.round(baseline / 1048576),
				rssAfterMb: Math.round(after / 1048576),
			});
		};
		const memoryRows = memoryPairs * size.memoryRowsPerPair;
		log(`[bench] 1/7 memory: ${memoryRows} rows (first, on a fresh n8n)`);
		await measureMemory(
			'bench-sync-memory',
			partners.memory,
			size.memoryRowsPerPair,
			`5. Sync Usage, ${memoryRows} rows into ${memoryPairs} pairs`,
		);
		// The same number of pushes from a tenth of the rows, again on a fresh n8n: what the rows
		// cost, as opposed to the requests.
		log(`[bench] 2/7 memory: ${memoryPairs} rows, one per pair (n8n restarted)`);
		await e2e.n8n.restart();
		await webhooksRegistered(['bench-sync-memory1']);
		await measureMemory(
			'bench-sync-memory1',
			partners.memoryPerPair,
			1,
			`5b. Sync Usage, ${memoryPairs} rows into ${memoryPairs} pairs (memory comparison)`,
		);

		await settle();
		log(`[bench] 3/7 first sync of ${pairs} pairs`);
		let rebuildsBefore = 0;
		const first = await run('bench-sync-sync', {
			accounts: accountsOf(partners.sync),
			services: SERVICES,
		});
		const firstSeen = await observe(partners.sync, first.since, 0);
		rows.push({
			scenario: `1. Sync Usage, first sync of ${pairs} pairs`,
			ms: first.ms,
			...firstSeen,
			pushes: first.data?.pairs?.pushed,
			rebuilds: firstSeen.rebuilds - rebuildsBefore,
		});
		rebuildsBefore = firstSeen.rebuilds;

		log('[bench] 4/7 the same sync again');
		const second = await run('bench-sync-sync', {
			accounts: accountsOf(partners.sync),
			services: SERVICES,
		});
		const secondSeen = await observe(partners.sync, second.since, 0);
		rows.push({
			scenario: '2. Sync Usage, same data again',
			ms: second.ms,
			...secondSeen,
			pushes: second.data?.pairs?.pushed,
			rebuilds: secondSeen.rebuilds - rebuildsBefore,
		});
		rebuildsBefore = secondSeen.rebuilds;

		const bump = Math.max(1, Math.round(pairs / 100));
		log(`[bench] 5/7 1% changed (${bump} pairs)`);
		const third = await run('bench-sync-sync', {
			accounts: accountsOf(partners.sync),
			services: SERVICES,
			bump,
		});
		const thirdSeen = await observe(partners.sync, third.since, bump);
		rows.push({
			scenario: `3. Sync Usage, 1% changed (${bump} pairs)`,
			ms: third.ms,
			...thirdSeen,
			pushes: third.data?.pairs?.pushed,
			rebuilds: thirdSeen.rebuilds - rebuildsBefore,
		});

		await settle();
		log('[bench] 6/7 baseline: one request at a time');
		const sequential = await run(
			'bench-http-sequential-sequential',
			{
				accounts: accountsOf(partners.sequential),
				services: SERVICES,
				serviceIds,
				baseUrl: sandbox.url,
			},
			{ mustSucceed: false },
		);
		const sequentialSeen = await observe(partners.sequential, sequential.since, 0);
		rows.push({
			scenario: `4b. Baseline: sequential loop like the PowerShell SDK, ${pairs} pairs`,
			ms: sequential.ms,
			...sequentialSeen,
			pushes: sequentialSeen.stored,
			workflow: sequential.status === 200 ? 'succeeded' : `failed (${sequential.status})`,
		});

		await settle();
		log(
			'[bench] 7/7 baseline: HTTP Request per row (last: its request storm slows n8n for a while)',
		);
		const parallel = await run(
			'bench-http-parallel-parallel',
			{
				accounts: accountsOf(partners.parallel),
				services: SERVICES,
				serviceIds,
				baseUrl: sandbox.url,
			},
			{ mustSucceed: false },
		);
		const parallelSeen = await observe(partners.parallel, parallel.since, 0);
		rows.push({
			scenario: `4a. Baseline: HTTP Request per row (Retry On Fail), ${pairs} pairs`,
			ms: parallel.ms,
			...parallelSeen,
			pushes: parallelSeen.stored,
			workflow: parallel.status === 200 ? 'succeeded' : `failed (${parallel.status})`,
		});

		rows.sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
		const result = {
			size: options.size ?? 'full',
			pairs,
			bump,
			rows,
			machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version} (n8n on Node 24.21.0)`,
		};
		const table = formatTable(result);
		log(table);
		if (options.write) writeDoc(result, table);
		return result;
	} finally {
		await e2e.close();
	}
}

/** @param {any} result */
function formatTable(result) {
	const lines = [
		'| Scenario | Wall time | Count pushes stored | Requests | 429s | Rows lost | Billing rebuilds | Notes |',
		'|---|---:|---:|---:|---:|---:|---:|---|',
	];
	for (const row of result.rows) {
		const notes = [];
		if (row.workflow) notes.push(`workflow ${row.workflow}`);
		if (row.rssGrowthMb !== undefined)
			notes.push(
				`n8n RSS +${row.rssGrowthMb} MB at the peak (from ${row.rssBaselineMb} MB; ${row.rssAfterMb} MB 10 s after)`,
			);
		lines.push(
			`| ${row.scenario} | ${(row.ms / 1000).toFixed(1)} s | ${row.stored} | ${row.requests} | ${row.rateLimited} | ${row.lost} | ${row.rebuilds} | ${notes.join('; ')} |`,
		);
	}
	return lines.join('\n');
}

/** What scenarios 5 and 5b say about where the memory goes. @param {any} result */
function memoryReading(result) {
	const rows = result.rows.find((/** @type {any} */ row) => row.scenario.startsWith('5. '));
	const pushes = result.rows.find((/** @type {any} */ row) => row.scenario.startsWith('5b. '));
	const rowsCost = rows.rssGrowthMb - pushes.rssGrowthMb;
	const perRequestKb = Math.round((pushes.rssGrowthMb * 1024) / Math.max(1, pushes.requests));
	return `the ten times as many rows of scenario 5 cost ${rowsCost} MB more at the peak; the rest
  (${pushes.rssGrowthMb} MB for ${pushes.requests} requests, about ${perRequestKb} KB a request) comes with the requests,
  each of which goes through n8n's \`httpRequestWithAuthentication\` (credential read and
  decrypted, then the HTTP client). Ten seconds after the runs the resident set was ${rows.rssAfterMb} MB and
  ${pushes.rssAfterMb} MB, against baselines of ${rows.rssBaselineMb} MB and ${pushes.rssBaselineMb} MB: what grew and went again was
  garbage not yet collected, not memory the sync keeps.`;
}

/** @param {any} result @param {string} table */
function writeDoc(result, table) {
	const ceiling = result.pairs / 100;
	const first = result.rows[0];
	const text = `# Performance

Measured by \`npm run bench\` (\`tools/bench.js\`) on ${new Date().toISOString().slice(0, 10)}: real n8n 2.41.1
(\`n8n start\`, webhook-triggered workflows, the packed package) against the sandbox with ${LATENCY_MS} ms latency
and its limiter of 100 requests per second per token (token bucket, burst 10). Each scenario runs for
its own MSP partner in the same sandbox; counts, losses and rebuilds are read from the sandbox.

Machine: ${result.machine}.

${table}

- **Scenario 1 against the ceiling**: ${result.pairs} pairs at 100 requests/s cannot take less than
  ${ceiling.toFixed(0)} s; Sync Usage took ${(first.ms / 1000).toFixed(1)} s
  (${((ceiling * 1000 * 100) / first.ms).toFixed(0)} % of the ceiling; goal ≥ 90 %, i.e. ≤ ${(ceiling / 0.9).toFixed(0)} s).
  It paces at 95 requests/s by default (the limit is shared by every workflow using the token).
- **Rows lost** = pairs whose count in the sandbox differs from the input after the run.
- **Baselines**: 4a is the workflow people build by hand — an HTTP Request node with one request
  per row and Retry On Fail (n8n sends all of a node's requests at once). 4b is a Loop Over Items
  with one request at a time, like the PowerShell SDK's loop. Neither uses \`no_build\`, so every
  push asks for a rebuild; the sandbox debounces rebuilds that arrive within 250 ms of each other.
- **Memory**: growth of the resident set of the \`n8n start\` main process (where the node runs)
  during scenario 5, sampled every 200 ms, over its idle baseline on a freshly started n8n; goal
  < 500 MB. Scenario 5b sends the same ${result.pairs} pushes from one row per pair, on n8n
  restarted: ${memoryReading(result)}

Command: \`npm run bench\` (about 15 minutes; \`npm run bench -- --size small\` runs in about two).
`;
	fs.writeFileSync(path.join(__dirname, '..', 'docs', 'performance.md'), text);
}

module.exports = { runBench, formatTable };

if (require.main === module) {
	const args = process.argv.slice(2);
	const size = args.includes('--size') ? args[args.indexOf('--size') + 1] : 'full';
	if (size !== 'full' && size !== 'small') {
		process.stderr.write('usage: npm run bench [-- --size full|small] [-- --no-write]\n');
		process.exit(2);
	}
	runBench({ size, write: size === 'full' && !args.includes('--no-write') })
		.then(() => process.exit(0))
		.catch((error) => {
			process.stderr.write(`${error.stack ?? error}\n`);
			process.exit(1);
		});
}
