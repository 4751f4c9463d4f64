// @ts-check
'use strict';
/**
 * One demo per folder: `npm run demo` writes `<dir>/demo.lock` with its pid and removes it when it
 * stops. A second demo in the same folder refuses while the first runs (it would recreate the
 * folder under the running n8n and log its editor out); a lock left by a demo that died is taken over.
 */
const fs = require('node:fs');
const path = require('node:path');

/** @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * @param {string} dir
 * @returns {{ ok: true, release: () => void } | { ok: false, message: string }}
 */
function claimDemoDir(dir) {
	const file = path.join(dir, 'demo.lock');
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
			return {
				ok: true,
				release: () => {
					if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
				},
			};
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
			const pid = Number(fs.readFileSync(file, 'utf8').trim());
			if (Number.isInteger(pid) && pid > 0 && alive(pid))
				return {
					ok: false,
					message: `Another demo is running from ${dir} (pid ${pid}). Use it, stop it with Ctrl-C, or start this one in its own folder: npm run demo -- --dir ${dir}-2`,
				};
			fs.rmSync(file, { force: true }); // left by a demo that died
		}
	}
	return { ok: false, message: `Could not claim ${file}` };
}

module.exports = { claimDemoDir };
