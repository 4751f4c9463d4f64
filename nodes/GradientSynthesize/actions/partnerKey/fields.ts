import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** How an item names its partner when the vendor keeps sealed keys in its own partner table. */
export function sealedKeyFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Partner ID',
			name: 'partnerId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.partnerId }}',
			description: 'Your ID for the MSP partner, the one its key was sealed for',
			displayOptions,
		},
		{
			displayName: 'Sealed Partner Key',
			name: 'sealedPartnerKey',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.sealedKey }}',
			description:
				"The partner's key as Partner Key → Seal returned it (gsk1.…), read from your partner table. Only the credential's Partner Registry Secret opens it.",
			displayOptions,
		},
	];
}
