// @ts-check
'use strict';
/** Small helpers shared by the state modules, and the error type every route and admin handler throws. */
const crypto = require('node:crypto');

/** @param {string} key */
function hashKey(key) {
	return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** @returns {string} */
function nowIso() {
	return new Date().toISOString();
}

/** @param {string} accountId @param {string} serviceId */
function pairKey(accountId, serviceId) {
	return JSON.stringify([accountId, serviceId]);
}

/** @param {any} value @returns {any} */
function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

class HttpError extends Error {
	/**
	 * @param {number} status
	 * @param {string | string[]} message
	 * @param {string} [error] Nest's "error" field (e.g. "Bad Request"); omitted when undefined
	 */
	constructor(status, message, error) {
		super(Array.isArray(message) ? message.join('; ') : message);
		this.status = status;
		/** @type {Record<string, unknown>} */
		this.body = error === undefined ? { statusCode: status, message } : { statusCode: status, message, error };
	}
}

/** Nest-style validation error. @param {string | string[]} message */
function badRequest(message) {
	return new HttpError(400, message, 'Bad Request');
}

module.exports = { hashKey, nowIso, pairKey, clone, HttpError, badRequest };
