import type { IExecuteFunctions } from 'n8n-workflow';

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
