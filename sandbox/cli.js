#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run sandbox [-- options]: start the Synthesize sandbox and print how to reach it.
 */
const path = require('node:path');
const { startSandbox } = require('./index');
const { DEFAULT_PORT, DEFAULT_HOST, DEFAULT_VENDOR_KEY, DEFAULT_PARTNER_KEY, makeToken } = require('./defaults');

const HELP = `Synthesize sandbox — a local emulator of the Gradient MSP Synthesize vendor API

Usage: npm run sandbox -- [options]        (or: node sandbox/cli.js [options])

Options:
  --port <n>              port to listen on (default ${DEFAULT_PORT}; 0 = a free port, printed)
  --host <addr>           address to bind (default ${DEFAULT_HOST})
  --vendor-key <k>        seed this vendor API key (default ${DEFAULT_VENDOR_KEY})
  --partner-key <k>       seed this partner API key for the default partner (default ${DEFAULT_PARTNER_KEY})
  --state <file>          persist the state as JSON in <file> across restarts (default: in memory)
  --seed demo|empty       initial content (default demo)
  --latency <ms>[:<jitter>]  add latency to every API answer (ms ± jitter)
  --rate-limit <n>[:<burst>]|off  requests per second (default 100:10); off disables
  --rate-model bucket|window  token bucket of capacity <burst> (default), or at most <n> in any
                          rolling 1,000 ms window
  --rate-scope token|vendor   one budget per GRADIENT-TOKEN (default), or one per vendor key
                          shared by all its partners
  --quiet                 print only the banner
  --help                  this text

Admin API (loopback only, no token): GET /sandbox/state, POST /sandbox/map, ... see sandbox/README.md
`;

/**
 * @param {string[]} argv
 * @returns {import('./index').SandboxOptions & { help?: boolean }}
 */
function parseArgs(argv) {
	/** @type {import('./index').SandboxOptions & { help?: boolean }} */
	const o = {};
	/** @type {{ model?: 'bucket' | 'window', scope?: 'token' | 'vendor' }} --rate-model / --rate-scope, in any order with --rate-limit */
	const rate = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const eq = arg.indexOf('=');
		const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
		const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
		const value = () => {
			if (inline !== undefined) return inline;
			const v = argv[++i];
			if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
			return v;
		};
		switch (name) {
			case '--help':
			case '-h':
				o.help = true;
				break;
			case '--port': {
				const v = value();
				const n = Number(v);
				if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be 0..65535, got "${v}"`);
				o.port = n;
				break;
			}
			case '--host':
				o.host = value();
				break;
			case '--vendor-key':
				o.vendorKey = value();
				break;
			case '--partner-key':
				o.partnerKey = value();
				break;
			case '--state':
				o.statePath = path.resolve(value());
				break;
			case '--seed': {
				const v = value();
				if (v !== 'demo' && v !== 'empty') throw new Error(`--seed must be demo or empty, got "${v}"`);
				o.seed = v;
				break;
			}
			case '--latency': {
				const v = value();
				const m = /^(\d+)(?::(\d+))?$/.exec(v);
				if (!m) throw new Error(`--latency must be <ms>[:<jitter>], got "${v}"`);
				o.latency = { ms: Number(m[1]), jitter: Number(m[2] || 0) };
				break;
			}
			case '--rate-limit': {
				const v = value();
				if (v === 'off') o.rateLimit = false;
				else {
					const m = /^(\d+)(?::(\d+))?$/.exec(v);
					if (!m || Number(m[1]) < 1) throw new Error(`--rate-limit must be <perSecond>[:<burst>] or off, got "${v}"`);
					o.rateLimit = { perSecond: Number(m[1]), ...(m[2] ? { burst: Number(m[2]) } : {}) };
				}
				break;
			}
			case '--rate-model': {
				const v = value();
				if (v !== 'bucket' && v !== 'window') throw new Error(`--rate-model must be bucket or window, got "${v}"`);
				rate.model = v;
				break;
			}
			case '--rate-scope': {
				const v = value();
				if (v !== 'token' && v !== 'vendor') throw new Error(`--rate-scope must be token or vendor, got "${v}"`);
				rate.scope = v;
				break;
			}
			case '--quiet':
				o.quiet = true;
				break;
			default:
				throw new Error(`unknown option ${arg} (see --help)`);
		}
	}
	if (rate.model || rate.scope) {
		if (o.rateLimit === false) throw new Error('--rate-model and --rate-scope need the rate limit on (not --rate-limit off)');
		o.rateLimit = { ...o.rateLimit, ...rate };
	}
	return o;
}

/** @param {import('./state').Config['rateLimit']} rl */
function describeRateLimit(rl) {
	if (!rl.enabled) return 'off';
	const model = rl.model === 'window' ? 'rolling 1,000 ms window' : `token bucket, capacity ${rl.burst}`;
	return `${rl.perSecond} requests/s per ${rl.scope === 'vendor' ? 'vendor key' : 'token'} (${model})`;
}

async function main() {
	let opts;
	try {
		opts = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`sandbox: ${/** @type {Error} */ (err).message}\n`);
		process.exit(2);
	}
	if (opts.help) {
		process.stdout.write(HELP);
		return;
	}
	const { help: _help, ...options } = opts;
	let sb;
	try {
		sb = await startSandbox({ ...options, quiet: options.quiet ?? false });
	} catch (err) {
		const e = /** @type {NodeJS.ErrnoException} */ (err);
		process.stderr.write(`sandbox: cannot start: ${e.message}\n`);
		process.exit(1);
	}
	const vendorKey = sb.vendorKey;
	const lines = [
		`Synthesize sandbox listening on ${sb.url}`,
		`  API base URL     ${sb.apiUrl}`,
		`  Vendor key       ${vendorKey}`,
		`  Partner key      ${sb.partnerKey}`,
		`  GRADIENT-TOKEN   ${makeToken(vendorKey, sb.partnerKey)}`,
		`  Page             ${sb.pageUrl}`,
		`  Admin API        ${sb.url}/sandbox/state (loopback only, no token)`,
		`  Rate limit       ${describeRateLimit(sb.store.config.rateLimit)}`,
		`  Seed             ${sb.state.seed}`,
		`  State            ${options.statePath ? options.statePath : 'in memory'}`,
	];
	if (!sb.keysMatchState) {
		lines.push(
			'  WARNING          the state file was saved with other keys (or the partner key was regenerated):',
			'                   the keys above do not open it; use the keys printed when they were set.',
		);
	}
	process.stdout.write(lines.join('\n') + '\nPress Ctrl+C to stop.\n');

	let stopping = false;
	/** @param {string} signal */
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		sb.close().then(
			() => {
				process.stdout.write(`sandbox: stopped (${signal})${options.statePath ? `, state saved to ${options.statePath}` : ''}\n`);
				process.exit(0);
			},
			(err) => {
				process.stderr.write(`sandbox: error while stopping: ${err && err.message}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();

module.exports = { parseArgs };
