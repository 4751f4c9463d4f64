// @ts-check
'use strict';
/**
 * A file claimed by a process: created holding its pid, refused while that process lives, taken
 * over once it has ended. The demo's folder lock and the ports handed out across processes use it.
 */
const fs = require('node:fs');

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
 * @param {string} file
 * @returns {{ ok: true } | { ok: false, holder: number | null }} holder: the live process holding it
 *   (this one included), null when it could not be taken over
 */
function claimFile(file) {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
			return { ok: true };
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
			const pid = Number(fs.readFileSync(file, 'utf8').trim());
			if (Number.isInteger(pid) && pid > 0 && alive(pid)) return { ok: false, holder: pid };
			fs.rmSync(file, { force: true }); // left by a process that ended
		}
	}
	return { ok: false, holder: null };
}

/** Remove `file` if this process holds it. @param {string} file */
function releaseFile(file) {
	if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
}

module.exports = { claimFile, releaseFile };
