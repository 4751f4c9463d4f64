import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { SynthesizeApi } from '../shared/api';
import { walkClients } from '../shared/clients';
import type { IntegrationData } from '../shared/contract';
import { parsePartner } from '../shared/partners';
import type { PartnerCall, PartnerParameters } from '../shared/partners';
import { DEFAULT_TIMEOUT_MS, RateLimiter } from '../shared/transport';
import type { CallOptions } from '../shared/transport';
import { clientsStart, diff, mappingExposed, sampleEvent, TRIGGER_EVENTS } from './events';
import type {
	DiffContext,
	Observation,
	TriggerEvent,
	TriggerEventName,
	TriggerSettings,
} from './events';

/** Share of n8n's poll budget spent fetching; the rest covers the diff and the hand-over. */
export const BUDGET_SHARE = 0.8;

/**
 * Ceiling on the fetching time whatever budget n8n grants (300 s on the default scheduler):
 * a poll stays shorter than the shortest poll interval (1 minute), so polls never overlap.
 */
export const MAX_FETCH_MS = 50_000;

/** Budget assumed on an n8n without getPollBudgetMs (before 2.38). */
const FALLBACK_BUDGET_MS = 45_000;

/**
 * Pace of the requests of one poll. Synthesize allows 100 requests per second per token, and
 * the syncs using the same token need most of it; a Get Clients walk must not crowd them out.
 */
export const TRIGGER_REQUESTS_PER_SECOND = 20;

/** Where the cursor lives in the node's static data. */
export const CURSOR_KEY = 'cursor';

interface Settings extends TriggerSettings {
	/** Which partner the trigger watches (call options: a key or a sealed key, or neither). */
	partner: PartnerCall;
}

function readSettings(this: IPollFunctions): Settings {
	const event = this.getNodeParameter('event') as TriggerEventName;
	if (!(TRIGGER_EVENTS as readonly string[]).includes(event)) {
		throw new NodeOperationError(this.getNode(), `The event "${String(event)}" is not supported`, {
			description: `Choose one of the events in the "Event" list.`,
			failure: { cause: 'configuration-invalid' },
		});
	}
	const targetStatuses = this.getNodeParameter('targetStatuses', []) as string[];
	const staleAfterHours = Number(this.getNodeParameter('staleAfterHours', 24));
	if (event === 'syncWentStale' && !(Number.isFinite(staleAfterHours) && staleAfterHours > 0)) {
		throw new NodeOperationError(this.getNode(), 'Stale After (Hours) must be more than 0', {
			description: 'Set how many hours after the last sync the integration counts as stale.',
			failure: { cause: 'configuration-invalid' },
		});
	}
	const partner = parsePartner(partnerParameters(this));
	if (!partner.ok) {
		throw new NodeOperationError(
			this.getNode(),
			partner.missing === 'partnerId'
				? 'The sealed partner key needs its Partner ID'
				: partner.problem,
			{
				description:
					partner.missing === 'partnerKey'
						? 'Paste the MSP partner\'s Partner API Key, or set "Partner" to "Credential\'s Partner".'
						: 'Paste the sealed key exactly as Partner Key → Seal returned it (gsk1.…) and the Partner ID it was sealed for.',
				failure: { cause: 'configuration-invalid' },
			},
		);
	}
	return {
		event,
		targetStatuses: event === 'integrationStatusChanged' ? targetStatuses : [],
		staleAfterHours: event === 'syncWentStale' ? staleAfterHours : 24,
		partner: partner.call,
	};
}

/**
 * Which partner the trigger watches. Version 2 says it with its "Partner" dropdown; version 1 has
 * no dropdown: a sealed key takes precedence over a plain key, and neither means the credential's.
 */
function partnerParameters(context: IPollFunctions): PartnerParameters {
	const text = (name: string) => String(context.getNodeParameter(name, '') ?? '').trim();
	if (context.getNode().typeVersion >= 2) {
		const source = text('partnerSource');
		if (source === 'sealedKey')
			return { source, partnerId: text('partnerId'), sealed: text('sealedPartnerKey') };
		if (source === 'itemKey') return { source, partnerKey: text('partnerApiKey') };
		return { source: 'credential' };
	}
	const sealed = text('sealedPartnerKey');
	const partnerKey = text('partnerApiKey');
	return {
		source: sealed !== '' ? 'sealedKey' : partnerKey !== '' ? 'itemKey' : 'credential',
		partnerKey,
		partnerId: text('partnerId'),
		sealed,
	};
}

function budgetMs(context: IPollFunctions): number {
	const budget =
		typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : Number.NaN;
	return Number.isFinite(budget) && budget >= 0 ? budget : FALLBACK_BUDGET_MS;
}

function partnerOf(integration: IntegrationData): IDataObject {
	return {
		organizationId: integration.organizationId ?? null,
		name: integration.name ?? null,
		integrationId: integration.integrationId ?? null,
	};
}

function mappingUnsupported(context: IPollFunctions): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'Synthesize does not tell this vendor which accounts are mapped',
		{
			description:
				'Account Mapping Changed needs the newer Get Accounts response, whose rows carry isMapped or mappingId. This Synthesize API returns neither, so no mapping event could ever fire. Choose another event (e.g. New Unmapped Account) or ask Gradient for the newer API.',
			failure: { cause: 'configuration-invalid' },
		},
	);
}

/** Fetches what the event needs. The clients walk resumes where the stored cursor says. */
async function observe(
	this: IPollFunctions,
	api: SynthesizeApi,
	settings: Settings,
	integration: IntegrationData,
	walk: { start?: string; deadline: number; firstPageOnly: boolean },
): Promise<Observation> {
	switch (settings.event) {
		case 'integrationStatusChanged':
		case 'syncWentStale':
			return { event: settings.event, integration };
		case 'accountMappingChanged':
		case 'newUnmappedAccount': {
			const accounts = await api.call('getAccounts', {});
			if (settings.event === 'accountMappingChanged' && mappingExposed(accounts) === false) {
				throw mappingUnsupported(this);
			}
			return { event: settings.event, accounts };
		}
		case 'serviceCatalogueChanged':
			return { event: settings.event, skus: (await api.call('getVendor', {})).skus };
		case 'newPsaClient': {
			if (walk.firstPageOnly) {
				const clients = await api.call('getClients', { query: {} });
				return { event: settings.event, walk: { clients, complete: false } };
			}
			const result = await walkClients(
				api,
				{ previousId: walk.start },
				{ deadline: walk.deadline },
			);
			return {
				event: settings.event,
				walk: { clients: result.clients, complete: result.complete, cursor: result.cursor },
			};
		}
	}
}

function toItem(event: TriggerEvent, partner: IDataObject): INodeExecutionData {
	const { sample, ...rest } = event;
	const json: IDataObject = { ...(rest as unknown as IDataObject), partner };
	if (sample !== undefined) json.sample = sample as unknown as IDataObject;
	return { json };
}

/**
 * One poll: fetch → diff against the stored cursor → store the next cursor → emit. The cursor is
 * written only after every request succeeded; a poll that throws leaves it untouched. "Fetch Test
 * Event" (manual mode) neither reads nor writes it.
 */
export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings.call(this);
	const fetchWindowMs = Math.min(budgetMs(this) * BUDGET_SHARE, MAX_FETCH_MS);
	const deadline = Date.now() + fetchWindowMs;
	const call: CallOptions = {
		deadline,
		// A request started just before the deadline still ends inside the budget.
		timeoutMs: Math.max(1_000, Math.min(DEFAULT_TIMEOUT_MS, Math.round(fetchWindowMs * 0.25))),
		limiter: new RateLimiter({ requestsPerSecond: TRIGGER_REQUESTS_PER_SECOND }),
	};
	if (settings.partner.sealedPartnerKey) call.sealedPartnerKey = settings.partner.sealedPartnerKey;
	else if (settings.partner.partnerKey) call.partnerKey = settings.partner.partnerKey;
	const api = new SynthesizeApi(this, call);

	const integration = await api.call('getIntegration', {});
	const partner = partnerOf(integration);
	const context: DiffContext = {
		settings,
		scope: String(integration.organizationId ?? ''),
		now: Date.now(),
	};

	if (this.getMode() === 'manual') {
		const observation = await observe.call(this, api, settings, integration, {
			deadline,
			firstPageOnly: true,
		});
		context.now = Date.now();
		return [[toItem(sampleEvent(observation, context), partner)]];
	}

	const staticData = this.getWorkflowStaticData('node');
	const stored: unknown = staticData[CURSOR_KEY];
	const observation = await observe.call(this, api, settings, integration, {
		start: settings.event === 'newPsaClient' ? clientsStart(stored, context) : undefined,
		deadline,
		firstPageOnly: false,
	});
	context.now = Date.now();
	const result = diff(stored, observation, context);

	// Every fetch succeeded: only now may the cursor change (in place, as n8n expects).
	if (JSON.stringify(stored) !== JSON.stringify(result.cursor)) {
		staticData[CURSOR_KEY] = result.cursor as unknown as IDataObject;
	}
	if (result.initialised) {
		this.logger.debug('Gradient Synthesize Trigger recorded a new baseline', {
			event: settings.event,
		});
	}
	if (result.events.length === 0) return null;
	return [result.events.map((event) => toItem(event, partner))];
}
