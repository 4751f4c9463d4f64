import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SynthesizeApi } from '../../../shared/api';
import type { IntegrationData } from '../../../shared/contract';
import { countRequest } from '../../../shared/api';
import { runUsageSync } from '../../../shared/engine';
import type {
	Aggregation,
	CountPolicy,
	PairResult,
	Rounding,
	SizeUnit,
	UnitBase,
	UsagePort,
	UsageRowInput,
	UsageRun,
} from '../../../shared/engine';
import { apiFailureOf } from '../../../shared/transport';
import { describeFailure } from '../errors';
import { fieldValue } from '../parameters';
import { Failures, pairedWith, perPartner, refusedRowItem, runCost } from '../perPartner';
import { ledgerStore } from '../ledgerStore';
import { limiterFromOptions } from '../pace';
import type { BatchOperation, OperationContext } from '../types';
import { readAccountList, writeAccountList } from '../workflowFacts';
import { description } from './syncUsage.description';

function readPolicy(conversion: IDataObject): CountPolicy {
	const from = (conversion.from as SizeUnit) ?? 'bytes';
	const to = (conversion.to as SizeUnit) ?? 'bytes';
	return {
		conversion:
			from === to ? undefined : { from, to, base: (conversion.base as UnitBase) ?? 'decimal' },
		multiplier: typeof conversion.multiplier === 'number' ? conversion.multiplier : 1,
		rounding: (conversion.rounding as Rounding) ?? 'none',
	};
}

/** Whether Synthesize has received counts for this integration before (1900: never). */
function syncedBefore(integration: IntegrationData | undefined): boolean {
	const at = Date.parse(integration?.lastSyncedAt ?? '');
	return Number.isFinite(at) && at > Date.UTC(1901, 0, 1);
}

/**
 * No ledger in static data, though Synthesize has counts: the first run of this workflow, or an
 * n8n whose workers never load static data (queue mode, n8n Cloud), where every run looks like
 * this. Said on every such run, so it never goes unnoticed.
 */
function lostLedgerWarning(lastSyncedAt: string | undefined): string {
	return `No ledger was found in this workflow's static data, though Synthesize received counts for this integration before (last synced ${lastSyncedAt}). If this is the first run of this workflow, ignore this. If it repeats, n8n is not keeping static data (queue mode or n8n Cloud): every run then pushes every pair and cannot zero a customer that left. Set Ledger Store to Input Field and store the Summary's ledgerState (see the queue-mode templates).`;
}

/** The rows of one partner, read from the items one at a time (no copy of 100,000 rows). */
function* usageRows(
	items: INodeExecutionData[],
	indexes: number[],
	fields: { accountId: string; service: string; unitCount: string },
	unitField: string,
): Generator<UsageRowInput> {
	for (const index of indexes) {
		const json = items[index].json;
		yield {
			index,
			accountId: fieldValue(json, fields.accountId),
			service: fieldValue(json, fields.service),
			unitCount: fieldValue(json, fields.unitCount),
			unit: fieldValue(json, unitField),
		};
	}
}

function resultJson(pair: PairResult): IDataObject {
	const json: IDataObject = {
		accountId: pair.accountId,
		serviceId: pair.serviceId,
		service: pair.serviceName,
		unitCount: pair.unitCount,
		previous: pair.previous,
		drift: pair.drift,
		outcome: pair.outcome,
	};
	if (pair.zeroPush) json.zeroPush = true;
	if (pair.request && pair.outcome === 'planned')
		json.request = pair.request as unknown as IDataObject;
	if (pair.reason) json.reason = pair.reason;
	if (pair.apiMessage) json.apiMessage = pair.apiMessage;
	return json;
}

/** Talks to Synthesize for the engine: the catalogue, and count pushes that report, not throw. */
function usagePort(api: SynthesizeApi): UsagePort {
	return {
		listServices: async () => (await api.call('getVendor', {})).skus,
		push: async (serviceId, accountId, unitCount, noBuild) => {
			try {
				await api.call('setUnitCount', countRequest(serviceId, { accountId, unitCount }, noBuild));
				return { ok: true };
			} catch (error) {
				const failure = apiFailureOf(error);
				return {
					ok: false,
					kind: failure?.kind === 'unmapped' ? 'unmapped' : 'failed',
					reason: describeFailure(error),
					apiMessage: failure?.apiMessage,
				};
			}
		},
	};
}

type RowFields = { accountId: string; service: string; unitCount: string };

/** Sends one partner's run to the four outputs: Summary, Results, Unmapped, Failed. */
class UsageOutputs {
	readonly summaries: INodeExecutionData[] = [];

	readonly results: INodeExecutionData[] = [];

	readonly unmapped: INodeExecutionData[] = [];

	readonly failed: INodeExecutionData[] = [];

	readonly failures = new Failures();

	constructor(
		private readonly items: INodeExecutionData[],
		private readonly fields: RowFields,
		private readonly outputResults: string,
	) {}

	addPairs(run: UsageRun, firstIndex: number): void {
		for (const pair of run.pairs) {
			const paired = pairedWith(pair.rows.length > 0 ? pair.rows : [firstIndex]);
			if (pair.outcome === 'unmapped') {
				this.unmapped.push({ json: resultJson(pair), pairedItem: paired });
			} else if (pair.outcome === 'failed') {
				this.failures.add(
					`${pair.accountId} / ${pair.serviceName}: ${pair.reason ?? ''}`,
					pair.rows.length || 1,
				);
				this.failed.push({ json: { ...resultJson(pair), rows: pair.rows }, pairedItem: paired });
			} else if (
				this.outputResults === 'all' ||
				(this.outputResults === 'changes' && pair.outcome !== 'unchanged')
			) {
				this.results.push({ json: resultJson(pair), pairedItem: paired });
			}
		}
		for (const problem of run.problems) {
			const json = this.items[problem.index].json;
			this.failed.push(
				refusedRowItem(this.failures, problem, {
					reason: problem.reason,
					fix: problem.fix,
					accountId: fieldValue(json, this.fields.accountId) as IDataObject['accountId'],
					service: fieldValue(json, this.fields.service) as IDataObject['service'],
					unitCount: fieldValue(json, this.fields.unitCount) as IDataObject['unitCount'],
				}),
			);
		}
	}
}

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: OperationContext,
): Promise<INodeExecutionData[][]> {
	const fields: RowFields = {
		accountId: this.getNodeParameter('accountIdField', 0) as string,
		service: this.getNodeParameter('serviceField', 0) as string,
		unitCount: this.getNodeParameter('unitCountField', 0) as string,
	};
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const unitField = (options.unitField as string) || 'unit';
	const policy = readPolicy(this.getNodeParameter('conversion', 0, {}) as IDataObject);
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const store = ledgerStore(this, 'usage');
	// The account lists Account → Sync and Check Readiness share live in static data: only with it.
	const sharesAccountLists = store.kind === 'staticData';
	const outputs = new UsageOutputs(items, fields, (options.outputResults as string) ?? 'changes');

	await perPartner(
		this,
		items,
		context,
		{
			errorItems: 'perPartner',
			limiter: limiterFromOptions(options),
		},
		async (partner) => {
			const { api, indexes, ref, limiter } = partner;
			const started = Date.now();
			// Read first: a ledger the node cannot read stops the partner before anything is sent.
			const previous = store.read(partner);
			// Which integration the ledger belongs to: a credential pointed elsewhere starts afresh.
			const integration = dryRun ? undefined : await api.call('getIntegration', {});
			const recreated = sharesAccountLists
				? (readAccountList(this, 'recreatedAccounts', partner.ref) ?? [])
				: [];
			const run: UsageRun = await runUsageSync(
				usageRows(items, indexes, fields, unitField),
				previous,
				{
					integrationId: integration?.integrationId,
					recreatedAccounts: recreated,
					aggregation: (this.getNodeParameter('aggregation', 0, 'sum') as Aggregation) ?? 'sum',
					policy,
					skipUnchanged: options.skipUnchanged !== false,
					fullPushEveryDays:
						typeof options.fullPushEveryDays === 'number' ? options.fullPushEveryDays : 7,
					// Per partner: items of several partners may each say whether theirs is owed a full push.
					forceFullPush: this.getNodeParameter('options.forceFullPush', indexes[0], false) === true,
					pushZeros: options.pushZeros !== false,
					zeroGuardPercent:
						typeof options.zeroGuardPercent === 'number' ? options.zeroGuardPercent : 50,
					dryRun,
					concurrency: (options.concurrency as number) || 10,
					now: new Date(),
				},
				usagePort(api),
			);
			// An editor run never keeps static data (n8n discards it in manual mode): no warning there.
			if (
				store.kind === 'staticData' &&
				this.getMode() !== 'manual' &&
				previous === undefined &&
				syncedBefore(integration)
			) {
				const warning = lostLedgerWarning(integration?.lastSyncedAt);
				run.warnings.push(warning);
				if (typeof this.addExecutionHints === 'function')
					this.addExecutionHints({ message: warning, location: 'outputPane' });
			}
			if (!dryRun) store.write(partner, run.ledger);
			if (!dryRun && sharesAccountLists) {
				const unmappedIds = [
					...new Set(
						run.pairs.filter((pair) => pair.outcome === 'unmapped').map((pair) => pair.accountId),
					),
				];
				// Recreated accounts were pushed again (consumed); unmapped ones are for Check Readiness.
				writeAccountList(this, 'recreatedAccounts', ref, undefined);
				writeAccountList(this, 'unmappedAccounts', ref, unmappedIds.slice(0, 1000));
			}
			outputs.summaries.push({
				json: {
					partner: ref,
					...(run.summary as unknown as IDataObject),
					...runCost(limiter, started),
					warnings: run.warnings,
					...store.summary(run.ledger, run.summary.ledgerPairs, dryRun),
				},
				pairedItem: pairedWith(indexes),
			});
			outputs.addPairs(run, indexes[0]);
		},
		(errorItems) => outputs.summaries.push(...errorItems),
	);

	// Everything that could be pushed was pushed and the ledger is saved: now the failures stop
	// the workflow, unless the node is set to continue (they are on the Failed output).
	outputs.failures.throwUnlessContinuing(
		this,
		'usage row(s)',
		'Every other row was synced and recorded; the next run retries these. Set the node\'s "On Error" to continue to route them to the Failed output instead.',
	);
	return [outputs.summaries, outputs.results, outputs.unmapped, outputs.failed];
}

export { SYNC_USAGE_OUTPUTS } from './syncUsage.description';

export const syncUsage: BatchOperation = { kind: 'batch', description, execute };
