import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { PartnerCall, PartnerResolver } from '../../shared/partners';
import { apiFailureOf } from '../../shared/transport';
import { errorJson, groupByPartner, rethrow } from './common';

/** Helpers shared by the composite (sync) operations. */

/** Reads `a.b.c` from an item's JSON. */
export function fieldValue(json: IDataObject, path: string): unknown {
	if (path in json) return json[path];
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined,
			json,
		);
}

export function fieldProperty(
	displayName: string,
	name: string,
	defaultField: string,
	description: string,
): INodeProperties {
	return { displayName, name, type: 'string', default: defaultField, required: true, description };
}

export interface PartnerGroup {
	ref: string;
	call: PartnerCall;
	indexes: number[];
}

/** Every input item's index, grouped by the partner it acts for. */
export async function partnerGroups(
	partners: PartnerResolver,
	items: INodeExecutionData[],
): Promise<PartnerGroup[]> {
	const groups = await groupByPartner(
		partners,
		items.map((_, index) => index),
	);
	return groups.map((group) => ({
		ref: group.call.partnerRef,
		call: group.call,
		indexes: group.indexes,
	}));
}

/** One line that says why a call failed (the error already names what to do). */
export function describeFailure(error: unknown): string {
	const failure = apiFailureOf(error);
	const message = (error as Error).message ?? String(error);
	return failure?.apiMessage ? `${message}: ${failure.apiMessage}` : message;
}

export function pairedWith(indexes: number[]): INodeExecutionData['pairedItem'] {
	return indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
}

export const dryRunProperty: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to only report what would change, sending nothing to Synthesize',
};

/**
 * A whole partner failed (its key was regenerated, a 403, an unreadable answer…). With "continue
 * on fail" the failure becomes error items paired with that partner's items — n8n routes them to
 * the error output — and the other partners go on; otherwise it stops the run. `perItem`: one
 * error item per input item (operations that answer per item), else one for the group.
 */
export function partnerErrorItems(
	context: IExecuteFunctions,
	error: unknown,
	group: PartnerGroup,
	perItem: boolean,
): INodeExecutionData[] {
	if (!context.continueOnFail()) rethrow.call(context, error, group.indexes[0]);
	const json = errorJson(error);
	if (!perItem) return [{ json, pairedItem: pairedWith(group.indexes) }];
	return group.indexes.map((index) => ({ json: { ...json }, pairedItem: { item: index } }));
}

/**
 * Account lists the composite operations leave for each other in the workflow's global static
 * data, per partner: `recreatedAccounts` (written by Account → Sync, consumed by Sync Usage) and
 * `unmappedAccounts` (written by Sync Usage, read by Check Readiness).
 */
type AccountListKind = 'recreatedAccounts' | 'unmappedAccounts';

interface WorkflowFacts {
	gradientSynthesize?: Partial<
		Record<AccountListKind, Record<string, { at: string; ids: string[] }>>
	>;
}

function workflowFacts(context: IExecuteFunctions): WorkflowFacts {
	return context.getWorkflowStaticData('global') as WorkflowFacts;
}

/** The account ids of one partner's list, or undefined when there is none. */
export function readAccountList(
	context: IExecuteFunctions,
	kind: AccountListKind,
	partnerRef: string,
): string[] | undefined {
	return workflowFacts(context).gradientSynthesize?.[kind]?.[partnerRef]?.ids;
}

/** Replaces one partner's list (stamped now), or removes it when `ids` is undefined. */
export function writeAccountList(
	context: IExecuteFunctions,
	kind: AccountListKind,
	partnerRef: string,
	ids: string[] | undefined,
): void {
	const facts = workflowFacts(context);
	const lists = { ...(facts.gradientSynthesize?.[kind] ?? {}) };
	if (ids === undefined) delete lists[partnerRef];
	else lists[partnerRef] = { at: new Date().toISOString(), ids };
	facts.gradientSynthesize = { ...(facts.gradientSynthesize ?? {}), [kind]: lists };
}
