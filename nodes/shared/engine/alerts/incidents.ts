import { createHash } from 'crypto';

import { checkId } from '../../validation';
import type { IncidentRowInput, RowProblem, SeverityRule } from './types';

/** Step 1 of an alert sync: input items in, one checked incident per (account, incident id). */

export interface Incident {
	id: string;
	accountId: string;
	title: string;
	description: string;
	/** The vendor's own severity, as given (for the title of a re-alert). */
	severity: string;
	priority: number;
	status: number;
	/** Creation time at the vendor (ISO). */
	time: string;
	resolved: boolean;
	/** A Synthesize service ID, or a name still to resolve. */
	service?: string;
	/** Input items of this incident (the last one's values are used). */
	rows: number[];
}

const MAX_TITLE = 1000;
const MAX_DESCRIPTION = 100_000;

/**
 * Severity words vendors use, by priority (synthesize-api.md §11.6: 1 low, 2 medium, 3 high,
 * 4 very high). The numbers 1–4 are accepted as themselves.
 */
const DEFAULT_SEVERITY_WORDS: Array<[number, string[]]> = [
	[1, ['low', 'info', 'informational', 'information', 'minor', 'notice', 'none']],
	[2, ['medium', 'moderate', 'warning', 'warn']],
	[3, ['high', 'major', 'error', 'severe']],
	[4, ['critical', 'very_high', 'very high', 'urgent', 'emergency', 'fatal']],
];

/** The severity table: the defaults, then the user's own rows (which win). */
export function severityTable(
	defaultStatus: number,
	custom: Array<{ severity: string; priority: number; status?: number }>,
): Map<string, SeverityRule> {
	const table = new Map<string, SeverityRule>();
	for (const [priority, words] of DEFAULT_SEVERITY_WORDS) {
		table.set(String(priority), { priority, status: defaultStatus });
		for (const word of words) table.set(word, { priority, status: defaultStatus });
	}
	for (const row of custom) {
		const key = String(row.severity ?? '')
			.trim()
			.toLowerCase();
		if (key) table.set(key, { priority: row.priority, status: row.status ?? defaultStatus });
	}
	return table;
}

/** An epoch in seconds (10 digits) or milliseconds, or an ISO 8601 text, as ISO; else undefined. */
export function parseTime(raw: unknown): string | undefined {
	let value: unknown = raw;
	if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) value = Number(value);
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		const ms = value < 100_000_000_000 ? value * 1000 : value;
		return new Date(ms).toISOString();
	}
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
		const parsed = Date.parse(value.trim());
		if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
	}
	return undefined;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'resolved', 'closed']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'open', '']);

function parseResolved(raw: unknown): boolean | undefined {
	if (raw === undefined || raw === null) return false;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : undefined;
	if (typeof raw === 'string') {
		const word = raw.trim().toLowerCase();
		if (TRUE_WORDS.has(word)) return true;
		if (FALSE_WORDS.has(word)) return false;
	}
	return undefined;
}

const text = (raw: unknown): string =>
	typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';

/** Checks one row: an incident, or the problem that keeps it from being sent. */
export function checkIncident(
	row: IncidentRowInput,
	severities: Map<string, SeverityRule>,
): Omit<Incident, 'rows'> | RowProblem {
	const problem = (reason: string, fix: string): RowProblem => ({ index: row.index, reason, fix });
	const id = checkId(row.id, 'Incident ID');
	if (!id.ok) return problem(id.problem, `${id.fix} Map Incident ID Field to the vendor's id.`);
	const accountId = checkId(row.accountId, 'Account ID');
	if (!accountId.ok)
		return problem(
			accountId.problem,
			`${accountId.fix} It must be the account id the usage sync creates for this customer.`,
		);
	const title = text(row.title).trim();
	if (title === '')
		return problem('Title is empty', "Map Title Field to the incident's one-line summary.");
	const severity = text(row.severity).trim();
	const rule = severities.get(severity.toLowerCase());
	if (!rule)
		return problem(
			severity === '' ? 'Severity is missing' : `Severity "${severity.slice(0, 40)}" is not mapped`,
			'Add it under Severity Mapping with a priority (1 low to 4 very high), or fix Severity Field.',
		);
	const time = parseTime(row.time);
	if (!time)
		return problem(
			`Time "${String(row.time ?? '').slice(0, 40)}" is not a date`,
			'Map Time Field to when the incident was created: ISO 8601 or epoch seconds or milliseconds.',
		);
	const resolved = parseResolved(row.resolved);
	if (resolved === undefined)
		return problem(
			`Resolved "${String(row.resolved).slice(0, 20)}" is not true or false`,
			'Map Resolved Field to a true/false field, or compute it in the step before (e.g. status === "closed").',
		);
	const description = text(row.description).trim() || title;
	const service = text(row.service).trim();
	return {
		id: id.value,
		accountId: accountId.value,
		title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title,
		description: description.slice(0, MAX_DESCRIPTION),
		severity,
		priority: rule.priority,
		status: rule.status,
		time,
		resolved,
		...(service ? { service } : {}),
	};
}

/** Checks every row and merges rows of the same incident (the last row's values win). */
export function collectIncidents(
	rows: Iterable<IncidentRowInput>,
	severities: Map<string, SeverityRule>,
): { incidents: Incident[]; problems: RowProblem[]; inputRows: number; emptyRows: number } {
	const byKey = new Map<string, Incident>();
	const problems: RowProblem[] = [];
	let inputRows = 0;
	let emptyRows = 0;
	for (const row of rows) {
		if (row.empty) {
			emptyRows++;
			continue;
		}
		inputRows++;
		const checked = checkIncident(row, severities);
		if ('reason' in checked) {
			problems.push(checked);
			continue;
		}
		const key = `${checked.accountId}\u0000${checked.id}`;
		const rowsSoFar = byKey.get(key)?.rows ?? [];
		// Re-inserted so that the order is the order of the last row of each incident.
		byKey.delete(key);
		byKey.set(key, { ...checked, rows: [...rowsSoFar, row.index] });
	}
	return { incidents: [...byKey.values()], problems, inputRows, emptyRows };
}

/**
 * The alertId of the k-th alert Synthesize accepts for an incident (k = 1, 2, …):
 * `inc-` + the first 32 hex digits of SHA-256("<organizationId>\n<accountId>\n<incidentId>"),
 * and from the second alert on, `-<k>` after it. The same incident always gets the same first
 * alertId; a re-alert or a retry after a failed ticket gets a new one (docs/alerts.md).
 */
export function incidentAlertId(
	organizationId: string,
	accountId: string,
	incidentId: string,
	k: number,
): string {
	const digest = createHash('sha256')
		.update(`${organizationId}\n${accountId}\n${incidentId}`, 'utf8')
		.digest('hex');
	const base = `inc-${digest.slice(0, 32)}`;
	return k <= 1 ? base : `${base}-${k}`;
}

/** The line every alert's description ends with: the vendor's incident id, for the PSA. */
export function incidentFooter(incidentId: string): string {
	return `Incident ID: ${incidentId}`;
}
