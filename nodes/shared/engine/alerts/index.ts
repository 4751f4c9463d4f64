import { indexServices } from '../usage/plan';
import type { Incident } from './incidents';
import { collectIncidents } from './incidents';
import { ledgerIncidentCount, pruneAlertLedger, readAlertLedger } from './ledger';
import { Planner } from './plan';
import { checkEarlier, sendAlerts, waitForTickets } from './send';
import type {
	AlertPort,
	AlertRun,
	AlertSettings,
	AlertSummary,
	EarlierChecks,
	IncidentRowInput,
	IncidentResult,
	RowProblem,
} from './types';

export { incidentAlertId, incidentFooter, parseTime, severityTable } from './incidents';
export type { Incident } from './incidents';
export {
	emptyAlertLedger,
	MAX_LEDGER_INCIDENTS,
	pruneAlertLedger,
	readAlertLedger,
} from './ledger';
export type { AlertEntry, AlertLedger, EntryState } from './ledger';
export { MAX_TRIES } from './plan';
export { mappingFailure, QUEUED_GIVE_UP_DAYS } from './send';
export * from './types';

/**
 * The alert sync engine: incidents in, at most one alert per incident out (more only when the
 * user asks for re-alerts), whatever Synthesize does with repeated alertIds. Pure: it reaches
 * Synthesize only through the `AlertPort` it is given, so it is tested without n8n.
 *
 * One run: read and prune the ledger → check the incidents (incidents.ts) → check alerts queued
 * by earlier runs → plan (plan.ts: what the ledger says was sent, re-alert rules, unfinished
 * runs, retries of owed alerts) → skip accounts Synthesize says are unmapped → send and wait for
 * tickets within one budget (send.ts) → the new ledger and a summary.
 */
export async function runAlertSync(
	rows: Iterable<IncidentRowInput>,
	previous: unknown,
	settings: AlertSettings,
	port: AlertPort,
): Promise<AlertRun> {
	const warnings: string[] = [];
	const ledger = readAlertLedger(previous);
	if (
		ledger.integrationId &&
		settings.integrationId &&
		ledger.integrationId !== settings.integrationId
	) {
		warnings.push(
			`The ledger was kept for another Synthesize integration (${ledger.integrationId}). It is kept anyway, so nothing it records is sent again; if the credential now points at another partner on purpose, start that partner with an empty ledger.`,
		);
	}
	ledger.integrationId = settings.integrationId ?? ledger.integrationId;
	ledger.organizationId = settings.organizationId;
	const pruned = pruneAlertLedger(ledger, settings.now, settings.forgetAfterDays);

	const collected = collectIncidents(rows, settings.severities);
	const problems = [...collected.problems];
	const incidents = await resolveServices(collected.incidents, problems, port);
	const earlier = settings.dryRun
		? noEarlierChecks()
		: await checkEarlier(ledger, settings, port, warnings);
	const unmappedWhy = settings.checkMapping ? await readMapping(port) : () => undefined;

	const planner = new Planner(ledger, settings);
	const inInput = new Set<string>();
	for (const incident of incidents) {
		inInput.add(`${incident.accountId}\u0000${incident.id}`);
		planner.plan(incident);
	}
	const retried = planner.planLedgerRetries(
		inInput,
		(accountId) => unmappedWhy(accountId) !== undefined,
	);
	const toSend = planner.sends.filter((send) => {
		const why = unmappedWhy(send.accountId);
		if (why === undefined) return true;
		send.entry.why = why;
		send.result.outcome = 'unmapped';
		send.result.note = `${why} No alert was sent: it is sent on a run after the MSP maps the account.`;
		return false;
	});
	const accepted = await sendAlerts(toSend, settings, port);
	const waitedMs =
		settings.dryRun || settings.ticketWaitMs <= 0
			? 0
			: await waitForTickets(accepted, settings, port);
	if (!settings.dryRun) ledger.lastRunAt = settings.now.toISOString();

	return {
		incidents: planner.results,
		problems,
		warnings,
		ledger,
		summary: summarise(planner.results, problems, {
			input: collected.inputRows,
			empty: collected.emptyRows,
			dryRun: settings.dryRun,
			retried,
			earlier,
			ticketWait: { budgetMs: settings.ticketWaitMs, waitedMs },
			ledgerIncidents: ledgerIncidentCount(ledger),
			pruned,
		}),
	};
}

function noEarlierChecks(): EarlierChecks {
	return { checked: 0, ticketed: 0, unmapped: 0, failed: 0, stillPending: 0, givenUp: 0 };
}

/**
 * Which accounts Synthesize says cannot take an alert: missing, or `isMapped: false` (newer
 * API). Where the API does not say (no isMapped), the alert is sent and its ticket tells.
 */
async function readMapping(port: AlertPort): Promise<(accountId: string) => string | undefined> {
	const accounts = new Map((await port.accounts()).map((account) => [account.id, account]));
	return (accountId) => {
		const account = accounts.get(accountId);
		if (!account)
			return `Synthesize has no account "${accountId}": the usage sync (Account → Sync) creates it, then the MSP maps it.`;
		if (account.isMapped === false)
			return `Account "${accountId}" is not mapped to a PSA company in Synthesize yet (the MSP maps it).`;
		return undefined;
	};
}

/** Service names become Synthesize ids (one catalogue read, only if a name is used). */
async function resolveServices(
	incidents: Incident[],
	problems: RowProblem[],
	port: AlertPort,
): Promise<Incident[]> {
	const named = incidents.filter(
		(incident) => incident.service && !/^[0-9a-f]{24}$/i.test(incident.service),
	);
	if (named.length === 0) return incidents;
	const catalogue = indexServices(await port.services());
	const failed = new Set<Incident>();
	for (const incident of named) {
		const resolved = catalogue.resolve(incident.service as string);
		if ('id' in resolved) incident.service = resolved.id;
		else {
			failed.add(incident);
			for (const index of incident.rows)
				problems.push({ index, reason: resolved.problem, fix: resolved.fix });
		}
	}
	return incidents.filter((incident) => !failed.has(incident));
}

function summarise(
	results: IncidentResult[],
	problems: RowProblem[],
	facts: {
		input: number;
		empty: number;
		dryRun: boolean;
		retried: number;
		earlier: EarlierChecks;
		ticketWait: AlertSummary['ticketWait'];
		ledgerIncidents: number;
		pruned: number;
	},
): AlertSummary {
	const count = (outcome: IncidentResult['outcome']) =>
		results.filter((result) => result.outcome === outcome).length;
	// Accepted in this run: only sendAlerts gives a result a ticket status.
	const accepted = results.filter((result) => result.ticketStatus !== undefined);
	const tickets = (status: IncidentResult['ticketStatus']) =>
		accepted.filter((result) => result.ticketStatus === status).length;
	return {
		dryRun: facts.dryRun,
		rows: { input: facts.input, empty: facts.empty, invalid: problems.length },
		incidents: {
			input: results.filter((result) => result.rows.length > 0).length,
			sent: count('sent'),
			alreadySent: count('alreadySent'),
			skipped: count('skipped'),
			unmapped: count('unmapped'),
			failed: count('failed'),
			uncertain: count('uncertain'),
			planned: count('planned'),
		},
		alerts: {
			accepted: accepted.length,
			ticketed: tickets('success'),
			pending: tickets('pending') + tickets('notWaited'),
			failed: tickets('failed'),
			unknown: tickets('unknown'),
		},
		reAlerts: results.filter(
			(result) =>
				(result.reason === 'severityRaised' || result.reason === 'reopened') &&
				(result.outcome === 'sent' || result.outcome === 'planned'),
		).length,
		retriedFromLedger: facts.retried,
		earlier: facts.earlier,
		ticketWait: facts.ticketWait,
		ledgerIncidents: facts.ledgerIncidents,
		pruned: facts.pruned,
		uncertainIncidents: results
			.filter((result) => result.outcome === 'uncertain')
			.slice(0, 20)
			.map(({ incidentId, accountId, alertId }) => ({ incidentId, accountId, alertId })),
	};
}
