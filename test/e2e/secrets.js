// @ts-check
'use strict';
/**
 * Looks for keys and tokens everywhere n8n and the sandbox keep something: the execution data
 * the public API returns (`includeData=true`), n8n's SQLite database file with its WAL, n8n's
 * log, and every sandbox's request log. Shared by the secrets test of the reliability suite and
 * the template tests.
 *
 *   const report = await scanForSecrets(e2e, { secrets: e2e.secrets() });
 *   expect(report.hits).toEqual([]);
 */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Where `secrets` occur in `text`: as they are, JSON-escaped, and URL-encoded.
 * @param {string} text
 * @param {string[]} secrets
 */
function occurrences(text, secrets) {
	return secrets.filter((secret) => {
		if (secret === '') return false;
		const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
		return [...forms].some((form) => text.includes(form));
	});
}

/**
 * @typedef {object} SecretsReport
 * @property {Array<{ place: string, secret: string }>} hits every (place, secret) found; the secret is named by its index, never quoted
 * @property {Record<string, number>} scanned bytes (characters) searched per place
 * @property {number} executions executions read through the public API
 */

/**
 * @param {import('../../tools/lib/e2e').E2e} e2e with n8n started (the public API is read)
 * @param {{ secrets: string[], texts?: Record<string, string>, sandboxes?: Array<import('../../tools/lib/e2e').SandboxHandle> }} options
 *   texts: more places (e.g. the node outputs and errors of execute-batch snapshots)
 * @returns {Promise<SecretsReport>}
 */
async function scanForSecrets(e2e, options) {
	const secrets = [...new Set(options.secrets.filter((secret) => secret !== ''))];
	/** @type {SecretsReport} */
	const report = { hits: [], scanned: {}, executions: 0 };
	/** @param {string} place @param {string} text */
	const search = (place, text) => {
		report.scanned[place] = (report.scanned[place] ?? 0) + text.length;
		for (const secret of occurrences(text, secrets)) report.hits.push({ place, secret: `secret #${secrets.indexOf(secret)}` });
	};

	const executions = await e2e.n8n.executions({ includeData: true });
	report.executions = executions.length;
	search('execution data (public API, includeData=true)', JSON.stringify(executions));

	// The database and its write-ahead log, byte for byte (latin1 keeps every byte one character).
	const dir = path.join(e2e.userFolder, '.n8n');
	for (const file of fs.readdirSync(dir).filter((name) => name.startsWith('database.sqlite'))) {
		search(`database file ${file}`, fs.readFileSync(path.join(dir, file)).toString('latin1'));
	}
	search("n8n's log", e2e.n8n.log.text());
	for (const handle of options.sandboxes ?? e2e.sandboxes) {
		search(`request log of sandbox "${handle.key}"`, JSON.stringify(handle.sandbox.log.list()));
	}
	for (const [place, text] of Object.entries(options.texts ?? {})) search(place, text);
	return report;
}

/**
 * Checks what a recording proxy saw: a token only as the value of the GRADIENT-TOKEN header, and
 * no key anywhere (URL, any header, body).
 * @param {import('../../tools/lib/recorder').RecordedRequest[]} requests
 * @param {{ tokens: string[], keys: string[] }} secrets
 * @returns {string[]} what was wrong, one line each (empty when nothing)
 */
function wireProblems(requests, secrets) {
	/** @type {string[]} */
	const problems = [];
	requests.forEach((request, index) => {
		const where = `request ${index} (${request.method} ${request.url.split('?')[0]})`;
		const outsideToken = [
			request.url,
			request.body,
			...Object.entries(request.headers).filter(([name]) => name !== 'gradient-token').map(([name, value]) => `${name}: ${String(value)}`),
		].join('\n');
		const tokenHeader = String(request.headers['gradient-token'] ?? '');
		for (const index2 of occurrences(outsideToken, secrets.tokens).map((token) => secrets.tokens.indexOf(token))) problems.push(`${where}: token #${index2} outside the GRADIENT-TOKEN header`);
		for (const index2 of occurrences(`${outsideToken}\n${tokenHeader}`, secrets.keys).map((key) => secrets.keys.indexOf(key))) problems.push(`${where}: key #${index2} on the wire`);
	});
	return problems;
}

module.exports = { scanForSecrets, wireProblems, occurrences };
