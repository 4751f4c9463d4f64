import type { AccountRow, IntegrationData } from '../contract';
import { isAccountMapped } from '../contract';

/**
 * Go / no-go for switching an integration to active: checked, instead of setting active blindly
 * while accounts or services are still unmapped. Reasons are written for the person who has to
 * act on them.
 */

export interface Readiness {
	ready: boolean;
	reasons: string[];
	status: string;
	accounts: { total: number; mapped: number; unmapped: number; unknown: number };
	unmappedAccounts: string[];
	lastSyncedAt?: string;
	hoursSinceSync?: number;
}

/** Synthesize shows a 1900 date until the first sync (synthesize-api.md §15.14). */
export function neverSynced(lastSyncedAt: string | undefined): boolean {
	if (!lastSyncedAt) return true;
	const time = Date.parse(lastSyncedAt);
	return Number.isNaN(time) || new Date(time).getUTCFullYear() < 2000;
}

export function assessReadiness(
	integration: IntegrationData,
	accounts: AccountRow[],
	options: {
		maxHoursSinceSync: number;
		now: Date;
		/** Accounts the last usage sync of this workflow found unmapped (when the API hides mapping). */
		unmappedFromPushes?: string[];
	},
): Readiness {
	const reasons: string[] = [];
	const status = integration.status;
	if (status === 'inactive')
		reasons.push('The integration is inactive: the MSP has not connected it (or disconnected it).');
	if (status === 'disabled' || status === 'error')
		reasons.push(`The integration status is "${status}": fix the cause, then set it to pending.`);

	// Where the API hides mapping, an account the last usage sync got a 404 for is unmapped.
	const unmappedFromPushes = new Set(options.unmappedFromPushes ?? []);
	let mapped = 0;
	let unknown = 0;
	const unmappedAccounts: string[] = [];
	for (const account of accounts) {
		const state =
			isAccountMapped(account) ?? (unmappedFromPushes.has(account.id) ? false : undefined);
		if (state === true) mapped++;
		else if (state === false) unmappedAccounts.push(account.id);
		else unknown++;
	}
	if (accounts.length === 0)
		reasons.push('No accounts exist yet for this MSP: run the account sync.');
	if (unmappedAccounts.length > 0) {
		reasons.push(
			`${unmappedAccounts.length} account(s) are not mapped in Synthesize (e.g. ${unmappedAccounts.slice(0, 3).join(', ')}): the MSP maps them under Integrations → your card.`,
		);
	}

	let hoursSinceSync: number | undefined;
	if (neverSynced(integration.lastSyncedAt)) {
		reasons.push('Synthesize has received no unit counts yet: run the usage sync.');
	} else {
		hoursSinceSync =
			Math.round(
				((options.now.getTime() - Date.parse(integration.lastSyncedAt!)) / 3_600_000) * 10,
			) / 10;
		if (options.maxHoursSinceSync > 0 && hoursSinceSync > options.maxHoursSinceSync) {
			reasons.push(
				`The last sync was ${hoursSinceSync} hours ago (limit ${options.maxHoursSinceSync}): check the scheduled usage sync.`,
			);
		}
	}

	return {
		ready: reasons.length === 0,
		reasons,
		status,
		accounts: { total: accounts.length, mapped, unmapped: unmappedAccounts.length, unknown },
		unmappedAccounts: unmappedAccounts.slice(0, 100),
		lastSyncedAt: integration.lastSyncedAt,
		hoursSinceSync,
	};
}
