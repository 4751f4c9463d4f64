// @ts-check
'use strict';
/** Routes 13–14: alerts and their processing status (synthesize-api.md §9). */
const { HttpError } = require('../state');
const { objectBody, check } = require('./common');

/** @typedef {import('./common').RouteDef} RouteDef */

/** @type {RouteDef[]} */
const ALERT_ROUTES = [
	{
		n: 13,
		id: 'createAlert',
		method: 'POST',
		path: '/alerting/:accountId',
		success: 201,
		envelope: 'bare',
		handler: ({ store, partner, params, body }) => {
			const b = check('createAlert', objectBody(body));
			// [emulator choice] any accountId is queued (201); an unknown or unmapped account makes the
			// ticket fail later on the debug route with "No account map found with id: ..." (synthesize-api.md §9.1 is async)
			const msg = store.createAlert(partner, params.accountId, b);
			return { status: 201, body: { messageId: msg.messageId, alertId: msg.alertId, correlationID: msg.correlationID } };
		},
	},
	{
		n: 14,
		id: 'getAlertStatus',
		method: 'GET',
		path: '/alerting/debug/:messageId',
		success: 200,
		envelope: 'bare',
		handler: ({ store, partner, params }) => {
			const msg = partner.messages[params.messageId];
			if (msg) store.settle(partner.id, msg.messageId); // in case its timer has not fired yet
			// [emulator choice] 404 text; another partner's messageId is unknown too
			if (!msg) throw new HttpError(404, `No alert found with messageId: ${params.messageId}`);
			return { status: 200, body: store.alertStatusView(msg) };
		},
	},
];

module.exports = { ALERT_ROUTES };
