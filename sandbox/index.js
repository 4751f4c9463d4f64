// @ts-check
'use strict';
/**
 * In-process entry point of the Synthesize sandbox.
 *
 *   const { startSandbox } = require('./sandbox');
 *   const sb = await startSandbox({ port: 0, quiet: true });
 *   // sb.url, sb.token, sb.state, sb.addPartner(), await sb.close()
 */
const http = require('node:http');
const defaults = require('./defaults');
const { Store, Persister, mergeConfig, STATE_FORMAT, STATE_VERSION } = require('./state');
const { RateLimiter } = require('./ratelimit');
const { FaultInjector } = require('./faults');
const { RequestLog } = require('./requestlog');
const { createListener } = require('./server');
const { fullState } = require('./admin');
const { startFront } = require('./front');

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] default 8787; 0 = a free port
 * @property {string} [host] default 127.0.0.1
 * @property {string} [vendorKey] default DEFAULT_VENDOR_KEY
 * @property {string} [partnerKey] default DEFAULT_PARTNER_KEY (the default partner's key)
 * @property {'demo' | 'empty'} [seed] default 'demo'
 * @property {string} [statePath] persist the state as JSON here (loaded at start when it exists)
 * @property {{ ms: number, jitter?: number } | number} [latency] added before answering API routes
 * @property {{ perSecond?: number, burst?: number, enabled?: boolean, model?: 'bucket' | 'window', scope?: 'token' | 'vendor' } | false} [rateLimit]
 *   default { perSecond: 100, burst: 10, model: 'bucket', scope: 'token' }; false disables (see ratelimit.js)
 * @property {number} [rebuildDebounceMs] default 250
 * @property {number} [alertTicketDelayMs] default 1500
 * @property {boolean} [alertDedupe] default true
 * @property {'auto' | 'success' | 'failed' | 'pending'} [alertOutcome] default 'auto'
 * @property {number} [clientsPageSize] default 10
 * @property {401 | 404} [unknownVendorStatus] default 401
 * @property {boolean} [autoMapByName] map new accounts whose name equals a PSA client name (default false)
 * @property {number} [requestLogSize] default 20000
 * @property {number} [persistDebounceMs] default 100
 * @property {boolean} [quiet] no console output
 * @property {boolean} [front] serve through the front (front.js): a worker thread stamps each request's
 *   arrival, so the limiter and the request log judge by it even while this thread is paused (default false)
 */

/**
 * @typedef {object} Sandbox
 * @property {string} url e.g. http://127.0.0.1:8787
 * @property {string} apiUrl url + /api/vendor-api
 * @property {string} pageUrl url + /
 * @property {number} port
 * @property {string} host
 * @property {string} vendorKey
 * @property {string} partnerKey the default partner's current key (follows regenerate-partner-key)
 * @property {string} token GRADIENT-TOKEN of the default partner
 * @property {string} defaultPartnerId
 * @property {boolean} keysMatchState false when a loaded --state file was made with other keys
 * @property {import('./state').StateData} state the live state data (changes identity on reset)
 * @property {import('./state').Store} store
 * @property {import('./requestlog').RequestLog} log
 * @property {import('./faults').FaultInjector} faults
 * @property {() => ReturnType<typeof fullState>} snapshot the same JSON as GET /sandbox/state
 * @property {(opts?: { name?: string, partnerKey?: string }) => { partnerId: string, name: string, partnerKey: string, token: string }} addPartner
 * @property {(opts: import('./state/bulk').BulkOptions) => ReturnType<import('./state').Store['addPartners']>} addPartners
 *   many partners at once (= POST /sandbox/partners/bulk, without its validation)
 * @property {(seed?: 'demo' | 'empty') => void} reset
 * @property {() => void} flush write the --state file now (no-op without statePath)
 * @property {() => Promise<void>} close
 */

const CONFIG_OPTION_KEYS = [
	'latency',
	'rateLimit',
	'rebuildDebounceMs',
	'alertTicketDelayMs',
	'alertDedupe',
	'alertOutcome',
	'clientsPageSize',
	'unknownVendorStatus',
	'autoMapByName',
	'requestLogSize',
];

/**
 * Start a sandbox.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const port = options.port ?? defaults.DEFAULT_PORT;
	const host = options.host ?? defaults.DEFAULT_HOST;
	const vendorKey = options.vendorKey || defaults.DEFAULT_VENDOR_KEY;
	const partnerKey = options.partnerKey || defaults.DEFAULT_PARTNER_KEY;
	const seed = options.seed ?? 'demo';
	if (seed !== 'demo' && seed !== 'empty') throw new Error(`unknown seed "${seed}" (demo or empty)`);

	/** @type {Record<string, any>} */
	const config = {};
	for (const k of CONFIG_OPTION_KEYS) if (/** @type {any} */ (options)[k] !== undefined) config[k] = /** @type {any} */ (options)[k];

	const store = new Store({ seed, vendorKey, partnerKey, config });
	const log = new RequestLog(store.config.requestLogSize);
	const faults = new FaultInjector();
	const limiter = new RateLimiter(store.config.rateLimit);

	/** @type {Persister | null} */
	let persister = null;
	if (options.statePath) {
		persister = new Persister(
			options.statePath,
			() => ({
				format: STATE_FORMAT,
				version: STATE_VERSION,
				savedAt: new Date().toISOString(),
				data: store.data,
				config: store.config,
				faults: { seed: faults.seed, rules: faults.rules },
				requests: log.counts(),
			}),
			options.persistDebounceMs ?? 100,
		);
		const doc = persister.read();
		if (doc) {
			if (doc.format !== STATE_FORMAT) throw new Error(`${options.statePath} is not a sandbox state file`);
			store.load(doc.data);
			// options given now win over the saved config
			store.config = mergeConfig(mergeConfig(JSON.parse(JSON.stringify(defaults.DEFAULT_CONFIG)), doc.config || {}), config);
			limiter.configure(store.config.rateLimit);
			if (doc.faults && Array.isArray(doc.faults.rules) && doc.faults.rules.length) faults.configure(doc.faults);
			log.restoreCounts(doc.requests);
		} else {
			persister.flush();
		}
		const p = persister;
		store.onChange = () => p.schedule();
	}

	/** @type {import('./server').Runtime} */
	const rt = {
		store,
		limiter,
		faults,
		log,
		quiet: Boolean(options.quiet),
		frontSecret: undefined,
		persist: () => persister?.schedule(),
		reset: (s) => {
			store.reset(s);
			limiter.configure(store.config.rateLimit);
			faults.clear();
			log.clear();
			persister?.schedule();
		},
	};

	const server = http.createServer({ keepAliveTimeout: 30000 }, createListener(rt));
	server.headersTimeout = 60000;
	await new Promise((resolve, reject) => {
		/** @param {NodeJS.ErrnoException} err */
		const onError = (err) => {
			server.off('listening', onListening);
			store.clearTimers();
			if (err.code === 'EADDRINUSE') {
				const e = /** @type {NodeJS.ErrnoException} */ (new Error(`port ${port} on ${host} is already in use (is another sandbox running?)`));
				e.code = 'EADDRINUSE';
				reject(e);
			} else reject(err);
		};
		const onListening = () => {
			server.off('error', onError);
			resolve(undefined);
		};
		server.once('error', onError);
		server.once('listening', onListening);
		// behind a front, the server answers the front only, on loopback
		if (options.front) server.listen(0, '127.0.0.1');
		else server.listen(port, host);
	});
	server.on('error', (err) => {
		if (!options.quiet) console.error('[sandbox] server error:', err);
	});

	let address = /** @type {import('node:net').AddressInfo} */ (server.address());
	/** @type {Awaited<ReturnType<typeof startFront>> | null} */
	let front = null;
	if (options.front) {
		try {
			front = await startFront({ host, port, upstreamPort: address.port });
		} catch (err) {
			store.clearTimers();
			server.close();
			const e = /** @type {NodeJS.ErrnoException} */ (err);
			if (e.code === 'EADDRINUSE') e.message = `port ${port} on ${host} is already in use (is another sandbox running?)`;
			throw e;
		}
		rt.frontSecret = front.secret;
		address = { address: host, family: host.includes(':') ? 'IPv6' : 'IPv4', port: front.port };
	}
	const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	const url = `http://${urlHost}:${address.port}`;
	let closed = false;

	/** @type {Sandbox} */
	const sandbox = {
		url,
		apiUrl: url + defaults.API_PREFIX,
		pageUrl: url + '/',
		port: address.port,
		host,
		vendorKey,
		get partnerKey() {
			return store.partnerKey;
		},
		get token() {
			return defaults.makeToken(vendorKey, store.partnerKey);
		},
		get defaultPartnerId() {
			return store.data.defaultPartnerId;
		},
		keysMatchState: store.startKeysValid(),
		get state() {
			return store.data;
		},
		store,
		log,
		faults,
		snapshot: () => fullState(rt),
		addPartner: (opts) => store.addPartner(opts || {}),
		addPartners: (opts) => store.addPartners(opts),
		reset: (s) => rt.reset(s),
		flush: () => persister?.flush(),
		close: async () => {
			if (closed) return;
			closed = true;
			store.clearTimers();
			persister?.flush();
			await front?.close();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
	return sandbox;
}

module.exports = { startSandbox, ...defaults };
