import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { DataTableFilter, IDataTableProjectService, IExecuteFunctions } from 'n8n-workflow';

import type { CallOptions } from './transport';
import { itemSuffix } from './transport';
import { checkId } from './validation';

/**
 * Which MSP partner a request acts for. A vendor serves hundreds of partners, each with its own
 * Partner API Key, but an n8n credential holds one: the node can take the partner from the
 * credential, from a key carried by the item, or from a partner registry — an n8n Data Table
 * that only this package reads, so the key never travels through workflow items or execution data.
 */
export type PartnerSource = 'credential' | 'itemKey' | 'registry';

export const DEFAULT_REGISTRY_TABLE = 'gradient_partner_keys';

const ID_COLUMN = 'partnerId';
const KEY_COLUMN = 'partnerKey';

export interface PartnerCall extends CallOptions {
	/**
	 * Names the partner without revealing its key: "credential", "partner:<id>" for the registry,
	 * or "key-" + a short hash of a per-item key. Ledgers and summaries are keyed by it.
	 */
	partnerRef: string;
}

export function keyRef(partnerKey: string): string {
	return `key-${createHash('sha256').update(partnerKey.trim()).digest('hex').slice(0, 12)}`;
}

function byPartnerId(partnerId: string): DataTableFilter {
	return { type: 'and', filters: [{ columnName: ID_COLUMN, condition: 'eq', value: partnerId }] };
}

function unavailable(context: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`n8n Data Tables are not available here${itemSuffix(itemIndex)}`,
		{
			itemIndex,
			description:
				'The partner registry is an n8n Data Table (n8n 2.x). Enable Data Tables in this n8n, or pass the partner key per item instead.',
		},
	);
}

/** Opens the registry table by name, creating it (two text columns) when asked to. */
export async function openRegistry(
	context: IExecuteFunctions,
	tableName: string,
	itemIndex: number,
	create: boolean,
): Promise<IDataTableProjectService | undefined> {
	const { getDataTableAggregateProxy, getDataTableProxy } = context.helpers;
	if (!getDataTableAggregateProxy || !getDataTableProxy) throw unavailable(context, itemIndex);
	const tables = await getDataTableAggregateProxy();
	const { data } = await tables.getManyAndCount({ filter: { name: tableName } });
	let table = data.find((candidate) => candidate.name === tableName);
	if (!table) {
		if (!create) return undefined;
		table = await tables.createDataTable({
			name: tableName,
			columns: [
				{ name: ID_COLUMN, type: 'string' },
				{ name: KEY_COLUMN, type: 'string' },
			],
		});
	}
	return await getDataTableProxy(table.id);
}

export async function readPartnerKey(
	table: IDataTableProjectService,
	partnerId: string,
): Promise<string | undefined> {
	const { data } = await table.getManyRowsAndCount({ filter: byPartnerId(partnerId), take: 1 });
	const key = data[0]?.[KEY_COLUMN];
	return typeof key === 'string' && key.trim() !== '' ? key : undefined;
}

export async function storePartnerKey(
	table: IDataTableProjectService,
	partnerId: string,
	partnerKey: string,
): Promise<void> {
	await table.upsertRow({
		filter: byPartnerId(partnerId),
		data: { [ID_COLUMN]: partnerId, [KEY_COLUMN]: partnerKey },
	});
}

export async function removePartnerKey(
	table: IDataTableProjectService,
	partnerId: string,
): Promise<number> {
	return (await table.deleteRows({ filter: byPartnerId(partnerId) })).length;
}

/**
 * Resolves the partner of each item once per execution (registry lookups are cached per
 * partner, never in module state).
 */
export class PartnerResolver {
	private table?: Promise<IDataTableProjectService | undefined>;

	private readonly keys = new Map<string, Promise<string | undefined>>();

	constructor(private readonly context: IExecuteFunctions) {}

	source(itemIndex: number): PartnerSource {
		return this.context.getNodeParameter('partnerSource', itemIndex, 'credential') as PartnerSource;
	}

	/** Call options for one item: its index (for errors) and the partner it acts for. */
	async forItem(itemIndex: number): Promise<PartnerCall> {
		const source = this.source(itemIndex);
		if (source === 'itemKey') {
			const partnerKey = this.context.getNodeParameter('partnerApiKey', itemIndex, '') as string;
			if (typeof partnerKey !== 'string' || partnerKey.trim() === '') {
				throw new NodeOperationError(
					this.context.getNode(),
					`No Partner API Key for this item${itemSuffix(itemIndex)}`,
					{
						itemIndex,
						description:
							'"Partner" is set to a key per item, so each item must carry its partner\'s key (e.g. {{ $json.partnerApiKey }}). Use the partner registry to keep keys out of items.',
					},
				);
			}
			return { itemIndex, partnerKey, partnerRef: keyRef(partnerKey) };
		}
		if (source === 'registry') {
			const partnerId = this.partnerId(itemIndex);
			const partnerKey = await this.registryKey(partnerId, itemIndex);
			return { itemIndex, partnerKey, partnerRef: `partner:${partnerId}` };
		}
		return { itemIndex, partnerRef: 'credential' };
	}

	private partnerId(itemIndex: number): string {
		const check = checkId(this.context.getNodeParameter('partnerId', itemIndex, ''), 'Partner ID');
		if (check.ok) return check.value;
		throw new NodeOperationError(
			this.context.getNode(),
			`${check.problem}${itemSuffix(itemIndex)}`,
			{
				itemIndex,
				description:
					'Set "Partner ID" to the id the partner was registered with, e.g. {{ $json.partnerId }}.',
			},
		);
	}

	private async registryKey(partnerId: string, itemIndex: number): Promise<string> {
		const tableName =
			(this.context.getNodeParameter(
				'registryTable',
				itemIndex,
				DEFAULT_REGISTRY_TABLE,
			) as string) || DEFAULT_REGISTRY_TABLE;
		this.table ??= openRegistry(this.context, tableName, itemIndex, false);
		const table = await this.table;
		let key = this.keys.get(partnerId);
		if (!key) {
			key = table ? readPartnerKey(table, partnerId) : Promise.resolve(undefined);
			this.keys.set(partnerId, key);
		}
		const partnerKey = await key;
		if (partnerKey) return partnerKey;
		throw new NodeOperationError(
			this.context.getNode(),
			`Partner "${partnerId}" has no key in the registry${itemSuffix(itemIndex)}`,
			{
				itemIndex,
				description: `Store the partner's key first (Partner Key → Store, table "${tableName}"), e.g. from your integration page.`,
			},
		);
	}
}
