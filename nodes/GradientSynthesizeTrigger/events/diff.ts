import { z } from 'zod/v4';

import { accountsBaseline, decodeAccounts, mappingDiff, newUnmappedDiff } from './accounts';
import { catalogueBaseline, catalogueDiff } from './catalogue';
import type { Change } from './change';
import { clientsBaseline, clientsDiff, decodeClients } from './clients';
import { eventId } from './hash';
import { staleBaseline, staleDiff, staleness, statusBaseline, statusDiff } from './integration';
import { TRIGGER_EVENTS } from './types';
import type {
	Cursor,
	CursorHead,
	DiffContext,
	DiffResult,
	Observation,
	TriggerEvent,
	TriggerEventName,
	TriggerSettings,
} from './types';

/**
 * The trigger's whole logic, free of n8n: the stored cursor (whatever static data holds) and
 * what the poll fetched in, the events to emit and the next cursor out. The caller persists the
 * cursor only after the fetch succeeded; nothing here has side effects.
 */

const headSchema = z.object({
	v: z.literal(1),
	event: z.enum(TRIGGER_EVENTS),
	scope: z.string(),
	config: z.string(),
	epoch: z.string(),
	seq: z.number().int().min(0),
});

const dataSchemas: Record<TriggerEventName, z.ZodType> = {
	integrationStatusChanged: z.object({ status: z.string() }),
	syncWentStale: z.object({ staleFor: z.string().optional() }),
	accountMappingChanged: z.object({ accounts: z.string() }),
	newUnmappedAccount: z.object({ accounts: z.string() }),
	serviceCatalogueChanged: z.object({ skus: z.record(z.string(), z.string()) }),
	newPsaClient: z.object({
		clients: z.string(),
		resume: z.string().optional(),
		baseline: z.boolean(),
	}),
};

/**
 * Static data as plain JSON. n8n hands out static data loaded from the database wrapped in
 * ObservableObject proxies that add a non-enumerable `__dataChanged` to every nested object, which
 * a strict record check would take for a SKU; the JSON round trip drops it.
 */
function plain(stored: unknown): unknown {
	const text = JSON.stringify(stored);
	return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** The stored cursor if it is one this version wrote, else undefined (→ a new baseline). */
export function readCursor(stored: unknown): Cursor | undefined {
	const json = plain(stored);
	const head = headSchema.safeParse(json);
	if (!head.success) return undefined;
	const data = dataSchemas[head.data.event].safeParse((json as { data?: unknown }).data);
	if (!data.success) return undefined;
	return { ...head.data, data: data.data } as Cursor;
}

/** Settings that change what the cursor tracks: when they change, the trigger starts over. */
export function configKey(settings: TriggerSettings): string {
	return settings.event === 'syncWentStale' ? `staleAfterHours=${settings.staleAfterHours}` : '';
}

/** The stored cursor for this event, partner and settings, or undefined. */
export function matchingCursor(stored: unknown, context: DiffContext): Cursor | undefined {
	const cursor = readCursor(stored);
	if (
		cursor === undefined ||
		cursor.event !== context.settings.event ||
		cursor.scope !== context.scope ||
		cursor.config !== configKey(context.settings)
	) {
		return undefined;
	}
	return cursor;
}

/** Where this poll's Get Clients walk starts (New PSA Client only). */
export function clientsStart(stored: unknown, context: DiffContext): string | undefined {
	const cursor = matchingCursor(stored, context);
	if (cursor?.event !== 'newPsaClient' || decodeClients(cursor.data) === undefined)
		return undefined;
	return cursor.data.resume;
}

function head(context: DiffContext, epoch: string, seq: number): CursorHead {
	return {
		v: 1,
		event: context.settings.event,
		scope: context.scope,
		config: configKey(context.settings),
		epoch,
		seq,
	};
}

function baseline(observation: Observation, context: DiffContext): Cursor {
	const top = head(context, new Date(context.now).toISOString(), 0);
	switch (observation.event) {
		case 'integrationStatusChanged':
			return { ...top, event: observation.event, data: statusBaseline(observation.integration) };
		case 'syncWentStale':
			return {
				...top,
				event: observation.event,
				data: staleBaseline(
					staleness(observation.integration, context.now, context.settings.staleAfterHours),
				),
			};
		case 'accountMappingChanged':
		case 'newUnmappedAccount':
			return { ...top, event: observation.event, data: accountsBaseline(observation.accounts) };
		case 'serviceCatalogueChanged':
			return { ...top, event: observation.event, data: catalogueBaseline(observation.skus) };
		case 'newPsaClient':
			return { ...top, event: observation.event, data: clientsBaseline(observation.walk) };
	}
}

/** Runs the event's diff; undefined when the stored data cannot be read (→ a new baseline). */
function step(
	cursor: Cursor,
	observation: Observation,
	context: DiffContext,
): { data: Cursor['data']; changes: Change[] } | undefined {
	switch (observation.event) {
		case 'integrationStatusChanged':
			return cursor.event === observation.event
				? statusDiff(cursor.data, observation.integration, context)
				: undefined;
		case 'syncWentStale':
			return cursor.event === observation.event
				? staleDiff(cursor.data, observation.integration, context)
				: undefined;
		case 'accountMappingChanged':
		case 'newUnmappedAccount': {
			if (cursor.event !== 'accountMappingChanged' && cursor.event !== 'newUnmappedAccount') {
				return undefined;
			}
			const previous = decodeAccounts(cursor.data);
			if (previous === undefined) return undefined;
			return observation.event === 'accountMappingChanged'
				? mappingDiff(previous, observation.accounts)
				: newUnmappedDiff(previous, observation.accounts);
		}
		case 'serviceCatalogueChanged':
			return cursor.event === observation.event
				? catalogueDiff(cursor.data, observation.skus)
				: undefined;
		case 'newPsaClient': {
			if (cursor.event !== 'newPsaClient') return undefined;
			const previous = decodeClients(cursor.data);
			if (previous === undefined) return undefined;
			return clientsDiff(previous, cursor.data, observation.walk);
		}
	}
}

function toEvent(
	change: Change,
	cursor: Cursor,
	context: DiffContext,
	observedAt: string,
): TriggerEvent {
	const key = change.key ?? `${cursor.epoch}#${cursor.seq}`;
	return {
		eventId: eventId(cursor.event, [
			context.scope,
			change.subject.id,
			change.change ?? '',
			change.detail ?? '',
			key,
		]),
		event: cursor.event,
		...(change.change === undefined ? {} : { change: change.change }),
		subject: change.subject,
		before: change.before,
		after: change.after,
		observedAt,
	};
}

/**
 * Compares what the poll fetched with the stored cursor. No usable cursor (first poll, another
 * event, partner or stale threshold, or a cursor from another version) → record a baseline and
 * emit nothing.
 */
export function diff(stored: unknown, observation: Observation, context: DiffContext): DiffResult {
	if (observation.event !== context.settings.event) {
		throw new RangeError(
			`Observation for ${observation.event} given to a ${context.settings.event} trigger`,
		);
	}
	const previous = matchingCursor(stored, context);
	const result = previous && step(previous, observation, context);
	if (!previous || !result) {
		return { events: [], cursor: baseline(observation, context), initialised: true };
	}
	const seq = result.changes.length > 0 ? previous.seq + 1 : previous.seq;
	const cursor = { ...head(context, previous.epoch, seq), data: result.data } as Cursor;
	const observedAt = new Date(context.now).toISOString();
	const events = result.changes
		.filter((change) => change.emit)
		.map((change) => toEvent(change, cursor, context, observedAt));
	return { events, cursor, initialised: false };
}
