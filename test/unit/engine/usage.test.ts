import type {
	PushResult,
	UsagePort,
	UsageRowInput,
	UsageSettings,
} from '../../../nodes/shared/engine';
import {
	billableCount,
	bytesPer,
	emptyLedger,
	parseSizeUnit,
	runUsageSync,
} from '../../../nodes/shared/engine';

const EDR = { id: '64cc000000000000000000a1', name: 'Managed EDR' };
const SERVERS = { id: '64cc000000000000000000a2', name: 'Total  Servers' };

interface Push {
	serviceId: string;
	accountId: string;
	unitCount: number;
	noBuild: boolean;
}

function fakePort(answer: (push: Push) => PushResult = () => ({ ok: true })) {
	const pushes: Push[] = [];
	let catalogueReads = 0;
	const port: UsagePort = {
		listServices: async () => {
			catalogueReads++;
			return [EDR, SERVERS];
		},
		push: async (serviceId, accountId, unitCount, noBuild) => {
			const push = { serviceId, accountId, unitCount, noBuild };
			pushes.push(push);
			return answer(push);
		},
	};
	return { port, pushes, catalogueReads: () => catalogueReads };
}

const NOW = new Date('2026-11-27T08:00:00Z');

function settings(overrides: Partial<UsageSettings> = {}): UsageSettings {
	return {
		aggregation: 'sum',
		policy: { multiplier: 1, rounding: 'none' },
		skipUnchanged: true,
		fullPushEveryDays: 0,
		forceFullPush: false,
		pushZeros: true,
		zeroGuardPercent: 100,
		dryRun: false,
		concurrency: 4,
		now: NOW,
		...overrides,
	};
}

let nextIndex = 0;
function row(
	accountId: unknown,
	service: unknown,
	unitCount: unknown,
	unit?: unknown,
): UsageRowInput {
	return { index: nextIndex++, accountId, service, unitCount, unit };
}

beforeEach(() => {
	nextIndex = 0;
});

describe('aggregation and service resolution', () => {
	it.each([
		['sum', 12],
		['max', 7],
		['last', 5],
	] as const)(
		'combines duplicate (account, service) rows with %s',
		async (aggregation, expected) => {
			const { port, pushes } = fakePort();
			const run = await runUsageSync(
				[row('a', 'Managed EDR', 7), row('a', 'managed   edr ', 5)],
				undefined,
				settings({ aggregation }),
				port,
			);
			expect(pushes).toEqual([
				{ serviceId: EDR.id, accountId: 'a', unitCount: expected, noBuild: false },
			]);
			expect(run.pairs[0].rows).toEqual([0, 1]);
		},
	);

	it('resolves names ignoring case and spaces, and ids directly, with one catalogue read', async () => {
		const { port, pushes, catalogueReads } = fakePort();
		await runUsageSync(
			[row('a', 'total servers', 1), row('b', EDR.id.toUpperCase(), 2), row(7, 'MANAGED EDR', 3)],
			undefined,
			settings(),
			port,
		);
		expect(catalogueReads()).toBe(1);
		expect(pushes.map((push) => [push.serviceId, push.accountId])).toEqual([
			[SERVERS.id, 'a'],
			[EDR.id, 'b'],
			[EDR.id, '7'],
		]);
	});

	it('reports every bad row as failed with its reason, and still pushes the good ones', async () => {
		const { port, pushes } = fakePort();
		const run = await runUsageSync(
			[
				row('', 'Managed EDR', 1),
				row('a', 'Unknown SKU', 1),
				row('a', 'Managed EDR', -3),
				row('a', 'Managed EDR', 'lots'),
				row('a', 'Managed EDR', Number.NaN),
				row('a', 'Managed EDR', null),
				row('b', 'Managed EDR', 4),
			],
			undefined,
			settings(),
			port,
		);
		expect(pushes).toHaveLength(1);
		expect(run.problems.map((problem) => [problem.index, problem.reason])).toEqual([
			[0, 'Account ID is empty'],
			[1, 'No service "Unknown SKU" in the vendor\'s catalogue'],
			[2, 'Unit count is negative (-3)'],
			[3, 'Unit count is not a number ("lots")'],
			[4, 'Unit count is NaN'],
			[5, 'Unit count is not a number (null)'],
		]);
		expect(run.summary.rows).toMatchObject({ input: 7, pushed: 1, failed: 6 });
	});
});

describe('unit conversion', () => {
	it('converts bytes to GB (decimal or binary) after summing, then rounds and multiplies', async () => {
		expect(
			billableCount(1_500_000_000, {
				conversion: { from: 'bytes', to: 'GB', base: 'decimal' },
				multiplier: 1,
				rounding: 'ceil',
			}),
		).toBe(2);
		expect(
			billableCount(2 * 1024 ** 3, {
				conversion: { from: 'bytes', to: 'GB', base: 'binary' },
				multiplier: 1,
				rounding: 'none',
			}),
		).toBe(2);
		expect(billableCount(12, { multiplier: 0.2, rounding: 'ceil' })).toBe(3);
		expect(billableCount(0.1 + 0.2, { multiplier: 10, rounding: 'ceil' })).toBe(3);
		expect(billableCount(2.5, { multiplier: 1, rounding: 'floor' })).toBe(2);
		expect(bytesPer('TB', 'decimal')).toBe(1e12);
		expect(parseSizeUnit('GiB')).toBe('GB');
		expect(parseSizeUnit('bytes')).toBe('bytes');
		expect(parseSizeUnit('parsecs')).toBeUndefined();
	});

	it('lets rows carry their own unit', async () => {
		const { port, pushes } = fakePort();
		await runUsageSync(
			[
				row('a', 'Managed EDR', 500, 'MB'),
				row('a', 'Managed EDR', 1, 'GB'),
				row('a', 'Managed EDR', 250_000_000),
			],
			undefined,
			settings({
				policy: {
					conversion: { from: 'bytes', to: 'GB', base: 'decimal' },
					multiplier: 1,
					rounding: 'round',
				},
			}),
			port,
		);
		expect(pushes[0].unitCount).toBe(2);
	});
});

describe('ledger: skip unchanged, drift, zeros', () => {
	it('a second run with the same data pushes nothing; a changed count pushes only that pair', async () => {
		const rows = () => [
			row('a', 'Managed EDR', 3),
			row('b', 'Managed EDR', 4),
			row('c', 'Total Servers', 1),
		];
		const first = fakePort();
		const run1 = await runUsageSync(rows(), undefined, settings(), first.port);
		expect(first.pushes).toHaveLength(3);
		expect(run1.summary.drift).toMatchObject({ added: 3 });

		const second = fakePort();
		const run2 = await runUsageSync(rows(), run1.ledger, settings(), second.port);
		expect(second.pushes).toHaveLength(0);
		expect(run2.summary.rows).toMatchObject({ input: 3, unchanged: 3, pushed: 0 });
		expect(run2.summary.rebuild.triggered).toBe(false);

		const third = fakePort();
		const changed = [
			row('a', 'Managed EDR', 3),
			row('b', 'Managed EDR', 5),
			row('c', 'Total Servers', 1),
		];
		const run3 = await runUsageSync(changed, run2.ledger, settings(), third.port);
		expect(third.pushes).toEqual([
			{ serviceId: EDR.id, accountId: 'b', unitCount: 5, noBuild: false },
		]);
		expect(run3.pairs.find((pair) => pair.accountId === 'b')).toMatchObject({
			drift: 'changed',
			previous: 4,
			unitCount: 5,
		});
	});

	it('pushes an explicit zero once for a pair that vanished, then forgets it', async () => {
		const first = fakePort();
		const run1 = await runUsageSync(
			[row('a', 'Managed EDR', 3), row('gone', 'Managed EDR', 9)],
			undefined,
			settings(),
			first.port,
		);
		const second = fakePort();
		const run2 = await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			run1.ledger,
			settings(),
			second.port,
		);
		expect(second.pushes).toEqual([
			{ serviceId: EDR.id, accountId: 'gone', unitCount: 0, noBuild: false },
		]);
		expect(run2.pairs.find((pair) => pair.accountId === 'gone')).toMatchObject({
			drift: 'removed',
			previous: 9,
			zeroPush: true,
			outcome: 'pushed',
			rows: [],
		});
		expect(run2.summary.pairs.zeroPushes).toBe(1);
		const third = fakePort();
		await runUsageSync([row('a', 'Managed EDR', 3)], run2.ledger, settings(), third.port);
		expect(third.pushes).toHaveLength(0);
	});

	it('does not push zeros when the option is off, but reports the drift', async () => {
		const run1 = await runUsageSync(
			[row('a', 'Managed EDR', 3), row('gone', 'Managed EDR', 9)],
			undefined,
			settings(),
			fakePort().port,
		);
		const second = fakePort();
		const run2 = await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			run1.ledger,
			settings({ pushZeros: false }),
			second.port,
		);
		expect(second.pushes).toHaveLength(0);
		expect(run2.summary.drift.removed).toBe(1);
	});

	it('holds zeros back when too many pairs vanish at once (a vendor outage looks like churn)', async () => {
		const rows = Array.from({ length: 10 }, (_, index) => row(`c${index}`, 'Managed EDR', 1));
		const run1 = await runUsageSync(rows, undefined, settings(), fakePort().port);
		const second = fakePort();
		const run2 = await runUsageSync(
			[row('c0', 'Managed EDR', 1)],
			run1.ledger,
			settings({ zeroGuardPercent: 50 }),
			second.port,
		);
		expect(second.pushes).toHaveLength(0);
		expect(run2.warnings[0]).toContain('90% of the pairs pushed before are missing');
		// The held-back pairs stay in the ledger, so a later run can still zero them.
		expect(run2.summary.ledgerPairs).toBe(10);
	});

	it('forces a full push when the last one is older than N days', async () => {
		const run1 = await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			undefined,
			settings({ fullPushEveryDays: 7 }),
			fakePort().port,
		);
		expect(run1.ledger.lastFullPushAt).toBe(NOW.toISOString());
		const soon = fakePort();
		await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			run1.ledger,
			settings({ fullPushEveryDays: 7, now: new Date('2026-11-30T08:00:00Z') }),
			soon.port,
		);
		expect(soon.pushes).toHaveLength(0);
		const later = fakePort();
		const run3 = await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			run1.ledger,
			settings({ fullPushEveryDays: 7, now: new Date('2026-12-05T08:00:00Z') }),
			later.port,
		);
		expect(later.pushes).toHaveLength(1);
		expect(run3.summary.fullPush).toBe(true);
		expect(run3.pairs[0]).toMatchObject({ drift: 'unchanged', outcome: 'pushed' });
	});

	it('a full push with a failed pair is still done: the next run sends only that pair', async () => {
		// Regression: a failure withheld lastFullPushAt, so every following run was a full push
		// again for as long as one pair kept failing (the first run is a full push too).
		const failing = fakePort((push) =>
			push.accountId === 'b'
				? { ok: false, kind: 'failed', reason: 'Synthesize failed to process the request (503)' }
				: { ok: true },
		);
		const rows = () => [
			row('a', 'Managed EDR', 1),
			row('b', 'Managed EDR', 2),
			row('c', 'Managed EDR', 3),
		];
		const run1 = await runUsageSync(
			rows(),
			undefined,
			settings({ fullPushEveryDays: 7 }),
			failing.port,
		);
		expect(run1.summary.fullPush).toBe(true);
		expect(run1.ledger.lastFullPushAt).toBe(NOW.toISOString());
		const next = fakePort();
		const run2 = await runUsageSync(
			rows(),
			run1.ledger,
			settings({ fullPushEveryDays: 7, now: new Date('2026-11-28T08:00:00Z') }),
			next.port,
		);
		expect(run2.summary.fullPush).toBe(false);
		expect(next.pushes.map((push) => push.accountId)).toEqual(['b']);
	});

	it('a failed push of a pair the ledger knew forgets it: the next run sends it again', async () => {
		const run1 = await runUsageSync(
			[row('a', 'Managed EDR', 1), row('b', 'Managed EDR', 2)],
			undefined,
			settings(),
			fakePort().port,
		);
		// A forced full push whose push of b fails (its answer lost: Synthesize may hold anything).
		const run2 = await runUsageSync(
			[row('a', 'Managed EDR', 1), row('b', 'Managed EDR', 2)],
			run1.ledger,
			settings({ forceFullPush: true }),
			fakePort((push) =>
				push.accountId === 'b'
					? { ok: false, kind: 'failed', reason: 'Synthesize did not answer in time' }
					: { ok: true },
			).port,
		);
		expect(run2.ledger.counts[EDR.id]).toEqual({ a: 1 });
		const next = fakePort();
		await runUsageSync(
			[row('a', 'Managed EDR', 1), row('b', 'Managed EDR', 2)],
			run2.ledger,
			settings(),
			next.port,
		);
		expect(next.pushes.map((push) => push.accountId)).toEqual(['b']);
	});

	it('a failed zero keeps the pair in the ledger, so the next run zeroes it again', async () => {
		const run1 = await runUsageSync(
			[row('a', 'Managed EDR', 1), row('b', 'Managed EDR', 2)],
			undefined,
			settings(),
			fakePort().port,
		);
		const run2 = await runUsageSync(
			[row('a', 'Managed EDR', 1)],
			run1.ledger,
			settings(),
			fakePort((push) =>
				push.unitCount === 0 ? { ok: false, kind: 'failed', reason: '503' } : { ok: true },
			).port,
		);
		expect(run2.ledger.counts[EDR.id]).toEqual({ a: 1, b: 2 });
		const next = fakePort();
		await runUsageSync([row('a', 'Managed EDR', 1)], run2.ledger, settings(), next.port);
		expect(next.pushes.map((push) => [push.accountId, push.unitCount])).toEqual([['b', 0]]);
	});

	it('tolerates a malformed ledger (starts afresh)', async () => {
		const { port, pushes } = fakePort();
		await runUsageSync(
			[row('a', 'Managed EDR', 3)],
			{ version: 9, counts: 'nope' },
			settings(),
			port,
		);
		expect(pushes).toHaveLength(1);
		expect(emptyLedger().counts).toEqual({});
	});
});

describe('billing rebuild: exactly once', () => {
	it('sends no_build=true on every push but the last, which goes alone after the others', async () => {
		const { port, pushes } = fakePort();
		const rows = Array.from({ length: 25 }, (_, index) =>
			row(`acct-${index}`, 'Managed EDR', index + 1),
		);
		const run = await runUsageSync(rows, undefined, settings({ concurrency: 8 }), port);
		expect(pushes).toHaveLength(25);
		expect(pushes.slice(0, -1).every((push) => push.noBuild)).toBe(true);
		expect(pushes[24]).toMatchObject({ noBuild: false });
		expect(run.summary.rebuild).toEqual({
			triggered: true,
			recovered: false,
			pushedWithoutNoBuild: 1,
		});
	});

	it('recovers the rebuild when the last push fails: one stored count is re-sent without no_build', async () => {
		const { port, pushes } = fakePort((push) =>
			push.accountId === 'last'
				? { ok: false, kind: 'failed', reason: 'Synthesize failed to process the request (502)' }
				: { ok: true },
		);
		const run = await runUsageSync(
			[row('a', 'Managed EDR', 1), row('b', 'Managed EDR', 2), row('last', 'Managed EDR', 3)],
			undefined,
			settings({ concurrency: 1 }),
			port,
		);
		expect(pushes.map((push) => [push.accountId, push.noBuild])).toEqual([
			['a', true],
			['b', true],
			['last', false],
			['b', false],
		]);
		expect(run.summary.rebuild).toEqual({
			triggered: true,
			recovered: true,
			pushedWithoutNoBuild: 1,
		});
		// The failed pair is not recorded: the next run retries it.
		expect(run.ledger.counts[EDR.id]).toEqual({ a: 1, b: 2 });
	});

	it('no rebuild when nothing could be stored', async () => {
		const { port } = fakePort(() => ({
			ok: false,
			kind: 'unmapped',
			reason: 'Account or service not mapped in Synthesize',
		}));
		const run = await runUsageSync([row('a', 'Managed EDR', 1)], undefined, settings(), port);
		expect(run.summary.rebuild.triggered).toBe(false);
	});
});

describe('outcome accounting', () => {
	it('every input row ends in exactly one outcome and the outcomes add up to the input', async () => {
		const { port } = fakePort((push) => {
			if (push.accountId.startsWith('u'))
				return {
					ok: false,
					kind: 'unmapped',
					reason: 'not mapped',
					apiMessage: `No account map found with id: ${push.accountId}`,
				};
			if (push.accountId.startsWith('f'))
				return {
					ok: false,
					kind: 'failed',
					reason: 'Synthesize failed to process the request (503)',
				};
			return { ok: true };
		});
		const previous = (
			await runUsageSync([row('same', 'Managed EDR', 2)], undefined, settings(), fakePort().port)
		).ledger;
		nextIndex = 0;
		const rows = [
			row('same', 'Managed EDR', 2),
			row('p1', 'Managed EDR', 1),
			row('p1', 'Managed EDR', 1),
			row('u1', 'Managed EDR', 1),
			row('f1', 'Managed EDR', 1),
			row('bad', 'Managed EDR', -1),
		];
		const run = await runUsageSync(rows, previous, settings(), port);
		expect(run.summary.rows).toEqual({
			input: 6,
			pushed: 2,
			unchanged: 1,
			unmapped: 1,
			failed: 2,
			planned: 0,
		});
		const { pushed, unchanged, unmapped, failed, planned } = run.summary.rows;
		expect(pushed + unchanged + unmapped + failed + planned).toBe(rows.length);
		expect(run.pairs.find((pair) => pair.accountId === 'u1')).toMatchObject({
			outcome: 'unmapped',
			apiMessage: 'No account map found with id: u1',
		});
	});
});

describe('dry run', () => {
	it('sends nothing, plans the exact requests and leaves the ledger as it was', async () => {
		const { port, pushes } = fakePort();
		const run = await runUsageSync(
			[row('a/b', 'Managed EDR', 3), row('c', 'Total Servers', 1)],
			undefined,
			settings({ dryRun: true }),
			port,
		);
		expect(pushes).toHaveLength(0);
		expect(run.pairs.map((pair) => pair.request)).toEqual([
			{
				method: 'POST',
				path: `/api/vendor-api/service/${EDR.id}/count`,
				query: { no_build: 'true' },
				body: { accountId: 'a/b', unitCount: 3 },
			},
			{
				method: 'POST',
				path: `/api/vendor-api/service/${SERVERS.id}/count`,
				query: { no_build: 'false' },
				body: { accountId: 'c', unitCount: 1 },
			},
		]);
		expect(run.summary.rows).toMatchObject({ planned: 2, pushed: 0 });
		expect(run.ledger.counts).toEqual({});
		expect(run.ledger.lastRunAt).toBeUndefined();
	});
});

describe('choosing the last push', () => {
	it('ends with a pair stored before, so new (possibly unmapped) pairs cannot cost a recovery push', async () => {
		const run1 = await runUsageSync(
			[row('known', 'Managed EDR', 1)],
			undefined,
			settings(),
			fakePort().port,
		);
		const { port, pushes } = fakePort((push) =>
			push.accountId === 'new'
				? { ok: false, kind: 'unmapped', reason: 'not mapped' }
				: { ok: true },
		);
		const run2 = await runUsageSync(
			[row('known', 'Managed EDR', 2), row('new', 'Managed EDR', 5)],
			run1.ledger,
			settings({ concurrency: 1 }),
			port,
		);
		expect(pushes.map((push) => [push.accountId, push.noBuild])).toEqual([
			['new', true],
			['known', false],
		]);
		expect(run2.summary.rebuild).toEqual({
			triggered: true,
			recovered: false,
			pushedWithoutNoBuild: 1,
		});
	});
});
