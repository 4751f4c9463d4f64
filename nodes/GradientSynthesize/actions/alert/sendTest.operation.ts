import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { deriveAlertId } from '../../../shared/alerts';
import { apiFailureOf } from '../../../shared/transport';
import { checkId } from '../../../shared/validation';
import { waitOptionsProperty } from '../../../shared/descriptions';
import { itemOperation } from '../types';
import { locatorId } from '../parameters';
import { rethrow } from '../errors';
import { accountLocator } from '../locators';
import { ticketFields } from './ticket';

const properties: INodeProperties[] = [
	accountLocator({
		displayOptions: {},
		description: 'A mapped account of the MSP that may receive a test ticket',
	}),
	waitOptionsProperty,
];

/**
 * Gradient's QA flow ends with a test alert: post a clearly labelled one, wait for the PSA
 * ticket and say pass or fail with Synthesize's reason. An unmapped account is a "fail" with
 * the fix, not a crash: that is exactly what the test is for.
 */
export const sendTest = itemOperation(
	{ resource: 'alert', operation: 'sendTest' },
	properties,
	async function (itemIndex, { api, partners }) {
		const accountId = locatorId.call(this, 'accountId', itemIndex, checkId, 'Account');
		const call = await partners.forItem(itemIndex);
		const sentAt = new Date().toISOString();
		const alertId = deriveAlertId(accountId, `test-alert ${sentAt}`);
		let created;
		try {
			created = await api.call(
				'createAlert',
				{
					params: { accountId },
					body: {
						title: '[TEST] Gradient Synthesize integration test alert',
						description: `Test alert sent from n8n at ${sentAt} to check that alerts become PSA tickets. It can be closed.`,
						alertId,
						priority: 1,
						status: 1,
					},
				},
				call,
			);
		} catch (error) {
			const failure = apiFailureOf(error);
			if (failure?.kind !== 'not-found' && failure?.kind !== 'bad-request')
				return rethrow.call(this, error, itemIndex);
			return {
				passed: false,
				accountId,
				alertId,
				reason: failure.apiMessage ?? failure.kind,
				sentAt,
			};
		}
		const options = this.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject;
		const ticket = await ticketFields(this, api, created.messageId, options, call);
		const passed = ticket.ticketStatus === 'success';
		return {
			passed,
			accountId,
			messageId: created.messageId,
			alertId,
			...ticket,
			reason: passed
				? `Ticket ${String(ticket.ticketId ?? '')} created`
				: ticket.ticketStatus === 'timeout'
					? 'No ticket yet: the alert is still queued in Synthesize'
					: ticket.ticketStatus === 'unknown'
						? String(ticket.ticketMessage)
						: ((ticket.ticketErrors as string[] | undefined) ?? []).join('; ') ||
							String(ticket.ticketMessage ?? 'Synthesize reported failure'),
			sentAt,
		};
	},
);
