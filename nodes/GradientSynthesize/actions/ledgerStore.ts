import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemSuffix } from '../../shared/transport';
import type { Partner } from './perPartner';

/**
 * Where a composite operation keeps its ledger between runs: what it last sent, per partner
 * (Sync Usage: the counts; Sync Alerts: the incidents). Two stores:
 *
 * - `staticData`: the node's workflow static data. Right for one n8n process. n8n's queue mode
 *   (and n8n Cloud) never loads static data on its workers, so there every run would start from
 *   an empty ledger: a full push, and no zero for a customer that left.
 * - `field`: the workflow hands the ledger in (the Ledger parameter, e.g. a column of an n8n Data
 *   Table, which every worker shares) and stores the one the Summary gives back (`ledgerState`).
 *   Nothing is kept in static data, so it is right in any deployment.
 */
export type LedgerStoreKind = 'staticData' | 'field';

/** Static-data key of each kind of ledger (per node): one entry per partner. */
const STATIC_KEYS = { usage: 'ledgers', alerts: 'alertLedgers' } as const;

export type LedgerKind = keyof typeof STATIC_KEYS;

export function ledgerStoreProperties(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Ledger Store',
			name: 'ledgerStore',
			type: 'options',
			default: 'staticData',
			options: [
				{
					name: 'Workflow Static Data (Single Process)',
					value: 'staticData',
					description:
						"This node keeps what it last sent in the workflow. Not kept in n8n's queue mode or on n8n Cloud: use Input Field there.",
				},
				{
					name: 'Input Field (Queue Mode and Cloud)',
					value: 'field',
					description:
						"The workflow gives the ledger in Ledger and stores the Summary's ledgerState (e.g. in an n8n Data Table)",
				},
			],
			description: `Where the ledger of ${what} is kept between runs`,
		},
		{
			displayName: 'Ledger',
			name: 'ledger',
			type: 'string',
			default: '',
			placeholder: "e.g. {{ $('Read state').first().json.usageLedger }}",
			description:
				"The ledgerState this node's Summary gave last time, as the workflow stored it. Empty on the first run.",
			displayOptions: { show: { ledgerStore: ['field'] } },
		},
	];
}

export interface LedgerStore {
	kind: LedgerStoreKind;
	/** The ledger of the last run for this partner, as stored (undefined on a first run). */
	read(partner: Partner): unknown;
	/** Keeps the new ledger (static data), or leaves it to the workflow (field). */
	write(partner: Partner, ledger: object): void;
	/**
	 * What the Summary says of the ledger (its size: pairs or incidents); in field mode it
	 * carries the state to store.
	 */
	summary(ledger: object, pairs: number, dryRun: boolean): IDataObject;
}

export function ledgerStore(context: IExecuteFunctions, kind: LedgerKind): LedgerStore {
	// What the ledger counts: (account, service) pairs, or incidents.
	const size = kind === 'alerts' ? 'incidents' : 'pairs';
	const store =
		(context.getNodeParameter('ledgerStore', 0, 'staticData') as LedgerStoreKind) ?? 'staticData';
	if (store === 'field') {
		return {
			kind: store,
			read(partner) {
				const index = partner.indexes[0];
				const raw = context.getNodeParameter('ledger', index, '') as unknown;
				if (raw === undefined || raw === null || raw === '') return undefined;
				if (typeof raw === 'object') return raw;
				try {
					return JSON.parse(String(raw)) as unknown;
				} catch {
					throw new NodeOperationError(
						context.getNode(),
						`The Ledger is not the ledgerState this node gave${itemSuffix(index)}`,
						{
							itemIndex: index,
							description:
								"Map Ledger to exactly the text the Summary's ledgerState held after the last run (or leave it empty for a first run). Nothing was sent: a wrong ledger would push the wrong zeros.",
						},
					);
				}
			},
			write() {},
			summary: (ledger, pairs, dryRun) => ({
				ledger: { store: 'field', [size]: pairs, persisted: false },
				// A dry run changes nothing: the workflow may store what it had.
				ledgerState: JSON.stringify(ledger),
				...(dryRun ? { ledgerUnchanged: true } : {}),
			}),
		};
	}
	const data = context.getWorkflowStaticData('node') as Record<string, Record<string, unknown>>;
	const key = STATIC_KEYS[kind];
	// Manual (editor) runs read static data but n8n does not save what they change.
	const persisted = context.getMode() !== 'manual';
	return {
		kind: store,
		read: (partner) => data[key]?.[partner.ref],
		write(partner, ledger) {
			data[key] = { ...(data[key] ?? {}), [partner.ref]: ledger };
		},
		summary: (_ledger, pairs, dryRun) => ({
			ledger: { store: 'staticData', [size]: pairs, persisted: persisted && !dryRun },
		}),
	};
}
