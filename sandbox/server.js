// @ts-check
'use strict';
/**
 * HTTP glue (node:http, no framework): routes every request to the vendor API (api.js), the admin
 * API (/sandbox/*, admin.js) or the page (/, page.js). Reading bodies and writing JSON: http-io.js.
 */
const http = require('node:http');
const { API_PREFIX } = require('./defaults');
const { HttpError } = require('./state');
const { handleApi } = require('./api');
const { handleAdmin } = require('./admin');
const { renderPage } = require('./page');
const { sendJson, isLoopback, readBody, parseJson } = require('./http-io');
const { frontStamp } = require('./front');

/**
 * @typedef {import('./state').Store} Store
 * @typedef {import('./ratelimit').RateLimiter} RateLimiter
 * @typedef {import('./faults').FaultInjector} FaultInjector
 * @typedef {import('./requestlog').RequestLog} RequestLog
 * @typedef {{ store: Store, limiter: RateLimiter, faults: FaultInjector, log: RequestLog, quiet: boolean,
 *   frontSecret: string | undefined, persist: () => void, reset: (seed?: 'demo' | 'empty') => void }} Runtime
 * frontSecret: set while the sandbox is served through its front (front.js)
 */

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

	const stamp = frontStamp(req, rt.frontSecret);
	if (pathname === API_PREFIX || pathname.startsWith(API_PREFIX + '/')) return handleApi(rt, req, res, method, url, pathname, query, stamp?.arrivedMs);

	const isAdmin = pathname === '/sandbox' || pathname.startsWith('/sandbox/');
	if (isAdmin || pathname === '/' || pathname === '/index.html') {
		// the admin API and the page answer only on loopback (they need no token)
		if (!isLoopback(stamp ? stamp.remoteAddress : req.socket.remoteAddress)) {
			req.resume();
			return void sendJson(res, 403, { statusCode: 403, message: 'The sandbox admin API and page answer only on loopback' });
		}
		if (!isAdmin) {
			req.resume();
			if (method !== 'GET' && method !== 'HEAD') return void sendJson(res, 405, { statusCode: 405, message: 'Method Not Allowed' });
			let html;
			try {
				html = renderPage(rt.store, query.get('partner'), {
					baseUrl: `http://${req.headers.host ?? '127.0.0.1'}`,
					requests: rt.log.list({}),
				});
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

module.exports = { createListener, sendJson, isLoopback };
