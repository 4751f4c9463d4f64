import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The five values of the SDK enum, each described by what it does in Synthesize
 * (synthesize-api.md §1.1). The newest documentation lists only Inactive, Pending and Active.
 */
export const integrationStatusOptions: INodePropertyOptions[] = [
	{
		name: 'Active',
		value: 'active',
		description:
			'The integration is live. Synthesize sets this by itself after the first unit count or alert arrives, so you rarely need to.',
	},
	{
		name: 'Disabled',
		value: 'disabled',
		description:
			'The MSP or vendor switched the integration off (older documentation only; Synthesize gives it no further meaning)',
	},
	{
		name: 'Error',
		value: 'error',
		description:
			'Something is wrong on the vendor side and syncs are failing (older documentation only)',
	},
	{
		name: 'Inactive',
		value: 'inactive',
		description:
			'Not connected: the default after the MSP generates keys, and what to set when the MSP disconnects on your side',
	},
	{
		name: 'Pending',
		value: 'pending',
		description:
			'The MSP entered its Partner API Key on your integration page: unlocks the "Next" (mapping) step of the Synthesize setup wizard',
	},
];
