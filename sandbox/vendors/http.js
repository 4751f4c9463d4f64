// @ts-check
'use strict';
/**
 * The small HTTP layer every vendor fixture shares: a loopback JSON server with a request log,
 * body parsing (JSON and form), the auth schemes vendors use (Basic, Bearer, API-key headers)
 * and an opaque page-token codec.
 *
 * A vendor module describes its API as a `VendorDefinition`; `startFixture()` serves it.
 */
const http = require('node:http');
const net = require('node:net');

/**
 * @typedef {object} FixtureRequest
 * @property {number} seq
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {number} status
 * @property {string} at ISO time
 */

/**
 * What a route handler gets.
 * @typedef {object} HandlerContext
 * @property {http.IncomingMessage} req
 * @property {string} method upper case
 * @property {string} path without the query string
 * @property {URLSearchParams} query
 * @property {any} body parsed JSON or form body ({} when none)
 * @property {string} rawBody
 * @property {any} data the fixture's current dataset
 * @property {string} baseUrl e.g. http://127.0.0.1:41234 (for next-page URLs)
 * @property {number} pageCap largest page the fixture serves (min of this and the vendor's maximum)
 * @property {Record<string, string>} credentials the keys this fixture accepts
 * @property {VendorFixture} fixture
 */

/**
 * What a route handler returns: a status and a JSON (or text) body.
 * @typedef {object} Reply
 * @property {number} status
 * @property {unknown} [body] JSON-encoded unless `text` is set
 * @property {string} [text] sent as is
 * @property {Record<string, string>} [headers]
 */

/**
 * A vendor API, described for `startFixture()`.
 * @typedef {object} VendorDefinition
 * @property {string} name e.g. 'huntress'
 * @property {string} title e.g. 'Huntress'
 * @property {Record<string, string>} credentials the fixed test keys the fixture accepts
 * @property {(variant: string) => any} dataset builds a named dataset ('default', 'churned', ...)
 * @property {(ctx: HandlerContext) => Reply | Promise<Reply>} handle answers one request
 */

/**
 * A running fixture.
 * @typedef {object} VendorFixture
 * @property {string} name
 * @property {string} url base URL, e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {Record<string, string>} credentials
 * @property {FixtureRequest[]} requests every request answered, in order
 * @property {Array<{ path: string, headers: http.IncomingHttpHeaders, body: any, at: string }>} received bodies POSTed to sink routes (generic fixture)
 * @property {() => any} dataset the current dataset
 * @property {(dataset: string | object) => void} setDataset a variant name or a dataset object
 * @property {(path?: string) => FixtureRequest[]} requestsTo requests whose path starts with `path`
 * @property {() => Promise<void>} close
 */

/** @param {http.IncomingMessage} req */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > 5 * 1024 * 1024) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/**
 * Parses a request body by its content type (JSON or application/x-www-form-urlencoded).
 * @param {string} raw
 * @param {string | undefined} contentType
 */
function parseBody(raw, contentType) {
	if (!raw) return {};
	const type = (contentType || '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) {
		return Object.fromEntries(new URLSearchParams(raw));
	}
	try {
		return JSON.parse(raw);
	} catch {
		return { __unparsed: raw };
	}
}

/**
 * The user and password of a Basic Authorization header, or null.
 * @param {http.IncomingMessage} req
 * @returns {{ user: string, password: string } | null}
 */
function basicAuth(req) {
	const header = req.headers.authorization || '';
	const match = /^Basic\s+(.+)$/i.exec(header);
	if (!match) return null;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return null;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The token of an `Authorization: <scheme> <token>` header (scheme matched case-insensitively).
 * @param {http.IncomingMessage} req
 * @param {string} scheme e.g. 'Bearer', 'ApiToken'
 */
function schemeToken(req, scheme) {
	const header = req.headers.authorization || '';
	const match = new RegExp(`^${scheme}\\s+(.+)$`, 'i').exec(header);
	return match ? match[1].trim() : null;
}

/**
 * Opaque page tokens, as vendors hand them out: base64url of a small JSON object.
 * @param {Record<string, unknown>} value
 */
function encodeToken(value) {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * @param {string | null} token
 * @returns {Record<string, any> | null} null when absent or not one of ours
 */
function decodeToken(token) {
	if (!token) return null;
	try {
		const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null ? value : null;
	} catch {
		return null;
	}
}

/**
 * A page size from a query parameter: the default when absent, clamped to [1, max] and to the
 * fixture's page cap. Returns null for a value that is not a positive integer.
 * @param {string | null} raw
 * @param {{ fallback: number, max: number, cap: number }} limits
 */
function pageSize(raw, { fallback, max, cap }) {
	const value = raw === null || raw === '' ? fallback : Number(raw);
	if (!Number.isInteger(value) || value < 1) return null;
	return Math.min(value, max, cap);
}

/**
 * Serves a vendor definition on loopback.
 * @param {VendorDefinition} definition
 * @param {{ port?: number, host?: string, dataset?: string | object, pageCap?: number }} [options]
 * @returns {Promise<VendorFixture>}
 */
async function startFixture(definition, options = {}) {
	const host = options.host || '127.0.0.1';
	const pageCap = options.pageCap && options.pageCap > 0 ? options.pageCap : Number.MAX_SAFE_INTEGER;
	/** @param {string | object | undefined} dataset */
	const build = (dataset) =>
		typeof dataset === 'object' && dataset !== null
			? structuredClone(dataset)
			: definition.dataset(dataset || 'default');
	let data = build(options.dataset);
	/** @type {FixtureRequest[]} */
	const requests = [];
	/** @type {VendorFixture['received']} */
	const received = [];
	let seq = 0;
	let baseUrl = '';

	/** @type {VendorFixture} */
	const fixture = {
		name: definition.name,
		url: '',
		port: 0,
		credentials: { ...definition.credentials },
		requests,
		received,
		dataset: () => data,
		setDataset: (dataset) => {
			data = build(dataset);
		},
		requestsTo: (path = '/') => requests.filter((r) => r.path.startsWith(path)),
		close: async () => {},
	};

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url || '/', baseUrl);
		/** @type {Reply} */
		let reply;
		try {
			const rawBody = await readBody(req);
			reply = await definition.handle({
				req,
				method: (req.method || 'GET').toUpperCase(),
				path: url.pathname,
				query: url.searchParams,
				body: parseBody(rawBody, req.headers['content-type']),
				rawBody,
				data,
				baseUrl,
				pageCap,
				credentials: fixture.credentials,
				fixture,
			});
		} catch (error) {
			reply = { status: 500, body: { error: String(/** @type {Error} */ (error).message || error) } };
		}
		requests.push({
			seq: ++seq,
			method: (req.method || 'GET').toUpperCase(),
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			status: reply.status,
			at: new Date().toISOString(),
		});
		const headers = { ...(reply.headers || {}) };
		let payload = '';
		if (reply.text !== undefined) {
			payload = reply.text;
			headers['content-type'] ||= 'text/plain; charset=utf-8';
		} else if (reply.body !== undefined) {
			payload = JSON.stringify(reply.body);
			headers['content-type'] ||= 'application/json; charset=utf-8';
		}
		res.writeHead(reply.status, { ...headers, 'content-length': Buffer.byteLength(payload) });
		res.end(payload);
	});
	server.keepAliveTimeout = 2000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	baseUrl = `http://${host}:${address.port}`;
	fixture.url = baseUrl;
	fixture.port = address.port;
	fixture.close = () =>
		new Promise((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return fixture;
}

/**
 * A free TCP port on loopback (for servers started by tests: PostgreSQL, n8n).
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** @param {unknown} body @param {Record<string, string>} [headers] @returns {Reply} */
const ok = (body, headers) => ({ status: 200, body, headers });

/** @param {number} status @param {unknown} body @returns {Reply} */
const fail = (status, body) => ({ status, body });

module.exports = {
	startFixture,
	freePort,
	readBody,
	parseBody,
	basicAuth,
	schemeToken,
	encodeToken,
	decodeToken,
	pageSize,
	ok,
	fail,
};
