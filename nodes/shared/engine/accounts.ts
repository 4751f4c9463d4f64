import type { AccountRow } from '../contract';
import { checkId, checkNonEmptyText } from '../validation';

/**
 * Account sync: vendor customers in, Synthesize accounts out. Lists the partner's accounts once,
 * creates the missing ones in bulk, renames the ones whose name changed. After a partner
 * disconnect (every account deleted) the next run simply creates them all again.
 */

export interface CustomerInput {
	index: number;
	id: unknown;
	name: unknown;
	description?: unknown;
}

export type AccountOutcome = 'created' | 'renamed' | 'unchanged' | 'failed';

export interface AccountResult {
	index: number;
	id?: string;
	name?: string;
	previousName?: string;
	outcome: AccountOutcome;
	reason?: string;
	fix?: string;
}

export interface AccountsPort {
	listAccounts(): Promise<AccountRow[]>;
	/** Creates one bulk batch; throws on failure (the whole batch shares it). */
	createAccounts(accounts: Array<{ id: string; name: string; description: string }>): Promise<void>;
	renameAccount(id: string, name: string): Promise<void>;
	/** Turns a thrown error into a reason line. */
	describe(error: unknown): string;
}

export interface AccountsSummary {
	input: number;
	created: number;
	renamed: number;
	unchanged: number;
	failed: number;
	existingBefore: number;
}

export async function runAccountSync(
	customers: CustomerInput[],
	port: AccountsPort,
	options: { batchSize: number; rename: boolean; dryRun: boolean },
): Promise<{ results: AccountResult[]; summary: AccountsSummary }> {
	const existing = new Map(
		(await port.listAccounts()).map((account) => [String(account.id), account]),
	);
	const results: AccountResult[] = [];
	const toCreate: Array<{ result: AccountResult; description: string }> = [];
	const toRename: AccountResult[] = [];
	const seen = new Map<string, number>();

	for (const customer of customers) {
		const id = checkId(customer.id, 'Account ID');
		const name = checkNonEmptyText(customer.name, 'Name', 1000);
		if (!id.ok || !name.ok) {
			const problem = !id.ok ? id : (name as { problem: string; fix: string });
			results.push({
				index: customer.index,
				outcome: 'failed',
				reason: problem.problem,
				fix: problem.fix,
			});
			continue;
		}
		const result: AccountResult = {
			index: customer.index,
			id: id.value,
			name: name.value.trim(),
			outcome: 'unchanged',
		};
		results.push(result);
		const earlier = seen.get(id.value);
		if (earlier !== undefined) {
			result.outcome = 'failed';
			result.reason = `Account ID "${id.value}" appears twice in the input (items ${earlier} and ${customer.index})`;
			result.fix = 'Each customer may appear once per run; remove or merge the duplicate.';
			continue;
		}
		seen.set(id.value, customer.index);
		const current = existing.get(id.value);
		if (!current) {
			const description = typeof customer.description === 'string' ? customer.description : '';
			toCreate.push({ result, description });
		} else if (options.rename && (current.name ?? '') !== result.name) {
			result.previousName = current.name;
			toRename.push(result);
		}
	}

	if (options.dryRun) {
		for (const { result } of toCreate) result.outcome = 'created';
		for (const result of toRename) result.outcome = 'renamed';
	} else {
		for (let start = 0; start < toCreate.length; start += options.batchSize) {
			const batch = toCreate.slice(start, start + options.batchSize);
			try {
				await port.createAccounts(
					batch.map(({ result, description }) => ({
						id: result.id!,
						name: result.name!,
						description,
					})),
				);
				for (const { result } of batch) result.outcome = 'created';
			} catch (error) {
				const reason = port.describe(error);
				for (const { result } of batch) Object.assign(result, { outcome: 'failed', reason });
			}
		}
		for (const result of toRename) {
			try {
				await port.renameAccount(result.id!, result.name!);
				result.outcome = 'renamed';
			} catch (error) {
				Object.assign(result, { outcome: 'failed', reason: port.describe(error) });
			}
		}
	}

	const summary: AccountsSummary = {
		input: customers.length,
		created: 0,
		renamed: 0,
		unchanged: 0,
		failed: 0,
		existingBefore: existing.size,
	};
	for (const result of results) summary[result.outcome]++;
	return { results, summary };
}
