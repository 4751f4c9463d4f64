// @ts-check
'use strict';
/**
 * The incident endpoints of the vendor fixtures (sandbox/vendors/*.js): each serves the timeline
 * of sandbox/vendors/incidents.js in its vendor's shape, pages, filters by time, and moves on
 * between stages the way the alert templates expect.
 */
const { startVendorFixture } = require('../../sandbox/vendors');
const { expectedTickets } = require('../../sandbox/vendors/incidents');

/** @param {string} user @param {string} password */
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * @param {string} url
 * @param {Record<string, string>} headers
 */
async function get(url, headers) {
	const response = await fetch(url, { headers });
	expect(response.status).toBe(200);
	return /** @type {any} */ (await response.json());
}

/**
 * Every incident a fixture serves, reduced to what a template reads: id, customer, severity word,
 * resolved — each walks every page the way its template does.
 * @type {Record<string, (f: import('../../sandbox/vendors/http').VendorFixture) => Promise<Array<{ id: string, account: string, severity: string, resolved: boolean }>>>}
 */
const READ = {
	async huntress(f) {
		const headers = { authorization: basic(f.credentials.publicKey, f.credentials.privateKey) };
		const rows = [];
		let url = `${f.url}/v1/incident_reports?limit=2&sort_field=updated_at&sort_direction=desc`;
		for (;;) {
			const page = await get(url, headers);
			rows.push(...page.incident_reports);
			if (!page.pagination.next_page_url) break;
			url = page.pagination.next_page_url;
		}
		return rows.map((r) => ({
			id: String(r.id),
			account: String(r.organization_id),
			severity: r.severity,
			resolved: r.status === 'closed',
		}));
	},
	async sentinelone(f) {
		const headers = { authorization: `ApiToken ${f.credentials.apiToken}` };
		const rows = [];
		let cursor = '';
		do {
			const page = await get(
				`${f.url}/web/api/v2.1/threats?limit=2&sortBy=updatedAt${cursor ? `&cursor=${cursor}` : ''}`,
				headers,
			);
			rows.push(...page.data);
			cursor = page.pagination.nextCursor;
		} while (cursor);
		return rows.map((t) => ({
			id: t.id,
			account: t.agentRealtimeInfo.siteId,
			severity: t.threatInfo.confidenceLevel,
			resolved: t.threatInfo.incidentStatus === 'resolved',
		}));
	},
	async ninjaone(f) {
		const token = await fetch(`${f.url}/ws/oauth/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `grant_type=client_credentials&client_id=${f.credentials.clientId}&client_secret=${f.credentials.clientSecret}`,
		}).then(async (r) => /** @type {any} */ (await r.json()));
		const headers = { authorization: `Bearer ${token.access_token}` };
		const devices = await get(`${f.url}/v2/devices`, headers);
		const activities = [];
		let olderThan = '';
		for (;;) {
			const page = await get(
				`${f.url}/v2/activities?class=DEVICE&type=CONDITION&pageSize=3${olderThan ? `&olderThan=${olderThan}` : ''}`,
				headers,
			);
			if (page.activities.length === 0) break;
			activities.push(...page.activities);
			olderThan = page.activities[page.activities.length - 1].id;
		}
		// Newest first: the first activity seen of a series is its state now.
		/** @type {Map<string, any>} */
		const latest = new Map();
		for (const a of activities) if (!latest.has(a.seriesUid)) latest.set(a.seriesUid, a);
		return [...latest.values()].map((a) => ({
			id: a.seriesUid,
			account: String(devices.find((/** @type {any} */ d) => d.id === a.deviceId).organizationId),
			severity: a.severity,
			resolved: a.statusCode === 'RESET',
		}));
	},
	async dattormm(f) {
		const token = await fetch(`${f.url}/auth/oauth/token`, {
			method: 'POST',
			headers: {
				authorization: basic('public-client', 'public'),
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: `grant_type=password&username=${f.credentials.apiKey}&password=${f.credentials.apiSecret}`,
		}).then(async (r) => /** @type {any} */ (await r.json()));
		const headers = { authorization: `Bearer ${token.access_token}` };
		const rows = [];
		for (const list of ['open', 'resolved']) {
			let url = `${f.url}/api/v2/account/alerts/${list}?max=2`;
			for (;;) {
				const page = await get(url, headers);
				rows.push(...page.alerts);
				if (!page.pageDetails.nextPageUrl) break;
				url = page.pageDetails.nextPageUrl;
			}
		}
		return rows.map((a) => ({
			id: a.alertUid,
			account: a.alertSourceInfo.siteUid,
			severity: a.priority,
			resolved: a.resolved,
		}));
	},
	async auvik(f) {
		const headers = { authorization: basic(f.credentials.username, f.credentials.apiKey) };
		const rows = [];
		let url = `${f.url}/v1/alert/history/info?page[first]=2`;
		for (;;) {
			const page = await get(url, headers);
			rows.push(...page.data);
			if (!page.links.next) break;
			url = page.links.next;
		}
		return rows.map((a) => ({
			id: a.id,
			account: a.relationships.tenant.data.id,
			severity: a.attributes.severity,
			resolved: a.attributes.status === 'resolved',
		}));
	},
	async generic(f) {
		const headers = { 'x-api-key': f.credentials.apiKey };
		const rows = [];
		for (let offset = 0; ; offset += 2) {
			const page = await get(`${f.url}/api/v1/incidents?limit=2&offset=${offset}`, headers);
			rows.push(...page.items);
			if (offset + 2 >= page.total) break;
		}
		return rows.map((i) => ({
			id: i.id,
			account: i.customerId,
			severity: i.severity,
			resolved: i.status === 'resolved',
		}));
	},
};

describe.each(Object.keys(READ))('%s incidents', (vendor) => {
	/** @type {import('../../sandbox/vendors/http').VendorFixture} */
	let fixture;
	beforeAll(async () => {
		fixture = await startVendorFixture(vendor, { dataset: 'incidents-1' });
	});
	afterAll(() => fixture.close());

	it('serve the timeline over every page: 7 incidents on 4 customers, then #8, then #9; #3 resolves and reopens', async () => {
		const stage1 = await READ[vendor](fixture);
		expect(stage1).toHaveLength(7);
		expect(new Set(stage1.map((i) => i.account)).size).toBe(4);
		expect(stage1.filter((i) => i.resolved)).toHaveLength(1); // #6, resolved before any run
		fixture.setDataset('incidents-2');
		const stage2 = await READ[vendor](fixture);
		expect(stage2).toHaveLength(8);
		expect(stage2.filter((i) => i.resolved)).toHaveLength(2); // #6 and #3
		// #2's severity rose: one id whose severity word changed.
		const changed = stage2.filter((i) =>
			stage1.some((j) => j.id === i.id && j.severity !== i.severity),
		);
		expect(changed.length).toBeGreaterThanOrEqual(1);
		fixture.setDataset('incidents-3');
		const stage3 = await READ[vendor](fixture);
		expect(stage3).toHaveLength(9);
		expect(stage3.filter((i) => i.resolved)).toHaveLength(2); // #6 and #4; #3 reopened
		expect(new Set(stage3.map((i) => i.id)).size).toBe(9);
		// The ids of stage 1 are still the same incidents.
		for (const incident of stage1) expect(stage3.map((i) => i.id)).toContain(incident.id);
	});
});

it('the expected tickets per incident: one each (none for #6), two for #2 and #3 when re-alerting on raise and reopen', () => {
	expect(expectedTickets(3)).toEqual({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 7: 1, 8: 1, 9: 1 });
	expect(expectedTickets(3, 'severityRaisedOrReopened')).toEqual({
		1: 1,
		2: 2,
		3: 2,
		4: 1,
		5: 1,
		7: 1,
		8: 1,
		9: 1,
	});
	expect(expectedTickets(1, 'severityRaisedOrReopened')).toEqual({
		1: 1,
		2: 1,
		3: 1,
		4: 1,
		5: 1,
		7: 1,
	});
});
