import type { IDataObject } from 'n8n-workflow';

import type { PsaClient } from '../../shared/contract';
import type { Change } from './change';
import { decodeSet, encodeSet, idHash } from './hash';
import type { ClientWalkResult, ClientsData } from './types';

/**
 * Walk state of each known client in the compact set:
 * - SEEN: read during the current walk;
 * - KNOWN: not read yet in the current walk, read in the last complete one;
 * - MISSED: not read yet in the current walk, and missing from the last complete one.
 * A client missing from two complete walks in a row is forgotten. The grace walk matters when
 * the client a walk resumes after is deleted: Synthesize may then answer with an empty page,
 * ending that walk early without the clients after it. They must not come back as "new".
 */
const SEEN = 's';
const KNOWN = '0';
const MISSED = '1';
export const CLIENT_STATES = `${SEEN}${KNOWN}${MISSED}`;

export function decodeClients(data: ClientsData): Map<string, string> | undefined {
	return decodeSet(data.clients, CLIENT_STATES);
}

export function clientSubject(client: PsaClient): { id: string; name?: string } {
	const id = String(client.id);
	return typeof client.name === 'string' ? { id, name: client.name } : { id };
}

/**
 * New PSA Client: a client id this walk reads that no earlier walk read. Clients are recorded
 * the moment they are read, so a client on a page boundary (or read again after a resume) is
 * never reported twice. The first walk only records (baseline).
 */
export function clientsDiff(
	previous: Map<string, string>,
	data: ClientsData,
	walk: ClientWalkResult,
): { data: ClientsData; changes: Change[] } {
	const set = new Map(previous);
	const changes: Change[] = [];
	for (const client of walk.clients) {
		const hash = idHash(String(client.id));
		const known = set.has(hash);
		set.set(hash, SEEN);
		if (known || data.baseline) continue;
		changes.push({
			subject: clientSubject(client),
			before: null,
			after: { ...(client as IDataObject) },
			emit: true,
		});
	}
	if (!walk.complete) {
		const resume = walk.cursor ?? data.resume;
		const next: ClientsData = { clients: encodeSet(set), baseline: data.baseline };
		if (resume !== undefined) next.resume = resume;
		return { data: next, changes };
	}
	// The walk reached the end: start the next one from the top, ageing what it did not read.
	for (const [hash, state] of [...set]) {
		if (state === SEEN) set.set(hash, KNOWN);
		else if (state === KNOWN) set.set(hash, MISSED);
		else set.delete(hash);
	}
	return { data: { clients: encodeSet(set), baseline: false }, changes };
}

export function clientsBaseline(walk: ClientWalkResult): ClientsData {
	return clientsDiff(new Map(), { clients: '', baseline: true }, walk).data;
}
