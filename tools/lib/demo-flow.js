// @ts-check
'use strict';
/**
 * What `npm run demo` runs (tools/demo.js): the templates it fills in, the steps in order (a
 * template in n8n, or the MSP's part in the sandbox), what must have arrived in Synthesize, and
 * one line per finished run.
 */

/**
 * The vendor side of the demo: "your platform", a paginated REST API with 9 customers and 300
 * assets (sandbox/vendors/generic.js). The customers carry the demo MSP's PSA client names.
 * @typedef {import('../../sandbox/vendors/http').VendorFixture} Platform
 * @typedef {{ sandbox: import('./sandbox-client').SandboxClient, n8n: import('./n8n').N8n, platform: Platform }} Context
 * @typedef {{ title: string, template?: string, msp?: (ctx: Context) => Promise<string> }} Step
 */

/** The shipped templates the flow runs, with the Settings a user would fill in after import. */
const TEMPLATES = {
	onboard: {
		file: 'workflows/gradient-onboard.json',
		/** @param {Platform} platform */
		settings: (platform) => ({ customersUrl: `${platform.url}/api/v1/customers` }),
	},
	usage: {
		file: 'workflows/gradient-rest-json-usage-sync.json',
		/** @param {Platform} platform */
		settings: (platform) => ({
			apiBaseUrl: platform.url,
			notifyWebhookUrl: `${platform.url}/notify/unmapped-digest`,
		}),
	},
	testAlert: {
		file: 'workflows/gradient-test-alert.json',
		/** @param {Platform} platform */
		settings: (platform) => ({
			accountId: 'CUST-001',
			notifyWebhookUrl: `${platform.url}/notify/test-alert`,
		}),
	},
};

/** The customer the MSP has not mapped yet: its counts are reported as unmapped, not lost. */
const UNMAPPED_CUSTOMER = 'CUST-009';

/**
 * The main flow, in order. A step runs a template in n8n, or acts as the MSP in Synthesize (the
 * sandbox's admin API).
 * @type {Step[]}
 */
const STEPS = [
	{
		title:
			'Template "Connect and onboard": credential check, pending, services, one account per customer',
		template: 'onboard',
	},
	{
		title: `The MSP maps the services and every account but ${UNMAPPED_CUSTOMER} in Synthesize`,
		msp: async ({ sandbox }) => {
			const state = await sandbox.state();
			const partner = state.partners.find(
				(/** @type {any} */ p) => p.id === state.defaultPartnerId,
			);
			const accounts = partner.accounts
				.map((/** @type {any} */ a) => a.id)
				.filter((/** @type {string} */ id) => id !== UNMAPPED_CUSTOMER);
			await sandbox.map({ accounts, services: 'all' });
			return `mapped ${accounts.length} accounts and ${partner.services.length} services`;
		},
	},
	{
		title: 'Template "REST JSON usage sync": every page of assets → Sync Usage (one rebuild)',
		template: 'usage',
	},
	{
		title: 'Template "Test alert": a labelled alert becomes a PSA ticket',
		template: 'testAlert',
	},
];

/**
 * What must have arrived in Synthesize after STEPS (for --once and the final verdict).
 * @param {Platform} platform
 */
function expected(platform) {
	const data = platform.dataset();
	const kinds = (/** @type {string} */ customer) =>
		new Set(
			data.assets
				.filter((/** @type {any} */ a) => a.customerId === customer && !a.retired)
				.map((/** @type {any} */ a) => a.kind),
		).size;
	const customers = data.customers.length;
	return {
		status: 'active',
		services: 3,
		accounts: customers,
		mappedAccounts: customers - 1,
		counts: data.customers
			.filter((/** @type {any} */ c) => c.id !== UNMAPPED_CUSTOMER)
			.reduce((n, /** @type {any} */ c) => n + kinds(c.id), 0),
		unmapped: kinds(UNMAPPED_CUSTOMER),
		rebuilds: 1,
		tickets: 1,
	};
}

/**
 * One line about a finished workflow run: the last node and its item count, and any outcome counts.
 * @param {any} run
 */
function describeRun(run) {
	const runData = run?.data?.resultData?.runData ?? {};
	const last = run?.data?.resultData?.lastNodeExecuted;
	const items = runData[last]?.[0]?.data?.main?.[0] ?? [];
	/** @type {Record<string, number>} */
	const outcomes = {};
	for (const item of items) {
		if (typeof item.json?.outcome === 'string')
			outcomes[item.json.outcome] = (outcomes[item.json.outcome] ?? 0) + 1;
		if (typeof item.json?.ticketStatus === 'string')
			outcomes[`ticket ${item.json.ticketStatus}`] = 1;
	}
	const extra = Object.entries(outcomes)
		.map(([name, n]) => `${n} ${name}`)
		.join(', ');
	return `"${last}" → ${items.length} item${items.length === 1 ? '' : 's'}${extra ? ` (${extra})` : ''}`;
}


module.exports = { TEMPLATES, STEPS, UNMAPPED_CUSTOMER, expected, describeRun };
