// @ts-check
/**
 * Three projects, one `jest` run:
 * - unit:    TypeScript tests of the node code (strict community lint applies to them too).
 * - sandbox: the Synthesize emulator over real HTTP (JavaScript: it needs the platform).
 * - e2e:     real n8n, loading the packed package, against the sandbox (JavaScript).
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
	],
};
