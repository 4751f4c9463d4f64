import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_BASE_URL,
	PARTNER_ID_HEADER,
	PARTNER_KEY_OVERRIDE_HEADER,
	SEALED_PARTNER_KEY_HEADER,
	TOKEN_HEADER,
	buildToken,
	configurationError,
	normaliseBaseUrl,
	normaliseKey,
} from '../nodes/shared/auth';
import { routeUrl } from '../nodes/shared/api/routes';
import { secretProblem, unsealPartnerKey } from '../nodes/shared/seal';

const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'Synthesize rejected the keys (401). Check the Vendor API Key and the Partner API Key; if the MSP regenerated its Partner API Key in Synthesize, paste the new one.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'Synthesize refused the request (403): Gradient flags this API usage as anomalous. Wait a few minutes, then contact Gradient support if it persists.',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'Vendor profile not found (404): the Vendor API Key does not belong to a Synthesize vendor, or the Base URL points at the wrong host.',
		},
	},
	// n8n's test reported a redirect as its bare status text ("Found"). The credential never
	// follows one (the token would go with it), so say that and what to fix.
	...[301, 302, 303, 307, 308].map(
		(value): IAuthenticateRuleResponseCode => ({
			type: 'responseCode',
			properties: {
				value,
				message: `The Base URL answered with a redirect (${value}), which is not followed so that the keys never travel to another address. Set the Base URL to the Synthesize API host itself, e.g. https://app.usegradient.com.`,
			},
		}),
	),
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'integrationId',
			value: undefined,
			message:
				'The Base URL answered, but not like the Synthesize API (no integration in the response). Set the Base URL to the API host, e.g. https://app.usegradient.com.',
		},
	},
];

/** Opens a sealed partner key with this credential's Partner Registry Secret. */
function unseal(
	credentials: ICredentialDataDecryptedObject,
	partnerId: string,
	sealed: string,
): string {
	const problem = secretProblem(credentials.partnerRegistrySecret);
	if (problem) {
		throw configurationError(
			problem,
			'Sealed partner keys open only with the Partner Registry Secret they were sealed with: set it in the "Gradient Synthesize API" credential.',
		);
	}
	const key = unsealPartnerKey(String(credentials.partnerRegistrySecret), partnerId, sealed);
	if (key === undefined) {
		throw configurationError(
			`The sealed key of partner "${partnerId}" cannot be opened`,
			'It was sealed with another Partner Registry Secret or for another partner, or it is damaged. Ask the MSP to reconnect (seal its key again).',
		);
	}
	return key;
}

export class GradientSynthesizeApi implements ICredentialType {
	name = 'gradientSynthesizeApi';

	displayName = 'Gradient Synthesize API';

	icon: Icon = { light: 'file:../icons/gradient.svg', dark: 'file:../icons/gradient.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-gradient-synthesize/n8n-nodes-gradient-synthesize?tab=readme-ov-file#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Vendor API Key',
			name: 'vendorApiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The vendor's key, issued by Gradient (Technology Alliances) for your vendor profile. Custom integrations get it from Synthesize → Integrations → Custom → Generate API Tokens.",
		},
		{
			displayName: 'Partner API Key',
			name: 'partnerApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The MSP partner\'s key, generated in Synthesize (Integrations → your card → Connect → Generate API Token) and shown once. Leave empty when every request passes its own partner key ("Partner API Key" on the node, one per MSP). Regenerating it keeps the accounts; disconnecting deletes them.',
		},
		{
			displayName: 'Partner Registry Secret',
			name: 'partnerRegistrySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Only for vendors serving many MSPs: seals each partner's key (Partner Key → Seal) so your partner table stores ciphertext, and opens it when a request acts for that partner. At least 16 characters. Changing it means every partner reconnects.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: 'e.g. https://app.usegradient.com',
			description:
				'Synthesize host, without a path. Must be https, except http://127.0.0.1:&lt;port&gt; or http://localhost:&lt;port&gt; for the local sandbox.',
		},
	];

	/**
	 * Builds GRADIENT-TOKEN here, so the vendor key never reaches node code. A node may ask for
	 * another partner on one request through PARTNER_KEY_OVERRIDE_HEADER; that header is consumed
	 * and never sent.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		let override: string | undefined;
		let sealed: string | undefined;
		let partnerId = '';
		let hasToken = false;
		for (const name of Object.keys(headers)) {
			const lower = name.toLowerCase();
			const value = headers[name];
			const text = typeof value === 'string' ? value.trim() : '';
			if (lower === PARTNER_KEY_OVERRIDE_HEADER) {
				if (text !== '') override = text;
			} else if (lower === SEALED_PARTNER_KEY_HEADER) {
				if (text !== '') sealed = text;
			} else if (lower === PARTNER_ID_HEADER) {
				partnerId = text;
			} else {
				if (lower === TOKEN_HEADER.toLowerCase()) hasToken = true;
				continue;
			}
			delete headers[name];
		}
		if (sealed !== undefined) override = unseal(credentials, partnerId, sealed);
		const baseURL = normaliseBaseUrl(credentials.baseUrl);
		// n8n re-runs authenticate on the already-authenticated options when it retries a 401:
		// keep that token rather than fall back to the credential's partner (another tenant).
		if (!(hasToken && override === undefined)) {
			const vendorKey = normaliseKey(credentials.vendorApiKey, 'Vendor API Key', true);
			const partnerKey = normaliseKey(
				override ?? credentials.partnerApiKey,
				'Partner API Key',
				false,
			);
			if (partnerKey === '') {
				throw configurationError(
					'No Partner API Key for this request',
					'Set the Partner API Key in the "Gradient Synthesize API" credential, or pass one per item with the node\'s "Partner API Key" option.',
				);
			}
			headers[TOKEN_HEADER] = buildToken(vendorKey, partnerKey);
		}
		// A redirect would carry the token to wherever it points: never follow one.
		return { ...requestOptions, baseURL, headers, disableFollowRedirect: true };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: routeUrl('getIntegration'),
			method: 'GET',
		},
		// n8n checks every rule by its own `type`; the declared type only lacks a mixed-array form.
		rules: TEST_RULES as IAuthenticateRuleResponseCode[],
	};
}
