import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { isSealedKey } from './seal';
import type { CallOptions } from './transport';
import { itemSuffix } from './transport';
import { checkId } from './validation';

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

/** Resolves the partner each item acts for (per execution; nothing is kept in module state). */
export class PartnerResolver {
	constructor(private readonly context: IExecuteFunctions) {}

	private fail(message: string, description: string, itemIndex: number): never {
		throw new NodeOperationError(this.context.getNode(), `${message}${itemSuffix(itemIndex)}`, {
			itemIndex,
			description,
		});
	}

	/** Call options for one item: its index (for errors) and the partner it acts for. */
	async forItem(itemIndex: number, forced?: PartnerSource): Promise<PartnerCall> {
		const source =
			forced ??
			(this.context.getNodeParameter('partnerSource', itemIndex, 'credential') as PartnerSource);
		if (source === 'itemKey') {
			const partnerKey = this.context.getNodeParameter('partnerApiKey', itemIndex, '') as string;
			if (typeof partnerKey !== 'string' || partnerKey.trim() === '') {
				this.fail(
					'No Partner API Key for this item',
					'"Partner" is set to a key per item, so each item must carry its partner\'s key (e.g. {{ $json.partnerApiKey }}). A sealed key keeps keys out of items.',
					itemIndex,
				);
			}
			return { itemIndex, partnerKey, partnerRef: keyRef(partnerKey) };
		}
		if (source === 'sealedKey') {
			const id = checkId(this.context.getNodeParameter('partnerId', itemIndex, ''), 'Partner ID');
			if (!id.ok)
				this.fail(
					id.problem,
					'Set "Partner ID" to the ID the key was sealed for, e.g. {{ $json.partnerId }}.',
					itemIndex,
				);
			const sealed = this.context.getNodeParameter('sealedPartnerKey', itemIndex, '');
			if (!isSealedKey(sealed)) {
				this.fail(
					`No sealed partner key for partner "${id.value}"`,
					'Set "Sealed Partner Key" to the value Partner Key → Seal returned and your partner table keeps, e.g. {{ $json.sealedKey }}.',
					itemIndex,
				);
			}
			return {
				itemIndex,
				sealedPartnerKey: { partnerId: id.value, sealed: sealed.trim() },
				partnerRef: `partner:${id.value}`,
			};
		}
		return { itemIndex, partnerRef: 'credential' };
	}
}
