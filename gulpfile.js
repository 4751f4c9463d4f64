// @ts-check
'use strict';
/**
 * `gulp templates` (npm run templates): checks every template workflow in workflows/ (sub-folders included) and
 * stamps it with the package version. `n8n-node build` knows nothing about templates; this is
 * the gate that keeps them importable and safe to publish:
 *
 * - the file parses and has what `n8n import:workflow` needs (id, name, nodes, connections,
 *   settings) plus a one-paragraph description;
 * - node types are this package's nodes (with the package's typeVersion) or n8n's own
 *   (`n8n-nodes-base.*`) — no vendor code, no other community package;
 * - credentials are `{ "id": null, "name": "…" }`: no placeholder id (n8n resolves a null id by
 *   name, and marks the node's credential as missing until one exists), and no node parameter
 *   holds what looks like a secret (literal Authorization values, tokens, passwords);
 * - node ids are UUIDs, unique, and stable: a node keeps the id it has in the last commit
 *   (trigger cursors and static data are keyed by them);
 * - a "### Setup" sticky note; a "Counting policy" sticky note when the template pushes usage;
 * - sticky notes readable at 100 % zoom beside what they explain (notes.js: size, length, text
 *   that fits, distance to the nearest node), saying "Publish" (n8n 2.x's button) and linking the
 *   package's README sections (homepage#anchor) rather than repository paths;
 * - no pinData; every connection names an existing node and output;
 * - a workflow with a schedule, webhook, form, error or polling trigger also has a Manual Trigger, listed
 *   before the other triggers (`n8n execute` starts from the first trigger it finds), so every
 *   template can be run from the editor and in the tests;
 * - the workflow id has a digit (`n8n execute-batch --ids` silently drops ids without one).
 *
 * Then it writes `meta.templateVersion` = the package version. Running it twice changes nothing.
 * `gulp templatesCheck` only checks (CI, tests).
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Transform } = require('node:stream');
const { src, dest, series } = require('gulp');

const ROOT = __dirname;
const WORKFLOWS = 'workflows/**/*.json';
const { noteProblems, textProblems } = require('./tools/lib/template-notes');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRIGGERS_NEEDING_MANUAL = new Set([
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.formTrigger',
	'n8n-nodes-base.errorTrigger',
	'n8n-nodes-base.cron',
	'n8n-nodes-base.interval',
]);
/** Strings a template must never carry in node parameters. */
const SECRET_PATTERNS = [
	{ re: /\b(Bearer|ApiToken|Basic)\s+(?!\{\{)[A-Za-z0-9+/=._-]{12,}/, what: 'a literal Authorization value' },
	{ re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, what: 'a JWT' },
	{ re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a private key' },
	{ re: /"(password|secret|client_secret|apiKey|api_key|token)"\s*:\s*"[^"{]{6,}"/i, what: 'a literal secret field' },
];

/**
 * The package's own node types and their versions, read from the node sources named in
 * package.json (`n8n.nodes`): `{ "<package>.<node>": [versions] }`.
 * @param {{ name: string, n8n: { nodes: string[] } }} pkg
 */
function packageNodeTypes(pkg) {
	/** @type {Record<string, number[]>} */
	const types = {};
	for (const entry of pkg.n8n.nodes) {
		const source = path.join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		// The node's own description (shared property objects may come before the class).
		const whole = fs.readFileSync(source, 'utf8');
		const text = whole.slice(Math.max(0, whole.indexOf('INodeTypeDescription = {')));
		const name = /displayName:\s*'[^']*',\s*name:\s*'(\w+)'/.exec(text)?.[1];
		const version = /\n\t\tversion:\s*(\[[^\]]*\]|[\d.]+)/.exec(text)?.[1];
		if (!name || !version) throw new Error(`${source}: cannot read the node's name and version`);
		types[`${pkg.name}.${name}`] = JSON.parse(version.startsWith('[') ? version : `[${version}]`);
	}
	return types;
}

/**
 * The committed version of a file, or null (new file, or no git).
 * @param {string} relative
 */
function committed(relative) {
	try {
		return JSON.parse(
			execFileSync('git', ['show', `HEAD:${relative}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
		);
	} catch {
		return null;
	}
}

/**
 * Every problem of one template, as readable sentences (empty = valid).
 * @param {string} file name shown in messages
 * @param {string} text the file's content
 * @param {{ nodeTypes: Record<string, number[]>, previous?: any }} context previous = the committed JSON, for id stability
 * @returns {string[]}
 */
function validateTemplate(file, text, { nodeTypes, previous }) {
	/** @type {string[]} */
	const problems = [];
	/** @param {string} message */
	const problem = (message) => problems.push(`${file}: ${message}`);
	/** @type {any} */
	let wf;
	try {
		wf = JSON.parse(text);
	} catch (error) {
		return [`${file}: not valid JSON (${/** @type {Error} */ (error).message})`];
	}
	if (typeof wf !== 'object' || wf === null || Array.isArray(wf)) return [`${file}: not a workflow object`];

	if (typeof wf.id !== 'string' || !/^[A-Za-z0-9]{1,21}$/.test(wf.id) || !/\d/.test(wf.id))
		problem('"id" must be 1-21 letters and digits with at least one digit (n8n execute-batch drops ids without one)');
	if (typeof wf.name !== 'string' || !wf.name.trim()) problem('"name" is missing');
	if (typeof wf.description !== 'string' || wf.description.trim().length < 40)
		problem('"description" must be a paragraph saying what the workflow does');
	else if (/\n\s*\n/.test(wf.description)) problem('"description" must be one paragraph');
	if (!Array.isArray(wf.nodes) || wf.nodes.length === 0) return [...problems, `${file}: "nodes" is missing or empty`];
	if (typeof wf.connections !== 'object' || wf.connections === null) problem('"connections" is missing');
	if (wf.settings?.executionOrder !== 'v1') problem('"settings.executionOrder" must be "v1"');
	if (wf.pinData !== undefined && (typeof wf.pinData !== 'object' || Object.keys(wf.pinData ?? {}).length > 0))
		problem('"pinData" must be empty (pinned data ships customer data and hides real runs)');
	if (wf.active === true) problem('"active" must be false: the user activates after setting credentials');

	const names = new Set();
	const ids = new Set();
	for (const node of wf.nodes) {
		const label = `node "${node.name}"`;
		if (typeof node.name !== 'string' || !node.name) problem('a node has no name');
		if (names.has(node.name)) problem(`${label}: name used twice`);
		names.add(node.name);
		if (typeof node.id !== 'string' || !UUID.test(node.id)) problem(`${label}: id must be a lower-case UUID`);
		if (ids.has(node.id)) problem(`${label}: id ${node.id} used twice`);
		ids.add(node.id);
		if (!Array.isArray(node.position) || node.position.length !== 2) problem(`${label}: position [x, y] missing`);

		const type = String(node.type ?? '');
		if (type in nodeTypes) {
			if (!nodeTypes[type].includes(node.typeVersion))
				problem(`${label}: typeVersion ${node.typeVersion} is not a version of ${type} (package has ${nodeTypes[type].join(', ')})`);
		} else if (!type.startsWith('n8n-nodes-base.')) {
			problem(`${label}: type "${type}" is neither this package's node nor one of n8n's own (n8n-nodes-base.*)`);
		}
		if (typeof node.typeVersion !== 'number') problem(`${label}: typeVersion missing`);

		for (const [credType, cred] of Object.entries(node.credentials ?? {})) {
			const c = /** @type {any} */ (cred);
			if (c?.id !== null || typeof c?.name !== 'string' || !c.name.trim() || Object.keys(c).length !== 2)
				problem(
					`${label}: credential ${credType} must be exactly { "id": null, "name": "…" }${typeof c?.id === 'string' ? ` — replace the id "${c.id}" with null` : ''} (n8n then picks the user's credential of that name, or shows the credential as missing on the node)`,
				);
		}
		if (type !== 'n8n-nodes-base.stickyNote') {
			const parameters = JSON.stringify(node.parameters ?? {});
			for (const { re, what } of SECRET_PATTERNS) if (re.test(parameters)) problem(`${label}: parameters contain ${what}`);
		}
	}

	const notes = wf.nodes.filter((/** @type {any} */ n) => n.type === 'n8n-nodes-base.stickyNote');
	if (!notes.some((/** @type {any} */ n) => /^#{1,3}\s*Setup\b/m.test(n.parameters?.content ?? '')))
		problem('no sticky note with a "### Setup" section');
	const pushesUsage = wf.nodes.some(
		(/** @type {any} */ n) => n.parameters?.resource === 'unitCount' && n.parameters?.operation === 'syncUsage',
	);
	if (pushesUsage && !notes.some((/** @type {any} */ n) => /Counting policy/i.test(n.parameters?.content ?? '')))
		problem('pushes usage but has no "Counting policy" sticky note');

	/** A trigger n8n cannot start from the CLI or the editor's Execute: schedules, webhooks, forms, errors, polls. */
	const needsManual = (/** @type {any} */ n) =>
		TRIGGERS_NEEDING_MANUAL.has(n.type) ||
		(/Trigger$/.test(String(n.type)) && !['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.executeWorkflowTrigger'].includes(n.type));
	const triggers = wf.nodes.filter(
		(/** @type {any} */ n) => needsManual(n) || n.type === 'n8n-nodes-base.manualTrigger',
	);
	if (triggers.some(needsManual)) {
		const first = triggers[0];
		if (!triggers.some((/** @type {any} */ n) => n.type === 'n8n-nodes-base.manualTrigger'))
			problem('has a schedule/webhook/form/error/polling trigger but no Manual Trigger to run it from the editor and the tests');
		else if (first.type !== 'n8n-nodes-base.manualTrigger')
			problem(`the Manual Trigger must come before "${first.name}" in "nodes" (n8n execute starts from the first trigger)`);
	}

	for (const note of notes) for (const message of noteProblems(note, wf.nodes)) problem(message);
	for (const message of textProblems('"description"', wf.description ?? '')) problem(message);

	for (const [from, outputs] of Object.entries(wf.connections ?? {})) {
		if (!names.has(from)) problem(`connections: source "${from}" is not a node`);
		for (const [kind, branches] of Object.entries(/** @type {any} */ (outputs))) {
			if (!Array.isArray(branches)) {
				problem(`connections: "${from}".${kind} is not a list`);
				continue;
			}
			for (const branch of branches)
				for (const link of branch ?? [])
					if (!names.has(link?.node)) problem(`connections: "${from}" → "${link?.node}" is not a node`);
		}
	}

	if (previous && Array.isArray(previous.nodes)) {
		if (previous.id && previous.id !== wf.id) problem(`workflow id changed from ${previous.id} (ids must stay stable)`);
		for (const old of previous.nodes) {
			const now = wf.nodes.find((/** @type {any} */ n) => n.name === old.name);
			if (now && now.id !== old.id)
				problem(`node "${old.name}": id changed from ${old.id} to ${now.id} (keep node ids stable; re-exporting from the editor keeps them)`);
		}
	}
	return problems;
}

/**
 * The stamped file content: `meta.templateVersion` set to the package version, tab-indented.
 * @param {string} text
 * @param {string} version
 */
function stampTemplate(text, version) {
	const wf = JSON.parse(text);
	wf.meta = { ...(wf.meta ?? {}), templateVersion: version };
	return `${JSON.stringify(wf, null, '\t')}\n`;
}

function readPackage() {
	return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/**
 * A stream stage over vinyl files: validates each template; when `stamp`, passes on only the
 * files whose stamped content differs (so unchanged files are not rewritten).
 * @param {{ stamp: boolean }} options
 */
function templateStage({ stamp }) {
	const pkg = readPackage();
	const nodeTypes = packageNodeTypes(pkg);
	/** @type {string[]} */
	const problems = [];
	let count = 0;
	return new Transform({
		objectMode: true,
		transform(file, _encoding, done) {
			count++;
			const relative = path.relative(ROOT, file.path);
			const text = file.contents.toString('utf8');
			const found = validateTemplate(relative, text, { nodeTypes, previous: committed(relative) });
			problems.push(...found);
			if (!stamp || found.length > 0) return done();
			const stamped = stampTemplate(text, pkg.version);
			if (stamped === text) return done();
			file.contents = Buffer.from(stamped, 'utf8');
			done(null, file);
		},
		flush(done) {
			if (count === 0) return done(new Error(`no templates found (${WORKFLOWS})`));
			if (problems.length > 0) {
				const error = new Error(`${problems.length} template problem(s):\n  ${problems.join('\n  ')}`);
				return done(error);
			}
			console.log(`${count} template(s) valid${stamp ? `, stamped ${pkg.version}` : ''}`);
			done();
		},
	});
}

function templatesCheck() {
	return src(WORKFLOWS, { cwd: ROOT }).pipe(templateStage({ stamp: false }));
}
templatesCheck.description = 'Check every workflows/**/*.json template (no writes)';

function templatesStamp() {
	return src(WORKFLOWS, { cwd: ROOT, base: ROOT })
		.pipe(templateStage({ stamp: true }))
		.pipe(dest(ROOT));
}
templatesStamp.description = 'Check the templates and stamp meta.templateVersion with the package version';

const templates = series(templatesStamp);
templates.description = templatesStamp.description;

module.exports = { templates, templatesCheck, validateTemplate, stampTemplate, packageNodeTypes };
