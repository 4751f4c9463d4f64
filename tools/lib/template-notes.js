// @ts-check
'use strict';
/**
 * The template gate's rules for what a person reads on the canvas (gulpfile.js applies them to
 * every workflows/**\/*.json):
 *
 * - a sticky note is readable at 100 % zoom: at most MAX_CHARS characters of text, between
 *   MIN_SIZE and MAX_SIZE pixels, its text fits (an estimate of the rendered height, no hidden
 *   overflow) and fills it (no half-empty note);
 * - it sits beside what it explains: at most MAX_GAP pixels from the nearest node;
 * - words match n8n 2.x: "Publish", not "activate";
 * - links go to the package's public README sections (the homepage in package.json + "#anchor",
 *   an anchor that exists), never to repository paths a template user does not have.
 *
 * Every message says what to change, in numbers where there are numbers.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const MAX_CHARS = 600;
const MIN_SIZE = { width: 240, height: 80 };
const MAX_SIZE = { width: 560, height: 520 };
const MAX_GAP = 140;
/** n8n draws a node as about 100 × 100 px from its position (its top-left corner). */
const NODE_SIZE = 100;
/** What n8n 2.41's sticky note renders (14 px text, 16 px padding), measured in Chromium. */
const LAYOUT = { padding: 28, charWidth: 7.3, lineHeight: 21, headingHeight: 30, gap: 10 };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
/** The package's public README: the homepage without its "#readme". */
const README_URL = String(pkg.homepage).replace(/#.*$/, '');

/** GitHub's anchors of the README's headings. */
function readmeAnchors() {
	const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	return new Set(
		[...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) =>
			match[1]
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N}\s_-]/gu, '')
				.replace(/\s/g, '-'),
		),
	);
}
const ANCHORS = readmeAnchors();

/** The text a person reads: markdown marks and link targets removed. @param {string} content */
function visibleText(content) {
	return content
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[*_`]/g, '')
		.replace(/^#{1,6}\s*/gm, '');
}

/**
 * About how many pixels of height n8n needs to show `content` in a note `width` wide.
 * @param {string} content
 * @param {number} width
 */
function estimateHeight(content, width) {
	const perLine = Math.max(10, Math.floor((width - LAYOUT.padding) / LAYOUT.charWidth));
	let height = LAYOUT.padding;
	for (const line of content.split('\n')) {
		if (line.trim() === '') height += LAYOUT.gap;
		else if (/^#{1,6}\s/.test(line)) height += LAYOUT.headingHeight;
		else {
			const indent = /^\s*([-*]|\d+\.)\s/.test(line) ? 3 : 0;
			const length = visibleText(line).trim().length;
			height += Math.ceil(length / (perLine - indent)) * LAYOUT.lineHeight;
		}
	}
	return Math.round(height);
}

/**
 * Problems of text shown to a user (a note's content, the workflow's description).
 * @param {string} label e.g. `note "Setup"`
 * @param {string} text
 * @returns {string[]}
 */
function textProblems(label, text) {
	/** @type {string[]} */
	const problems = [];
	const activate = /\b(de)?activat(e|es|ed|ing|ion)\b/i.exec(text);
	if (activate)
		problems.push(
			`${label}: says "${activate[0]}": n8n 2.x's button is "Publish" (and "Unpublish"); write "publish the workflow"`,
		);
	const withoutUrls = text.replace(/https?:\/\/\S+/g, '');
	const repoPath =
		/(?:^|[\s(`*[])((?:docs|sandbox|workflows|test|tools|nodes|credentials)\/[\w./-]*|[\w-]+\.md)\b/m.exec(
			withoutUrls,
		);
	if (repoPath)
		problems.push(
			`${label}: points at "${repoPath[1]}", a repository path a template user does not have; link a README section instead: ${README_URL}#<section>`,
		);
	for (const [url] of text.matchAll(/https?:\/\/[^\s)>\]]+/g)) {
		if (!url.startsWith(README_URL)) continue;
		const anchor = url.slice(README_URL.length);
		if (!anchor.startsWith('#') || !ANCHORS.has(anchor.slice(1)))
			problems.push(
				`${label}: links ${url}; link a README section as ${README_URL}#<section>, one of: ${[...ANCHORS].join(', ')}`,
			);
	}
	return problems;
}

/**
 * Problems of one sticky note among the workflow's nodes.
 * @param {any} note
 * @param {any[]} nodes every node of the workflow (notes included)
 * @returns {string[]}
 */
function noteProblems(note, nodes) {
	const label = `sticky note "${note.name}"`;
	const content = String(note.parameters?.content ?? '');
	const width = Number(note.parameters?.width ?? 240);
	const height = Number(note.parameters?.height ?? 160);
	const problems = textProblems(label, content);
	const chars = visibleText(content).length;
	if (chars > MAX_CHARS)
		problems.push(
			`${label}: ${chars} characters of text; keep it under ${MAX_CHARS} (say one thing; details belong in the README)`,
		);
	if (width < MIN_SIZE.width || width > MAX_SIZE.width)
		problems.push(`${label}: ${width} px wide; make it ${MIN_SIZE.width}–${MAX_SIZE.width} px wide`);
	if (height < MIN_SIZE.height || height > MAX_SIZE.height)
		problems.push(
			`${label}: ${height} px high; make it ${MIN_SIZE.height}–${MAX_SIZE.height} px high (shorten the text)`,
		);
	const needed = estimateHeight(content, width);
	if (needed > height)
		problems.push(
			`${label}: its text needs about ${needed} px but the note is ${height} px high, so the end is hidden; set "height" to ${Math.ceil(needed / 20) * 20} or shorten the text`,
		);
	else if (needed < height * 0.6)
		problems.push(
			`${label}: its text fills about ${needed} of its ${height} px; set "height" to ${Math.ceil(needed / 20) * 20}`,
		);
	const [x, y] = note.position ?? [0, 0];
	const gaps = nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => {
			const [nx, ny] = node.position;
			const dx = Math.max(nx - (x + width), x - (nx + NODE_SIZE), 0);
			const dy = Math.max(ny - (y + height), y - (ny + NODE_SIZE), 0);
			return { name: node.name, gap: Math.round(Math.hypot(dx, dy)) };
		})
		.sort((a, b) => a.gap - b.gap);
	if (gaps.length > 0 && gaps[0].gap > MAX_GAP)
		problems.push(
			`${label}: ${gaps[0].gap} px from the nearest node ("${gaps[0].name}"); move it within ${MAX_GAP} px of the node it explains`,
		);
	return problems;
}

module.exports = {
	noteProblems,
	textProblems,
	estimateHeight,
	visibleText,
	README_URL,
	MAX_CHARS,
	MAX_GAP,
	MIN_SIZE,
	MAX_SIZE,
};
