import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { waitForTicket } from '../../../shared/alerts';
import type { SynthesizeApi } from '../../../shared/api';
import type { CallOptions } from '../../../shared/transport';

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: 5,
		description: 'How often to ask Synthesize whether the alert became a ticket',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 900 },
		default: 120,
		description:
			'Stop waiting after this long and report "timeout" (the alert stays queued in Synthesize)',
	},
];

/** Waits for the ticket of a queued alert with the item's wait options; returns the output fields. */
export async function ticketFields(
	context: IExecuteFunctions,
	api: SynthesizeApi,
	messageId: string,
	options: IDataObject,
	call: CallOptions,
): Promise<IDataObject> {
	const wait = await waitForTicket(
		api,
		messageId,
		{
			intervalMs: ((options.pollIntervalSeconds as number) || 5) * 1000,
			timeoutMs: ((options.timeoutSeconds as number) || 120) * 1000,
			isCancelled: () => context.getExecutionCancelSignal()?.aborted === true,
		},
		call,
	);
	return {
		ticketStatus: wait.outcome,
		ticketId: wait.ticketId,
		ticketErrors: wait.errors,
		ticketMessage: wait.message,
		waitedSeconds: Math.round(wait.waitedMs / 100) / 10,
	};
}
