// @ts-check
'use strict';
/**
 * A small HTTP server that records every request it receives (method, URL, every header, the
 * body) and answers with `respond`, or forwards to `forward` (a recording proxy in front of a
 * sandbox). The reliability suite uses it as "another host" that must never hear from the
 * package, as a fake Synthesize that answers badly, and as a proxy that sees exactly what the
 * package sends.
 *
 *   const other = await startRecorder({ host: nonLoopbackAddress() });
 *   ... // run something that must not reach it
 *   other.requests; // []
 *   await other.close();
 */
const http = require('node:http');
const os = require('node:os');
const axios = require('axios').default;

/**
 * @typedef {object} RecordedRequest
 * @property {string} at
 * @property {string} method
 * @property {string} url path and query
 * @property {Record<string, string | string[] | undefined>} headers lower-case names, raw values
 * @property {string} body
 * @property {number} [status] what was answered
 */

/**
 * @typedef {{ status: number, headers?: Record<string, string>, body?: string | object }} Answer
 */

/**
 * @param {{
 *   host?: string,
 *   port?: number,
 *   respond?: (request: RecordedRequest) => Answer | Promise<Answer>,
 *   forward?: string,
 * }} [options] `forward`: base URL every request is passed on to (its answer is relayed)
 */
async function startRecorder(options = {}) {
	const host = options.host ?? '127.0.0.1';
	/** @type {RecordedRequest[]} */
	const requests = [];
	const upstream = options.forward
		? axios.create({ baseURL: options.forward, validateStatus: () => true, maxRedirects: 0, responseType: 'arraybuffer', timeout: 120_000, decompress: false })
		: null;

	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			/** @type {RecordedRequest} */
			const recorded = {
				at: new Date().toISOString(),
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: { ...req.headers },
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			try {
				if (upstream) {
					const headers = { ...req.headers };
					delete headers.host;
					delete headers['content-length'];
					const response = await upstream.request({ method: recorded.method, url: recorded.url, headers, data: chunks.length ? Buffer.concat(chunks) : undefined });
					recorded.status = response.status;
					const relayed = { ...response.headers };
					delete relayed['transfer-encoding'];
					delete relayed.connection;
					res.writeHead(response.status, /** @type {any} */ (relayed));
					res.end(Buffer.from(response.data));
					return;
				}
				const answer = options.respond ? await options.respond(recorded) : { status: 200, body: { ok: true } };
				recorded.status = answer.status;
				const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
				const headers = { ...(typeof answer.body === 'object' ? { 'Content-Type': 'application/json' } : {}), ...(answer.headers ?? {}) };
				res.writeHead(answer.status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
				res.end(body);
			} catch (error) {
				recorded.status = 0;
				res.destroy(/** @type {Error} */ (error));
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const urlHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `http://${urlHost}:${address.port}`,
		host,
		port: address.port,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve(undefined));
			}),
	};
}

/** @typedef {Awaited<ReturnType<typeof startRecorder>>} Recorder */

/**
 * An IPv4 address of this machine that is not loopback: a "remote host" the tests control.
 * The package must never send a key to it over plain http.
 * @returns {string}
 */
function nonLoopbackAddress() {
	for (const addresses of Object.values(os.networkInterfaces())) {
		for (const address of addresses ?? []) {
			if (address.family === 'IPv4' && !address.internal) return address.address;
		}
	}
	throw new Error('This machine has no non-loopback IPv4 address: the plain-http and redirect tests need one as "another host".');
}

module.exports = { startRecorder, nonLoopbackAddress };
