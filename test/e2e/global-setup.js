// @ts-check
'use strict';
/**
 * Once per jest run of the e2e project: the n8n runtime (installed on first use), the package
 * built and packed, and a pre-migrated user folder. The paths reach the test files through the
 * environment (E2E_PACKAGE_TGZ, E2E_TEMPLATE_DIR).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('../../tools/lib/runtime');
const { ROOT } = require('../../tools/lib/package');
const { preparePackage, prepareTemplate } = require('../../tools/lib/e2e');

/** @param {string} message */
const log = (message) => process.stderr.write(`[e2e] ${message}\n`);

module.exports = async function globalSetup() {
	const started = Date.now();
	// The old scratch folder inside the tree: `npm run lint` would read n8n's editor cache in it.
	const legacy = path.join(ROOT, '.e2e');
	if (fs.existsSync(legacy)) {
		fs.rmSync(legacy, { recursive: true, force: true });
		log('removed the old scratch folder .e2e/ (now in E2E_DIR, outside the tree)');
	}
	const runtime = await ensureRuntime({ log });
	const tarball = await preparePackage({ log, build: process.env.E2E_SKIP_BUILD !== '1' });
	await prepareTemplate({ runtime, tarball, log });
	log(
		`ready in ${Math.round((Date.now() - started) / 1000)} s (n8n ${runtime.n8nVersion}, ${tarball})`,
	);
};
