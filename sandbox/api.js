// @ts-check
'use strict';
/**
 * The vendor API (/api/vendor-api/*), in this order:
 *   body parsing → rate limit → latency → faults (before) → auth → validation + handler → faults (after)
 * then the request is logged (never any header value) with its arrival time, the instant the
 * rate limiter judged it by.
 */
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');
const { TOKEN_HEADER, RATE_LIMIT_MESSAGE } = require('./defaults');
const { HttpError } = require('./state');
const { matchRoute } = require('./routes');
const { sendJson, readBody, parseJson, logBody } = require('./http-io');
const { epochMs } = require('./front');

/** @typedef {import('./server').Runtime} Runtime */

const HTML_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Nest's default messages for the statuses a status fault can produce. */
const STATUS_MESSAGES = /** @type {Record<number, string>} */ ({ 500: 'Internal server error' });

/**
 * @param {Runtime} rt
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} method
 * @param {string} url
 * @param {string} pathname
 * @param {URLSearchParams} query
 * @param {number} [frontArrivedMs] when the request had arrived at the front (front.js), if it came through it
 */
async function handleApi(rt, req, res, method, url, pathname, query, frontArrivedMs) {
	const t0 = performance.now();
	const at = new Date(frontArrivedMs ?? Date.now()).toISOString();
	let arrivedMs = frontArrivedMs ?? epochMs();
	const { store, log } = rt;
	const tokenHeader = req.headers[TOKEN_HEADER];
	const token = (Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader) || '';
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
			arrivedMs,
			method,
			path: url,
			routeId,
			status,
			partnerId,
			budget: store.budgetOf(token),
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

	// [emulator choice] the limiter judges a request once it has arrived (body read), before the added
	// latency and before auth, so 401s count too (synthesize-api.md §13.1); behind the front, by the
	// instant the front stamped (this thread may have been paused since)
	arrivedMs = frontArrivedMs ?? epochMs();
	const limit = rt.limiter.take(token, arrivedMs);

	const latency = store.config.latency;
	if (latency.ms > 0 || latency.jitter > 0) {
		const ms = Math.max(0, latency.ms + (Math.random() * 2 - 1) * latency.jitter);
		if (ms > 0) await sleep(ms);
	}
	if (!limit.ok) {
		return reply(429, { statusCode: 429, message: RATE_LIMIT_MESSAGE }, { 'Retry-After': limit.retryAfterSeconds });
	}

	const plan = rt.faults.active
		? rt.faults.plan(route.id, method, pathname, () => {
				const who = store.authenticate(token);
				return 'partner' in who ? who.partner.id : undefined;
			})
		: null;
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

module.exports = { handleApi };
