import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { waitForTicket } from '../../../shared/alerts';
import type { SynthesizeApi } from '../../../shared/api';
import type { CallOptions } from '../../../shared/transport';

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
