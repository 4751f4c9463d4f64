import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { isSealedKey } from './seal';
import type { CallOptions } from './transport';
import { itemSuffix } from './transport';
import { checkId, valueAtPath } from './validation';

/**
 * Which MSP partner a request acts for. A vendor serves hundreds of partners, each with its own
 * Partner API Key, but an n8n credential holds one: the node takes the partner from the
 * credential, from a key carried by the item, or from a sealed key the vendor keeps in its own
 * partner table (only the credential's Partner Registry Secret opens it, see seal.ts).
 */
export type PartnerSource = 'credential' | 'itemKey' | 'sealedKey';

export interface PartnerCall extends CallOptions {
	/**
	 * Names the partner without revealing its key: "credential", "partner:<id>" for a sealed
	 * key, or "key-" + a short hash of a per-item key. Ledgers and summaries are keyed by it.
	 */
	partnerRef: string;
}

export function keyRef(partnerKey: string): string {
	return `key-${createHash('sha256').update(partnerKey.trim()).digest('hex').slice(0, 12)}`;
}

/** A partner's parameters as a node reads them (any of them may be empty or not text). */
export interface PartnerParameters {
	source: PartnerSource;
	partnerKey?: unknown;
	partnerId?: unknown;
	sealed?: unknown;
}

export type ParsedPartner =
	| { ok: true; call: PartnerCall }
	| { ok: false; missing: 'partnerKey' | 'partnerId' | 'sealedKey'; problem: string };

/**
 * Call options for the partner the parameters name: the one place that reads a partner key, a
 * sealed key and its partner ID, and names the partner without revealing its key. Each node
 * words what is missing in its own terms (an item's field, the trigger's setting).
 */
export function parsePartner(parameters: PartnerParameters): ParsedPartner {
	if (parameters.source === 'itemKey') {
		const partnerKey = parameters.partnerKey;
		if (typeof partnerKey !== 'string' || partnerKey.trim() === '') {
			return { ok: false, missing: 'partnerKey', problem: 'No Partner API Key' };
		}
		return { ok: true, call: { partnerKey, partnerRef: keyRef(partnerKey) } };
	}
	if (parameters.source === 'sealedKey') {
		const id = checkId(parameters.partnerId, 'Partner ID');
		if (!id.ok) return { ok: false, missing: 'partnerId', problem: id.problem };
		const sealed = parameters.sealed;
		if (!isSealedKey(sealed)) {
			return {
				ok: false,
				missing: 'sealedKey',
				problem: `No sealed partner key for partner "${id.value}"`,
			};
		}
		return {
			ok: true,
			call: {
				sealedPartnerKey: { partnerId: id.value, sealed: sealed.trim() },
				partnerRef: `partner:${id.value}`,
			},
		};
	}
	return { ok: true, call: { partnerRef: 'credential' } };
}

/** `{{ $json.field }}` (or `$json.a.b`) and nothing else: the form templates name a partner with. */
const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}\}$/;

/** Resolves the partner each item acts for (per execution; nothing is kept in module state). */
export class PartnerResolver {
	/** Parameters set without an expression: the same for every item, read once. */
	private readonly constants = new Map<string, unknown>();

	constructor(private readonly context: IExecuteFunctions) {}

	/**
	 * A partner parameter's value for one item. A sync hands the node hundreds of rows of one
	 * partner, and n8n evaluates an expression per item at about a millisecond each: that was most
	 * of an unchanged re-sync's CPU. So a literal is read once, and `{{ $json.field }}` is read from
	 * the item itself (the value n8n would give). Anything else, or a field that is not non-empty
	 * text, goes through n8n as before, so its errors read the same.
	 */
	private parameter(name: string, itemIndex: number): unknown {
		const raw = this.context.getNode().parameters[name];
		if (raw === undefined || (typeof raw === 'string' && !raw.startsWith('='))) {
			if (!this.constants.has(name)) {
				this.constants.set(name, this.context.getNodeParameter(name, itemIndex, ''));
			}
			return this.constants.get(name);
		}
		const path = typeof raw === 'string' ? ITEM_FIELD.exec(raw)?.[1] : undefined;
		if (path) {
			const value = valueAtPath(this.context.getInputData()[itemIndex]?.json, path);
			if (typeof value === 'string' && value !== '') return value;
		}
		return this.context.getNodeParameter(name, itemIndex, '');
	}

	private fail(message: string, description: string, itemIndex: number): never {
		throw new NodeOperationError(this.context.getNode(), `${message}${itemSuffix(itemIndex)}`, {
			itemIndex,
			description,
		});
	}

	/** Call options for one item: its index (for errors) and the partner it acts for. */
	async forItem(itemIndex: number, forced?: PartnerSource): Promise<PartnerCall> {
		const parameter = (name: string) => this.parameter(name, itemIndex);
		const source = forced ?? (parameter('partnerSource') as PartnerSource) ?? 'credential';
		const parsed = parsePartner({
			source: (source as string) === '' ? 'credential' : source,
			partnerKey: source === 'itemKey' ? parameter('partnerApiKey') : undefined,
			partnerId: source === 'sealedKey' ? parameter('partnerId') : undefined,
			sealed: source === 'sealedKey' ? parameter('sealedPartnerKey') : undefined,
		});
		if (parsed.ok) return { itemIndex, ...parsed.call };
		const fixes = {
			partnerKey:
				'"Partner" is set to a key per item, so each item must carry its partner\'s key (e.g. {{ $json.partnerApiKey }}). A sealed key keeps keys out of items.',
			partnerId: 'Set "Partner ID" to the ID the key was sealed for, e.g. {{ $json.partnerId }}.',
			sealedKey:
				'Set "Sealed Partner Key" to the value Partner Key → Seal returned and your partner table keeps, e.g. {{ $json.sealedKey }}.',
		};
		const message =
			parsed.missing === 'partnerKey' ? 'No Partner API Key for this item' : parsed.problem;
		return this.fail(message, fixes[parsed.missing], itemIndex);
	}
}
