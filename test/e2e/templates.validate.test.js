// @ts-check
'use strict';
/**
 * The template gate (gulpfile.js `validateTemplate`): every shipped template passes it, and each
 * rule catches the mistake it is there for. Fast (no n8n): runs with every `jest` run.
 */
const fs = require('node:fs');
const path = require('node:path');
const { validateTemplate, stampTemplate, packageNodeTypes } = require('../../gulpfile');

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nodeTypes = packageNodeTypes(pkg);
const files = fs
	.readdirSync(path.join(ROOT, 'workflows'))
	.filter((f) => f.endsWith('.json'))
	.sort();
const read = (/** @type {string} */ f) => fs.readFileSync(path.join(ROOT, 'workflows', f), 'utf8');
const HUNTRESS = JSON.parse(read('gradient-huntress-usage-sync.json'));

/** Problems of a mutated copy of the Huntress template. @param {(wf: any) => void} mutate @param {any} [previous] */
function problemsAfter(mutate, previous) {
	const wf = structuredClone(HUNTRESS);
	mutate(wf);
	return validateTemplate('x.json', JSON.stringify(wf), { nodeTypes, previous });
}
const node = (/** @type {any} */ wf, /** @type {string} */ name) => wf.nodes.find((/** @type {any} */ n) => n.name === name);

it('reads the package node types and versions from the node sources', () => {
	expect(nodeTypes['n8n-nodes-gradient-synthesize.gradientSynthesize']).toEqual([1]);
});

it('ships at least 6 named-vendor, 3 generic and the 6 core templates', () => {
	const names = files.map((f) => f.replace(/^gradient-|\.json$/g, ''));
	for (const vendor of ['huntress', 'ninjaone', 'dattormm', 'sentinelone', 'auvik', 'pax8'])
		expect(names).toContain(`${vendor}-usage-sync`);
	for (const generic of ['rest-json', 'csv', 'postgres']) expect(names).toContain(`${generic}-usage-sync`);
	for (const core of ['onboard', 'usage-sync', 'disable', 'alert-forwarding', 'test-alert', 'unmapped-digest', 'error-workflow', 'integration-watch'])
		expect(names).toContain(core);
});

describe.each(files)('%s', (file) => {
	const text = read(file);
	it('passes the template gate', () => {
		expect(validateTemplate(file, text, { nodeTypes })).toEqual([]);
	});
	it('is stamped with the package version (npm run templates), and stamping again changes nothing', () => {
		expect(JSON.parse(text).meta.templateVersion).toBe(pkg.version);
		expect(stampTemplate(text, pkg.version)).toBe(text);
	});
});

describe('each rule catches its mistake', () => {
	it('broken JSON', () => {
		expect(validateTemplate('x.json', '{ "nodes": [', { nodeTypes })[0]).toMatch(/not valid JSON/);
	});
	it('a real credential id', () => {
		expect(problemsAfter((wf) => (node(wf, 'Sync usage').credentials.gradientSynthesizeApi.id = 'a1B2c3D4e5F6g7H8'))).toEqual([
			expect.stringMatching(/credential gradientSynthesizeApi must be exactly/),
		]);
	});
	it('a literal token in a header', () => {
		const problems = problemsAfter((wf) => {
			node(wf, 'List agents').parameters.sendHeaders = true;
			node(wf, 'List agents').parameters.headerParameters = {
				parameters: [{ name: 'Authorization', value: 'Bearer 9f8e7d6c5b4a39281706' }],
			};
		});
		expect(problems).toEqual([expect.stringMatching(/literal Authorization value/)]);
	});
	it('a node type from another package, and a wrong version of ours', () => {
		const problems = problemsAfter((wf) => {
			node(wf, 'List agents').type = 'n8n-nodes-huntress.huntress';
			node(wf, 'Sync usage').typeVersion = 2;
		});
		expect(problems).toEqual([
			expect.stringMatching(/"List agents": type "n8n-nodes-huntress.huntress" is neither/),
			expect.stringMatching(/"Sync usage": typeVersion 2 is not a version/),
		]);
	});
	it('duplicate node ids, and ids that changed since the last commit', () => {
		expect(problemsAfter((wf) => (node(wf, 'List agents').id = node(wf, 'Sync usage').id))).toContainEqual(
			expect.stringMatching(/used twice/),
		);
		const previous = structuredClone(HUNTRESS);
		expect(
			problemsAfter((wf) => (node(wf, 'Sync usage').id = '00000000-0000-4000-a000-000000000000'), previous),
		).toEqual([expect.stringMatching(/"Sync usage": id changed from/)]);
	});
	it('no setup note, no counting policy note, no description', () => {
		const problems = problemsAfter((wf) => {
			wf.nodes = wf.nodes.filter((/** @type {any} */ n) => !['Setup', 'Counting policy'].includes(n.name));
			wf.description = '';
		});
		expect(problems).toEqual([
			expect.stringMatching(/"description" must be a paragraph/),
			expect.stringMatching(/no sticky note with a "### Setup"/),
			expect.stringMatching(/no "Counting policy" sticky note/),
		]);
	});
	it('pinned data', () => {
		expect(problemsAfter((wf) => (wf.pinData = { 'List agents': [{ json: { hostname: 'x' } }] }))).toEqual([
			expect.stringMatching(/"pinData" must be empty/),
		]);
	});
	it('a connection to a node that does not exist', () => {
		expect(problemsAfter((wf) => wf.connections['Sync usage'].main[2].push({ node: 'Gone', type: 'main', index: 0 }))).toEqual([
			expect.stringMatching(/"Sync usage" → "Gone" is not a node/),
		]);
	});
	it('a schedule trigger without a manual trigger before it', () => {
		const problems = problemsAfter((wf) => {
			const manual = wf.nodes.findIndex((/** @type {any} */ n) => n.type === 'n8n-nodes-base.manualTrigger');
			const [m] = wf.nodes.splice(manual, 1);
			wf.nodes.push(m);
		});
		expect(problems).toEqual([expect.stringMatching(/Manual Trigger must come before "Every day at 06:00"/)]);
		expect(problemsAfter((wf) => (wf.nodes = wf.nodes.filter((/** @type {any} */ n) => n.name !== 'Sync now')))).toContainEqual(
			expect.stringMatching(/no Manual Trigger/),
		);
	});
	it('a workflow id without a digit', () => {
		expect(problemsAfter((wf) => (wf.id = 'abcdefghABCDEFGH'))).toEqual([expect.stringMatching(/at least one digit/)]);
	});
});
