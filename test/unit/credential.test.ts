import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { GradientSynthesizeApi } from '../../credentials/GradientSynthesizeApi.credentials';

const credential = new GradientSynthesizeApi();
const base = {
	vendorApiKey: 'vendor-abc123',
	partnerApiKey: 'partner-xyz789',
	baseUrl: 'https://app.usegradient.com',
};
const request = (headers: IDataObject = {}): IHttpRequestOptions => ({
	url: '/api/vendor-api/organization',
	headers,
});

async function headersOf(credentials: ICredentialDataDecryptedObject, options = request()) {
	return (await credential.authenticate(credentials, options)).headers as IDataObject;
}

async function refusal(credentials: ICredentialDataDecryptedObject, options = request()) {
	try {
		await credential.authenticate(credentials, options);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected authenticate to refuse');
}

describe('GRADIENT-TOKEN', () => {
	it("is Base64(vendor:partner) — the contract's worked example", async () => {
		expect((await headersOf(base))['GRADIENT-TOKEN']).toBe(
			'dmVuZG9yLWFiYzEyMzpwYXJ0bmVyLXh5ejc4OQ==',
		);
	});

	it('encodes UTF-8 and trims pasted whitespace around the keys', async () => {
		const token = (
			await headersOf({ ...base, vendorApiKey: '  vendör  ', partnerApiKey: '\npartner\n' })
		)['GRADIENT-TOKEN'];
		expect(Buffer.from(String(token), 'base64').toString('utf8')).toBe('vendör:partner');
	});

	it.each([
		['vendorApiKey', 'Vendor API Key'],
		['partnerApiKey', 'Partner API Key'],
	])('refuses a %s with a space or line break inside, without echoing it', async (field, label) => {
		const error = await refusal({ ...base, [field]: 'abc def-SECRET' });
		expect(error.message).toBe(`The ${label} contains a space or a line break`);
		expect(`${error.message} ${error.description}`).not.toContain('SECRET');
	});

	it('refuses an empty vendor key and a missing partner key', async () => {
		expect((await refusal({ ...base, vendorApiKey: '' })).message).toBe(
			'The Vendor API Key is empty',
		);
		expect((await refusal({ ...base, partnerApiKey: '' })).message).toBe(
			'No Partner API Key for this request',
		);
	});
});

describe('per-request partner key', () => {
	it('builds the token from the override and removes the override header', async () => {
		const headers = await headersOf(
			{ ...base, partnerApiKey: '' },
			request({ 'X-Gradient-Partner-Key': 'other-partner' }),
		);
		expect(Buffer.from(String(headers['GRADIENT-TOKEN']), 'base64').toString()).toBe(
			'vendor-abc123:other-partner',
		);
		expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain(
			'x-gradient-partner-key',
		);
	});

	it('keeps the first token when n8n re-runs authenticate for a 401 retry', async () => {
		const first = await credential.authenticate(
			base,
			request({ 'x-gradient-partner-key': 'other-partner' }),
		);
		const second = await credential.authenticate(base, first);
		expect((second.headers as IDataObject)['GRADIENT-TOKEN']).toBe(
			(first.headers as IDataObject)['GRADIENT-TOKEN'],
		);
	});

	it('returns a copy: the caller never sees the token', async () => {
		const options = request({ 'x-gradient-partner-key': 'other-partner' });
		await credential.authenticate(base, options);
		expect(options.headers).toEqual({ 'x-gradient-partner-key': 'other-partner' });
	});
});

describe('Base URL', () => {
	it.each([
		['https://app.usegradient.com', 'https://app.usegradient.com'],
		['https://app.usegradient.com/', 'https://app.usegradient.com'],
		['  https://APP.usegradient.com  ', 'https://app.usegradient.com'],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
		['http://localhost:8787/', 'http://localhost:8787'],
		['http://[::1]:8787', 'http://[::1]:8787'],
		['', 'https://app.usegradient.com'],
	])('accepts %p as %p', async (baseUrl, expected) => {
		const options = await credential.authenticate({ ...base, baseUrl }, request());
		expect(options.baseURL).toBe(expected);
		expect(options.disableFollowRedirect).toBe(true);
	});

	it.each([
		['http://app.usegradient.com', 'The Base URL uses plain http to a remote host'],
		['http://10.0.0.5:8787', 'The Base URL uses plain http to a remote host'],
		['app.usegradient.com', 'The Base URL "app.usegradient.com" has no scheme'],
		[
			'https://app.usegradient.com/api/vendor-api',
			'The Base URL must not contain a path ("/api/vendor-api")',
		],
		['ftp://app.usegradient.com', 'The Base URL must start with https://, not ftp://'],
		[
			'https://user:pw@app.usegradient.com',
			'The Base URL must not contain a user name, password, query or fragment',
		],
		['https://', 'The Base URL "https://" is not a valid URL'],
	])('refuses %p before any request', async (baseUrl, message) => {
		expect((await refusal({ ...base, baseUrl })).message).toBe(message);
	});
});

describe('credential test', () => {
	it('checks GET /api/vendor-api/organization with clear messages per status', () => {
		expect(credential.test.request).toMatchObject({
			url: '/api/vendor-api/organization',
			method: 'GET',
		});
		const rules = credential.test.rules as Array<{ type: string; properties: IDataObject }>;
		const byStatus = Object.fromEntries(
			rules
				.filter((rule) => rule.type === 'responseCode')
				.map((rule) => [rule.properties.value, rule.properties.message]),
		);
		expect(byStatus[401]).toContain('regenerated its Partner API Key');
		expect(byStatus[403]).toContain('anomalous');
		expect(byStatus[404]).toContain('Vendor profile not found');
		// Regression: n8n's test said only "Found" for a Base URL that redirects.
		for (const status of [301, 302, 303, 307, 308]) {
			expect(byStatus[status]).toContain(`answered with a redirect (${status})`);
			expect(byStatus[status]).toContain('Set the Base URL to the Synthesize API host');
		}
		expect(rules.find((rule) => rule.type === 'responseSuccessBody')?.properties.key).toBe(
			'integrationId',
		);
	});
});
