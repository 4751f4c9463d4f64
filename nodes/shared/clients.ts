import type { IDataObject } from 'n8n-workflow';

import type { SynthesizeApi } from './api';
import type { PsaClient } from './contract';
import type { CallOptions } from './transport';

export interface ClientWalk {
	clients: PsaClient[];
	/** Id of the last client read: pass it as `previousId` to continue. */
	cursor?: string;
	/** Whether the list was read to its end. */
	complete: boolean;
}

/**
 * Walks Get Clients with the `previousId` cursor. Page size and the end-of-list signal are
 * undocumented (synthesize-api.md §6.3), so the walk ends on an empty page or on a page that
 * brings no new client (a server that ignores the cursor cannot loop us forever).
 */
export async function walkClients(
	api: SynthesizeApi,
	query: { search?: string; previousId?: string },
	limits: { maxClients?: number; deadline?: number; maxPages?: number },
	options: CallOptions = {},
): Promise<ClientWalk> {
	const clients: PsaClient[] = [];
	const seen = new Set<string>();
	let cursor = query.previousId;
	const maxPages = limits.maxPages ?? 10_000;
	for (let page = 0; page < maxPages; page++) {
		if (limits.deadline !== undefined && Date.now() >= limits.deadline) {
			return { clients, cursor, complete: false };
		}
		const qs: IDataObject = {};
		if (query.search) qs.search = query.search;
		if (cursor) qs.previousId = cursor;
		const batch = await api.call('getClients', { query: qs }, options);
		const fresh = batch.filter((client) => !seen.has(String(client.id)));
		if (fresh.length === 0) return { clients, cursor, complete: true };
		for (const client of fresh) {
			if (limits.maxClients !== undefined && clients.length >= limits.maxClients) {
				return { clients, cursor, complete: false };
			}
			seen.add(String(client.id));
			clients.push(client);
			cursor = String(client.id);
		}
	}
	return { clients, cursor, complete: false };
}
