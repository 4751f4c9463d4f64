import type { AccountsPort, ServicesPort } from '../../../nodes/shared/engine';
import {
	assessReadiness,
	neverSynced,
	runAccountSync,
	runServiceSync,
} from '../../../nodes/shared/engine';
import type { AccountRow, VendorSku } from '../../../nodes/shared/contract';

function accountsPort(existing: AccountRow[], failCreate = false) {
	const created: Array<Array<{ id: string; name: string; description: string }>> = [];
	const renamed: Array<[string, string]> = [];
	const port: AccountsPort = {
		listAccounts: async () => existing,
		createAccounts: async (accounts) => {
			if (failCreate) throw new Error('Synthesize failed to process the request (500)');
			created.push(accounts);
		},
		renameAccount: async (id, name) => {
			renamed.push([id, name]);
		},
		describe: (error) => (error as Error).message,
	};
	return { port, created, renamed };
}

describe('account sync', () => {
	it('creates the missing in bulk chunks, renames the changed, leaves the rest', async () => {
		const { port, created, renamed } = accountsPort([
			{ id: '1', name: 'Contoso' },
			{ id: '2', name: 'Fabrikam Old' },
		]);
		const { results, summary } = await runAccountSync(
			[
				{ index: 0, id: 1, name: 'Contoso' },
				{ index: 1, id: '2', name: 'Fabrikam' },
				{ index: 2, id: '3', name: 'Northwind', description: 'NW' },
				{ index: 3, id: '4', name: 'Tailspin' },
				{ index: 4, id: '5', name: 'Wingtip' },
			],
			port,
			{ batchSize: 2, rename: true, dryRun: false },
		);
		expect(results.map((result) => [result.id, result.outcome])).toEqual([
			['1', 'unchanged'],
			['2', 'renamed'],
			['3', 'created'],
			['4', 'created'],
			['5', 'created'],
		]);
		expect(created).toEqual([
			[
				{ id: '3', name: 'Northwind', description: 'NW' },
				{ id: '4', name: 'Tailspin', description: '' },
			],
			[{ id: '5', name: 'Wingtip', description: '' }],
		]);
		expect(renamed).toEqual([['2', 'Fabrikam']]);
		expect(results[1].previousName).toBe('Fabrikam Old');
		expect(summary).toMatchObject({
			input: 5,
			created: 3,
			renamed: 1,
			unchanged: 1,
			failed: 0,
			existingBefore: 2,
		});
	});

	it('after a disconnect (no accounts left) recreates every account with the same ids', async () => {
		const { port, created } = accountsPort([]);
		await runAccountSync([{ index: 0, id: 'tenant.onmicrosoft.com', name: 'Tenant' }], port, {
			batchSize: 100,
			rename: true,
			dryRun: false,
		});
		expect(created[0][0].id).toBe('tenant.onmicrosoft.com');
	});

	it('reports bad and duplicate customers as failed and a failed batch on each of its items', async () => {
		const { port } = accountsPort([], true);
		const { results } = await runAccountSync(
			[
				{ index: 0, id: '', name: 'No id' },
				{ index: 1, id: 'x', name: '' },
				{ index: 2, id: 'y', name: 'Y' },
				{ index: 3, id: 'y', name: 'Y again' },
			],
			port,
			{ batchSize: 100, rename: true, dryRun: false },
		);
		expect(results.map((result) => [result.index, result.outcome, result.reason])).toEqual([
			[0, 'failed', 'Account ID is empty'],
			[1, 'failed', 'Name is empty'],
			[2, 'failed', 'Synthesize failed to process the request (500)'],
			[3, 'failed', 'Account ID "y" appears twice in the input (items 2 and 3)'],
		]);
	});

	it('dry run sends nothing', async () => {
		const { port, created, renamed } = accountsPort([{ id: '1', name: 'Old' }]);
		const { results } = await runAccountSync(
			[
				{ index: 0, id: '1', name: 'New' },
				{ index: 1, id: '2', name: 'Two' },
			],
			port,
			{ batchSize: 100, rename: true, dryRun: true },
		);
		expect(results.map((result) => result.outcome)).toEqual(['renamed', 'created']);
		expect(created).toEqual([]);
		expect(renamed).toEqual([]);
	});
});

describe('service sync', () => {
	const sku = (id: string, name: string, extra: Partial<VendorSku> = {}): VendorSku => ({
		id,
		name,
		description: 'd',
		category: 'security',
		subcategory: 'other',
		...extra,
	});

	function servicesPort(catalogue: VendorSku[]) {
		const createdBodies: unknown[] = [];
		const updates: Array<[string, unknown]> = [];
		let next = 1;
		const port: ServicesPort = {
			listServices: async () => catalogue,
			createService: async (fields) => {
				createdBodies.push(fields);
				catalogue = [...catalogue, sku(`64cc0000000000000000000${next++}`, fields.name, fields)];
				return catalogue;
			},
			updateService: async (id, fields) => {
				updates.push([id, fields]);
			},
			describe: (error) => (error as Error).message,
		};
		return { port, createdBodies, updates };
	}

	it('upserts by normalised name, creates once per run and outputs the name → id map', async () => {
		const { port, createdBodies } = servicesPort([sku('64cc00000000000000000aaa', 'Managed EDR')]);
		const { results, map } = await runServiceSync(
			[
				{
					index: 0,
					name: '  managed   EDR ',
					description: 'd',
					category: 'security',
					subcategory: 'other',
				},
				{
					index: 1,
					name: 'Total Servers',
					description: 'Servers',
					category: 'infrastructure',
					subcategory: 'server management and support',
				},
				{
					index: 2,
					name: 'total servers',
					description: 'Servers',
					category: 'infrastructure',
					subcategory: 'server management and support',
				},
			],
			port,
			{ update: false, dryRun: false },
		);
		expect(results.map((result) => [result.outcome, result.serviceId])).toEqual([
			['existing', '64cc00000000000000000aaa'],
			['created', '64cc00000000000000000001'],
			['existing', '64cc00000000000000000001'],
		]);
		expect(createdBodies).toEqual([
			{
				name: 'Total Servers',
				description: 'Servers',
				category: 'infrastructure',
				subcategory: 'server management and support',
			},
		]);
		expect(map).toEqual({
			'managed EDR': '64cc00000000000000000aaa',
			'Total Servers': '64cc00000000000000000001',
		});
	});

	it('reports differences, and updates them only when asked', async () => {
		const catalogue = [sku('64cc00000000000000000aaa', 'Backup', { description: 'old' })];
		const input = [
			{ index: 0, name: 'Backup', description: 'new', category: 'security', subcategory: 'other' },
		];
		const report = await runServiceSync(input, servicesPort(catalogue).port, {
			update: false,
			dryRun: false,
		});
		expect(report.results[0]).toMatchObject({ outcome: 'existing', differences: ['description'] });
		const { port, updates } = servicesPort(catalogue);
		const updated = await runServiceSync(input, port, { update: true, dryRun: false });
		expect(updated.results[0].outcome).toBe('updated');
		expect(updates).toEqual([['64cc00000000000000000aaa', { description: 'new' }]]);
	});

	it('refuses wrong enum spellings with the fix', async () => {
		const { results } = await runServiceSync(
			[
				{
					index: 0,
					name: 'PAM',
					description: 'd',
					category: 'security',
					subcategory: 'privileged access and identity management (PAM/PIM)',
				},
			],
			servicesPort([]).port,
			{ update: false, dryRun: false },
		);
		expect(results[0].outcome).toBe('failed');
		expect(results[0].reason).toContain('is not one of the values Synthesize accepts');
	});
});

describe('readiness', () => {
	const integration = { status: 'pending', lastSyncedAt: '2026-11-27T06:00:00Z' };
	const now = new Date('2026-11-27T08:00:00Z');

	it('is ready when connected, all accounts mapped and recently synced', () => {
		const result = assessReadiness(integration, [{ id: '1', name: 'A', isMapped: true }], {
			maxHoursSinceSync: 48,
			now,
		});
		expect(result).toMatchObject({
			ready: true,
			reasons: [],
			hoursSinceSync: 2,
			accounts: { total: 1, mapped: 1, unmapped: 0, unknown: 0 },
		});
	});

	it('lists every reason otherwise', () => {
		const result = assessReadiness(
			{ status: 'inactive', lastSyncedAt: '1900-06-18T17:11:28.553Z' },
			[
				{ id: '1', name: 'A', isMapped: false },
				{ id: '2', name: 'B', mappingId: '' },
			],
			{ maxHoursSinceSync: 48, now },
		);
		expect(result.ready).toBe(false);
		expect(result.reasons).toEqual([
			'The integration is inactive: the MSP has not connected it (or disconnected it).',
			'2 account(s) are not mapped in Synthesize (e.g. 1, 2): the MSP maps them under Integrations → your card.',
			'Synthesize has received no unit counts yet: run the usage sync.',
		]);
		expect(neverSynced('1900-06-18T17:11:28.553Z')).toBe(true);
	});

	it('falls back on the unmapped pushes where the API hides mapping, and flags a stale sync', () => {
		const result = assessReadiness(
			{ status: 'active', lastSyncedAt: '2026-11-20T08:00:00Z' },
			[
				{ id: '1', name: 'A' },
				{ id: '2', name: 'B' },
			],
			{ maxHoursSinceSync: 48, now, unmappedFromPushes: ['2'] },
		);
		expect(result.accounts).toEqual({ total: 2, mapped: 0, unmapped: 1, unknown: 1 });
		expect(result.reasons[1]).toBe(
			'The last sync was 168 hours ago (limit 48): check the scheduled usage sync.',
		);
	});
});
