import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deriveAlertId } from '../../../shared/alerts';
import type { AlertInput } from '../../../shared/api';
import { ALERT_PRIORITIES, ALERT_STATUS_MAX, ALERT_STATUS_MIN } from '../../../shared/contract';
import {
	checkDateTime,
	checkId,
	checkIntegerInRange,
	checkNonEmptyText,
	checkObjectId,
} from '../../../shared/validation';
import { waitOptionsProperty } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { locatorId, valid } from '../parameters';
import { accountLocator, serviceLocator } from '../locators';
import { ticketFields } from './ticket';

const properties: INodeProperties[] = [
	accountLocator({
		displayOptions: {},
		description:
			'The account the alert is about. The MSP must have mapped it (and a PSA board) for a ticket to open.',
	}),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		description: 'Ticket summary',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'Ticket body',
	},
	{
		displayName: 'Alert ID',
		name: 'alertIdMode',
		type: 'options',
		default: 'derived',
		options: [
			{
				name: 'Derive From Event (Deduplicated)',
				value: 'derived',
				description:
					'A hash of the account and a deduplication key: the same event always gets the same ID, so a Synthesize that correlates by alert ID keeps one ticket (undocumented; Sync Alerts guarantees it)',
			},
			{
				name: 'Enter Manually',
				value: 'manual',
				description: "Your own unique ID for the alert (e.g. the vendor's incident ID)",
			},
		],
	},
	{
		displayName: 'Deduplication Key',
		name: 'dedupeKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.incident_id }}',
		description:
			'What makes this event unique at the vendor, e.g. its incident ID. Empty: the title and description are used.',
		displayOptions: { show: { alertIdMode: ['derived'] } },
	},
	{
		displayName: 'Alert ID Value',
		name: 'alertId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { alertIdMode: ['manual'] } },
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: ALERT_PRIORITIES.map(({ name, value }) => ({ name, value })),
		default: 1,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Due Date',
				name: 'dueDateTime',
				type: 'dateTime',
				default: '',
				description: 'When the ticket should be resolved',
			},
			serviceLocator({
				displayOptions: {},
				required: false,
				description:
					'Relates the alert to one of your services (lets alerts be broken out by service)',
			}),
			{
				displayName: 'Ticket Status',
				name: 'status',
				type: 'number',
				typeOptions: { minValue: ALERT_STATUS_MIN, maxValue: ALERT_STATUS_MAX },
				default: 1,
				description:
					'Status of the PSA ticket, 1 to 6 (default 1). What each number means in the PSA is not documented by Gradient.',
			},
		],
	},
	{
		displayName: 'Wait for Ticket',
		name: 'waitForTicket',
		type: 'boolean',
		default: false,
		description:
			'Whether to wait until Synthesize turned the alert into a PSA ticket (or failed to) before continuing',
	},
	{
		...waitOptionsProperty,
		displayOptions: { show: { waitForTicket: [true] } },
	},
];

export function readAlert(
	this: IExecuteFunctions,
	itemIndex: number,
): { accountId: string; alert: AlertInput } {
	const accountId = locatorId.call(this, 'accountId', itemIndex, checkId, 'Account');
	const title = valid(
		this,
		checkNonEmptyText(this.getNodeParameter('title', itemIndex), 'Title', 1000),
		itemIndex,
	);
	const body = valid(
		this,
		checkNonEmptyText(this.getNodeParameter('description', itemIndex), 'Description', 100_000),
		itemIndex,
	);
	const mode = this.getNodeParameter('alertIdMode', itemIndex, 'derived') as string;
	const alertId =
		mode === 'manual'
			? valid(this, checkId(this.getNodeParameter('alertId', itemIndex), 'Alert ID'), itemIndex)
			: deriveAlertId(
					accountId,
					String(this.getNodeParameter('dedupeKey', itemIndex, '') || `${title}\n${body}`),
				);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const alert: AlertInput = {
		title,
		description: body,
		alertId,
		priority: valid(
			this,
			checkIntegerInRange(this.getNodeParameter('priority', itemIndex, 1), 1, 4, 'Priority'),
			itemIndex,
		),
		status: valid(
			this,
			checkIntegerInRange(extra.status ?? 1, ALERT_STATUS_MIN, ALERT_STATUS_MAX, 'Ticket Status'),
			itemIndex,
		),
	};
	if (extra.dueDateTime) {
		alert.dueDateTime = valid(this, checkDateTime(extra.dueDateTime, 'Due Date'), itemIndex);
	}
	const service = extra.serviceId as IDataObject | string | undefined;
	const serviceId = typeof service === 'object' && service !== null ? service.value : service;
	if (serviceId) alert.serviceId = valid(this, checkObjectId(serviceId, 'Service'), itemIndex);
	return { accountId, alert };
}

export const create = itemOperation(
	{ resource: 'alert', operation: 'create' },
	properties,
	async function (itemIndex, { api, partners }) {
		const { accountId, alert } = readAlert.call(this, itemIndex);
		const call = await partners.forItem(itemIndex);
		const created = await api.call(
			'createAlert',
			{ params: { accountId }, body: alert as unknown as IDataObject },
			call,
		);
		const result: IDataObject = {
			accountId,
			...created,
			alertId: created.alertId ?? alert.alertId,
		};
		if (!this.getNodeParameter('waitForTicket', itemIndex, false)) return result;
		const options = this.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject;
		return { ...result, ...(await ticketFields(this, api, created.messageId, options, call)) };
	},
);
