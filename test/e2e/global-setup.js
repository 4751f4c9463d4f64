// @ts-check
'use strict';
/**
 * Once per jest run of the e2e project: the n8n runtime (installed on first use), the package
 * built and packed, and a pre-migrated user folder. The paths reach the test files through the
 * environment (E2E_PACKAGE_TGZ, E2E_TEMPLATE_DIR).
 */
const { ensureRuntime } = require('../../tools/lib/runtime');
const { preparePackage, prepareTemplate } = require('../../tools/lib/e2e');

/** @param {string} message */
const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

module.exports = async function globalSetup() {
	const started = Date.now();
	const runtime = await ensureRuntime({ log });
	const tarball = await preparePackage({ log, build: process.env.E2E_SKIP_BUILD !== '1' });
	await prepareTemplate({ runtime, tarball, log });
	log(
		`ready in ${Math.round((Date.now() - started) / 1000)} s (n8n ${runtime.n8nVersion}, ${tarball})`,
	);
};
