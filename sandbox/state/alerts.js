// @ts-check
'use strict';
/** Alerts: queued messages that become PSA tickets (or fail) after a delay, with de-duplication. */
const { nowIso } = require('./common');
const { BillingStore } = require('./billing');

/** @typedef {import('./types').Partner} Partner */
/** @typedef {import('./types').AlertMessage} AlertMessage */

class AlertsStore extends BillingStore {
	/**
	 * Queue an alert (synthesize-api.md §9.1). [emulator choice] With alertDedupe (default) a
	 * repeated alertId whose earlier message is pending or succeeded returns that ORIGINAL message
	 * and creates no second ticket; after a failure a repeat is a new message. alertDedupe:false =
	 * every POST is a new message and ticket.
	 * @param {Partner} partner
	 * @param {string} accountId
	 * @param {Record<string, any>} body validated body
	 * @returns {AlertMessage}
	 */
	createAlert(partner, accountId, body) {
		let rec = partner.alerts[body.alertId];
		if (rec) for (const id of rec.messageIds) this.settle(partner.id, id);
		if (!rec) {
			rec = { alertId: body.alertId, accountId, title: body.title, posts: 0, tickets: 0, messageIds: [] };
			partner.alerts[body.alertId] = rec;
		}
		rec.posts += 1;
		this.autoActivate(partner);
		if (this.config.alertDedupe) {
			const original = rec.messageIds
				.map((id) => partner.messages[id])
				.find((m) => m && (m.state === 'pending' || m.state === 'success'));
			if (original) {
				original.duplicatePosts += 1;
				this.changed();
				return original;
			}
		}
		/** @type {AlertMessage} */
		const msg = {
			messageId: this.ids.uuid(),
			alertId: body.alertId,
			correlationID: this.ids.objectId(),
			accountId,
			title: body.title,
			description: body.description,
			priority: body.priority ?? 1,
			status: body.status ?? 1,
			dueDateTime: body.dueDateTime ?? null,
			serviceId: body.serviceId ?? null,
			receivedAt: nowIso(),
			resolveAt: Date.now() + this.config.alertTicketDelayMs,
			state: 'pending',
			ticketId: null,
			ticketCreatedAt: null,
			statusCode: null,
			errors: [],
			duplicatePosts: 0,
		};
		partner.messages[msg.messageId] = msg;
		rec.messageIds.push(msg.messageId);
		rec.accountId = accountId;
		rec.title = body.title;
		this.scheduleAlert(partner, msg, this.config.alertTicketDelayMs);
		this.changed();
		return msg;
	}

	/** @param {Partner} partner @param {AlertMessage} msg @param {number} delayMs */
	scheduleAlert(partner, msg, delayMs) {
		const t = setTimeout(() => {
			this.alertTimers.delete(msg.messageId);
			this.settle(partner.id, msg.messageId);
		}, delayMs);
		t.unref();
		this.alertTimers.set(msg.messageId, t);
	}

	/**
	 * Process a queued alert: the PSA ticket is created when the account is mapped.
	 * [emulator choice] processing takes alertTicketDelayMs (1500); ticket ids are numeric strings from 50001;
	 * mapping is checked when the delay has passed, not at POST time.
	 * @param {string} partnerId @param {string} messageId
	 */
	settle(partnerId, messageId) {
		const partner = this.data.partners[partnerId];
		const msg = partner && partner.messages[messageId];
		if (!msg || msg.state !== 'pending' || Date.now() < msg.resolveAt) return;
		const outcome = this.config.alertOutcome;
		if (outcome === 'pending') return;
		const account = this.findAccount(partner, msg.accountId);
		const ok = outcome === 'success' || (outcome === 'auto' && account !== undefined && account.mapped);
		if (ok) {
			msg.state = 'success';
			msg.ticketId = String(this.data.nextTicketNo++);
			msg.ticketCreatedAt = nowIso();
			const rec = partner.alerts[msg.alertId];
			if (rec) rec.tickets += 1;
		} else {
			msg.state = 'failed';
			if (outcome === 'failed') {
				msg.statusCode = 500;
				msg.errors = ['The PSA rejected the ticket (sandbox alertOutcome=failed)'];
			} else {
				msg.statusCode = 404;
				msg.errors = [`No account map found with id: ${msg.accountId}`];
			}
		}
		this.changed();
	}

	/** Settle every pending message whose delay has passed (used on reads; timers do it too). @param {Partner} partner */
	settleDue(partner) {
		const now = Date.now();
		for (const msg of Object.values(partner.messages)) {
			if (msg.state === 'pending' && msg.resolveAt <= now) this.settle(partner.id, msg.messageId);
		}
	}

	/**
	 * What each partner received as alerts, to count duplicates without reading every message:
	 * per alertId (POSTs, messages, tickets) and, when `incidentPattern` is given, per incident —
	 * the first capture group of the pattern in a message's description (else its title), so a
	 * test can see that one vendor incident became exactly one ticket across alertIds.
	 * @param {Partner[]} partners
	 * @param {RegExp} [incidentPattern]
	 */
	alertSummary(partners, incidentPattern) {
		const rows = partners.map((partner) => {
			this.settleDue(partner);
			/** @type {Map<string, { incident: string, accountIds: string[], alertIds: string[], posts: number, messages: number, tickets: number, ticketIds: string[] }>} */
			const incidents = new Map();
			let unmatched = 0;
			const alerts = Object.values(partner.alerts).map((rec) => {
				const messages = rec.messageIds.map((id) => partner.messages[id]).filter(Boolean);
				const ticketIds = messages.filter((m) => m.ticketId).map((m) => /** @type {string} */ (m.ticketId));
				for (const m of messages) {
					if (!incidentPattern) break;
					const key = incidentPattern.exec(m.description)?.[1] ?? incidentPattern.exec(m.title)?.[1];
					if (key === undefined) {
						unmatched++;
						continue;
					}
					const row = incidents.get(key) ?? { incident: key, accountIds: [], alertIds: [], posts: 0, messages: 0, tickets: 0, ticketIds: [] };
					if (!row.accountIds.includes(m.accountId)) row.accountIds.push(m.accountId);
					if (!row.alertIds.includes(rec.alertId)) {
						row.alertIds.push(rec.alertId);
						row.posts += rec.posts;
					}
					row.messages++;
					if (m.ticketId) {
						row.tickets++;
						row.ticketIds.push(m.ticketId);
					}
					incidents.set(key, row);
				}
				return {
					alertId: rec.alertId,
					accountId: rec.accountId,
					posts: rec.posts,
					messages: messages.length,
					tickets: rec.tickets,
					ticketIds,
					pending: messages.filter((m) => m.state === 'pending').length,
					failed: messages.filter((m) => m.state === 'failed').length,
				};
			});
			const byIncident = [...incidents.values()];
			const sum = (/** @type {Array<Record<string, any>>} */ list, /** @type {string} */ key) => list.reduce((total, row) => total + row[key], 0);
			return {
				partnerId: partner.id,
				name: partner.name,
				totals: {
					alertIds: alerts.length,
					posts: sum(alerts, 'posts'),
					messages: sum(alerts, 'messages'),
					tickets: sum(alerts, 'tickets'),
					pending: sum(alerts, 'pending'),
					failed: sum(alerts, 'failed'),
				},
				duplicates: {
					alertIds: alerts.filter((a) => a.tickets > 1).map((a) => a.alertId),
					incidents: byIncident.filter((i) => i.tickets > 1).map((i) => i.incident),
				},
				alerts,
				...(incidentPattern ? { incidents: byIncident, unmatched } : {}),
			};
		});
		return { partners: rows };
	}

	/** RetrieveAlertResponseDto (synthesize-api.md §9.2). @param {AlertMessage} msg */
	alertStatusView(msg) {
		if (msg.state === 'pending') {
			return { messageId: msg.messageId, status: 'pending', message: 'The alert is queued and has not been processed yet' };
		}
		if (msg.state === 'success') {
			return {
				messageId: msg.messageId,
				status: 'success',
				message: 'Ticket created',
				ticketId: msg.ticketId,
				createdAt: msg.ticketCreatedAt,
				statusCode: null,
				errors: [],
			};
		}
		return {
			messageId: msg.messageId,
			status: 'failed',
			message: 'Ticket creation failed',
			statusCode: msg.statusCode,
			errors: msg.errors,
		};
	}
}

module.exports = { AlertsStore };
