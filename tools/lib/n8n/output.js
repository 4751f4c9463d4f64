// @ts-check
'use strict';
/** What every n8n command of one instance printed, in order (stdout and stderr interleaved). */

/**
 * @typedef {object} OutputLog
 * @property {(text: string) => void} capture append a chunk (and pass it to onOutput)
 * @property {() => string} text everything so far
 * @property {(lines: number) => string} tail the last lines
 * @property {() => number} mark a position; `since(mark)` returns what was printed after it
 * @property {(mark: number) => string} since
 */

/**
 * @param {(text: string) => void} [onOutput] every chunk, as it arrives (e.g. to echo it)
 * @returns {OutputLog}
 */
function createOutput(onOutput) {
	const chunks = /** @type {string[]} */ ([]);
	return {
		capture(text) {
			chunks.push(text);
			onOutput?.(text);
		},
		text: () => chunks.join(''),
		tail: (lines) => chunks.join('').trim().split('\n').slice(-lines).join('\n'),
		mark: () => chunks.length,
		since: (mark) => chunks.slice(mark).join(''),
	};
}

/**
 * The last 30 lines a finished command printed.
 * @param {{ stdout: string, stderr: string }} result
 */
function tailOf(result) {
	return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
	return error instanceof Error ? error.message : String(error);
}

module.exports = { createOutput, tailOf, sleep, messageOf };
