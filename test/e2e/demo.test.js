// @ts-check
'use strict';
/**
 * `npm run demo -- --once` keeps working: the demo exits 0 only when everything arrived in
 * Synthesize, and prints the summary, the editor login and the sandbox page.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('../../tools/lib/procs');
const { ROOT } = require('../../tools/lib/package');
const { E2E_DIR } = require('../../tools/lib/e2e');

it('npm run demo -- --once: exit 0, the Synthesize summary, the editor URL and login', async () => {
	const dir = fs.mkdtempSync(path.join(E2E_DIR, 'demo-'));
	try {
		const result = await run(
			process.execPath,
			[
				'tools/demo.js',
				'--once',
				'--no-build',
				'--dir',
				dir,
				'--sandbox-port',
				'0',
				'--n8n-port',
				'0',
			],
			{ cwd: ROOT, timeoutMs: 8 * 60000, name: 'demo' },
		);
		const output = `${result.stdout}\n${result.stderr}`;
		expect([result.code, output]).toEqual([0, expect.stringContaining('Everything arrived')]);
		expect(output).toContain('What Synthesize received');
		expect(output).toMatch(/Integration {7}.*: active/);
		// The shipped templates ran: onboarding, the REST JSON usage sync, the test alert.
		expect(output).toContain('Template "Connect and onboard"');
		expect(output).toMatch(/Services {10}3 vendor \(3 mapped\)/);
		expect(output).toMatch(/Accounts created {2}9 \(8 mapped\)/);
		expect(output).toMatch(/Unmapped rows {5}3 \(404, reported, not fatal\): CUST-009/);
		expect(output).toMatch(/Billing rebuilds {2}1 /);
		expect(output).toMatch(/Alerts → tickets {2}1 → 1/);
		expect(output).toMatch(
			/n8n editor {5}http:\/\/127\.0\.0\.1:\d+ {3}login demo@example\.com \/ \S+/,
		);
		expect(output).toMatch(/Sandbox page {3}http:\/\/127\.0\.0\.1:\d+\//);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
