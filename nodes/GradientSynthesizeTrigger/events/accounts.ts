import type { IDataObject } from 'n8n-workflow';

import type { AccountRow } from '../../shared/contract';
import { isAccountMapped } from '../../shared/contract';
import type { Change } from './change';
import { sortChanges } from './change';
import { decodeSet, encodeSet, idHash } from './hash';
import type { AccountsData } from './types';

/** Mapping state characters of the compact account set. */
const MAPPED = 'm';
const UNMAPPED = 'u';
const UNKNOWN = '?';
export const ACCOUNT_STATES = `${MAPPED}${UNMAPPED}${UNKNOWN}`;

function stateOf(account: AccountRow): string {
	const mapped = isAccountMapped(account);
	if (mapped === undefined) return UNKNOWN;
	return mapped ? MAPPED : UNMAPPED;
}

/**
 * Whether Get Accounts tells mapping at all: true when some row carries isMapped or mappingId
 * (newer API), false when none does (older API), undefined when there are no accounts to tell.
 */
export function mappingExposed(accounts: AccountRow[]): boolean | undefined {
	if (accounts.length === 0) return undefined;
	return accounts.some((account) => isAccountMapped(account) !== undefined);
}

/** One entry per account id (the first row wins if Synthesize lists an id twice). */
function current(accounts: AccountRow[]): Map<string, { row: AccountRow; state: string }> {
	const byHash = new Map<string, { row: AccountRow; state: string }>();
	for (const row of accounts) {
		const hash = idHash(String(row.id));
		if (!byHash.has(hash)) byHash.set(hash, { row, state: stateOf(row) });
	}
	return byHash;
}

function encode(byHash: Map<string, { state: string }>): AccountsData {
	return {
		accounts: encodeSet(new Map([...byHash].map(([hash, { state }]) => [hash, state]))),
	};
}

export function accountsBaseline(accounts: AccountRow[]): AccountsData {
	return encode(current(accounts));
}

export function decodeAccounts(data: AccountsData): Map<string, string> | undefined {
	return decodeSet(data.accounts, ACCOUNT_STATES);
}

export function accountSubject(row: AccountRow): { id: string; name?: string } {
	return row.name === undefined ? { id: String(row.id) } : { id: String(row.id), name: row.name };
}

/** The account as emitted: what Synthesize returned, with isMapped null where it is unknown. */
export function accountJson(row: AccountRow): IDataObject {
	const mapped = isAccountMapped(row);
	const json: IDataObject = { ...(row as unknown as IDataObject) };
	json.isMapped = mapped === undefined ? null : mapped;
	if (!('mappingId' in json)) json.mappingId = null;
	return json;
}

/**
 * The accounts now, against the states of the last poll: `changeOf` decides each account's
 * change (or none); the new state set and the changes in their order.
 */
function diffAccounts(
	previous: Map<string, string>,
	accounts: AccountRow[],
	changeOf: (row: AccountRow, state: string, before: string | undefined) => Change | undefined,
): { data: AccountsData; changes: Change[] } {
	const now = current(accounts);
	const changes: Change[] = [];
	for (const [hash, { row, state }] of now) {
		const change = changeOf(row, state, previous.get(hash));
		if (change) changes.push(change);
	}
	return { data: encode(now), changes: sortChanges(changes) };
}

/**
 * Account Mapping Changed: an account known as unmapped is now mapped, or the reverse. A new
 * account that is mapped at first sight counts as "mapped" (before: null); accounts whose
 * mapping is unknown (older API) never produce an event.
 */
export function mappingDiff(
	previous: Map<string, string>,
	accounts: AccountRow[],
): { data: AccountsData; changes: Change[] } {
	return diffAccounts(previous, accounts, (row, state, before) => {
		if (state === UNKNOWN || before === state || before === UNKNOWN) return undefined;
		if (before === undefined) {
			if (state !== MAPPED) return undefined;
			return {
				change: 'mapped',
				subject: accountSubject(row),
				before: null,
				after: { isMapped: true, mappingId: row.mappingId ?? null },
				emit: true,
			};
		}
		return {
			change: state === MAPPED ? 'mapped' : 'unmapped',
			subject: accountSubject(row),
			before: { isMapped: before === MAPPED },
			after: { isMapped: state === MAPPED, mappingId: row.mappingId ?? null },
			emit: true,
		};
	});
}

/**
 * New Unmapped Account: an account id not seen at the last poll that is not known to be mapped
 * (isMapped false, or unknown on the older API where a new account starts unmapped).
 */
export function newUnmappedDiff(
	previous: Map<string, string>,
	accounts: AccountRow[],
): { data: AccountsData; changes: Change[] } {
	return diffAccounts(previous, accounts, (row, state, before) =>
		before !== undefined || state === MAPPED
			? undefined
			: { subject: accountSubject(row), before: null, after: accountJson(row), emit: true },
	);
}
