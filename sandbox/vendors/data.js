// @ts-check
'use strict';
/**
 * Deterministic building blocks for the vendor datasets: customer names, a seeded PRNG and
 * helpers to spread devices over customers. The same variant always gives the same data
 * (timestamps are relative to the moment the dataset is built, so "seen in the last 30 days"
 * policies count the same way whenever a test runs).
 */
const { mulberry32, seedFromString } = require('../ids');
const { DEMO_CLIENTS } = require('../seed-data');

/**
 * The customers every fixture draws from: the PSA clients of the sandbox's demo seed, so the
 * MSP's "map by name" (POST /sandbox/map { byName: true }) finds every vendor customer.
 */
const CUSTOMERS = DEMO_CLIENTS;

/**
 * A seeded generator for one vendor's dataset.
 * @param {string} name
 */
function rng(name) {
	const next = mulberry32(seedFromString(`vendor-fixture:${name}`));
	return {
		next,
		/** @param {number} min @param {number} max inclusive */
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		/** @template T @param {readonly T[]} values @returns {T} */
		pick: (values) => values[Math.floor(next() * values.length)],
		/** @param {number} probability */
		chance: (probability) => next() < probability,
		/**
		 * One name drawn by weight from [name, weight] pairs.
		 * @param {ReadonlyArray<readonly [string, number]>} table
		 */
		weighted: (table) => {
			let roll = next() * table.reduce((sum, [, weight]) => sum + weight, 0);
			for (const [name, weight] of table) {
				roll -= weight;
				if (roll < 0) return name;
			}
			return table[table.length - 1][0];
		},
	};
}

/**
 * Splits `total` units over `weights.length` buckets proportionally (largest remainder), so the
 * sum is exactly `total`.
 * @param {number} total
 * @param {number[]} weights
 */
function spread(total, weights) {
	const sum = weights.reduce((a, b) => a + b, 0);
	const raw = weights.map((w) => (w / sum) * total);
	const counts = raw.map(Math.floor);
	let left = total - counts.reduce((a, b) => a + b, 0);
	const order = raw
		.map((value, index) => ({ index, rest: value - Math.floor(value) }))
		.sort((a, b) => b.rest - a.rest || a.index - b.index);
	for (const { index } of order) {
		if (left-- <= 0) break;
		counts[index]++;
	}
	return counts;
}

/** An ISO time `days` (fractional) before `now`. @param {number} now @param {number} days */
const daysAgo = (now, days) => new Date(now - days * 86_400_000).toISOString();

/** A UUID-shaped deterministic id. @param {string} prefix @param {number} n */
function uuidLike(prefix, n) {
	const hex = seedFromString(`${prefix}:${n}`).toString(16).padStart(8, '0');
	const tail = (n + 0x1000).toString(16).padStart(12, '0');
	return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-a${hex.slice(5, 8)}-${tail}`;
}

module.exports = { CUSTOMERS, rng, spread, daysAgo, uuidLike };
