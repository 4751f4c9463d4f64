import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

import type { SynthesizeApi } from './api';
import type { AlertStatus } from './contract';
import { apiFailureOf } from './transport';
import type { CallOptions } from './transport';

/**
 * A deterministic alertId: the same event (same account and key) always gets the same id, so a
 * re-sent event does not become a second ticket (Synthesize correlates alerts by alertId).
 */
export function deriveAlertId(accountId: string, key: string): string {
	const digest = createHash('sha256').update(`${accountId}\n${key}`, 'utf8').digest('hex');
	return `n8n-${digest.slice(0, 32)}`;
}

export interface TicketWait {
	/**
	 * success / failed as Synthesize reported them, timeout if it stayed pending, unknown if
	 * asking failed (the alert is queued either way: sending it again could open a second ticket).
	 */
	outcome: 'success' | 'failed' | 'timeout' | 'unknown';
	ticketId?: string;
	errors?: string[];
	message?: string;
	checks: number;
	waitedMs: number;
	last?: AlertStatus;
}

/** Polls the alert debug route until the alert became a ticket, failed, or the time is up. */
export async function waitForTicket(
	api: SynthesizeApi,
	messageId: string,
	timing: { intervalMs: number; timeoutMs: number; isCancelled?: () => boolean },
	options: CallOptions = {},
): Promise<TicketWait> {
	const started = Date.now();
	let checks = 0;
	let last: AlertStatus | undefined;
	for (;;) {
		try {
			last = await api.call('getAlertStatus', { params: { messageId } }, options);
		} catch (error) {
			// The alert was accepted; only the check failed (after the transport's retries). Failing
			// the item would invite a re-send, and with it a second ticket.
			const failure = apiFailureOf(error);
			const reason = (error as Error).message ?? String(error);
			return {
				outcome: 'unknown',
				message: `Could not check whether the alert became a ticket: ${failure?.apiMessage ? `${reason}: ${failure.apiMessage}` : reason}. The alert is queued in Synthesize; do not send it again, check it later with Alert → Get Status.`,
				checks,
				waitedMs: Date.now() - started,
				last,
			};
		}
		checks++;
		const waitedMs = Date.now() - started;
		if (last.status === 'success' || (last.ticketId && last.status !== 'failed')) {
			return {
				outcome: 'success',
				ticketId: last.ticketId,
				message: last.message,
				checks,
				waitedMs,
				last,
			};
		}
		if (last.status === 'failed') {
			return {
				outcome: 'failed',
				errors: last.errors,
				message: last.message,
				checks,
				waitedMs,
				last,
			};
		}
		if (waitedMs + timing.intervalMs > timing.timeoutMs || timing.isCancelled?.()) {
			return { outcome: 'timeout', message: last.message, checks, waitedMs, last };
		}
		await sleep(timing.intervalMs);
	}
}
