// @ts-check
'use strict';
/** What the admin modules share: their types, the 400 they throw and the partner a request names. */
const { HttpError } = require('../state');

/**
 * @typedef {import('../server').Runtime} Runtime
 * @typedef {{ status: number, body?: unknown, text?: string, contentType?: string }} AdminResult
 * @typedef {{ rt: Runtime, body: Record<string, any>, query: URLSearchParams }} AdminCtx
 * @typedef {Record<string, (ctx: AdminCtx) => AdminResult>} Handlers
 */

/** @param {string} message */
const bad = (message) => new HttpError(400, message, 'Bad Request');

/** @param {AdminCtx} ctx */
function partnerOf(ctx) {
	return ctx.rt.store.partnerFor(ctx.body.partner ?? ctx.query.get('partner') ?? undefined);
}

module.exports = { bad, partnerOf };
