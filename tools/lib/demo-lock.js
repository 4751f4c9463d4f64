// @ts-check
'use strict';
/**
 * One demo per folder: `npm run demo` writes `<dir>/demo.lock` with its pid and removes it when it
 * stops. A second demo in the same folder refuses while the first runs (it would recreate the
 * folder under the running n8n and log its editor out); a lock left by a demo that died is taken over.
 */
const path = require('node:path');
const { claimFile, releaseFile } = require('./pid-claim');

/**
 * @param {string} dir
 * @returns {{ ok: true, release: () => void } | { ok: false, message: string }}
 */
function claimDemoDir(dir) {
	const file = path.join(dir, 'demo.lock');
	const claimed = claimFile(file);
	if (claimed.ok) return { ok: true, release: () => releaseFile(file) };
	if (claimed.holder === null) return { ok: false, message: `Could not claim ${file}` };
	return {
		ok: false,
		message: `Another demo is running from ${dir} (pid ${claimed.holder}). Use it, stop it with Ctrl-C, or start this one in its own folder: npm run demo -- --dir ${dir}-2`,
	};
}

module.exports = { claimDemoDir };
