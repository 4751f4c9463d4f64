// @ts-check
'use strict';
/** What the route modules share: the route types, the invalid-id text and body checks. */
const { badRequest } = require('../state');
const { validateObject, validateArray } = require('../validation');

/**
 * @typedef {import('../state').Store} Store
 * @typedef {import('../state').Partner} Partner
 * @typedef {{ store: Store, partner: Partner, params: Record<string, string>, query: URLSearchParams, body: unknown }} Ctx
 * @typedef {{ status: number, body: unknown }} Result
 * @typedef {{ n: number, id: string, method: string, path: string, success: number,
 *   envelope: 'bare' | 'wrapped' | 'status-message', handler: (ctx: Ctx) => Result }} RouteDef
 * @typedef {RouteDef & { re: RegExp, keys: string[] }} CompiledRoute
 */

const INVALID_ID = 'You have provided an invalid Id type';

/** @param {unknown} body @returns {Record<string, any>} */
function objectBody(body) {
	return body === undefined ? {} : /** @type {Record<string, any>} */ (body);
}

/** Throw the Nest-style 400 when an object body fails its DTO. @param {any} name @param {unknown} body */
function check(name, body) {
	const messages = validateObject(name, body);
	if (messages.length) throw badRequest(messages);
	return /** @type {Record<string, any>} */ (body);
}

/** @param {any} name @param {unknown} body @returns {Array<Record<string, any>>} */
function checkArray(name, body) {
	const r = validateArray(name, body === undefined ? {} : body);
	if (!r.ok) throw badRequest(r.message);
	return /** @type {Array<Record<string, any>>} */ (body);
}

module.exports = { INVALID_ID, objectBody, check, checkArray };
