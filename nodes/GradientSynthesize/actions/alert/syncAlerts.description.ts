import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ALERT_PRIORITIES, ALERT_STATUS_MAX, ALERT_STATUS_MIN } from '../../../shared/contract';
import { dryRunProperty, fieldProperty, optionsCollection } from '../../../shared/descriptions';
import { ledgerStoreProperties } from '../ledgerStore';
import { withPaceOptions } from '../pace';

/** Sync Alerts' parameters; what it does with them is in syncAlerts.operation.ts. */

export const SYNC_ALERTS_OUTPUTS = ['Summary', 'Sent', 'Already Sent', 'Unmapped', 'Failed'];

const TICKET_STATUS_HELP =
	'Synthesize takes 1 to 6 but does not document what each number means in the PSA. Keep 1, the API default, unless the MSP has checked that another number opens tickets with the status it wants.';

const properties: INodeProperties[] = [
	{
		displayName:
			'One input item per vendor incident. Each incident is sent once: the ledger remembers what was sent, so a scheduled run never sends it again, even when Synthesize does not de-duplicate. An empty item ({}) means "no incidents this run". Outputs: Summary, Sent, Already Sent, Unmapped, Failed.',
		name: 'syncAlertsNotice',
		type: 'notice',
		default: '',
	},
	fieldProperty(
		'Incident ID Field',
		'incidentIdField',
		'id',
		"Field holding the vendor's own incident ID (stable: the alertId and the ledger are keyed by it)",
	),
	fieldProperty(
		'Account ID Field',
		'accountIdField',
		'accountId',
		'Field holding the account ID: the one the usage sync creates for this customer (e.g. its organisation or site ID)',
	),
	fieldProperty('Title Field', 'titleField', 'title', "Field holding the ticket's summary"),
	fieldProperty(
		'Description Field',
		'descriptionField',
		'description',
		"Field holding the ticket's body (the title when empty). The incident ID is added as its last line.",
	),
	fieldProperty(
		'Severity Field',
		'severityField',
		'severity',
		"Field holding the vendor's severity, turned into a priority by Severity Mapping",
	),
	fieldProperty(
		'Time Field',
		'timeField',
		'createdAt',
		'Field holding when the incident was created at the vendor (not when it last changed): ISO 8601, or epoch seconds or milliseconds',
	),
	{
		displayName: 'Resolved Field',
		name: 'resolvedField',
		type: 'string',
		default: 'resolved',
		description:
			'Field saying whether the incident is resolved (true/false). A missing field means open.',
	},
	{
		displayName: 'Severity Mapping',
		name: 'severityMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Severity',
		default: {},
		description:
			'Vendor severities and the priority each becomes. Built in, matched ignoring case: low, info, informational, minor → 1; medium, moderate, warning → 2; high, major, error → 3; critical, urgent, emergency → 4; and 1 to 4 themselves. Rows here add to or replace them.',
		options: [
			{
				displayName: 'Severity',
				name: 'severities',
				values: [
					{
						displayName: 'Vendor Severity',
						name: 'severity',
						type: 'string',
						default: '',
						placeholder: 'e.g. malicious',
					},
					{
						displayName: 'Priority',
						name: 'priority',
						type: 'options',
						options: ALERT_PRIORITIES.map(({ name, value }) => ({ name, value })),
						default: 3,
					},
					{
						displayName: 'Ticket Status',
						name: 'status',
						type: 'number',
						typeOptions: { minValue: ALERT_STATUS_MIN, maxValue: ALERT_STATUS_MAX },
						default: 1,
						description: TICKET_STATUS_HELP,
					},
				],
			},
		],
	},
	{
		displayName: 'Default Ticket Status',
		name: 'defaultTicketStatus',
		type: 'number',
		typeOptions: { minValue: ALERT_STATUS_MIN, maxValue: ALERT_STATUS_MAX },
		default: 1,
		description:
			'Ticket status of the built-in severities, 1 to 6. Synthesize does not document what each number means in the PSA: keep 1, the API default, unless the MSP has checked that another number opens tickets with the status it wants.',
	},
	{
		displayName: 'Re-Alert When',
		name: 'reAlertWhen',
		type: 'options',
		default: 'never',
		options: [
			{
				name: 'Never',
				value: 'never',
				description: 'One alert per incident, whatever changes later',
			},
			{
				name: 'Severity Raised',
				value: 'severityRaised',
				description:
					'A second alert (a new alertId) when the priority rises above the highest one sent',
			},
			{
				name: 'Severity Raised or Reopened',
				value: 'severityRaisedOrReopened',
				description: 'Also when an incident seen resolved is open again',
			},
		],
		description: 'Whether a changed incident is sent again, as a new alert and so a new ticket',
	},
	{
		displayName: 'Ticket Wait (Seconds)',
		name: 'ticketWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3600 },
		default: 60,
		description:
			'How long this run waits, in all, for the tickets of the alerts it sent. Those still queued are checked on the next run. 0 does not wait.',
	},
	{
		displayName: 'Unfinished Run Since',
		name: 'unfinishedRunSince',
		type: 'string',
		default: '',
		placeholder: "e.g. {{ $('Check lease').first().json.unfinishedRunSince }}",
		description:
			'When the previous run started, if it never finished (its lease was not released). It may have sent alerts before it died: nothing it could have sent is sent again; those incidents are reported as uncertain. Empty when the last run finished.',
	},
	...ledgerStoreProperties('the alerts sent'),
	optionsCollection(
		withPaceOptions([
			{
				displayName: 'Check Mapping First',
				name: 'checkMapping',
				type: 'boolean',
				default: true,
				description:
					'Whether to read the accounts first (one request) and send no alert for an account Synthesize lacks or says is not mapped (they wait on Unmapped and are sent once it is)',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 4,
				description: 'Alerts or status checks in flight at once',
			},
			{
				displayName: 'Forget After (Days)',
				name: 'forgetAfterDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description:
					'Incidents resolved, or not seen, for this long leave the ledger, so it stays small. An incident older than the oldest one forgotten is never sent.',
			},
			{
				displayName: 'Max Earlier Alerts to Check',
				name: 'maxEarlierChecks',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 100,
				description: 'Alerts of earlier runs still waiting for a ticket, checked first in each run',
			},
			{
				displayName: 'Max Retries per Run',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 100,
				description:
					"Alerts owed from earlier runs (e.g. unmapped then) that are not in this run's input, sent again per run",
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 5,
				description: 'How often the tickets are asked for while waiting',
			},
			{
				displayName: 'Resend Incident IDs',
				name: 'resendIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 4711, 4712',
				description:
					'Incidents to send again although the ledger says sent or uncertain, comma-separated. Only after checking the PSA has no ticket for them.',
			},
			{
				displayName: 'Send Resolved Incidents',
				name: 'sendResolved',
				type: 'boolean',
				default: false,
				description:
					'Whether an incident already resolved when first seen gets an alert (a ticket for the record)',
			},
			{
				displayName: 'Service Field',
				name: 'serviceField',
				type: 'string',
				default: '',
				description:
					'Field holding the Synthesize service (ID or name) the alert is about. Empty: alerts name no service.',
			},
		]),
	),
	dryRunProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['alert'], operation: ['syncAlerts'] } },
	properties,
);
