// @ts-check
'use strict';
/** Admin API: what the sandbox received (the request log) and what it holds (billing). */

/** @type {import('./common').Handlers} */
const OBSERVE_HANDLERS = {
	'GET /sandbox/requests': ({ rt, query }) => {
		const since = query.get('since');
		const limit = query.get('limit');
		const requests = rt.log.list({
			since: since === null ? undefined : Number(since),
			route: query.get('route') || undefined,
			limit: limit === null ? undefined : Number(limit),
		});
		return { status: 200, body: { lastSeq: rt.log.nextSeq - 1, count: requests.length, requests } };
	},
};

module.exports = { OBSERVE_HANDLERS };
