// @ts-check
'use strict';
/**
 * The n8n editor as a new user meets the package: real n8n 2.41 (`n8n start`) with the packed
 * package and a sandbox, driven in headless Debian Chromium (playwright-core, no browser download).
 * Sign in; find the package in the nodes panel by "Gradient"; add an action; create the credential
 * in its dialog (a wrong key first: the 401 message, then the right one: the test succeeds); pick a
 * service and an account "From list"; execute the step and read its output; add the trigger and
 * fetch a test event; import a shipped template and see only the expected missing-credential
 * warnings; run Sync Usage on three rows and read its four outputs. Then the partners connect form
 * (workflows/partners/gradient-partners-connect.json) as an MSP meets it, from a signed portal link:
 * n8n refuses to publish it while a credential is missing; published with the vendor's set-up
 * unfinished it shows the vendor-facing "Setup incomplete" page (no Hmac Secret in the Portal link
 * secret, then no Partner Registry Secret), and once set up, a wrong key gets the partner's page.
 * Assertions read what the page shows; selectors are n8n's data-test-id attributes.
 *
 * On failure a screenshot goes to .tmp/e2e-artifacts/. With E2E_SCREENSHOTS=1 the run also writes the
 * README's pictures to docs/images/ (nodes panel, credential test, Sync Usage panel, setup page).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium, selectors } = require('playwright-core');
const { createE2e, E2E_DIR, E2E_ARTIFACTS, NODE_TYPE } = require('../../tools/lib/e2e');
const { ensureSystemDeps } = require('../../tools/lib/system-deps');
const { seed } = require('./helpers');
const {
	CONNECT,
	prepare,
	readWorkflow,
	portalLink,
	waitForForm,
	partnersTable,
} = require('./partners/workflows');

const ARTIFACTS = E2E_ARTIFACTS;
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

/**
 * Resolves once the CSS animations and transitions under `locator` have finished (a button that
 * fades in): a cancelled one is replaced by the next, which is awaited in turn; endless ones
 * (spinners) are not waited for.
 * @param {import('playwright-core').Locator} locator
 */
const settled = (locator) =>
	locator.evaluate(async (element) => {
		for (let round = 0; round < 20; round++) {
			const running = element
				.getAnimations({ subtree: true })
				.filter(
					(animation) =>
						animation.playState === 'running' &&
						animation.effect?.getComputedTiming().iterations !== Infinity,
				);
			if (running.length === 0) return;
			await Promise.all(running.map((animation) => animation.finished.catch(() => undefined)));
		}
	});

/**
 * A picture for the README (only with E2E_SCREENSHOTS=1): the page, an element, a region, or
 * several shots side by side.
 * @param {string} name
 * @param {import('playwright-core').Locator | { x: number, y: number, width: number, height: number } | Buffer[]} [what]
 */
async function picture(name, what) {
	if (!PICTURES) return;
	fs.mkdirSync(IMAGES, { recursive: true });
	const file = path.join(IMAGES, `${name}.png`);
	if (Array.isArray(what)) {
		// Shots side by side, rendered by the browser itself (no image library).
		const sheet = await context.newPage();
		try {
			const images = what
				.map((shot) => `<img src="data:image/png;base64,${shot.toString('base64')}">`)
				.join('');
			await sheet.setContent(
				`<div id="sheet" style="display:inline-flex;align-items:flex-start;gap:24px;padding:12px;background:#fff">${images}</div>` +
					'<style>body{margin:0}img{border:1px solid #ddd}</style>',
			);
			await sheet.locator('#sheet').screenshot({ path: file });
		} finally {
			await sheet.close();
		}
	} else if (what && 'screenshot' in what) await what.screenshot({ path: file });
	else await page.screenshot({ path: file, clip: what });
}

/** A shot to put into a picture (only with E2E_SCREENSHOTS=1). @param {import('playwright-core').Locator} locator @param {number} [height] the top part only */
async function shot(locator, height) {
	if (!PICTURES) return Buffer.alloc(0);
	const box = await locator.boundingBox();
	if (!box) throw new Error('shot: the element is not visible');
	return await page.screenshot({
		clip: { ...box, height: Math.min(box.height, height ?? box.height) },
	});
}

/**
 * One step of the walk-through: on failure, a screenshot named after it is kept in .tmp/e2e-artifacts/.
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
	const creator = page.getByTestId('node-creator');
	// One entry for the package: the search finds nothing else.
	await expect(page.getByTestId('item-iterator-item').count()).resolves.toBe(1);
	await settled(creator);
	const found = await shot(creator, 260);
	await entry.click();
	await creator.getByText('On new PSA client', { exact: true }).waitFor();
	await page.getByTestId('node-creator-category-item').filter({ hasText: /Actions/ }).click();
	for (const group of ['Account actions', 'Unit Count actions', 'Partner Key actions'])
		await creator.getByText(group, { exact: false }).first().waitFor();
	await panelItem('Sync usage').waitFor();
	await settled(creator);
	await picture('nodes-panel', [found, await shot(creator)]);
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
	// n8n asks its server for the new credential's name after the dialog opens; saved before that
	// answer (a loaded machine), it is refused with "String must contain at least 1 character(s)".
	await page.locator('[data-test-id="credential-name"]').waitFor();
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
	const modal = page.locator('.el-dialog').filter({ has: dialog });
	// The dialog tests again when it opens: its Retry button shows a spinner until that ends.
	await dialog
		.getByTestId('credentials-config-container-test-success')
		.getByText('Retry', { exact: true })
		.waitFor();
	await settled(modal);
	if (PICTURES) {
		// The dialog from its title to the Base URL (below it: n8n's own domain and vault fields).
		const top = await modal.boundingBox();
		const baseUrl = await dialog.getByTestId('parameter-input-baseUrl').boundingBox();
		if (!top || !baseUrl) throw new Error('the credential dialog is not visible');
		const height = baseUrl.y + baseUrl.height + 24 - top.y;
		await picture('credential-test', { x: top.x, y: top.y, width: top.width, height });
	}
	await modal.locator('.el-dialog__close').click();
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

step('a shipped template imports and opens: every node drawn, no error', async () => {
	const file = path.join(__dirname, '..', '..', 'workflows', 'gradient-rest-json-usage-sync.json');
	const template = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = template.nodes.filter(
		(/** @type {any} */ node) => node.type !== 'n8n-nodes-base.stickyNote',
	);
	await page.goto(`${e2e.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').waitFor();
	await page.getByTestId('workflow-import-input').setInputFiles(file);
	await page.getByTestId('canvas-node').filter({ hasText: 'Sync usage' }).waitFor();
	await page.getByText('Sync Usage · Unit Count', { exact: true }).waitFor();
	// n8n 2.41 draws every node of the template (an unknown type or a broken description would
	// leave one out or mark it) and flags none: its credentials (ids null) are simply unset.
	expect(await page.getByTestId('canvas-node').count()).toBe(nodes.length);
	expect(await page.getByTestId('node-issues').count()).toBe(0);
	expect(await page.locator('.el-notification--error, .el-message--error').count()).toBe(0);
});

step(
	'Sync Usage on three rows: the panel shows the rows, the parameters and the four outputs with their items',
	async () => {
		// A workflow as a user builds it: rows pinned on the trigger, Sync Usage with the credential
		// created in the dialog above (created through n8n's REST API, as the editor saves it).
		const credentials = await e2e.n8n.api.get('/credentials');
		const credential = credentials.data.data.find(
			(/** @type {any} */ c) =>
				c.type === 'gradientSynthesizeApi' && c.name === 'Gradient Synthesize account',
		);
		expect(credential).toBeDefined();
		const created = await e2e.n8n.rest('POST', '/rest/workflows', {
			name: 'Usage to Synthesize',
			nodes: [
				{
					id: crypto.randomUUID(),
					name: 'Usage rows',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: crypto.randomUUID(),
					name: 'Sync usage',
					type: NODE_TYPE,
					typeVersion: 1,
					position: [260, 0],
					parameters: { resource: 'unitCount', operation: 'syncUsage' },
					credentials: { gradientSynthesizeApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { 'Usage rows': { main: [[{ node: 'Sync usage', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			pinData: {
				'Usage rows': [
					{ json: { accountId: 'CUST-001', service: 'Managed Workstation', unitCount: 12 } },
					{ json: { accountId: 'CUST-001', service: 'Managed Server', unitCount: 3 } },
					// CUST-002 is not mapped in Synthesize: its row goes to Unmapped.
					{ json: { accountId: 'CUST-002', service: 'Managed Workstation', unitCount: 5 } },
				],
			},
		});
		expect(created.status).toBe(200);
		await page.goto(`${e2e.n8n.url}/workflow/${created.data.data.id}`);
		const node = page.getByTestId('canvas-node').filter({ hasText: 'Sync usage' });
		await node.waitFor();
		await page.getByTestId('execute-workflow-button').click();
		await node.getByTestId('canvas-node-status-success').waitFor();
		await node.dblclick();
		// Give the output panel the room of its four tabs, and show the rows as a table.
		const handle = await ndv().getByTestId('panel-drag-button').boundingBox();
		if (!handle) throw new Error('the panel handle is not visible');
		await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
		await page.mouse.down();
		await page.mouse.move(handle.x + handle.width / 2 - 200, handle.y + handle.height / 2, {
			steps: 10,
		});
		await page.mouse.up();
		await ndv().getByTestId('ndv-input-panel').getByTestId('radio-button-table').click();
		await ndv()
			.getByTestId('ndv-input-panel')
			.getByText('Managed Server', { exact: true })
			.waitFor();
		const output = ndv().getByTestId('output-panel');
		await output.getByTestId('radio-button-table').click();
		const tabs = output.getByTestId('branches');
		for (const [index, label] of [
			'Summary Branch (1 item)',
			'Results Branch (2 items)',
			'Unmapped Branch (1 item)',
			'Failed Branch',
		].entries())
			await expect(tabs.getByTestId(`tab-${index}`).innerText()).resolves.toBe(label);
		const counts = (await synthesize.client.state()).partners[0].counts;
		expect(counts).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ accountId: 'CUST-001', unitCount: 12 }),
				expect.objectContaining({ accountId: 'CUST-001', unitCount: 3 }),
			]),
		);
		// n8n's "Workflow executed successfully" toast is not part of the panel.
		for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click();
		await page.locator('.el-notification').first().waitFor({ state: 'detached' });
		await settled(ndv());
		await picture('sync-usage-panel');
		await ndv().getByTestId('ndv-close-button').click();
	},
);

/** The partners connect form on this n8n: its workflow (saved by the editor) and credentials (public API). */
const connect = {
	workflowId: '',
	partnerId: 'msp-editor',
	linkSecret: 'editor-portal-link-secret-0123',
	registrySecret: 'editor-partner-registry-secret-0123',
	/** @type {Record<string, { id: string, name: string }>} */
	credentials: {},
};

/**
 * Opens the connect page from a signed portal link, pastes `key`, presses Connect, and returns
 * the page n8n shows next: the workflow's ending page, or n8n's own when the execution gave none
 * ("Could not get execution status", "Problem submitting response"), which fails the test.
 * @param {string} key
 */
async function connectInBrowser(key) {
	await page.goto(
		`${e2e.n8n.url}/form/${CONNECT.form}?${portalLink(connect.linkSecret, connect.partnerId)}`,
	);
	await page.getByLabel('Partner API Key').fill(key);
	await page.getByRole('button', { name: 'Connect' }).click();
	// n8n's page script polls the execution, then opens the ending page (/form-waiting/<id>).
	const outcome = await Promise.race([
		page.waitForURL(/\/form-waiting\//, { timeout: 90000 }).then(() => 'ending'),
		page
			.locator('#submitted-form')
			.waitFor({ state: 'visible', timeout: 90000 })
			.then(() => 'n8n')
			.catch(() => 'none'),
	]);
	if (outcome !== 'ending')
		throw new Error(`not the workflow's page but n8n's: ${await page.locator('body').innerText()}`);
	const card = page.locator('.card');
	return {
		card,
		title: await card.locator('h1').innerText(),
		message: await card.locator('p').first().innerText(),
	};
}

step(
	'n8n will not publish the connect form while a credential is missing (the Portal link secret among them)',
	async () => {
		await page.goto(`${e2e.n8n.url}/workflow/new`);
		await page.getByTestId('canvas-add-button').waitFor();
		await page
			.getByTestId('workflow-import-input')
			.setInputFiles(path.join(__dirname, '..', '..', CONNECT.file));
		await page.getByTestId('canvas-node').filter({ hasText: 'Sign link' }).waitFor();
		// The editor saves an imported workflow at once.
		await page.waitForURL(
			(url) => /^\/workflow\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
		);
		connect.workflowId = new URL(page.url()).pathname.split('/').pop() ?? '';
		await page.getByTestId('workflow-open-publish-modal-button').click();
		await page.getByTestId('workflow-publish-button').click();
		const refused = page
			.locator('.el-notification')
			.filter({ hasText: 'Workflow could not be published' });
		await refused.waitFor();
		const text = (await refused.innerText()).replace(/\s+/g, ' ');
		expect(text).toContain('Node "Sign link": - Credential not configured: crypto');
		expect(text).toContain(
			'Node "Seal partner key": - Credential not configured: gradientSynthesizeApi',
		);
		await page.getByTestId('workflow-publish-cancel-button').click();
		// Leave the editor: the steps below change this workflow through the public API.
		await page.goto('about:blank');
	},
);

step(
	'published with no Hmac Secret in the Portal link secret: "Setup incomplete", the portal link secret is not set (not n8n\'s "Could not get execution status")',
	async () => {
		const api = e2e.n8n.api;
		/** @param {string} name @param {string} type @param {Record<string, string>} data */
		const create = async (name, type, data) => {
			const response = await api.post('/credentials', { name, type, data });
			expect({ name, status: response.status }).toEqual({ name, status: 200 });
			return { id: String(response.data.id), name };
		};
		// The vendor's credential without a Partner Registry Secret (and no Partner API Key, as the
		// template asks); the Crypto credential exists, its Hmac Secret left empty.
		connect.credentials = {
			gradientSynthesizeApi: await create('Gradient Synthesize (vendor)', 'gradientSynthesizeApi', {
				vendorApiKey: synthesize.sandbox.vendorKey,
				baseUrl: synthesize.sandbox.url,
			}),
			crypto: await create('Portal link secret', 'crypto', { hmacSecret: '' }),
			httpHeaderAuth: await create('Vendor platform API key', 'httpHeaderAuth', {
				name: 'X-API-Key',
				value: 'not-used-by-these-pages',
			}),
		};
		const workflow = prepare(readWorkflow(CONNECT.file), connect.credentials, {});
		const { name, nodes, connections, settings } = workflow;
		const saved = await api.put(`/workflows/${connect.workflowId}`, {
			name,
			nodes,
			connections,
			settings,
		});
		expect(saved.status).toBe(200);
		const published = await api.post(`/workflows/${connect.workflowId}/activate`, {});
		expect(published.status).toBe(200);
		await waitForForm(e2e.n8n, CONNECT.form);
		const since = await synthesize.client.lastSeq();
		const shown = await connectInBrowser(synthesize.sandbox.partnerKey);
		expect(shown.title).toBe('Setup incomplete');
		expect(shown.message).toContain(
			"not fully set up on Acme RMM's side yet: the portal link secret is not set",
		);
		expect(shown.message).toContain('Nothing was saved');
		// Nothing for the partner to do about its key or its link.
		expect(shown.message).not.toMatch(/Partner API Key|fresh link|not signed/);
		expect(await synthesize.client.lastSeq()).toBe(since);
		expect(await partnersTable(e2e.n8n)).toEqual({});
	},
);

step(
	'with the Hmac Secret, no Partner Registry Secret: the vendor-facing "Setup incomplete" page, no advice about the key',
	async () => {
		const patched = await e2e.n8n.api.patch(`/credentials/${connect.credentials.crypto.id}`, {
			data: { hmacSecret: connect.linkSecret },
			isPartialData: true,
		});
		expect(patched.status).toBe(200);
		const since = await synthesize.client.lastSeq();
		const shown = await connectInBrowser(synthesize.sandbox.partnerKey);
		expect(shown.title).toBe('Setup incomplete');
		expect(shown.message).toContain(
			"not fully set up on Acme RMM's side yet: The credential has no Partner Registry Secret",
		);
		expect(shown.message).toContain('Nothing was saved, and your key is fine');
		expect(shown.message).not.toMatch(/Copy the Partner API Key|generate a new one/);
		// The secret is checked before any request: Synthesize saw nothing, nothing was stored.
		expect(await synthesize.client.lastSeq()).toBe(since);
		expect((await partnersTable(e2e.n8n))[connect.partnerId]).toBeUndefined();
		if (PICTURES) {
			const box = await shown.card.boundingBox();
			if (!box) throw new Error('the page shows no card');
			await picture('setup-incomplete', {
				x: box.x - 24,
				y: Math.max(0, box.y - 24),
				width: box.width + 48,
				height: box.height + 48,
			});
		}
	},
);

step(
	'set up, a wrong key: the partner-facing "We could not connect with this key", nothing stored',
	async () => {
		const patched = await e2e.n8n.api.patch(
			`/credentials/${connect.credentials.gradientSynthesizeApi.id}`,
			{
				data: { partnerRegistrySecret: connect.registrySecret },
				isPartialData: true,
			},
		);
		expect(patched.status).toBe(200);
		const shown = await connectInBrowser('not-the-partner-key-0001');
		expect(shown.title).toBe('We could not connect with this key');
		expect(shown.message).toContain(
			'Nothing was saved: Synthesize did not accept the API keys (401)',
		);
		expect(shown.message).toContain('Copy the Partner API Key again from Synthesize');
		expect((await partnersTable(e2e.n8n))[connect.partnerId]).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(10 * 60000);
	},
);
