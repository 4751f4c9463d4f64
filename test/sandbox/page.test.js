// @ts-check
'use strict';
/**
 * GET / rendered in headless Chromium (Debian package `chromium`, driven by playwright-core):
 * the page shows the integration status, an account with its mapping state, a pushed count,
 * the rebuild counter and an alert's ticket.
 */
const fs = require('node:fs');
const { chromium } = require('playwright-core');
const { startSandbox, client, setupBilling, sleep, waitFor } = require('./helpers');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** @type {import('../../sandbox').Sandbox} */
let sb;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

beforeAll(async () => {
	sb = await startSandbox({
		port: 0,
		quiet: true,
		rateLimit: false,
		alertTicketDelayMs: 50,
		rebuildDebounceMs: 50,
	});
});
afterAll(async () => {
	await browser?.close();
	await sb.close();
});

test('the billing page shows status, mapping, counts, rebuilds and tickets', async () => {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
	const c = client(sb);
	const { serviceId } = await setupBilling(c, {
		accounts: [
			{ id: 'nw', name: 'Northwind Traders' },
			{ id: 'x', name: 'Unmapped <script>alert(1)</script> Ltd' },
		],
		map: false,
	});
	await c.admin('POST', '/sandbox/map', { accounts: ['nw'], services: [serviceId] });
	expect(
		(
			await c.api('POST', `/service/${serviceId}/count?no_build=true`, {
				accountId: 'nw',
				unitCount: 41,
			})
		).status,
	).toBe(201);
	expect(
		(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'nw', unitCount: 42 })).status,
	).toBe(201);
	// A count for the account the MSP has not mapped: refused (404), and listed on the page.
	expect(
		(await c.api('POST', `/service/${serviceId}/count`, { accountId: 'x', unitCount: 7 })).status,
	).toBe(404);
	const alert = (
		await c.api('POST', '/alerting/nw', {
			title: 'Backup failed',
			description: 'job 7',
			alertId: 'evt-7',
		})
	).data;
	await waitFor(async () => sb.snapshot().partners[0].billing.rebuilds === 1);
	await sleep(80);
	expect((await c.api('GET', `/alerting/debug/${alert.messageId}`)).data.status).toBe('success');

	browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
	const page = await browser.newPage();
	/** @type {string[]} */
	const dialogs = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	const res = await page.goto(sb.pageUrl);
	expect(res?.status()).toBe(200);
	expect(await page.title()).toContain('Contoso MSP (sandbox)');
	expect(await page.getByTestId('integration-status').innerText()).toBe('active');
	expect(await page.getByTestId('vendor-name').innerText()).toBe('Acme RMM (sandbox)');
	const accounts = page.getByTestId('accounts');
	const nwRow = accounts.locator('tr', { hasText: 'Northwind Traders' });
	expect(await nwRow.innerText()).toContain('Mapped');
	expect(await nwRow.innerText()).not.toContain('Not mapped');
	// Mapped to the PSA company of the same name (the demo seed's client).
	expect(await nwRow.getByTestId('psa-company').innerText()).toBe('Northwind Traders');
	const xRow = accounts.locator('tr', { hasText: 'Unmapped' });
	expect(await xRow.innerText()).toContain('Not mapped');
	expect(await xRow.innerText()).toContain('<script>alert(1)</script>'); // escaped, shown as text
	expect(await xRow.getByTestId('psa-company').innerText()).toBe('');
	const refused = page.getByTestId('refused-counts');
	expect(await refused.innerText()).toContain('<script>alert(1)</script>');
	expect(await refused.innerText()).toMatch(/\bx\b[\s\S]*\b7\b/);
	// The credential a user types into n8n, shown for the default partner.
	expect(await page.getByTestId('base-url').innerText()).toBe(sb.url);
	expect(await page.getByTestId('vendor-key').innerText()).toBe(sb.vendorKey);
	expect(await page.getByTestId('partner-key').innerText()).toBe(sb.partnerKey);
	expect(await page.getByTestId('count').first().innerText()).toBe('42');
	expect(await page.getByTestId('rebuilds').innerText()).toBe('1');
	expect(await page.getByTestId('billing-view').innerText()).toContain('42');
	expect(await page.getByTestId('ticket').first().innerText()).toMatch(/^Ticket #\d+$/);
	expect(await page.getByTestId('alerts').innerText()).toContain('Backup failed');
	expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('5');
	expect(dialogs).toEqual([]);
}, 30000);
