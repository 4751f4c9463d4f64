// @ts-check
'use strict';
/**
 * Preloaded into n8n's workers by npm run scale (NODE_OPTIONS=--require): counts the expressions n8n
 * evaluates, per node, and the time each took. SIGUSR2 starts the count; the next SIGUSR2 writes it
 * to $SCALE_CENSUS_DIR/<pid>.json as [node, expression, evaluations, ms] rows and stops.
 *
 * Why: in n8n 2.x every evaluation runs in an isolate (N8N_EXPRESSION_ENGINE=vm) at a cost of
 * milliseconds each, so how many a lane execution evaluates, and where, is what its CPU follows.
 * It wraps WorkflowExpression.resolveSimpleParameterValue (n8n-workflow), which every node
 * parameter, credential and pagination expression goes through; nothing else is changed.
 */
const fs = require('node:fs');
const path = require('node:path');

const SUFFIX = `${path.sep}n8n-workflow${path.sep}dist${path.sep}cjs${path.sep}workflow-expression.js`;
/** @type {Map<string, { node: string, expression: string, n: number, ns: bigint }> | null} */
let counting = null;
let wrapped = false;

function wrap() {
	if (wrapped) return;
	const file = Object.keys(require.cache).find((name) => name.endsWith(SUFFIX));
	const proto = file && require.cache[file]?.exports?.WorkflowExpression?.prototype;
	if (!proto) return; // not an n8n process (e.g. its task runner)
	wrapped = true;
	const original = proto.resolveSimpleParameterValue;
	/** @param {...any} args value, siblings, runData, runIndex, itemIndex, activeNodeName, … */
	proto.resolveSimpleParameterValue = function (...args) {
		const [value, , , , , node] = args;
		if (!counting || typeof value !== 'string' || !value.startsWith('=')) return original.apply(this, args);
		const started = process.hrtime.bigint();
		try {
			return original.apply(this, args);
		} finally {
			const key = `${node}\u0000${value}`;
			const entry = counting.get(key) ?? { node: String(node), expression: value.slice(1, 121), n: 0, ns: 0n };
			entry.n++;
			entry.ns += process.hrtime.bigint() - started;
			counting.set(key, entry);
		}
	};
}

process.on('SIGUSR2', () => {
	if (!counting) {
		wrap();
		counting = new Map();
		return;
	}
	const rows = [...counting.values()].map((e) => [e.node, e.expression, e.n, Number(e.ns) / 1e6]);
	counting = null;
	const dir = process.env.SCALE_CENSUS_DIR;
	if (dir && wrapped) fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(rows));
});
