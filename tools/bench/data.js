// @ts-check
'use strict';
/**
 * The benchmark's usage data: one function gives the count of every (account, service) pair for a
 * run, and the same function, as source text, is the "Usage rows" Code node of every bench
 * workflow (tools/bench/workflows/*.json, `%%USAGE_ROWS%%`). What the workflows push and what the
 * bench expects Synthesize to hold therefore cannot drift apart.
 */

/**
 * @typedef {{ upTo: number, add: number }} Change pairs with index < upTo count `add` more
 * @typedef {{ prefix: string, count: number }} Accounts accounts `${prefix}0` … `${prefix}${count - 1}`
 * @typedef {{ accounts: Accounts, services: string[], changes?: Change[], rowsPerPair?: number,
 *   serviceIds?: Record<string, string>, baseUrl?: string }} RunBody the webhook body of every bench workflow
 */

/**
 * The count of pair (a, s): 1 + (7a + 3s) mod 50, plus every change whose range holds the pair.
 * Self-contained: its source text runs inside n8n's Code node.
 * @param {number} a account index
 * @param {number} s service index
 * @param {number} services how many services
 * @param {Change[]} changes
 */
function pairCount(a, s, services, changes) {
	const pair = a * services + s;
	let count = 1 + ((a * 7 + s * 3) % 50);
	for (const change of changes) if (pair < change.upTo) count += change.add;
	return count;
}

/** The "Usage rows" Code node: the rows of a run, from the webhook body. */
const USAGE_ROWS_CODE = `// Deterministic usage rows for the benchmark (tools/bench/data.js computes the same counts).
// Each (account, service) pair totals pairCount(...), split into \`rowsPerPair\` rows that Sync Usage
// sums back. With \`serviceIds\` (the hand-built workflows) a row names the service by its id.
const pairCount = ${pairCount.toString()};
const { accounts, services, rowsPerPair = 1, changes = [], serviceIds = null, baseUrl = '' } = $json.body;
const rows = [];
for (let a = 0; a < accounts.count; a++) {
  const accountId = \`\${accounts.prefix}\${a}\`;
  for (let s = 0; s < services.length; s++) {
    const total = pairCount(a, s, services.length, changes);
    const share = Math.floor(total / rowsPerPair);
    for (let r = 0; r < rowsPerPair; r++) {
      const unitCount = r === rowsPerPair - 1 ? total - share * (rowsPerPair - 1) : share;
      rows.push(serviceIds
        ? { json: { baseUrl, serviceId: serviceIds[services[s]], accountId, unitCount } }
        : { json: { accountId, service: services[s], unitCount } });
    }
  }
}
return rows;`;

/**
 * What Synthesize must hold for one partner after a run: `accountId|serviceId` → count. Accounts
 * beyond `present` left (their pairs must read 0 once a workflow that zeroes them has run).
 * @param {{ prefix: string, accounts: number }} partner
 * @param {{ present: number, changes: Change[], zeroed: boolean }} state
 * @param {string[]} serviceIds in the order of the services
 */
function expectedCounts(partner, state, serviceIds) {
	/** @type {Map<string, number>} */
	const expected = new Map();
	for (let a = 0; a < partner.accounts; a++) {
		for (let s = 0; s < serviceIds.length; s++) {
			const key = `${partner.prefix}${a}|${serviceIds[s]}`;
			if (a < state.present) expected.set(key, pairCount(a, s, serviceIds.length, state.changes));
			else if (state.zeroed) expected.set(key, 0);
		}
	}
	return expected;
}

/**
 * The pairs whose count differs between two states: what a run from `before` to `after` must push.
 * @param {{ prefix: string, accounts: number }} partner
 * @param {{ present: number, changes: Change[], zeroed: boolean }} before
 * @param {{ present: number, changes: Change[], zeroed: boolean }} after
 * @param {string[]} serviceIds
 */
function changedPairs(partner, before, after, serviceIds) {
	const was = expectedCounts(partner, before, serviceIds);
	const now = expectedCounts(partner, after, serviceIds);
	/** @type {Set<string>} */
	const changed = new Set();
	for (const [key, count] of now) if (was.get(key) !== count) changed.add(key);
	return changed;
}

module.exports = { pairCount, USAGE_ROWS_CODE, expectedCounts, changedPairs };
