import type { IDataObject } from 'n8n-workflow';

import type { IntegrationData } from '../../shared/contract';
import type { Change } from './change';
import type { DiffContext, StaleData, StatusData } from './types';

export const HOUR_MS = 3_600_000;

/**
 * Synthesize reports a year-1900 `lastSyncedAt` for an integration that never synced
 * (synthesize-api.md §6.1, §15.14). Anything before 2000, a missing value or an unreadable one
 * means "never synced".
 */
export const NEVER_SYNCED_BEFORE = Date.UTC(2000, 0, 1);

export function integrationSubject(integration: IntegrationData): { id: string; name?: string } {
	const id = integration.integrationId ?? integration.organizationId ?? '';
	return integration.name === undefined ? { id } : { id, name: integration.name };
}

// ---- Integration Status Changed ---------------------------------------------------------------

export function statusBaseline(integration: IntegrationData): StatusData {
	return { status: integration.status };
}

export function statusDiff(
	previous: StatusData,
	integration: IntegrationData,
	context: DiffContext,
): { data: StatusData; changes: Change[] } {
	const data = statusBaseline(integration);
	if (previous.status === data.status) return { data, changes: [] };
	const targets = context.settings.targetStatuses;
	return {
		data,
		changes: [
			{
				subject: integrationSubject(integration),
				before: { status: previous.status },
				after: { status: data.status },
				// The cursor follows every change; the filter only decides what is emitted.
				emit: targets.length === 0 || targets.includes(data.status),
				detail: `${previous.status}>${data.status}`,
			},
		],
	};
}

// ---- Sync Went Stale --------------------------------------------------------------------------

export interface Staleness {
	/** lastSyncedAt as ISO, or undefined when the integration never synced. */
	lastSyncedAt?: string;
	stale: boolean;
	hoursSinceSync?: number;
	staleSince?: string;
}

export function staleness(
	integration: IntegrationData,
	now: number,
	staleAfterHours: number,
): Staleness {
	const raw = integration.lastSyncedAt;
	const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
	if (Number.isNaN(at) || at < NEVER_SYNCED_BEFORE) return { stale: false };
	const staleAt = at + staleAfterHours * HOUR_MS;
	return {
		lastSyncedAt: new Date(at).toISOString(),
		stale: now >= staleAt,
		hoursSinceSync: Math.round(((now - at) / HOUR_MS) * 100) / 100,
		staleSince: new Date(staleAt).toISOString(),
	};
}

/** A stale integration at the baseline counts as already reported: the first poll stays silent. */
export function staleBaseline(state: Staleness): StaleData {
	return state.stale && state.lastSyncedAt !== undefined ? { staleFor: state.lastSyncedAt } : {};
}

export function staleAfter(state: Staleness, staleAfterHours: number): IDataObject {
	return {
		stale: true,
		lastSyncedAt: state.lastSyncedAt ?? null,
		hoursSinceSync: state.hoursSinceSync ?? null,
		staleSince: state.staleSince ?? null,
		staleAfterHours,
	};
}

/**
 * One event per stale period. A period is named by the lastSyncedAt that went stale: a new
 * lastSyncedAt means a sync happened (the integration recovered), so when that one goes stale
 * too it is a new period. "Never synced" is not stale.
 */
export function staleDiff(
	previous: StaleData,
	integration: IntegrationData,
	context: DiffContext,
): { data: StaleData; changes: Change[] } {
	const hours = context.settings.staleAfterHours;
	const state = staleness(integration, context.now, hours);
	const data = staleBaseline(state);
	if (data.staleFor === undefined || data.staleFor === previous.staleFor) {
		return { data, changes: [] };
	}
	return {
		data,
		changes: [
			{
				subject: integrationSubject(integration),
				before: { stale: false, lastSyncedAt: state.lastSyncedAt ?? null },
				after: staleAfter(state, hours),
				emit: true,
				// The period itself identifies the event: no counter needed.
				key: `${data.staleFor}@${hours}h`,
			},
		],
	};
}
