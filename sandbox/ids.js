// @ts-check
'use strict';
/**
 * Deterministic ids: a mulberry32 PRNG whose 32-bit state lives in the sandbox state
 * (so a persisted sandbox keeps generating the same sequence after a restart).
 */

/**
 * One mulberry32 step.
 * @param {number} state 32-bit unsigned state
 * @returns {[number, number]} [value in [0,1), next state]
 */
function mulberry32Step(state) {
	const next = (state + 0x6d2b79f5) >>> 0;
	let t = next;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/**
 * A stateful mulberry32 generator.
 * @param {number} seed
 * @returns {() => number}
 */
function mulberry32(seed) {
	let state = seed >>> 0;
	return () => {
		const [value, next] = mulberry32Step(state);
		state = next;
		return value;
	};
}

/**
 * Hash a string to a 32-bit seed (FNV-1a).
 * @param {string} text
 */
function seedFromString(text) {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/**
 * Id generator whose state is read from and written back to `holder.rngState`.
 */
class IdGenerator {
	/** @param {{ rngState: number, idCounter: number }} holder */
	constructor(holder) {
		this.holder = holder;
	}

	/** @returns {number} a float in [0,1) */
	next() {
		const [value, next] = mulberry32Step(this.holder.rngState);
		this.holder.rngState = next;
		return value;
	}

	/** @param {number} n number of hex digits */
	hex(n) {
		let out = '';
		while (out.length < n) out += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, '0');
		return out.slice(0, n);
	}

	/**
	 * A 24-hex MongoDB-style ObjectId: 8 hex "timestamp" (a fixed epoch plus a counter, so ids
	 * sort by creation) followed by 16 pseudo-random hex digits.
	 */
	objectId() {
		this.holder.idCounter += 1;
		const ts = (0x65a00000 + this.holder.idCounter) >>> 0;
		return ts.toString(16).padStart(8, '0') + this.hex(16);
	}

	/** A version-4-shaped UUID. */
	uuid() {
		const h = this.hex(32).split('');
		h[12] = '4';
		h[16] = '89ab'[parseInt(h[16], 16) & 3];
		const s = h.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}
}

const OBJECT_ID_RE = /^[0-9a-fA-F]{24}$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** @param {unknown} value */
function isObjectId(value) {
	return typeof value === 'string' && OBJECT_ID_RE.test(value);
}

module.exports = { mulberry32, mulberry32Step, seedFromString, IdGenerator, isObjectId, OBJECT_ID_RE, UUID_RE };
