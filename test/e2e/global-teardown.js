// @ts-check
'use strict';
/** After the e2e run: stop the shared n8n that global-setup.js started, if any. */
module.exports = async function globalTeardown() {
	const shared = /** @type {any} */ (globalThis).__gradientSharedN8n;
	if (shared) await shared.stop();
};
