import { createHash } from 'crypto';

import type { TriggerEventName } from './types';

/** Characters of an id hash in a compact set: 60 bits of SHA-256, base64url. */
export const ID_HASH_LENGTH = 10;

/** One compact-set entry: the id hash plus one state character. */
export const ENTRY_LENGTH = ID_HASH_LENGTH + 1;

const ID_HASH = /^[A-Za-z0-9_-]+$/;

/** Short, fixed-length hash of an id, so the stored cursor never holds raw ids of unbounded length. */
export function idHash(id: string): string {
	return createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, ID_HASH_LENGTH);
}

/**
 * A stable event id: the event type plus 128 bits of SHA-256 over everything that identifies
 * the change (partner, subject, before/after and a discriminator such as a transition counter).
 */
export function eventId(event: TriggerEventName, parts: unknown[]): string {
	const digest = createHash('sha256')
		.update(JSON.stringify([event, ...parts]), 'utf8')
		.digest('hex')
		.slice(0, 32);
	return `${event}:${digest}`;
}

/**
 * Encodes id-hash → state as one string of fixed-width entries, sorted by hash: about 11 bytes
 * per entry in the stored JSON instead of a quoted key, a colon and a value.
 */
export function encodeSet(entries: Map<string, string>): string {
	return [...entries.keys()]
		.sort()
		.map((hash) => `${hash}${entries.get(hash) ?? ''}`)
		.join('');
}

/** The inverse of encodeSet; undefined for a string that is not a well-formed set. */
export function decodeSet(text: string, states: string): Map<string, string> | undefined {
	if (text.length % ENTRY_LENGTH !== 0) return undefined;
	const entries = new Map<string, string>();
	for (let start = 0; start < text.length; start += ENTRY_LENGTH) {
		const hash = text.slice(start, start + ID_HASH_LENGTH);
		const state = text.charAt(start + ID_HASH_LENGTH);
		if (!ID_HASH.test(hash) || !states.includes(state)) return undefined;
		entries.set(hash, state);
	}
	return entries;
}
