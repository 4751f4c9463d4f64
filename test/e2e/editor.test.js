// @ts-check
'use strict';
/**
 * The n8n editor as a new user meets the package: real n8n 2.41 (`n8n start`) with the packed
 * package and a sandbox, driven in headless Debian Chromium (playwright-core, no browser download).
 * Sign in; find the package in the nodes panel by "Gradient"; add an action; create the credential
 * in its dialog (a wrong key first: the 401 message, then the right one: the test succeeds); pick a
 * service and an account "From list"; execute the step and read its output; add the trigger and
 * fetch a test event; import a shipped template and see only the expected missing-credential
 * warnings. Assertions read what the page shows; selectors are n8n's data-test-id attributes.
 *
 * On failure a screenshot goes to .e2e/artifacts/. With E2E_SCREENSHOTS=1 the run also writes the
 * README's pictures to docs/images/ (nodes panel, Sync Usage panel, credential test, setup page).
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');
const { createE2e, E2E_DIR } = require('../../tools/lib/e2e');
const { ensureSystemDeps } = require('../../tools/lib/system-deps');
const { seed } = require('./helpers');

const ARTIFACTS = path.join(E2E_DIR, 'artifacts');
const IMAGES = path.join(__dirname, '..', '..', 'docs', 'images');
const PICTURES = process.env.E2E_SCREENSHOTS === '1';
const ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

/** @type {import('../../tools/lib/e2e').E2e} */
let e2e;
/** @type {import('../../tools/lib/e2e').SandboxHandle} */
let synthesize;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string} */
let userDataDir;
const started = Date.now();

/** A picture for the README (only with E2E_SCREENSHOTS=1). @param {string} name @param {import('playwright-core').Locator} [clip] */
async function picture(name, clip) {
	if (!PICTURES) return;
	fs.mkdirSync(IMAGES, { recursive: true });
	const file = path.join(IMAGES, `${name}.png`);
	if (clip) await clip.screenshot({ path: file });
	else await page.screenshot({ path: file });
}

/**
 * One step of the walk-through: on failure, a screenshot named after it is kept in .e2e/artifacts/.
 * @param {string} name
 * @param {() => Promise<void>} body
 */
function step(name, body) {
	test(name, async () => {
		try {
			await body();
		} catch (error) {
			fs.mkdirSync(ARTIFACTS, { recursive: true });
			const file = path.join(ARTIFACTS, `editor-${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
			await page?.screenshot({ path: file }).catch(() => undefined);
			throw error;
		}
	});
}

beforeAll(async () => {
	const system = ensureSystemDeps({ only: ['chromium'], log: () => undefined });
	if (!system.ok) throw new Error(system.message);
	selectors.setTestIdAttribute('data-test-id');
	e2e = await createE2e({ name: 'editor' });
	synthesize = await e2e.addSandbox('editor', { seed: 'demo', rateLimit: false });
	await seed(synthesize, {
		services: [{ name: 'Managed Workstation' }, { name: 'Managed Server' }],
		accounts: [
			{ id: 'CUST-001', name: 'Northwind Traders' },
			{ id: 'CUST-002', name: 'Fabrikam Inc' },
		],
		mapAccounts: ['CUST-001'],
		mapServices: true,
	});
	// No credential is imported: the user creates it in the dialog.
	await e2e.n8n.start();
	userDataDir = fs.mkdtempSync(path.join(E2E_DIR, 'chromium-'));
	// A fresh user-data dir per run (playwright's persistent context), deleted afterwards.
	context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: system.env.CHROMIUM_PATH,
		headless: true,
		args: ARGS,
		viewport: { width: 1600, height: 1000 },
	});
	page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(20000);
});

afterAll(async () => {
	await context?.close().catch(() => undefined);
	if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
	await e2e?.close();
	process.stderr.write(`[editor] walk-through took ${Math.round((Date.now() - started) / 1000)} s\n`);
});

/** The node details view. */
const ndv = () => page.getByTestId('ndv');
/** @param {string} name */
const panelItem = (name) =>
	page.getByTestId('node-creator-item-name').getByText(name, { exact: true });

/** Open the nodes panel on an empty workflow and find the package by "Gradient". */
async function openPackageInPanel() {
	await page.goto(`${e2e.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Gradient');
	await panelItem('Gradient Synthesize').click();
}

step('sign in', async () => {
	await page.goto(`${e2e.n8n.url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(e2e.n8n.owner.email);
	await page.getByTestId('password').locator('input').fill(e2e.n8n.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
});

step('the nodes panel finds the package by "Gradient": one entry, its own description, triggers and grouped actions', async () => {
	await page.goto(`${e2e.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Gradient');
	const entry = page.getByTestId('item-iterator-item').filter({ has: panelItem('Gradient Synthesize') });
	await expect(entry.getByTestId('node-creator-item-description').innerText()).resolves.toMatch(
		/^Sync accounts, services, billing unit counts and alerts/,
	);
	await entry.click();
	const creator = page.getByTestId('node-creator');
	await creator.getByText('On new PSA client', { exact: true }).waitFor();
	await page.getByTestId('node-creator-category-item').filter({ hasText: /Actions/ }).click();
	for (const group of ['Account actions', 'Unit Count actions', 'Partner Key actions'])
		await creator.getByText(group, { exact: false }).first().waitFor();
	await panelItem('Sync usage').waitFor();
	await picture('nodes-panel', creator);
});

step('adding "Set unit count" picks the resource and operation', async () => {
	await panelItem('Set unit count').click();
	await ndv().waitFor();
	await expect(ndv().getByTestId('parameter-input-resource').locator('input').inputValue()).resolves.toBe('Unit Count');
	await expect(ndv().getByTestId('parameter-input-operation').locator('input').inputValue()).resolves.toBe('Set');
	// Every field the operation needs is shown (a broken display condition hides one).
	for (const field of ['serviceId', 'countFor', 'accountId', 'unitCount', 'partnerSource'])
		await ndv().getByTestId(`parameter-input-${field}`).waitFor();
});

step('the credential dialog: a wrong key gets the 401 message, the right keys test successfully', async () => {
	// No credential of the type exists yet: n8n offers to connect one.
	await ndv().getByRole('button', { name: 'Connect to Gradient Synthesize' }).click();
	const dialog = page.getByTestId('credential-edit-dialog');
	await dialog.waitFor();
	/** @param {string} key @param {string} value */
	const fill = (key, value) =>
		dialog.getByTestId(`parameter-input-${key}`).locator('input, textarea').fill(value);
	await fill('vendorApiKey', synthesize.sandbox.vendorKey);
	await fill('partnerApiKey', 'not-the-partner-key');
	await fill('baseUrl', synthesize.sandbox.url);
	await page.getByTestId('credential-save-button').click();
	await dialog.getByText('More details').click();
	await dialog.getByText(/Synthesize rejected the keys \(401\)\. Check the Vendor API Key and the Partner API Key/).waitFor();
	// The right key: n8n tests it on save and closes the dialog when the test succeeds.
	await fill('partnerApiKey', synthesize.sandbox.partnerKey);
	await page.getByTestId('credential-save-button').click();
	await dialog.waitFor({ state: 'hidden' });
	// Opened again, the saved credential is tested again and says so.
	await ndv().getByTestId('credential-edit-button').click();
	await dialog.getByText('Connection tested successfully').waitFor();
	await picture('credential-test', dialog);
	await page.locator('.el-dialog').filter({ has: dialog }).locator('.el-dialog__close').click();
	await dialog.waitFor({ state: 'hidden' });
});

step('a service and an account "From list", a whole-number count, then Execute step', async () => {
	await ndv().getByTestId('resource-locator-serviceId').getByTestId('rlc-input').click();
	await page.getByTestId('rlc-item').filter({ hasText: 'Managed Workstation' }).click();
	await ndv().getByTestId('resource-locator-accountId').getByTestId('rlc-input').click();
	const accounts = page.getByTestId('rlc-item');
	await accounts.filter({ hasText: 'Fabrikam Inc (CUST-002)' }).waitFor();
	await accounts.filter({ hasText: 'Northwind Traders (CUST-001)' }).click();
	const unitCount = ndv().getByTestId('parameter-input-unitCount').locator('input');
	await unitCount.fill('25');
	await unitCount.blur();
	await expect(unitCount.inputValue()).resolves.toBe('25');
	await ndv().getByTestId('node-execute-button').click();
	const output = ndv().getByTestId('output-panel');
	await output.getByTestId('node-run-status-success').waitFor();
	await output.getByText('pushed', { exact: true }).waitFor();
	await output.getByText('CUST-001', { exact: true }).waitFor();
	const counts = (await synthesize.client.state()).partners[0].counts;
	expect(counts).toEqual([expect.objectContaining({ accountId: 'CUST-001', unitCount: 25 })]);
});

step('Sync Usage: the canvas says "Sync Usage · Unit Count" and the node has its four outputs', async () => {
	const operation = ndv().getByTestId('parameter-input-operation');
	await operation.click();
	await page.locator('.el-select-dropdown__item').filter({ hasText: /^Sync Usage/ }).click();
	await ndv().getByTestId('parameter-input-accountIdField').waitFor();
	await ndv().getByText('Unit Conversion', { exact: true }).waitFor();
	await picture('sync-usage-panel');
	await ndv().getByTestId('ndv-close-button').click();
	// n8n renames a node that still has its default name when the operation changes.
	const node = page.getByTestId('canvas-node').filter({ hasText: 'Sync usage' });
	await node.getByText('Sync Usage · Unit Count', { exact: true }).waitFor();
	for (const output of ['Summary', 'Results', 'Unmapped', 'Failed'])
		await page.getByTestId('canvas-node-output-handle').filter({ hasText: output }).first().waitFor();
});

step('the trigger: an event from the panel, Fetch Test Event returns a sample', async () => {
	await openPackageInPanel();
	await panelItem('On integration status changed').click();
	await ndv().waitFor();
	await expect(ndv().getByTestId('parameter-input-event').locator('input').inputValue()).resolves.toBe(
		'Integration Status Changed',
	);
	// The credential created above is picked; version 2 asks for the partner instead of showing key fields.
	await ndv().getByTestId('parameter-input-partnerSource').waitFor();
	expect(await ndv().getByTestId('parameter-input-sealedPartnerKey').count()).toBe(0);
	await ndv().getByTestId('node-execute-button').click();
	const output = ndv().getByTestId('output-panel');
	await output.getByTestId('node-run-status-success').waitFor();
	await output.getByText('integrationStatusChanged', { exact: true }).first().waitFor();
	await ndv().getByTestId('ndv-close-button').click();
});

step('a shipped template imports and opens with no warning but its missing credentials', async () => {
	await page.goto(`${e2e.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor();
	await page
		.getByTestId('workflow-import-input')
		.setInputFiles(path.join(__dirname, '..', '..', 'workflows', 'gradient-rest-json-usage-sync.json'));
	await page.getByTestId('canvas-node').filter({ hasText: 'Sync usage' }).waitFor();
	await page.getByText('Sync Usage · Unit Count', { exact: true }).waitFor();
	// Whatever n8n flags on the canvas is a missing credential (the source's Header Auth), nothing else.
	const flagged = page.getByTestId('canvas-node').filter({ has: page.getByTestId('node-issues') });
	for (const node of await flagged.all()) {
		await node.getByTestId('node-issues').hover();
		await page.getByText(/credential/i).first().waitFor();
	}
	expect(await page.locator('.el-notification--error, .el-message--error').count()).toBe(0);
	expect(Date.now() - started).toBeLessThan(10 * 60000);
});
