// @ts-check
/**
 * Five projects, one `jest` run (`npm test` runs them one after another, see tools/test.js):
 * - unit:       TypeScript tests of the node code (strict community lint applies to them too).
 * - sandbox:    the Synthesize emulator over real HTTP (JavaScript: it needs the platform).
 * - templates:  the template workflows (gate + runs in real n8n), test/e2e/templates*.test.js.
 * - e2e:        real n8n, loading the packed package, against the sandbox (JavaScript), the other
 *               test/e2e/*.test.js; with `templates`, two files at a time.
 * - e2e-alone:  the e2e files whose header says `@e2e-alone`: they measure request rates or
 *               memory and must not share the CPU with another file; run after, one at a time.
 */
const fs = require('node:fs');
const path = require('node:path');

/** test/e2e files marked `@e2e-alone`, as paths from the repository root. */
function aloneFiles() {
	/** @param {string} dir @returns {string[]} */
	const walk = (dir) =>
		fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true }).flatMap((entry) => {
			const file = `${dir}/${entry.name}`;
			if (entry.isDirectory()) return walk(file);
			return entry.name.endsWith('.test.js') &&
				/@e2e-alone\b/.test(fs.readFileSync(path.join(__dirname, file), 'utf8'))
				? [file]
				: [];
		});
	return walk('test/e2e');
}
const ALONE = aloneFiles();
/** @param {string} file */
const exactly = (file) => `/${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

/** What the two e2e projects share. */
const e2eProject = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	transform: {},
	globalSetup: '<rootDir>/test/e2e/global-setup.js',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
	setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-after-env.js'],
	slowTestThreshold: 120,
};

/** @type {import('jest').Config} */
module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
		},
		{
			displayName: 'sandbox',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/sandbox'],
			testMatch: ['**/*.test.js'],
			transform: {},
		},
		{
			// Template workflows: the gate of gulpfile.js (fast) and their runs in real n8n against
			// the sandbox and the vendor fixtures (test/e2e/templates*.test.js).
			displayName: 'templates',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/templates*.test.js'],
			transform: {},
		},
		{
			...e2eProject,
			displayName: 'e2e',
			testMatch: ['**/*.test.js'],
			testPathIgnorePatterns: [
				'/node_modules/',
				'/test/e2e/templates[^/]*\\.test\\.js$',
				...ALONE.map(exactly),
			],
		},
		{
			...e2eProject,
			displayName: 'e2e-alone',
			// No file marked: a pattern that matches nothing (an empty testMatch would match all).
			testMatch: ALONE.length > 0 ? ALONE.map((file) => `<rootDir>/${file}`) : ['<rootDir>/none'],
		},
	],
};
