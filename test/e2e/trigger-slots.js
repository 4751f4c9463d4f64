// @ts-check
'use strict';
/**
 * The six triggers of workflows/trigger-events.json, shared by the trigger e2e files (regular and
 * queue mode): each trigger's node, its event, the variable holding its partner's key (`status`
 * uses the credential's partner) and the route whose request ends one of its polls.
 */
const TRIGGERS = {
	status: {
		node: 'Integration Status Changed',
		event: 'integrationStatusChanged',
		key: null,
		lastRoute: 'getIntegration',
	},
	mapping: {
		node: 'Account Mapping Changed',
		event: 'accountMappingChanged',
		key: 'MAPPING_KEY',
		lastRoute: 'getAccounts',
	},
	unmapped: {
		node: 'New Unmapped Account',
		event: 'newUnmappedAccount',
		key: 'UNMAPPED_KEY',
		lastRoute: 'getAccounts',
	},
	clients: {
		node: 'New PSA Client',
		event: 'newPsaClient',
		key: 'CLIENTS_KEY',
		lastRoute: 'getClients',
	},
	catalogue: {
		node: 'Service Catalogue Changed',
		event: 'serviceCatalogueChanged',
		key: 'CATALOGUE_KEY',
		lastRoute: 'getVendor',
	},
	stale: {
		node: 'Sync Went Stale',
		event: 'syncWentStale',
		key: 'STALE_KEY',
		lastRoute: 'getIntegration',
	},
};
/** @typedef {keyof typeof TRIGGERS} Slot */
const SLOTS = /** @type {Slot[]} */ (Object.keys(TRIGGERS));
/** @type {Record<string, Slot>} */
const NODE_TO_SLOT = Object.fromEntries(SLOTS.map((slot) => [TRIGGERS[slot].node, slot]));

/**
 * Which trigger started an execution (read from n8n's public API with its data) and the items it
 * emitted: `slot` only when exactly one trigger node ran.
 * @param {any} execution
 */
function readTriggerExecution(execution) {
	const runData = execution.data?.resultData?.runData ?? {};
	const started = Object.keys(runData).filter((name) => name in NODE_TO_SLOT);
	const slot = started.length === 1 ? NODE_TO_SLOT[started[0]] : undefined;
	const items = slot
		? (runData[TRIGGERS[slot].node][0].data?.main?.[0] ?? []).map(
				(/** @type {any} */ item) => item.json,
			)
		: [];
	return { runData, started, slot, items };
}

/**
 * Every finished execution, oldest first.
 * @template {{ id: string | number, finished?: boolean, stoppedAt?: unknown }} E
 * @param {E[]} all
 */
function finishedOldestFirst(all) {
	return all
		.filter((execution) => execution.finished || execution.stoppedAt)
		.sort((a, b) => Number(a.id) - Number(b.id));
}

module.exports = { TRIGGERS, SLOTS, NODE_TO_SLOT, readTriggerExecution, finishedOldestFirst };
