// @ts-check
'use strict';
/**
 * HTTP glue (node:http, no framework): routes every request to the vendor API, the admin API
 * (/sandbox/*) or the page (/), and applies, in this order for API routes:
 *   body parsing → latency → rate limit → faults (before) → auth → validation + handler → faults (after)
 * then logs the request (never any header value).
 */
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const { API_PREFIX, TOKEN_HEADER, RATE_LIMIT_MESSAGE } = require('./defaults');
const { HttpError } = require('./state');
const { matchRoute } = require('./routes');
const { handleAdmin } = require('./admin');
const { renderPage } = require('./page');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./ratelimit').RateLimiter} RateLimiter
 * @typedef {import('./faults').FaultInjector} FaultInjector
 * @typedef {import('./requestlog').RequestLog} RequestLog
 * @typedef {{ store: Store, limiter: RateLimiter, faults: FaultInjector, log: RequestLog, quiet: boolean,
 *   persist: () => void, reset: (seed?: 'demo' | 'empty') => void }} Runtime
 */

/** [emulator choice] bodies larger than this are logged as { truncated, bytes } only. */
const LOG_BODY_LIMIT = 16 * 1024;

const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Nest's default messages for the statuses a status fault can produce. */
const STATUS_MESSAGES = /** @type {Record<number, string>} */ ({ 500: 'Internal server error' });

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number>} [headers]
 */
function sendJson(res, status, body, headers) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
	return text;
}

/** @param {string | undefined} addr */
function isLoopback(addr) {
	if (!addr) return false;
	return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/**
 * Read the request body as text.
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<string>}
 */
function readBody(req, limit) {
	if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
		req.resume();
		return Promise.resolve('');
	}
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let failed = false;
		req.on('data', (chunk) => {
			if (failed) return;
			size += chunk.length;
			if (size > limit) {
				failed = true;
				// [emulator choice] limit maxBodyBytes (1 MiB; Express' default would be 100 kB, synthesize-api.md §17.18), Express' 413 body
				reject(new HttpError(413, 'request entity too large', 'Payload Too Large'));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!failed) resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : '');
		});
		req.on('error', (err) => {
			if (!failed) reject(err);
		});
	});
}

/**
 * Parse a JSON body as Express' json() parser (strict) would: only when the content type is JSON,
 * and only objects or arrays at the top level.
 * @param {string | undefined} contentType
 * @param {string} raw
 * @returns {unknown}
 */
function parseJson(contentType, raw) {
	// [emulator choice] like Express, a body without a JSON content type is ignored
	if (!raw || !String(contentType || '').toLowerCase().includes('json')) return undefined;
	const trimmed = raw.trimStart();
	if (!trimmed) return undefined;
	const first = trimmed[0];
	if (first !== '{' && first !== '[') {
		throw new HttpError(400, `Unexpected token ${first} in JSON at position ${raw.length - trimmed.length}`, 'Bad Request');
	}
	try {
		return JSON.parse(raw);
	} catch (err) {
		throw new HttpError(400, /** @type {Error} */ (err).message, 'Bad Request');
	}
}

/** @param {unknown} body @param {string} raw */
function logBody(body, raw) {
	if (raw.length > LOG_BODY_LIMIT) return { truncated: true, bytes: Buffer.byteLength(raw) };
	return body === undefined ? null : body;
}

/**
 * @param {Runtime} rt
 * @returns {http.RequestListener}
 */
function createListener(rt) {
	return (req, res) => {
		handle(rt, req, res).catch((err) => {
			if (!rt.quiet) console.error('[sandbox] internal error:', err);
			if (!res.headersSent) sendJson(res, 500, { statusCode: 500, message: 'Internal server error' });
			else res.destroy();
		});
	};
}

/**
 * @param {Runtime} rt
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 */
async function handle(rt, req, res) {
	const url = req.url || '/';
	const q = url.indexOf('?');
	const pathname = q < 0 ? url : url.slice(0, q);
	const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
	const method = (req.method || 'GET').toUpperCase();

	if (pathname === API_PREFIX || pathname.startsWith(API_PREFIX + '/')) return handleApi(rt, req, res, method, url, pathname, query);

	const isAdmin = pathname === '/sandbox' || pathname.startsWith('/sandbox/');
	if (isAdmin || pathname === '/' || pathname === '/index.html') {
		// the admin API and the page answer only on loopback (they need no token)
		if (!isLoopback(req.socket.remoteAddress)) {
			req.resume();
			return void sendJson(res, 403, { statusCode: 403, message: 'The sandbox admin API and page answer only on loopback' });
		}
		if (!isAdmin) {
			req.resume();
			if (method !== 'GET' && method !== 'HEAD') return void sendJson(res, 405, { statusCode: 405, message: 'Method Not Allowed' });
			let html;
			try {
				html = renderPage(rt.store, query.get('partner'));
			} catch (err) {
				if (err instanceof HttpError) return void sendJson(res, err.status, err.body);
				throw err;
			}
			res.writeHead(200, {
				'Content-Type': 'text/html; charset=utf-8',
				'Content-Length': Buffer.byteLength(html),
				'Cache-Control': 'no-store',
			});
			return void res.end(method === 'HEAD' ? undefined : html);
		}
		let body;
		try {
			const raw = await readBody(req, rt.store.config.maxBodyBytes);
			body = parseJson('application/json', raw);
		} catch (err) {
			if (err instanceof HttpError) return void sendJson(res, err.status, err.body);
			throw err;
		}
		const result = handleAdmin(rt, method, pathname, query, body);
		if (result.text !== undefined) {
			res.writeHead(result.status, { 'Content-Type': result.contentType || 'text/plain; charset=utf-8' });
			return void res.end(result.text);
		}
		return void sendJson(res, result.status, result.body);
	}

	req.resume();
	if (pathname === '/favicon.ico') {
		res.writeHead(204);
		return void res.end();
	}
	sendJson(res, 404, { statusCode: 404, message: `Cannot ${method} ${pathname}`, error: 'Not Found' });
}

/**
 * @param {Runtime} rt
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} method
 * @param {string} url
 * @param {string} pathname
 * @param {URLSearchParams} query
 */
async function handleApi(rt, req, res, method, url, pathname, query) {
	const t0 = performance.now();
	const at = new Date().toISOString();
	const { store, log } = rt;
	/** @type {string | null} */
	let routeId = null;
	/** @type {string | null} */
	let partnerId = null;
	/** @type {unknown} */
	let body;
	let raw = '';
	/** @type {string | undefined} */
	let fault;
	/** @type {'before' | 'after' | undefined} 'after' = the request was processed before the answer was replaced */
	let faultPhase;

	/** @param {number} status */
	const record = (status) => {
		log.add({
			at,
			method,
			path: url,
			routeId,
			status,
			partnerId,
			body: logBody(body, raw),
			durationMs: Math.round((performance.now() - t0) * 100) / 100,
			...(fault ? { fault, faultPhase } : {}),
		});
	};
	/** @param {number} status @param {unknown} payload @param {Record<string, string | number>} [headers] */
	const reply = (status, payload, headers) => {
		sendJson(res, status, payload, headers);
		record(status);
	};

	let match;
	try {
		match = matchRoute(method, pathname);
	} catch (err) {
		req.resume();
		if (err instanceof HttpError) return reply(err.status, err.body);
		throw err;
	}
	if (!match) {
		req.resume();
		// [emulator choice] NestJS/Express' answer for an unknown route (no auth, no rate limit)
		return reply(404, { statusCode: 404, message: `Cannot ${method} ${pathname}`, error: 'Not Found' });
	}
	const { route, params } = match;
	routeId = route.id;

	try {
		raw = await readBody(req, store.config.maxBodyBytes);
		body = parseJson(req.headers['content-type'], raw);
	} catch (err) {
		if (err instanceof HttpError) return reply(err.status, err.body);
		throw err;
	}

	const latency = store.config.latency;
	if (latency.ms > 0 || latency.jitter > 0) {
		const ms = Math.max(0, latency.ms + (Math.random() * 2 - 1) * latency.jitter);
		if (ms > 0) await sleep(ms);
	}

	const tokenHeader = req.headers[TOKEN_HEADER];
	const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;

	// [emulator choice] the limiter runs after body parsing and before auth, so 401s count too (synthesize-api.md §13.1)
	const limit = rt.limiter.take(token || '');
	if (!limit.ok) {
		return reply(429, { statusCode: 429, message: RATE_LIMIT_MESSAGE }, { 'Retry-After': limit.retryAfterSeconds });
	}

	const plan = rt.faults.active ? rt.faults.plan(route.id, method, pathname) : null;
	if (plan && plan.latencyMs > 0) await sleep(plan.latencyMs);
	if (plan && plan.before) {
		fault = plan.before.rule.type;
		faultPhase = 'before';
		return applyFault(plan.before, res, reply, record, null);
	}

	const auth = store.authenticate(token);
	/** @type {{ status: number, body: unknown }} */
	let result;
	if ('status' in auth) {
		// synthesize-api.md §16: 401 {statusCode, message: "Unauthorized"} (Nest's UnauthorizedException); [emulator choice] unknown
		// vendor key → 401, or 404 "Vendor Profile Not Found" with unknownVendorStatus: 404
		result =
			auth.status === 404
				? { status: 404, body: { statusCode: 404, message: 'Vendor Profile Not Found' } }
				: { status: 401, body: { statusCode: 401, message: 'Unauthorized' } };
	} else {
		partnerId = auth.partner.id;
		try {
			result = route.handler({ store, partner: auth.partner, params, query, body });
		} catch (err) {
			if (!(err instanceof HttpError)) throw err;
			result = { status: err.status, body: err.body };
		}
	}

	if (plan && plan.after) {
		fault = plan.after.rule.type;
		faultPhase = 'after';
		return applyFault(plan.after, res, reply, record, result);
	}
	reply(result.status, result.body);
}

/**
 * @param {import('./faults').Firing} firing
 * @param {http.ServerResponse} res
 * @param {(status: number, payload: unknown, headers?: Record<string, string | number>) => void} reply
 * @param {(status: number) => void} record
 * @param {{ status: number, body: unknown } | null} result the real result (phase after) or null
 */
function applyFault(firing, res, reply, record, result) {
	const rule = firing.rule;
	switch (rule.type) {
		case 'status': {
			const s = /** @type {number} */ (firing.status);
			return reply(s, { statusCode: s, message: STATUS_MESSAGES[s] || http.STATUS_CODES[s] || 'Error' });
		}
		case 'forbidden':
			return reply(403, { statusCode: 403, message: 'Forbidden' });
		case 'burst429': {
			const ra = rule.retryAfter === false ? undefined : typeof rule.retryAfter === 'number' ? rule.retryAfter : 1;
			return reply(429, { statusCode: 429, message: RATE_LIMIT_MESSAGE }, ra === undefined ? undefined : { 'Retry-After': ra });
		}
		case 'html': {
			res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(HTML_502) });
			res.end(HTML_502);
			return record(502);
		}
		case 'malformed': {
			const status = result ? result.status : 200;
			const full = JSON.stringify(result ? result.body : { status: 200, message: 'Success', data: {} });
			const text = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
			res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
			res.end(text);
			return record(status);
		}
		case 'reset':
		default:
			res.socket?.destroy();
			return record(0);
	}
}

module.exports = { createListener, sendJson, isLoopback };
