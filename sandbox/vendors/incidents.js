// @ts-check
'use strict';
/**
 * The incident timeline every vendor fixture serves in its own API shape (Huntress incident
 * reports, SentinelOne threats, NinjaOne condition activities, Datto RMM alerts, Auvik alerts,
 * the generic REST incidents). Incidents appear, change and resolve between stages, so a test
 * can run a scheduled alert sync three times and know exactly what each run must send:
 *
 *   stage 1  #1 #2 #3 #4 #5 #7 open (hours ago), #6 opened and resolved before any run
 *   stage 2  #2 severity raised (medium → critical), #3 resolved, #8 new
 *   stage 3  #3 reopened, #4 resolved, #9 new
 *
 * `org` is an index into the vendor's customers (0–3); #5 is the only incident of customer 3 (a
 * test leaves that account unmapped at first). Times of stage 1 are relative to when this module
 * was loaded, and a later stage's changes happen when that stage is first built (the moment the
 * test switches to it), so re-building a stage gives the same times.
 */

const HOUR = 3_600_000;
const LOADED = Date.now();
/** @type {Map<string, number>} `${vendor}:${stage}` → when it was first built */
const STAGE_TIMES = new Map();

/** @param {string} vendor @param {number} stage */
function stageTime(vendor, stage) {
	const key = `${vendor}:${stage}`;
	if (!STAGE_TIMES.has(key)) STAGE_TIMES.set(key, Date.now());
	return /** @type {number} */ (STAGE_TIMES.get(key));
}

/**
 * @typedef {'low' | 'medium' | 'high' | 'critical'} Severity
 * @typedef {{ at: number, kind: 'open' | 'resolve' | 'reopen' | 'escalate', severity: Severity }} IncidentEvent
 * @typedef {object} Incident
 * @property {number} n 1–9
 * @property {number} org customer index 0–3
 * @property {string} title
 * @property {string} detail
 * @property {Severity} severity as now
 * @property {boolean} resolved as now
 * @property {number} createdAt epoch ms
 * @property {number} updatedAt epoch ms of the last event
 * @property {number | null} resolvedAt
 * @property {IncidentEvent[]} events every event up to this stage, oldest first
 */

const SCRIPT = [
	{
		n: 1,
		org: 0,
		severity: 'high',
		opened: -5 * HOUR,
		title: 'Suspicious PowerShell execution',
		host: 'WS-01',
	},
	{
		n: 2,
		org: 1,
		severity: 'medium',
		opened: -4 * HOUR,
		title: 'Repeated failed logons',
		host: 'SRV-02',
		escalate: 2,
	},
	{
		n: 3,
		org: 2,
		severity: 'critical',
		opened: -3 * HOUR,
		title: 'Ransomware canary modified',
		host: 'WS-03',
		resolve: 2,
		reopen: 3,
	},
	{
		n: 4,
		org: 0,
		severity: 'low',
		opened: -2 * HOUR,
		title: 'Disk space below 10 %',
		host: 'SRV-04',
		resolve: 3,
	},
	{
		n: 5,
		org: 3,
		severity: 'high',
		opened: -1.5 * HOUR,
		title: 'Firewall service stopped',
		host: 'FW-05',
	},
	{
		n: 6,
		org: 1,
		severity: 'high',
		opened: -6 * HOUR,
		title: 'Malicious scheduled task',
		host: 'WS-06',
		resolvedBefore: -5.5 * HOUR,
	},
	{
		n: 7,
		org: 2,
		severity: 'high',
		opened: -1 * HOUR,
		title: 'Unexpected admin account created',
		host: 'DC-07',
	},
	{
		n: 8,
		org: 0,
		severity: 'medium',
		openStage: 2,
		title: 'Backup job failed twice',
		host: 'SRV-08',
	},
	{
		n: 9,
		org: 1,
		severity: 'critical',
		openStage: 3,
		title: 'EDR agent tampering detected',
		host: 'WS-09',
	},
];

/**
 * The incidents as they are at `stage` (1, 2 or 3) for one vendor.
 * @param {string} vendor
 * @param {number} stage
 * @returns {Incident[]}
 */
function incidentsAt(vendor, stage) {
	/** @type {Incident[]} */
	const incidents = [];
	for (const step of SCRIPT) {
		if (step.openStage && step.openStage > stage) continue;
		/** @type {IncidentEvent[]} */
		const events = [];
		const severity = /** @type {Severity} */ (step.severity);
		const opened = step.openStage
			? stageTime(vendor, step.openStage)
			: LOADED + /** @type {number} */ (step.opened);
		events.push({ at: opened, kind: 'open', severity });
		if (step.resolvedBefore)
			events.push({ at: LOADED + step.resolvedBefore, kind: 'resolve', severity });
		if (step.escalate && stage >= step.escalate)
			events.push({ at: stageTime(vendor, step.escalate), kind: 'escalate', severity: 'critical' });
		if (step.resolve && stage >= step.resolve)
			events.push({ at: stageTime(vendor, step.resolve), kind: 'resolve', severity });
		if (step.reopen && stage >= step.reopen)
			events.push({ at: stageTime(vendor, step.reopen), kind: 'reopen', severity });
		const last = events[events.length - 1];
		const resolved = last.kind === 'resolve';
		incidents.push({
			n: step.n,
			org: step.org,
			title: `${step.title} on ${step.host}`,
			detail: `${step.title} was detected on ${step.host}. Investigate and remediate.`,
			severity: last.severity,
			resolved,
			createdAt: opened,
			updatedAt: last.at,
			resolvedAt: resolved ? last.at : null,
			events,
		});
	}
	return incidents;
}

/**
 * The stage a dataset variant names: `incidents-2` → 2; anything else (default, churned) → 1.
 * @param {string} variant
 */
function stageOf(variant) {
	const match = /^incidents-([123])$/.exec(variant);
	return match ? Number(match[1]) : 1;
}

/** The variants every fixture with incidents accepts besides its own. */
const INCIDENT_VARIANTS = ['incidents-1', 'incidents-2', 'incidents-3'];

/**
 * What the test expects a sync to have sent per incident after `stage`, when every account is
 * mapped in the end: one ticket each, none for #6 (resolved before any run), one more for #2
 * (raised) and #3 (reopened) when re-alerting on those changes is on.
 * @param {number} stage
 * @param {'never' | 'severityRaised' | 'severityRaisedOrReopened'} reAlertWhen
 */
function expectedTickets(stage, reAlertWhen = 'never') {
	/** @type {Record<number, number>} */
	const tickets = {};
	for (const step of SCRIPT) {
		if (step.resolvedBefore || (step.openStage && step.openStage > stage)) continue;
		let count = 1;
		if (reAlertWhen !== 'never' && step.escalate && stage >= step.escalate) count++;
		if (reAlertWhen === 'severityRaisedOrReopened' && step.reopen && stage >= step.reopen) count++;
		tickets[step.n] = count;
	}
	return tickets;
}

module.exports = { incidentsAt, stageOf, expectedTickets, INCIDENT_VARIANTS, HOUR };
