import type { IDataObject } from 'n8n-workflow';

import type { AccountRow, IntegrationData, PsaClient, VendorSku } from '../../shared/contract';

/** The events the trigger can watch; one per node (the "Event" parameter). */
export const TRIGGER_EVENTS = [
	'integrationStatusChanged',
	'accountMappingChanged',
	'newUnmappedAccount',
	'newPsaClient',
	'serviceCatalogueChanged',
	'syncWentStale',
] as const;
export type TriggerEventName = (typeof TRIGGER_EVENTS)[number];

/** What one emitted item says, before the poll adds the partner. */
export interface TriggerEvent {
	/** Same change, same id: stable across re-runs of a poll from the same stored cursor. */
	eventId: string;
	event: TriggerEventName;
	/** Sub-kind where an event has several (mapped/unmapped, added/renamed/removed). */
	change?: string;
	subject: { id: string; name?: string };
	/** The value at the last stored observation; null when the subject did not exist then. */
	before: IDataObject | null;
	/** The value observed now; null when the subject no longer exists. */
	after: IDataObject | null;
	/** When the poll saw the change (ISO 8601). */
	observedAt: string;
	/** Only on "Fetch Test Event" output: what the sample was built from. */
	sample?: { basis: 'current-data' | 'placeholder'; note: string };
}

/** What the poll fetched, per event. The pure diff works on this and the stored cursor only. */
export type Observation =
	| { event: 'integrationStatusChanged' | 'syncWentStale'; integration: IntegrationData }
	| { event: 'accountMappingChanged' | 'newUnmappedAccount'; accounts: AccountRow[] }
	| { event: 'serviceCatalogueChanged'; skus: VendorSku[] }
	| { event: 'newPsaClient'; walk: ClientWalkResult };

/** One poll's share of a Get Clients walk (possibly cut short by the poll budget). */
export interface ClientWalkResult {
	/** Clients read by this poll, in page order. */
	clients: PsaClient[];
	/** Whether the walk reached the end of the list. */
	complete: boolean;
	/** Id of the last client read (the next `previousId`), when any was read. */
	cursor?: string;
}

export interface TriggerSettings {
	event: TriggerEventName;
	/** Integration Status Changed: emit only when the new status is one of these (empty = all). */
	targetStatuses: string[];
	/** Sync Went Stale: hours after lastSyncedAt at which the integration counts as stale. */
	staleAfterHours: number;
}

export interface DiffContext {
	settings: TriggerSettings;
	/** Which MSP partner the data belongs to (organizationId from Get Integration). */
	scope: string;
	/** Time of the observation. */
	now: number;
}

/** Fields every stored cursor has. */
export interface CursorHead {
	/** Cursor format version: any other value (or shape) means "initialise again". */
	v: 1;
	event: TriggerEventName;
	/** organizationId the cursor was built for: another partner means "initialise again". */
	scope: string;
	/** Settings that change what is tracked (e.g. the stale threshold). */
	config: string;
	/** When the baseline was recorded; part of every counter-based event id. */
	epoch: string;
	/** Number of polls that found at least one change since the baseline. */
	seq: number;
}

export interface StatusData {
	status: string;
}

export interface StaleData {
	/** lastSyncedAt of the stale period already reported (or already stale at the baseline). */
	staleFor?: string;
}

export interface AccountsData {
	/** Compact set: one 11-character entry (id hash + mapping state) per current account. */
	accounts: string;
}

export interface CatalogueData {
	/** SKU id → name, one entry per current SKU. */
	skus: Record<string, string>;
}

export interface ClientsData {
	/** Compact set: one 11-character entry (id hash + walk state) per known client. */
	clients: string;
	/** Client id to continue the current walk after (previousId), when a walk is unfinished. */
	resume?: string;
	/** Whether the current walk is the first one, which records clients without emitting. */
	baseline: boolean;
}

export type Cursor =
	| (CursorHead & { event: 'integrationStatusChanged'; data: StatusData })
	| (CursorHead & { event: 'syncWentStale'; data: StaleData })
	| (CursorHead & { event: 'accountMappingChanged' | 'newUnmappedAccount'; data: AccountsData })
	| (CursorHead & { event: 'serviceCatalogueChanged'; data: CatalogueData })
	| (CursorHead & { event: 'newPsaClient'; data: ClientsData });

export interface DiffResult {
	events: TriggerEvent[];
	cursor: Cursor;
	/** Whether this poll recorded a new baseline (first poll, other partner or settings). */
	initialised: boolean;
}
