// @ts-check
'use strict';
/**
 * The front (option `front: true`): what an API gateway is to a real API. A worker thread, with a
 * heap of its own, takes every connection, reads each request whole, stamps the instant it
 * arrived, and hands it to the sandbox's server on a loopback port; the answer goes back as it
 * came (a reset stays a reset).
 *
 * Why: the sandbox keeps its state and request log in the heap of the thread that serves it. At
 * scale (500 partners, 146,000 logged requests) a full garbage collection there pauses that thread
 * for 200 ms or more; requests sent evenly during the pause were stamped together when it ended,
 * so the limiter and the request log saw a burst the clients never sent. The front's heap is a
 * few buffers, its pauses a millisecond or two, so the stamp is when the request arrived.
 *
 * The server believes a stamp (and the client's address, for the loopback-only admin API) only
 * with the front's secret, made per start and never leaving this process.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

const SECRET_HEADER = 'x-sandbox-front';
const ARRIVED_HEADER = 'x-sandbox-arrived-ms';
const REMOTE_HEADER = 'x-sandbox-remote-address';
/** Headers of one connection, not of the message (RFC 9110 §7.6.1): never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'expect']);
/** Bodies above this are cut off (the server's own limit, 1 MiB by default, answers 413 long before). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Epoch milliseconds from the monotonic clock (never goes back, unlike Date.now()): an arrival's stamp, front or not. */
const epochMs = () => Math.floor(performance.timeOrigin + performance.now());

/**
 * What the front told the server about a request, or null when it did not come through the front.
 * @param {http.IncomingMessage} req
 * @param {string | undefined} secret the running front's secret
 * @returns {{ arrivedMs: number, remoteAddress: string } | null}
 */
function frontStamp(req, secret) {
	if (!secret || req.headers[SECRET_HEADER] !== secret) return null;
	const arrivedMs = Number(req.headers[ARRIVED_HEADER]);
	const remoteAddress = req.headers[REMOTE_HEADER];
	if (!Number.isFinite(arrivedMs) || typeof remoteAddress !== 'string') return null;
	return { arrivedMs, remoteAddress };
}

/**
 * Start the front on host:port, passing every request to the server at 127.0.0.1:upstreamPort.
 * @param {{ host: string, port: number, upstreamPort: number }} options
 * @returns {Promise<{ port: number, secret: string, close: () => Promise<void> }>}
 */
function startFront(options) {
	const secret = crypto.randomBytes(18).toString('base64url');
	const worker = new Worker(__filename, { workerData: { sandboxFront: { ...options, secret } } });
	return new Promise((resolve, reject) => {
		/** @param {Error} err */
		const onError = (err) => reject(err);
		worker.once('error', onError);
		worker.once('message', (/** @type {{ port?: number, error?: { message: string, code?: string } }} */ message) => {
			worker.off('error', onError);
			if (message.error) {
				const err = /** @type {NodeJS.ErrnoException} */ (new Error(message.error.message));
				err.code = message.error.code;
				void worker.terminate();
				return reject(err);
			}
			// the front must not keep a process alive that has nothing else to do
			worker.unref();
			resolve({
				port: /** @type {number} */ (message.port),
				secret,
				close: async () => {
					await worker.terminate();
				},
			});
		});
	});
}

/** The worker's side: the server that stamps and passes on. */
function runFront() {
	const { host, port, upstreamPort, secret } = workerData.sandboxFront;
	// idle sockets to the server are dropped after 5 s, long before its keep-alive timeout (30 s), so
	// the front never sends on a socket the server is closing (a spurious reset)
	const agent = new http.Agent({ keepAlive: true, timeout: 5000 });
	const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) req.destroy();
			else chunks.push(chunk);
		});
		req.on('error', () => res.destroy());
		req.on('end', () => {
			// the instant the request had arrived, body read: the same instant api.js stamps without a front
			const arrivedMs = epochMs();
			/** @type {http.OutgoingHttpHeaders} */
			const headers = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (!HOP_BY_HOP.has(name) && name !== SECRET_HEADER && name !== ARRIVED_HEADER && name !== REMOTE_HEADER) headers[name] = value;
			}
			const body = Buffer.concat(chunks);
			if (body.length || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
				headers['content-length'] = body.length;
			}
			headers[SECRET_HEADER] = secret;
			headers[ARRIVED_HEADER] = String(arrivedMs);
			headers[REMOTE_HEADER] = req.socket.remoteAddress ?? '';
			const upstream = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent }, (answer) => {
				/** @type {http.OutgoingHttpHeaders} */
				const back = {};
				for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) back[name] = value;
				res.writeHead(answer.statusCode ?? 502, back);
				answer.pipe(res);
				// the server cut the answer off (a reset fault): so does the front
				answer.on('aborted', () => res.destroy());
				answer.on('error', () => res.destroy());
			});
			// the server reset the connection (a reset fault, or it closed): the client sees a reset
			upstream.on('error', () => res.destroy());
			upstream.end(body);
		});
	});
	server.headersTimeout = 60000;
	server.once('error', (/** @type {NodeJS.ErrnoException} */ err) => {
		parentPort?.postMessage({ error: { message: err.message, code: err.code } });
	});
	server.listen(port, host, () => {
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		parentPort?.postMessage({ port: address.port });
	});
}

if (!isMainThread && workerData && workerData.sandboxFront) runFront();

module.exports = { startFront, frontStamp, epochMs };
