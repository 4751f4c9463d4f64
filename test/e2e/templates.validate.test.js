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
const files = [
	...fs.readdirSync(path.join(ROOT, 'workflows')).filter((f) => f.endsWith('.json')),
	...fs
		.readdirSync(path.join(ROOT, 'workflows', 'partners'))
		.filter((f) => f.endsWith('.json'))
		.map((f) => `partners/${f}`),
].sort();
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
	const names = files.map((f) => f.replace(/^(partners\/)?gradient-|\.json$/g, ''));
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
	it('a real or placeholder credential id (the id must be null: n8n resolves it by name or shows it missing)', () => {
		for (const id of ['a1B2c3D4e5F6g7H8', 'REPLACE_ME'])
			expect(problemsAfter((wf) => (node(wf, 'Sync usage').credentials.gradientSynthesizeApi.id = id))).toEqual([
				expect.stringMatching(new RegExp(`credential gradientSynthesizeApi must be exactly \\{ "id": null, "name": "…" \\} — replace the id "${id}" with null`)),
			]);
		expect(problemsAfter((wf) => delete node(wf, 'Sync usage').credentials.gradientSynthesizeApi.id)).toEqual([
			expect.stringMatching(/must be exactly \{ "id": null/),
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

describe('notes a person can read at 100 % beside what they explain (tools/lib/template-notes.js)', () => {
	const { README_URL } = require('../../tools/lib/template-notes');
	/** @param {(note: any) => void} change */
	const noteProblems = (change) => problemsAfter((wf) => change(node(wf, 'Setup')));

	it('"Activate" instead of "Publish", anywhere a user reads', () => {
		expect(noteProblems((note) => (note.parameters.content = note.parameters.content.replace('**Publish**', '**Activate**')))).toEqual([
			expect.stringMatching(/note "Setup": says "Activate": n8n 2.x's button is "Publish"/),
		]);
		expect(problemsAfter((wf) => (wf.description += ' Then activate it.'))).toEqual([
			expect.stringMatching(/"description": says "activate"/),
		]);
	});
	it('a repository path, or a link that is not a README section', () => {
		expect(noteProblems((note) => (note.parameters.content = note.parameters.content.replace('**Publish**', 'see docs/setup.md')))).toEqual([
			expect.stringMatching(/points at "docs\/setup.md", a repository path .* link a README section instead: https:\/\/github.com\/.*#<section>/),
		]);
		expect(noteProblems((note) => (note.parameters.content = note.parameters.content.replace('#credentials', '#no-such-section')))).toEqual([
			expect.stringMatching(/links .*#no-such-section; link a README section as .*, one of: .*credentials/),
		]);
		expect(node(HUNTRESS, 'Setup').parameters.content).toContain(`(${README_URL}#credentials)`);
	});
	it('too long, too big, text cut off or half empty', () => {
		expect(noteProblems((note) => (note.parameters.content += ` ${'word '.repeat(120)}`))).toEqual(
			expect.arrayContaining([expect.stringMatching(/characters of text; keep it under 600/)]),
		);
		expect(noteProblems((note) => (note.parameters.width = 900))).toContainEqual(
			expect.stringMatching(/900 px wide; make it 240–560 px wide/),
		);
		expect(noteProblems((note) => (note.parameters.height = 120))).toEqual([
			expect.stringMatching(/its text needs about \d+ px but the note is 120 px high, so the end is hidden; set "height" to \d+/),
		]);
		expect(problemsAfter((wf) => (node(wf, 'Schedule').parameters.height = 500))).toEqual([
			expect.stringMatching(/note "Schedule": its text fills about \d+ of its 500 px; set "height" to \d+/),
		]);
	});
	it('far from every node', () => {
		expect(noteProblems((note) => (note.position = [-3000, -3000]))).toEqual([
			expect.stringMatching(/note "Setup": \d+ px from the nearest node \("[^"]+"\); move it within 140 px of the node it explains/),
		]);
	});
});
