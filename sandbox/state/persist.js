// @ts-check
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * Debounced JSON persistence of a store (plus extras such as request counts and faults)
 * to a --state file. Writes go to a temporary file that is then renamed, so a crash never
 * leaves half a file.
 */
class Persister {
	/**
	 * @param {string} file
	 * @param {() => Record<string, unknown>} collect returns the whole document to write
	 * @param {number} [debounceMs]
	 */
	constructor(file, collect, debounceMs = 100) {
		this.file = path.resolve(file);
		this.collect = collect;
		this.debounceMs = debounceMs;
		/** @type {NodeJS.Timeout | null} */
		this.timer = null;
		this.writes = 0;
	}

	/** @returns {Record<string, any> | null} */
	read() {
		if (!fs.existsSync(this.file)) return null;
		const text = fs.readFileSync(this.file, 'utf8');
		try {
			return JSON.parse(text);
		} catch (err) {
			throw new Error(`${this.file} is not valid JSON (${/** @type {Error} */ (err).message})`);
		}
	}

	schedule() {
		if (this.timer) return;
		this.timer = setTimeout(() => {
			this.timer = null;
			this.flush();
		}, this.debounceMs);
		this.timer.unref();
	}

	flush() {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		const tmp = `${this.file}.${process.pid}.tmp`;
		fs.mkdirSync(path.dirname(this.file), { recursive: true });
		fs.writeFileSync(tmp, JSON.stringify(this.collect(), null, 1));
		fs.renameSync(tmp, this.file);
		this.writes += 1;
	}
}

module.exports = { Persister };
