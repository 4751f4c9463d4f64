// @ts-check
/**
 * Three projects, one `jest` run:
 * - unit:    TypeScript tests of the node code (strict community lint applies to them too).
 * - sandbox: the Synthesize emulator over real HTTP (JavaScript: it needs the platform).
 * - e2e:     real n8n, loading the packed package, against the sandbox (JavaScript).
 * - templates: the template workflows (gate + runs in real n8n), test/e2e/templates*.test.js.
 * @type {import('jest').Config}
 */
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
	],
};
