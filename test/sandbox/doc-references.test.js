// @ts-check
'use strict';
/**
 * References to the API description resolve inside the repository: every
 * `synthesize-api.md §N(.N)*` in a tracked file names a heading of docs/synthesize-api.md, every
 * Markdown link to that file lands on one of its headings (with the number its text cites), and
 * no tracked file points at a document outside the repository.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const DOC = 'docs/synthesize-api.md';
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/;

/** @typedef {{ file: string, text: string }} Tracked */

/** Tracked text files, lockfiles excluded (a file deleted in the work tree is skipped). */
function trackedFiles() {
	const out = execFileSync('git', ['ls-files', '-z'], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	/** @type {Tracked[]} */
	const files = [];
	for (const file of out.split('\0')) {
		if (!file || LOCKFILE.test(file)) continue;
		const full = path.join(ROOT, file);
		if (!fs.existsSync(full) || !fs.statSync(full).isFile()) continue;
		const text = fs.readFileSync(full, 'utf8');
		if (text.includes('\0')) continue; // binary
		files.push({ file, text });
	}
	return files;
}

/**
 * GitHub's anchor for a heading: inline-code ticks dropped, lower case, punctuation other than
 * '-' and '_' removed, spaces to '-'.
 * @param {string} heading
 */
function slug(heading) {
	return heading
		.replace(/`/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/**
 * The headings of a Markdown file (outside code fences): anchor → section number ('' if none).
 * @param {string} text
 */
function headings(text) {
	/** @type {Map<string, string>} */
	const anchors = new Map();
	/** @type {Set<string>} */
	const numbers = new Set();
	/** @type {Map<string, number>} */
	const seen = new Map();
	let fenced = false;
	for (const line of text.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m) continue;
		const base = slug(m[1]);
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(m[1])?.[1] ?? '';
		anchors.set(n === 0 ? base : `${base}-${n}`, number);
		if (number) numbers.add(number);
	}
	return { anchors, numbers };
}

/** @param {string} text @param {number} index */
function lineOf(text, index) {
	return text.slice(0, index).split('\n').length;
}

/** `synthesize-api.md §5.6`, also chains such as `§5.3/§17.6`, `§2.1, §16`, `§4–§10`, `§7.4 and §8`. */
const CITATION = /synthesize-api\.md((?:\s*(?:,|\/|–|-|and|or)?\s*§\d+(?:\.\d+)*)+)/g;
const SECTION = /§(\d+(?:\.\d+)*)/g;
/** `[text](path/to/synthesize-api.md#anchor)` and, inside the document itself, `[text](#anchor)`. */
const LINK = /\[([^\]]*)\]\(([^)\s]*?synthesize-api\.md)?(#[^)\s]*)?\)/g;

const files = trackedFiles();
// The document is scanned too, even before it is committed.
if (!files.some((f) => f.file === DOC) && fs.existsSync(path.join(ROOT, DOC))) {
	files.push({ file: DOC, text: fs.readFileSync(path.join(ROOT, DOC), 'utf8') });
}
const doc = files.find((f) => f.file === DOC);

test(`${DOC} exists and has a numbered heading for every section 0–17`, () => {
	expect(doc).toBeDefined();
	const { numbers } = headings(doc?.text ?? '');
	const top = Array.from({ length: 18 }, (_, i) => String(i));
	expect(top.filter((n) => !numbers.has(n))).toEqual([]);
});

test(`every "synthesize-api.md §N" in a tracked file names a heading of ${DOC}`, () => {
	const { numbers } = headings(doc?.text ?? '');
	/** @type {string[]} */
	const unresolved = [];
	let count = 0;
	for (const { file, text } of files) {
		for (const m of text.matchAll(CITATION)) {
			for (const s of m[1].matchAll(SECTION)) {
				count++;
				if (!numbers.has(s[1])) unresolved.push(`${file}:${lineOf(text, m.index ?? 0)}: §${s[1]}`);
			}
		}
		// Inside the document, a bare §N is a reference to its own sections.
		if (file === DOC) {
			for (const s of text.matchAll(SECTION)) {
				count++;
				if (!numbers.has(s[1])) unresolved.push(`${file}:${lineOf(text, s.index ?? 0)}: §${s[1]}`);
			}
		}
	}
	expect(unresolved).toEqual([]);
	expect(count).toBeGreaterThan(100);
});

test(`every Markdown link to ${DOC} lands on a heading, with the number its text cites`, () => {
	const { anchors } = headings(doc?.text ?? '');
	/** @type {string[]} */
	const broken = [];
	for (const { file, text } of files) {
		if (!file.endsWith('.md')) continue;
		for (const m of text.matchAll(LINK)) {
			const [, label, target, anchor] = m;
			if (target === undefined && file !== DOC) continue; // an anchor in another document
			if (target === undefined && anchor === undefined) continue;
			const where = `${file}:${lineOf(text, m.index ?? 0)}: ${m[0]}`;
			if (target !== undefined) {
				const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
				if (resolved !== DOC) {
					broken.push(`${where} (resolves to ${resolved})`);
					continue;
				}
			}
			if (anchor === undefined) continue;
			const number = anchors.get(anchor.slice(1));
			if (number === undefined) {
				broken.push(`${where} (no such heading)`);
				continue;
			}
			const cited = /§(\d+(?:\.\d+)*)/.exec(label)?.[1];
			if (cited !== undefined && cited !== number) broken.push(`${where} (the heading is §${number})`);
		}
	}
	expect(broken).toEqual([]);
});

test('no tracked file points at the old contract outside the repository', () => {
	// Built from parts so that this file does not match itself.
	const oldDoc = new RegExp(['shared', 'synthesize-api'].join('/'));
	/** @type {string[]} */
	const outside = [];
	for (const { file, text } of files) {
		const old = oldDoc.exec(text);
		if (old) outside.push(`${file}:${lineOf(text, old.index)}: ${old[0]}`);
		// A relative path into a `shared` folder is fine where it names a file of the repository
		// (the imports of nodes/shared).
		for (const m of text.matchAll(/(?:\.\.\/)+shared\/[\w./-]*/g)) {
			const target = m[0].replace(/[.]+$/, '');
			const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
			const inside =
				!resolved.startsWith('../') &&
				['', '.ts', '.js', '.json'].some((ext) => fs.existsSync(path.join(ROOT, resolved + ext)));
			if (!inside) outside.push(`${file}:${lineOf(text, m.index ?? 0)}: ${m[0]}`);
		}
	}
	expect(outside).toEqual([]);
});
