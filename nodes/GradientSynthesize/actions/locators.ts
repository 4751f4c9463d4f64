import type { INodeProperties } from 'n8n-workflow';

/** Resource locators for the ids a user picks: accounts, vendor services (SKUs) and PSA clients. */

export function accountLocator(
	overrides: Partial<INodeProperties> & Pick<INodeProperties, 'displayOptions'>,
): INodeProperties {
	return {
		displayName: 'Account',
		name: 'accountId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "The vendor's account (the ID you gave it when creating it)",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchAccounts', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. contoso.onmicrosoft.com',
			},
		],
		...overrides,
	};
}

export function serviceLocator(
	overrides: Partial<INodeProperties> & Pick<INodeProperties, 'displayOptions'>,
): INodeProperties {
	return {
		displayName: 'Service',
		name: 'serviceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: "One of the vendor's services (SKUs) in Synthesize",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchServices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 64cc000000000000000000a1',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[0-9a-fA-F]{24}$',
							errorMessage: 'A Synthesize service ID has 24 hexadecimal characters',
						},
					},
				],
			},
		],
		...overrides,
	};
}

export function clientLocator(
	overrides: Partial<INodeProperties> & Pick<INodeProperties, 'displayOptions'>,
): INodeProperties {
	return {
		displayName: 'Client',
		name: 'clientOId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: "One of the partner's PSA clients (deprecated by Gradient in favour of accounts)",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchClients', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 8f14e45f-…' },
		],
		...overrides,
	};
}
