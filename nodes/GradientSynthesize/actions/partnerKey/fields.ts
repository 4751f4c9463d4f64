import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_REGISTRY_TABLE } from '../../../shared/partners';

/** Partner ID + registry table: how an item names its partner when the keys live in the registry. */
export function partnerRegistryFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Partner ID',
			name: 'partnerId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.partnerId }}',
			description: 'Your ID for the MSP partner, as registered with Partner Key → Store',
			displayOptions,
		},
		{
			displayName: 'Registry Table',
			name: 'registryTable',
			type: 'string',
			default: DEFAULT_REGISTRY_TABLE,
			description:
				'Name of the n8n Data Table holding the partner keys (created by Partner Key → Store). Read only by this node; keep it out of other workflows.',
			displayOptions,
		},
	];
}
