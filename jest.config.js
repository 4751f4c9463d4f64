// @ts-check
/**
 * Four projects, one `jest` run (`npm test` runs them one after another, see tools/test.js):
 * - unit:      TypeScript tests of the node code (strict community lint applies to them too).
 * - sandbox:   the Synthesize emulator over real HTTP (JavaScript: it needs the platform).
 * - templates: the template workflows (gate + runs in real n8n), test/e2e/templates*.test.js.
 * - e2e:       real n8n, loading the packed package, against the sandbox (JavaScript), the other
 *              test/e2e/*.test.js; run one file at a time (--runInBand).
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
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.test.js'],
			testPathIgnorePatterns: ['/node_modules/', '/test/e2e/templates[^/]*\\.test\\.js$'],
			transform: {},
			globalSetup: '<rootDir>/test/e2e/global-setup.js',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-after-env.js'],
			slowTestThreshold: 120,
		},
	],
};
