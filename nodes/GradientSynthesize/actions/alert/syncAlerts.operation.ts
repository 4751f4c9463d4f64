import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SynthesizeApi } from '../../../shared/api';
import { isAccountMapped } from '../../../shared/contract';
import { readAlertLedger, runAlertSync, severityTable } from '../../../shared/engine/alerts';
import type {
	AlertPort,
	AlertRun,
	IncidentResult,
	IncidentRowInput,
	ReAlertWhen,
} from '../../../shared/engine/alerts';
import { apiFailureOf, itemSuffix } from '../../../shared/transport';
import { describeFailure, errorJson, rethrow } from '../errors';
import { ledgerStore } from '../ledgerStore';
import { limiterFromOptions } from '../pace';
import { fieldValue } from '../parameters';
import { Failures, pairedWith, perPartner, refusedRowItem, runCost } from '../perPartner';
import type { BatchOperation, OperationContext } from '../types';
import { description } from './syncAlerts.description';

type Fields = Record<
	'id' | 'accountId' | 'title' | 'description' | 'severity' | 'time' | 'resolved' | 'service',
	string
>;

/** The incidents of one partner, read from the items as they are needed. */
function* incidentRows(
	items: INodeExecutionData[],
	indexes: number[],
	fields: Fields,
): Generator<IncidentRowInput> {
	for (const index of indexes) {
		const json = items[index].json;
		yield {
			index,
			empty: Object.keys(json).length === 0,
			id: fieldValue(json, fields.id),
			accountId: fieldValue(json, fields.accountId),
			title: fieldValue(json, fields.title),
			description: fieldValue(json, fields.description),
			severity: fieldValue(json, fields.severity),
			time: fieldValue(json, fields.time),
			resolved: fields.resolved ? fieldValue(json, fields.resolved) : undefined,
			service: fields.service ? fieldValue(json, fields.service) : undefined,
		};
	}
}

/** Kinds of failure after which no other alert of the run would go through either. */
const STOP_KINDS = new Set([
	'unauthorized',
	'forbidden',
	'rate-limited',
	'configuration',
	'redirect',
]);

/** Talks to Synthesize for the engine: answers come back as results, never as throws. */
function alertPort(api: SynthesizeApi, context: IExecuteFunctions): AlertPort {
	return {
		accounts: async () =>
			(await api.call('getAccounts', {})).map((account) => ({
				id: String(account.id),
				isMapped: isAccountMapped(account),
			})),
		services: async () => (await api.call('getVendor', {})).skus,
		create: async (accountId, body) => {
			try {
				const created = await api.call('createAlert', {
					params: { accountId },
					body: body as unknown as IDataObject,
				});
				return { ok: true, messageId: created.messageId };
			} catch (error) {
				const failure = apiFailureOf(error);
				const reason = describeFailure(error);
				// Anything but a clear "not applied" may have created the alert: never sent again.
				if (!failure || failure.maybeApplied) return { ok: false, kind: 'uncertain', reason };
				if (failure.kind === 'unmapped' || failure.kind === 'not-found')
					return { ok: false, kind: 'unmapped', reason };
				if (STOP_KINDS.has(failure.kind) || failure.kind === 'network')
					return { ok: false, kind: 'stop', reason };
				return { ok: false, kind: 'failed', reason };
			}
		},
		status: async (messageId) => {
			try {
				const status = await api.call('getAlertStatus', { params: { messageId } });
				if (status.status === 'failed')
					return {
						state: 'failed',
						errors: status.errors ?? [],
						statusCode: status.statusCode,
						message: status.message,
					};
				if (status.status === 'success' || status.ticketId)
					return { state: 'success', ticketId: status.ticketId };
				return { state: 'pending' };
			} catch (error) {
				return {
					state: 'unknown',
					reason: `Could not check the ticket: ${describeFailure(error)}`,
				};
			}
		},
		sleep: async (ms) => await sleep(ms),
		now: () => Date.now(),
		cancelled: () => context.getExecutionCancelSignal?.()?.aborted === true,
	};
}

function readUnfinishedRunSince(context: IExecuteFunctions, index: number): Date | undefined {
	const raw = context.getNodeParameter('unfinishedRunSince', index, '') as unknown;
	if (raw === undefined || raw === null || raw === '' || raw === 0) return undefined;
	const numeric = typeof raw === 'number' || /^\d+$/.test(String(raw).trim());
	const at = numeric ? Number(raw) : Date.parse(String(raw));
	if (!Number.isFinite(at) || at <= 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Unfinished Run Since "${String(raw).slice(0, 40)}" is not a date${itemSuffix(index)}`,
			{
				itemIndex: index,
				description:
					"Give the time the unfinished run started (ISO 8601 or epoch milliseconds, e.g. the state row's leaseSince), or leave it empty. Nothing was sent.",
			},
		);
	}
	return new Date(at);
}

const OUTPUT_OF: Record<IncidentResult['outcome'], 1 | 2 | 3 | 4> = {
	sent: 1,
	planned: 1,
	alreadySent: 2,
	skipped: 2,
	unmapped: 3,
	failed: 4,
	uncertain: 4,
};

function resultJson(result: IncidentResult): IDataObject {
	const json: IDataObject = { ...result } as unknown as IDataObject;
	delete json.rows;
	for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
	return json;
}

/** Sends one partner's run to the five outputs. */
class AlertOutputs {
	readonly outputs: INodeExecutionData[][] = [[], [], [], [], []];

	readonly failures = new Failures();

	constructor(private readonly items: INodeExecutionData[]) {}

	add(run: AlertRun, firstIndex: number): void {
		for (const result of run.incidents) {
			const output = OUTPUT_OF[result.outcome];
			if (output === 4)
				this.failures.add(`incident ${result.incidentId}: ${result.note ?? result.outcome}`);
			this.outputs[output].push({
				json: resultJson(result),
				pairedItem: pairedWith(result.rows.length > 0 ? result.rows : [firstIndex]),
			});
		}
		for (const problem of run.problems)
			this.outputs[4].push(
				refusedRowItem(this.failures, problem, {
					note: `${problem.reason}. ${problem.fix}`,
					item: this.items[problem.index].json,
				}),
			);
	}
}

async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	context: OperationContext,
): Promise<INodeExecutionData[][]> {
	const read = (name: string, fallback: string) =>
		(this.getNodeParameter(name, 0, fallback) as string) ?? fallback;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const fields: Fields = {
		id: read('incidentIdField', 'id'),
		accountId: read('accountIdField', 'accountId'),
		title: read('titleField', 'title'),
		description: read('descriptionField', 'description'),
		severity: read('severityField', 'severity'),
		time: read('timeField', 'createdAt'),
		resolved: read('resolvedField', 'resolved'),
		service: (options.serviceField as string) ?? '',
	};
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	const defaultStatus = number(this.getNodeParameter('defaultTicketStatus', 0, 1), 1);
	const mapping = this.getNodeParameter('severityMapping', 0, {}) as {
		severities?: Array<{ severity: string; priority: number; status?: number }>;
	};
	const severities = severityTable(defaultStatus, mapping.severities ?? []);
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const store = ledgerStore(this, 'alerts');
	const resendIds = new Set(
		String(options.resendIds ?? '')
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean),
	);
	const outputs = new AlertOutputs(items);
	const summaries: INodeExecutionData[] = [];

	await perPartner(
		this,
		items,
		context,
		{ errorItems: 'perPartner', limiter: limiterFromOptions(options) },
		async (partner) => {
			const { api, indexes, ref, limiter } = partner;
			const started = Date.now();
			// Read first: a ledger or date the node cannot read stops the partner before anything is sent.
			const previous = store.read(partner);
			const unfinishedRunSince = readUnfinishedRunSince(this, indexes[0]);
			try {
				readAlertLedger(previous);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), (error as Error).message, {
					itemIndex: indexes[0],
					description:
						"Give Ledger exactly the ledgerState this node's Summary gave after its last run (or nothing for a first run). Nothing was sent: starting from an empty ledger would send every incident again.",
				});
			}
			const integration = await api.call('getIntegration', {});
			const port = alertPort(api, this);
			// How many alerts went out: a failure after the first one must say so (the workflow
			// then keeps its lease, and the next run treats this one as unfinished).
			let attempted = 0;
			const create = port.create;
			port.create = async (accountId, body) => {
				attempted++;
				return await create(accountId, body);
			};
			let run: AlertRun;
			try {
				run = await runAlertSync(
					incidentRows(items, indexes, fields),
					previous,
					{
						organizationId: integration.organizationId ?? ref,
						integrationId: integration.integrationId,
						severities,
						reAlertWhen:
							(this.getNodeParameter('reAlertWhen', 0, 'never') as ReAlertWhen) ?? 'never',
						sendResolved: options.sendResolved === true,
						forgetAfterDays: number(options.forgetAfterDays, 30),
						unfinishedRunSince,
						resendIds,
						checkMapping: options.checkMapping !== false,
						ticketWaitMs: number(this.getNodeParameter('ticketWaitSeconds', 0, 60), 60) * 1000,
						pollIntervalMs: number(options.pollIntervalSeconds, 5) * 1000,
						maxEarlierChecks: number(options.maxEarlierChecks, 100),
						maxRetries: number(options.maxRetries, 100),
						concurrency: number(options.concurrency, 4),
						dryRun,
						now: new Date(),
					},
					port,
				);
			} catch (error) {
				if (attempted === 0 || !this.continueOnFail()) rethrow.call(this, error, indexes[0]);
				summaries.push({
					json: { partner: ref, ...errorJson(error), alertsAttempted: attempted },
					pairedItem: pairedWith(indexes),
				});
				return;
			}
			if (!dryRun) store.write(partner, run.ledger);
			summaries.push({
				json: {
					partner: ref,
					...(run.summary as unknown as IDataObject),
					...runCost(limiter, started),
					warnings: run.warnings,
					// A dry run hands back the ledger it was given: nothing was sent.
					...store.summary(
						dryRun ? readAlertLedger(previous) : run.ledger,
						run.summary.ledgerIncidents,
						dryRun,
					),
				},
				pairedItem: pairedWith(indexes),
			});
			outputs.add(run, indexes[0]);
		},
		(errorItems) => summaries.push(...errorItems),
	);

	// Everything that could be sent was sent and recorded: now the failures stop the workflow,
	// unless the node is set to continue (they are on the Failed output).
	outputs.failures.throwUnlessContinuing(
		this,
		'incident(s)',
		'Every other incident was sent and recorded. Set the node\'s "On Error" to continue to route them to the Failed output instead (the templates do).',
	);
	return [summaries, ...outputs.outputs.slice(1)];
}

export { SYNC_ALERTS_OUTPUTS } from './syncAlerts.description';

export const syncAlerts: BatchOperation = { kind: 'batch', description, execute };
