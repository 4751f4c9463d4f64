// @ts-check
'use strict';
/**
 * The six alert-sync templates as a test drives them: the fixture, the vendor credential, the
 * accounts the usage sync of the same vendor creates (the same id rule), and how a vendor's
 * incident id maps back to the timeline's number (#1–#9, sandbox/vendors/incidents.js).
 */
const { uuidLike } = require('../../../sandbox/vendors/data');

/**
 * @typedef {object} AlertSpec
 * @property {string} key
 * @property {string} template file in workflows/
 * @property {string} fixture vendor fixture name
 * @property {string} setting the Settings field holding the vendor base URL
 * @property {(f: any) => Record<string, object>} credentials vendor credential data by type
 * @property {(data: any) => Array<[string, string]>} accounts the first four customers as [account id, name], in the timeline's order
 * @property {(incidentId: string) => number} numberOf the timeline number of a vendor incident id
 * @property {'never' | 'severityRaised' | 'severityRaisedOrReopened'} reAlertWhen the setting the test runs it with
 */

/** @type {Record<string, (id: string) => number>} */
const series = {};
for (let n = 1; n <= 9; n++) {
	series[uuidLike('ninjaone-series', n)] = () => n;
	series[uuidLike('datto-alert', n)] = () => n;
}
const bySeries = (/** @type {string} */ id) => (series[id] ? series[id](id) : NaN);

/** @type {AlertSpec[]} */
const ALERT_SPECS = [
	{
		key: 'huntress',
		template: 'gradient-huntress-alert-sync.json',
		fixture: 'huntress',
		setting: 'huntressBaseUrl',
		credentials: (f) => ({ httpBasicAuth: { user: f.credentials.publicKey, password: f.credentials.privateKey } }),
		accounts: (d) => d.organizations.slice(0, 4).map((/** @type {any} */ o) => [String(o.id), o.name]),
		numberOf: (id) => Number(id) - 80_000,
		reAlertWhen: 'never',
	},
	{
		key: 'sentinelone',
		template: 'gradient-sentinelone-alert-sync.json',
		fixture: 'sentinelone',
		setting: 'sentinelOneUrl',
		credentials: (f) => ({ httpHeaderAuth: { name: 'Authorization', value: `ApiToken ${f.credentials.apiToken}` } }),
		accounts: (d) =>
			d.sites
				.filter((/** @type {any} */ s) => s.state === 'active' && s.siteType === 'Paid')
				.slice(0, 4)
				.map((/** @type {any} */ s) => [s.id, s.name]),
		numberOf: (id) => Number(BigInt(id) - 1_800_000_000_000_000_000n),
		reAlertWhen: 'severityRaised',
	},
	{
		key: 'ninjaone',
		template: 'gradient-ninjaone-alert-sync.json',
		fixture: 'ninjaone',
		setting: 'ninjaBaseUrl',
		credentials: (f) => ({
			oAuth2Api: { grantType: 'clientCredentials', accessTokenUrl: `${f.url}/ws/oauth/token`, clientId: f.credentials.clientId, clientSecret: f.credentials.clientSecret, scope: 'monitoring', authentication: 'body' },
		}),
		accounts: (d) => d.organizations.slice(0, 4).map((/** @type {any} */ o) => [String(o.id), o.name]),
		numberOf: bySeries,
		reAlertWhen: 'never',
	},
	{
		key: 'dattormm',
		template: 'gradient-dattormm-alert-sync.json',
		fixture: 'dattormm',
		setting: 'dattoApiUrl',
		credentials: (f) => ({
			httpCustomAuth: {
				json: JSON.stringify({
					headers: { Authorization: 'Basic cHVibGljLWNsaWVudDpwdWJsaWM=', 'Content-Type': 'application/x-www-form-urlencoded' },
					body: { grant_type: 'password', username: f.credentials.apiKey, password: f.credentials.apiSecret },
				}),
			},
		}),
		accounts: (d) => d.sites.slice(0, 4).map((/** @type {any} */ s) => [s.uid, s.name]),
		numberOf: bySeries,
		reAlertWhen: 'never',
	},
	{
		key: 'auvik',
		template: 'gradient-auvik-alert-sync.json',
		fixture: 'auvik',
		setting: 'auvikApiUrl',
		credentials: (f) => ({ httpBasicAuth: { user: f.credentials.username, password: f.credentials.apiKey } }),
		accounts: (d) =>
			d.tenants
				.filter((/** @type {any} */ t) => t.attributes.tenantType === 'client')
				.slice(0, 4)
				.map((/** @type {any} */ t) => [t.id, t.attributes.displayName]),
		numberOf: (id) => Number(id.split('-').pop()),
		reAlertWhen: 'never',
	},
	{
		key: 'rest',
		template: 'gradient-rest-json-alert-sync.json',
		fixture: 'generic',
		setting: 'apiBaseUrl',
		credentials: (f) => ({ httpHeaderAuth: { name: 'X-API-Key', value: f.credentials.apiKey } }),
		accounts: (d) => d.customers.slice(0, 4).map((/** @type {any} */ c) => [c.id, c.name]),
		numberOf: (id) => Number(id.replace('INC-', '')) - 1000,
		reAlertWhen: 'severityRaisedOrReopened',
	},
];

module.exports = { ALERT_SPECS };
