import { ObservableObject } from 'n8n-workflow';

import type {
	AccountRow,
	IntegrationData,
	PsaClient,
	VendorSku,
} from '../../nodes/shared/contract';
import {
	clientsStart,
	diff,
	ENTRY_LENGTH,
	mappingExposed,
	readCursor,
	sampleEvent,
} from '../../nodes/GradientSynthesizeTrigger/events';
import type {
	ClientWalkResult,
	Cursor,
	DiffContext,
	DiffResult,
	Observation,
	TriggerEventName,
	TriggerSettings,
} from '../../nodes/GradientSynthesizeTrigger/events';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);
const ORG = '64bb0000000000000000003c';

function settings(event: TriggerEventName, extra: Partial<TriggerSettings> = {}): TriggerSettings {
	return { event, targetStatuses: [], staleAfterHours: 24, ...extra };
}

function ctx(event: TriggerEventName, now = T0, extra: Partial<TriggerSettings> = {}): DiffContext {
	return { settings: settings(event, extra), scope: ORG, now };
}

function integration(status: string, lastSyncedAt = '1900-06-18T17:11:28.553Z'): IntegrationData {
	return {
		organizationId: ORG,
		name: 'AJ AT',
		vendorId: '64aa00000000000000000069',
		vendorName: 'API',
		integrationId: '64dd000000000000000000d2',
		status,
		lastSyncedAt,
	};
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Runs a sequence of observations through diff as n8n would: each poll reads the stored cursor
 * and stores the next one. Returns every poll's result.
 */
function run(
	observations: Array<{ observation: Observation; context: DiffContext }>,
	start?: unknown,
): DiffResult[] {
	let stored: unknown = start;
	return observations.map(({ observation, context }) => {
		const result = diff(stored, observation, context);
		// Round-trip through JSON, like static data in the database.
		stored = JSON.parse(JSON.stringify(result.cursor));
		return result;
	});
}

describe('every event: the first poll records and emits nothing', () => {
	const cases: Array<[TriggerEventName, Observation]> = [
		[
			'integrationStatusChanged',
			{ event: 'integrationStatusChanged', integration: integration('pending') },
		],
		[
			'syncWentStale',
			{ event: 'syncWentStale', integration: integration('active', iso(T0 - 48 * HOUR)) },
		],
		[
			'accountMappingChanged',
			{
				event: 'accountMappingChanged',
				accounts: [{ id: '1', name: 'A', isMapped: true, mappingId: 'm1' }],
			},
		],
		[
			'newUnmappedAccount',
			{ event: 'newUnmappedAccount', accounts: [{ id: '1', name: 'A', isMapped: false }] },
		],
		[
			'serviceCatalogueChanged',
			{ event: 'serviceCatalogueChanged', skus: [{ id: '64cc00000000000000000001', name: 'S' }] },
		],
		[
			'newPsaClient',
			{ event: 'newPsaClient', walk: { clients: [{ id: 'c1', name: 'C' }], complete: true } },
		],
	];
	it.each(cases)('%s', (event, observation) => {
		const result = diff(undefined, observation, ctx(event));
		expect(result.events).toEqual([]);
		expect(result.initialised).toBe(true);
		expect(result.cursor).toMatchObject({ v: 1, event, scope: ORG, seq: 0, epoch: iso(T0) });
		// The same data again: still nothing.
		const again = diff(result.cursor, observation, ctx(event, T0 + 60_000));
		expect(again.events).toEqual([]);
		expect(again.initialised).toBe(false);
	});
});

describe('cursor validation', () => {
	const observation: Observation = {
		event: 'integrationStatusChanged',
		integration: integration('active'),
	};
	const stored = diff(undefined, observation, ctx('integrationStatusChanged')).cursor;

	it.each([
		['nothing', undefined],
		['garbage', { hello: 'world' }],
		['another version', { ...stored, v: 2 }],
		['a broken data part', { ...stored, data: { status: 5 } }],
		['another event', { ...stored, event: 'syncWentStale', data: {} }],
		['another partner', { ...stored, scope: 'someone-else' }],
	])('%s → a silent new baseline', (_label, previous) => {
		const result = diff(
			previous,
			{ event: 'integrationStatusChanged', integration: integration('pending') },
			ctx('integrationStatusChanged'),
		);
		expect(result.initialised).toBe(true);
		expect(result.events).toEqual([]);
	});

	it('reads a cursor the way n8n hands it back after a restart (ObservableObject proxies)', () => {
		// n8n wraps static data loaded from the database; every nested object gets a
		// non-enumerable __dataChanged, which must not be taken for a SKU or break validation.
		const skus = (name: string): Observation => ({
			event: 'serviceCatalogueChanged',
			skus: [{ id: '64cc00000000000000000001', name }],
		});
		const first = diff(undefined, skus('Mail'), ctx('serviceCatalogueChanged'));
		const reloaded = ObservableObject.create(JSON.parse(JSON.stringify({ cursor: first.cursor })));
		const result = diff(reloaded.cursor, skus('Mail Pro'), ctx('serviceCatalogueChanged'));
		expect(result.initialised).toBe(false);
		expect(result.events.map((event) => event.change)).toEqual(['renamed']);
	});

	it('a changed stale threshold starts over (the condition itself changed)', () => {
		const first = diff(
			undefined,
			{ event: 'syncWentStale', integration: integration('active', iso(T0 - 10 * HOUR)) },
			ctx('syncWentStale'),
		);
		const result = diff(
			first.cursor,
			{ event: 'syncWentStale', integration: integration('active', iso(T0 - 10 * HOUR)) },
			ctx('syncWentStale', T0, { staleAfterHours: 8 }),
		);
		expect(result.initialised).toBe(true);
		expect(result.events).toEqual([]);
	});

	it('a corrupt compact set starts over instead of reporting every account as new', () => {
		const first = diff(
			undefined,
			{ event: 'newUnmappedAccount', accounts: [{ id: '1', name: 'A', isMapped: false }] },
			ctx('newUnmappedAccount'),
		);
		const corrupt = { ...first.cursor, data: { accounts: 'not-a-set' } };
		expect(readCursor(corrupt)).toBeDefined();
		const result = diff(
			corrupt,
			{ event: 'newUnmappedAccount', accounts: [{ id: '1', name: 'A', isMapped: false }] },
			ctx('newUnmappedAccount'),
		);
		expect(result.initialised).toBe(true);
		expect(result.events).toEqual([]);
	});
});

describe('Integration Status Changed', () => {
	const poll = (status: string, minute: number, extra: Partial<TriggerSettings> = {}) => ({
		observation: {
			event: 'integrationStatusChanged',
			integration: integration(status),
		} as Observation,
		context: ctx('integrationStatusChanged', T0 + minute * 60_000, extra),
	});

	it('emits exactly one event per change, with from → to', () => {
		const results = run([
			poll('inactive', 0),
			poll('pending', 1),
			poll('pending', 2),
			poll('active', 3),
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 1, 0, 1]);
		expect(results[1].events[0]).toMatchObject({
			event: 'integrationStatusChanged',
			subject: { id: '64dd000000000000000000d2', name: 'AJ AT' },
			before: { status: 'inactive' },
			after: { status: 'pending' },
			observedAt: iso(T0 + 60_000),
		});
		expect(results[3].events[0]).toMatchObject({
			before: { status: 'pending' },
			after: { status: 'active' },
		});
	});

	it('the same transition twice gets two different ids', () => {
		const results = run([
			poll('pending', 0),
			poll('active', 1),
			poll('pending', 2),
			poll('active', 3),
		]);
		const first = results[1].events[0];
		const second = results[3].events[0];
		expect(first.before).toEqual(second.before);
		expect(first.after).toEqual(second.after);
		expect(first.eventId).not.toBe(second.eventId);
		expect(first.eventId).toMatch(/^integrationStatusChanged:[0-9a-f]{32}$/);
	});

	it('a re-run from the same stored cursor gives the same event id (duplicates are detectable)', () => {
		const [baseline] = run([poll('pending', 0)]);
		const stored = JSON.parse(JSON.stringify(baseline.cursor));
		const change = poll('active', 1);
		const once = diff(stored, change.observation, change.context);
		const twice = diff(stored, change.observation, { ...change.context, now: T0 + 90_000 });
		expect(twice.events[0].eventId).toBe(once.events[0].eventId);
		expect(twice.cursor).toEqual(once.cursor);
	});

	it('the target status filter hides other changes but the cursor still follows them', () => {
		const filter = { targetStatuses: ['active'] };
		const results = run([
			poll('inactive', 0, filter),
			poll('pending', 1, filter),
			poll('active', 2, filter),
		]);
		expect(results[1].events).toEqual([]);
		expect(results[1].cursor.data).toEqual({ status: 'pending' });
		expect(results[2].events).toHaveLength(1);
		expect(results[2].events[0]).toMatchObject({
			before: { status: 'pending' },
			after: { status: 'active' },
		});
	});
});

describe('Sync Went Stale', () => {
	const poll = (lastSyncedAt: string, hour: number, hours = 24) => ({
		observation: {
			event: 'syncWentStale',
			integration: integration('active', lastSyncedAt),
		} as Observation,
		context: ctx('syncWentStale', T0 + hour * HOUR, { staleAfterHours: hours }),
	});
	const L1 = iso(T0 - 20 * HOUR);

	it('fires once per stale period, and again after a recovery', () => {
		const L2 = iso(T0 + 30 * HOUR);
		const results = run([
			poll(L1, 0), // fresh (20 h old)
			poll(L1, 3), // 23 h: fresh
			poll(L1, 5), // 25 h: stale → fires
			poll(L1, 6), // still the same stale period
			poll(L1, 30), // still stale: nothing
			poll(L2, 31), // recovered (a sync at +30 h)
			poll(L2, 50), // 20 h: fresh
			poll(L2, 55), // 25 h: stale again → fires
			poll(L2, 56),
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0]);
		const first = results[2].events[0];
		expect(first).toMatchObject({
			event: 'syncWentStale',
			subject: { id: '64dd000000000000000000d2', name: 'AJ AT' },
			before: { stale: false, lastSyncedAt: L1 },
			after: {
				stale: true,
				lastSyncedAt: L1,
				hoursSinceSync: 25,
				staleSince: iso(T0 + 4 * HOUR),
				staleAfterHours: 24,
			},
		});
		expect(results[7].events[0].eventId).not.toBe(first.eventId);
	});

	it('a sync whose own time is already old still counts as a new period', () => {
		const results = run([
			poll(L1, 0),
			poll(L1, 5), // stale → fires
			poll(iso(T0 - 10 * HOUR), 40), // a newer lastSyncedAt, already 50 h old
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 1, 1]);
	});

	it('stale at activation is the current state: no event for that period', () => {
		const results = run([poll(L1, 10), poll(L1, 11), poll(L1, 100)]);
		expect(results.map((result) => result.events.length)).toEqual([0, 0, 0]);
		expect(results[0].cursor.data).toEqual({ staleFor: L1 });
	});

	it('never synced (year-1900 placeholder, missing, unreadable) is never stale', () => {
		const results = run([
			poll('1900-06-18T17:11:28.553Z', 0),
			poll('1900-01-01T00:00:00.000Z', 100),
			poll('not a date', 200),
			poll('', 300),
		]);
		expect(results.every((result) => result.events.length === 0)).toBe(true);
		expect(results[3].cursor.data).toEqual({});
	});

	it('the event id is named by the stale period itself, independent of the cursor', () => {
		const a = run([poll(L1, 0), poll(L1, 5)])[1].events[0];
		const b = run([poll(L1, 1), poll(L1, 7)])[1].events[0];
		expect(a.eventId).toBe(b.eventId);
		const otherThreshold = run([poll(L1, 0, 22), poll(L1, 5, 22)])[1].events[0];
		expect(otherThreshold.eventId).not.toBe(a.eventId);
	});

	it('going back to "never synced" (a disconnect) ends the period', () => {
		const results = run([
			poll(L1, 0),
			poll(L1, 5), // fires
			poll('1900-01-01T00:00:00.000Z', 6),
			poll(L1, 7), // the same lastSyncedAt again: a new period
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 1, 0, 1]);
	});
});

function accounts(
	event: 'accountMappingChanged' | 'newUnmappedAccount',
	rows: AccountRow[],
	minute: number,
) {
	return {
		observation: { event, accounts: rows } as Observation,
		context: ctx(event, T0 + minute * 60_000),
	};
}

describe('Account Mapping Changed', () => {
	const row = (id: string, mapped: boolean | undefined, name = `Account ${id}`): AccountRow => {
		if (mapped === undefined) return { id, name };
		return { id, name, isMapped: mapped, mappingId: mapped ? `map-${id}` : undefined };
	};
	const poll = (rows: AccountRow[], minute: number) =>
		accounts('accountMappingChanged', rows, minute);

	it('one event per account that became mapped or unmapped', () => {
		const results = run([
			poll([row('1', false), row('2', true), row('3', false)], 0),
			poll([row('1', true), row('2', false), row('3', false)], 1),
			poll([row('1', true), row('2', false), row('3', false)], 2),
		]);
		expect(results[1].events).toHaveLength(2);
		expect(results[1].events[0]).toMatchObject({
			event: 'accountMappingChanged',
			change: 'mapped',
			subject: { id: '1', name: 'Account 1' },
			before: { isMapped: false },
			after: { isMapped: true, mappingId: 'map-1' },
		});
		expect(results[1].events[1]).toMatchObject({
			change: 'unmapped',
			subject: { id: '2' },
			before: { isMapped: true },
			after: { isMapped: false, mappingId: null },
		});
		expect(results[2].events).toEqual([]);
	});

	it('reads mappingId alone (newer API without isMapped) and null mappingId as unmapped', () => {
		const results = run([
			poll([{ id: '1', name: 'A', mappingId: '' }], 0),
			poll([{ id: '1', name: 'A', mappingId: 'x' }], 1),
			poll([{ id: '1', name: 'A', isMapped: false, mappingId: null as unknown as string }], 2),
		]);
		expect(results[1].events.map((event) => event.change)).toEqual(['mapped']);
		expect(results[2].events.map((event) => event.change)).toEqual(['unmapped']);
	});

	it('a new account mapped at first sight counts as mapped; a new unmapped one does not', () => {
		const results = run([
			poll([row('1', false)], 0),
			poll([row('1', false), row('2', true), row('3', false)], 1),
		]);
		expect(results[1].events).toHaveLength(1);
		expect(results[1].events[0]).toMatchObject({
			change: 'mapped',
			subject: { id: '2' },
			before: null,
		});
	});

	it('accounts without mapping information and removed accounts emit nothing', () => {
		const results = run([
			poll([row('1', undefined), row('2', true)], 0),
			poll([row('1', true)], 1),
		]);
		expect(results[1].events).toEqual([]);
	});

	it('mapping → unmapping → mapping again: three events, three ids', () => {
		const results = run([
			poll([row('1', false)], 0),
			poll([row('1', true)], 1),
			poll([row('1', false)], 2),
			poll([row('1', true)], 3),
		]);
		const ids = results.flatMap((result) => result.events.map((event) => event.eventId));
		expect(ids).toHaveLength(3);
		expect(new Set(ids).size).toBe(3);
	});

	it('tells whether the API exposes mapping at all', () => {
		expect(mappingExposed([])).toBeUndefined();
		expect(mappingExposed([{ id: '1', name: 'A' }])).toBe(false);
		expect(mappingExposed([{ id: '1', name: 'A' }, row('2', false)])).toBe(true);
	});
});

describe('New Unmapped Account', () => {
	const poll = (rows: AccountRow[], minute: number) => accounts('newUnmappedAccount', rows, minute);
	const a = (id: string, isMapped?: boolean): AccountRow =>
		isMapped === undefined ? { id, name: `N${id}` } : { id, name: `N${id}`, isMapped };

	it('emits a new account that is not mapped, exactly once', () => {
		const results = run([
			poll([a('1', false)], 0),
			poll([a('1', false), a('2', false), a('3', true)], 1),
			poll([a('1', false), a('2', false), a('3', true)], 2),
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 1, 0]);
		expect(results[1].events[0]).toMatchObject({
			event: 'newUnmappedAccount',
			subject: { id: '2', name: 'N2' },
			before: null,
			after: { id: '2', name: 'N2', isMapped: false, mappingId: null },
		});
	});

	it('older API (mapping unknown): every new account, with isMapped null', () => {
		const results = run([poll([a('1')], 0), poll([a('1'), a('2')], 1)]);
		expect(results[1].events).toHaveLength(1);
		expect(results[1].events[0].after).toMatchObject({ id: '2', isMapped: null });
	});

	it('an account deleted and created again (partner disconnected) is new again, with a new id', () => {
		const results = run([
			poll([a('1', false)], 0),
			poll([a('1', false), a('2', false)], 1),
			poll([a('1', false)], 2),
			poll([a('1', false), a('2', false)], 3),
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 1, 0, 1]);
		expect(results[3].events[0].eventId).not.toBe(results[1].events[0].eventId);
	});
});

describe('Service Catalogue Changed', () => {
	const sku = (n: number, name: string): VendorSku => ({
		id: `64cc0000000000000000000${n}`,
		name,
		category: 'security',
		subcategory: 'email security',
	});
	const poll = (skus: VendorSku[], minute: number) => ({
		observation: { event: 'serviceCatalogueChanged', skus } as Observation,
		context: ctx('serviceCatalogueChanged', T0 + minute * 60_000),
	});

	it('added, renamed (by id) and removed, one event each', () => {
		const results = run([
			poll([sku(1, 'Mail Filter'), sku(2, 'EDR')], 0),
			poll([sku(1, 'Mail Filter Pro'), sku(3, 'Backup')], 1),
			poll([sku(1, 'Mail Filter Pro'), sku(3, 'Backup')], 2),
		]);
		const events = results[1].events;
		expect(events.map((event) => [event.change, event.subject.id])).toEqual([
			['renamed', '64cc00000000000000000001'],
			['removed', '64cc00000000000000000002'],
			['added', '64cc00000000000000000003'],
		]);
		expect(events[0]).toMatchObject({
			before: { id: '64cc00000000000000000001', name: 'Mail Filter' },
			after: { name: 'Mail Filter Pro', category: 'security' },
		});
		expect(events[1]).toMatchObject({ before: { name: 'EDR' }, after: null });
		expect(events[2]).toMatchObject({ before: null, after: { name: 'Backup' } });
		expect(results[2].events).toEqual([]);
	});

	it('a renamed SKU is never reported as removed + added', () => {
		const results = run([poll([sku(1, 'A')], 0), poll([sku(1, 'B')], 1)]);
		expect(results[1].events.map((event) => event.change)).toEqual(['renamed']);
	});
});

describe('New PSA Client', () => {
	const clients = (from: number, count: number): PsaClient[] =>
		Array.from({ length: count }, (_, index) => ({
			id: `c${String(from + index).padStart(3, '0')}`,
			name: `Client ${from + index}`,
		}));
	const poll = (walk: ClientWalkResult, minute: number) => ({
		observation: { event: 'newPsaClient', walk } as Observation,
		context: ctx('newPsaClient', T0 + minute * 60_000),
	});
	const whole = (list: PsaClient[]): ClientWalkResult => ({
		clients: list,
		complete: true,
		cursor: list[list.length - 1]?.id,
	});

	it('emits each new client once', () => {
		const results = run([
			poll(whole(clients(1, 5)), 0),
			poll(whole([...clients(1, 5), ...clients(6, 2)]), 1),
			poll(whole([...clients(1, 5), ...clients(6, 2)]), 2),
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 2, 0]);
		expect(results[1].events[0]).toMatchObject({
			event: 'newPsaClient',
			subject: { id: 'c006', name: 'Client 6' },
			before: null,
			after: { id: 'c006', name: 'Client 6' },
		});
	});

	it('budget cut-off: the walk resumes where it stopped, even through the baseline', () => {
		const context = ctx('newPsaClient');
		// Poll 1 reads 3 of 6 clients (baseline, cut off), poll 2 the rest.
		const first = diff(
			undefined,
			{ event: 'newPsaClient', walk: { clients: clients(1, 3), complete: false, cursor: 'c003' } },
			context,
		);
		expect(first.events).toEqual([]);
		expect(first.cursor.data).toMatchObject({ resume: 'c003', baseline: true });
		expect(clientsStart(first.cursor, context)).toBe('c003');

		const second = diff(
			first.cursor,
			{ event: 'newPsaClient', walk: { clients: clients(4, 3), complete: true, cursor: 'c006' } },
			context,
		);
		expect(second.events).toEqual([]); // still the baseline walk
		expect(second.cursor.data).toMatchObject({ baseline: false });
		expect(clientsStart(second.cursor, context)).toBeUndefined();

		// Next walk, cut after 4 clients: c007 is new and reported even though the walk is unfinished.
		const third = diff(
			second.cursor,
			{
				event: 'newPsaClient',
				walk: { clients: [...clients(1, 3), ...clients(7, 1)], complete: false, cursor: 'c007' },
			},
			context,
		);
		expect(third.events.map((event) => event.subject.id)).toEqual(['c007']);
		const fourth = diff(
			third.cursor,
			{
				event: 'newPsaClient',
				walk: { clients: [...clients(7, 1), ...clients(4, 3)], complete: true, cursor: 'c006' },
			},
			context,
		);
		expect(fourth.events).toEqual([]); // c007 again on the page boundary: not new
	});

	it('a client on a page boundary read twice in one walk is reported once', () => {
		const results = run([
			poll(whole(clients(1, 2)), 0),
			poll(whole([...clients(1, 2), ...clients(3, 1), ...clients(3, 1)]), 1),
		]);
		expect(results[1].events.map((event) => event.subject.id)).toEqual(['c003']);
	});

	it('a walk ended early (its resume client was deleted) does not bring old clients back as new', () => {
		const context = ctx('newPsaClient');
		const baseline = diff(
			undefined,
			{ event: 'newPsaClient', walk: whole(clients(1, 6)) },
			context,
		);
		// Walk 2 stops after c003; c003 is then deleted, so the page after it comes back empty.
		const cut = diff(
			baseline.cursor,
			{ event: 'newPsaClient', walk: { clients: clients(1, 3), complete: false, cursor: 'c003' } },
			context,
		);
		const early = diff(
			cut.cursor,
			{ event: 'newPsaClient', walk: { clients: [], complete: true, cursor: 'c003' } },
			context,
		);
		expect(early.events).toEqual([]);
		// Walk 3 reads c004-c006 again: they were only missed once, so they are not new.
		const next = diff(
			early.cursor,
			{ event: 'newPsaClient', walk: whole([...clients(1, 2), ...clients(4, 3)]) },
			context,
		);
		expect(next.events).toEqual([]);
	});

	it('a deleted client is forgotten after two full walks; if it comes back it is new again', () => {
		const results = run([
			poll(whole(clients(1, 3)), 0),
			poll(whole(clients(1, 2)), 1), // c003 missed once
			poll(whole(clients(1, 2)), 2), // missed twice: forgotten
			poll(whole(clients(1, 3)), 3), // back: new
		]);
		expect(results.map((result) => result.events.length)).toEqual([0, 0, 0, 1]);
		const size = (result: DiffResult) =>
			(result.cursor as Extract<Cursor, { event: 'newPsaClient' }>).data.clients.length;
		expect(size(results[2])).toBe(2 * ENTRY_LENGTH);
	});
});

describe('cursor size stays bounded by the current data', () => {
	it('accounts: 11 characters per current account, whatever the churn or id length', () => {
		const rows = (from: number, count: number): AccountRow[] =>
			Array.from({ length: count }, (_, index) => ({
				id: `tenant-${from + index}-${'x'.repeat(400)}.onmicrosoft.com`,
				name: `Tenant ${from + index}`,
				isMapped: (from + index) % 2 === 0,
			}));
		let stored: unknown;
		let size = 0;
		for (let poll = 0; poll < 30; poll++) {
			// 2 000 accounts, 100 replaced by new ones each poll.
			const result = diff(
				stored,
				{ event: 'newUnmappedAccount', accounts: rows(poll * 100, 2000) },
				ctx('newUnmappedAccount', T0 + poll * 60_000),
			);
			stored = JSON.parse(JSON.stringify(result.cursor));
			size = JSON.stringify(stored).length;
		}
		expect(size).toBeLessThanOrEqual(2000 * ENTRY_LENGTH + 200);
	});

	it('clients: bounded by known clients, not by clients ever seen', () => {
		let stored: unknown;
		for (let poll = 0; poll < 20; poll++) {
			const list = Array.from({ length: 500 }, (_, index) => ({ id: `g-${poll * 50 + index}` }));
			const result = diff(
				stored,
				{ event: 'newPsaClient', walk: { clients: list, complete: true, cursor: list[499].id } },
				ctx('newPsaClient'),
			);
			stored = JSON.parse(JSON.stringify(result.cursor));
		}
		// 500 current + at most 2 walks' worth of recently deleted ones (50 per walk).
		expect(JSON.stringify(stored).length).toBeLessThanOrEqual((500 + 100) * ENTRY_LENGTH + 200);
	});

	it('status and stale cursors are a few hundred bytes', () => {
		const status = diff(
			undefined,
			{ event: 'integrationStatusChanged', integration: integration('active') },
			ctx('integrationStatusChanged'),
		);
		expect(JSON.stringify(status.cursor).length).toBeLessThan(300);
	});
});

describe('samples for "Fetch Test Event"', () => {
	it('built from current data where there is some', () => {
		const sample = sampleEvent(
			{
				event: 'accountMappingChanged',
				accounts: [{ id: '9', name: 'Real', isMapped: true, mappingId: 'mm' }],
			},
			ctx('accountMappingChanged'),
		);
		expect(sample).toMatchObject({
			event: 'accountMappingChanged',
			change: 'mapped',
			subject: { id: '9', name: 'Real' },
			after: { isMapped: true, mappingId: 'mm' },
			sample: { basis: 'current-data' },
		});
	});

	it.each<[string, Observation]>([
		['no accounts', { event: 'newUnmappedAccount', accounts: [] }],
		['no SKUs', { event: 'serviceCatalogueChanged', skus: [] }],
		['no clients', { event: 'newPsaClient', walk: { clients: [], complete: true } }],
		['never synced', { event: 'syncWentStale', integration: integration('pending') }],
	])('a labelled placeholder when there is nothing to build on (%s)', (_label, observation) => {
		const sample = sampleEvent(observation, ctx(observation.event));
		expect(sample.sample?.basis).toBe('placeholder');
		expect(sample.sample?.note).toMatch(/made up/);
		expect(sample.eventId).toMatch(new RegExp(`^${observation.event}:[0-9a-f]{32}$`));
	});

	it('status: the real current status as "after"', () => {
		const sample = sampleEvent(
			{ event: 'integrationStatusChanged', integration: integration('active') },
			ctx('integrationStatusChanged'),
		);
		expect(sample).toMatchObject({ before: { status: 'pending' }, after: { status: 'active' } });
	});
});
