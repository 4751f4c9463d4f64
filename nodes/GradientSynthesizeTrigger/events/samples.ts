import type { AccountRow } from '../../shared/contract';
import { isAccountMapped } from '../../shared/contract';
import { accountJson, accountSubject } from './accounts';
import { skuJson } from './catalogue';
import { clientSubject } from './clients';
import { eventId } from './hash';
import { HOUR_MS, integrationSubject, staleAfter, staleness } from './integration';
import type { DiffContext, Observation, TriggerEvent } from './types';

/**
 * "Fetch Test Event": one realistic item built from the partner's current data, shaped exactly
 * like a real event. Only when there is nothing to build it from (no accounts, no SKUs, no
 * clients, never synced) is it a placeholder, and it says so. Never reads or writes the cursor.
 */

/** A plausible previous status for each status (the lifecycle of synthesize-api.md §1.1). */
const PREVIOUS_STATUS: Record<string, string> = {
	active: 'pending',
	pending: 'inactive',
	inactive: 'active',
	disabled: 'active',
	error: 'active',
};

type Sample = Omit<TriggerEvent, 'eventId' | 'event' | 'observedAt' | 'sample'> & {
	sample: NonNullable<TriggerEvent['sample']>;
};

function placeholder(note: string): Sample['sample'] {
	return { basis: 'placeholder', note };
}

function fromData(note: string): Sample['sample'] {
	return { basis: 'current-data', note };
}

const EXAMPLE_ACCOUNT: AccountRow = {
	id: 'example-account-1',
	name: 'Example Customer Ltd',
	description: '',
	isMapped: false,
};

function build(observation: Observation, context: DiffContext): Sample {
	switch (observation.event) {
		case 'integrationStatusChanged': {
			const status = observation.integration.status;
			return {
				subject: integrationSubject(observation.integration),
				before: { status: PREVIOUS_STATUS[status] ?? 'pending' },
				after: { status },
				sample: fromData(
					'The current integration status as "after"; "before" is an example of the status it could have had.',
				),
			};
		}
		case 'syncWentStale': {
			const hours = context.settings.staleAfterHours;
			const state = staleness(observation.integration, context.now, hours);
			if (state.lastSyncedAt !== undefined) {
				return {
					subject: integrationSubject(observation.integration),
					before: { stale: false, lastSyncedAt: state.lastSyncedAt },
					after: staleAfter(state, hours),
					sample: fromData(
						state.stale
							? 'The integration is stale now (it was already when the trigger started, so no real event fires for this period).'
							: 'Built from the real lastSyncedAt; the integration is not stale now.',
					),
				};
			}
			const lastSyncedAt = new Date(context.now - (hours + 1) * HOUR_MS).toISOString();
			const example = staleness({ ...observation.integration, lastSyncedAt }, context.now, hours);
			return {
				subject: integrationSubject(observation.integration),
				before: { stale: false, lastSyncedAt },
				after: staleAfter(example, hours),
				sample: placeholder(
					'This integration has never synced (Synthesize shows a year-1900 lastSyncedAt), which never counts as stale; lastSyncedAt here is made up.',
				),
			};
		}
		case 'accountMappingChanged': {
			const row =
				observation.accounts.find((account) => isAccountMapped(account) === true) ??
				observation.accounts.find((account) => isAccountMapped(account) === false);
			if (row === undefined) {
				return {
					change: 'mapped',
					subject: accountSubject(EXAMPLE_ACCOUNT),
					before: { isMapped: false },
					after: { isMapped: true, mappingId: '64ee00000000000000000001' },
					sample: placeholder('No account with a known mapping state; the account is made up.'),
				};
			}
			const mapped = isAccountMapped(row) === true;
			return {
				change: mapped ? 'mapped' : 'unmapped',
				subject: accountSubject(row),
				before: { isMapped: !mapped },
				after: { isMapped: mapped, mappingId: row.mappingId ?? null },
				sample: fromData(
					`A real account in its current state ("${mapped ? 'mapped' : 'unmapped'}"); "before" is assumed.`,
				),
			};
		}
		case 'newUnmappedAccount': {
			const row =
				observation.accounts.find((account) => isAccountMapped(account) !== true) ??
				observation.accounts[0];
			if (row === undefined) {
				return {
					subject: accountSubject(EXAMPLE_ACCOUNT),
					before: null,
					after: accountJson(EXAMPLE_ACCOUNT),
					sample: placeholder('This partner has no accounts yet; the account is made up.'),
				};
			}
			return {
				subject: accountSubject(row),
				before: null,
				after: accountJson(row),
				sample: fromData('An existing account, shown as if it had just appeared.'),
			};
		}
		case 'serviceCatalogueChanged': {
			const sku = observation.skus.find((candidate) => String(candidate.id ?? '') !== '');
			if (sku === undefined) {
				return {
					change: 'added',
					subject: { id: '64cc00000000000000000001', name: 'Example Service' },
					before: null,
					after: {
						id: '64cc00000000000000000001',
						name: 'Example Service',
						category: 'other',
						subcategory: 'other',
					},
					sample: placeholder('The vendor has no services (SKUs) yet; the service is made up.'),
				};
			}
			return {
				change: 'added',
				subject: { id: String(sku.id), name: sku.name },
				before: null,
				after: skuJson(sku),
				sample: fromData('An existing service (SKU), shown as if it had just been added.'),
			};
		}
		case 'newPsaClient': {
			const client = observation.walk.clients[0];
			if (client === undefined) {
				return {
					subject: { id: '00000000-0000-4000-8000-000000000001', name: 'Example Client Inc.' },
					before: null,
					after: { id: '00000000-0000-4000-8000-000000000001', name: 'Example Client Inc.' },
					sample: placeholder('Get Clients returned no clients; the client is made up.'),
				};
			}
			return {
				subject: clientSubject(client),
				before: null,
				after: { ...client, id: String(client.id) },
				sample: fromData('A real PSA client, shown as if it had just appeared.'),
			};
		}
	}
}

export function sampleEvent(observation: Observation, context: DiffContext): TriggerEvent {
	const sample = build(observation, context);
	return {
		eventId: eventId(observation.event, [
			context.scope,
			sample.subject.id,
			sample.change ?? '',
			'sample',
		]),
		event: observation.event,
		...(sample.change === undefined ? {} : { change: sample.change }),
		subject: sample.subject,
		before: sample.before,
		after: sample.after,
		observedAt: new Date(context.now).toISOString(),
		sample: sample.sample,
	};
}
