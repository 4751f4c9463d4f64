import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { SynthesizeApi } from '../../shared/api';
import { walkClients } from '../../shared/clients';

const PAGE = 100;

function matches(filter: string | undefined, ...values: Array<string | undefined>): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((value) => value?.toLowerCase().includes(needle));
}

/** Accounts of the credential's partner, filtered by name or id. */
export async function searchAccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const accounts = await new SynthesizeApi(this).call('getAccounts', {});
	const results: INodeListSearchItems[] = accounts
		.filter((account) => matches(filter, account.name, account.id))
		.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
		.map((account) => ({
			name: `${account.name ?? account.id} (${account.id})`,
			value: account.id,
		}));
	return { results };
}

/** The vendor's services (SKUs) from Get Vendor. */
export async function searchServices(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const vendor = await new SynthesizeApi(this).call('getVendor', {});
	const results = vendor.skus
		.filter((sku) => matches(filter, sku.name, sku.id))
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((sku) => ({ name: sku.name, value: sku.id, description: sku.category }));
	return { results };
}

/** PSA clients, one page at a time (the previousId cursor is the pagination token). */
export async function searchClients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const walk = await walkClients(
		new SynthesizeApi(this),
		{ search: filter || undefined, previousId: paginationToken || undefined },
		{ maxClients: PAGE },
	);
	return {
		results: walk.clients.map((client) => ({
			name: String(client.name ?? client.id),
			value: String(client.id),
		})),
		paginationToken: walk.complete ? undefined : walk.cursor,
	};
}
