// @ts-check
'use strict';
/** Reading and answering HTTP requests as Express would: JSON bodies, JSON answers, loopback check. */
/** @typedef {import('node:http').IncomingMessage} IncomingMessage @typedef {import('node:http').ServerResponse} ServerResponse */
const { HttpError } = require('./state');

/** [emulator choice] bodies larger than this are logged as { truncated, bytes } only. */
const LOG_BODY_LIMIT = 16 * 1024;

/**
 * @param {ServerResponse} res
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
 * @param {IncomingMessage} req
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

module.exports = { sendJson, isLoopback, readBody, parseJson, logBody };
