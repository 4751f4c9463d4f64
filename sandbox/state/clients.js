// @ts-check
'use strict';
/** PSA clients (companies) of a partner. */
const seedData = require('../seed-data');
const { AlertsStore } = require('./alerts');

/** @typedef {import('./types').Partner} Partner */

class ClientsStore extends AlertsStore {
	/** @param {Partner} partner @param {string[]} names */
	addClients(partner, names) {
		const created = names.map((name) => ({ id: this.ids.uuid(), name, identifier: seedData.identifierFor(name) }));
		partner.clients.push(...created);
		this.changed();
		return created;
	}
}

module.exports = { ClientsStore };
