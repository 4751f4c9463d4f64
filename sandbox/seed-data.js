// @ts-check
'use strict';
/** Deterministic seed content (names only; ids come from the seeded PRNG in state.js). */

const DEMO_VENDOR = {
	name: 'Acme RMM (sandbox)',
	description: 'Sandbox vendor profile emulating a Gradient Synthesize custom integration',
};

const DEMO_PARTNER_NAME = 'Contoso MSP (sandbox)';
const EMPTY_VENDOR = { name: 'Sandbox Vendor', description: 'Empty sandbox vendor profile' };
const EMPTY_PARTNER_NAME = 'Sandbox Partner';

/** 25 realistic MSP customer names for the demo partner's PSA. */
const DEMO_CLIENTS = [
	'Northwind Traders',
	'Fabrikam Inc',
	'Adventure Works Cycles',
	'Tailspin Toys',
	'Wide World Importers',
	'Litware Inc',
	'Proseware Inc',
	'Woodgrove Bank',
	'Coho Winery',
	'Alpine Ski House',
	'Blue Yonder Airlines',
	'Fourth Coffee',
	'Graphic Design Institute',
	'Humongous Insurance',
	'Lucerne Publishing',
	"Margie's Travel",
	'Relecloud',
	'Southridge Video',
	'Trey Research',
	'VanArsdel Ltd',
	'Wingtip Toys',
	'Bellows College',
	'A. Datum Corporation',
	'First Up Consultants',
	'City Power & Light',
];

/** A few PSA clients for partners added through POST /sandbox/partners. */
const EXTRA_PARTNER_CLIENTS = [
	'Harbor View Dental',
	'Greenfield Accounting LLP',
	'Summit Property Group',
	'Riverside Veterinary Clinic',
	'Oak & Ash Legal',
];

/** Fixed timestamp for seeded entities, so two seeded sandboxes are identical. */
const SEED_TIME = '2024-01-15T09:00:00.000Z';

/** @param {string} name */
function identifierFor(name) {
	return name
		.toUpperCase()
		.replace(/[^A-Z0-9]+/g, '')
		.slice(0, 12);
}

module.exports = {
	DEMO_VENDOR,
	DEMO_PARTNER_NAME,
	EMPTY_VENDOR,
	EMPTY_PARTNER_NAME,
	DEMO_CLIENTS,
	EXTRA_PARTNER_CLIENTS,
	SEED_TIME,
	identifierFor,
};
