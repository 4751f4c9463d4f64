// @ts-check
'use strict';
/**
 * The environment of every n8n process the tooling starts: offline and headless, the owner set
 * from the environment (bcrypt hash from the runtime's bcryptjs), one fixed encryption key, and
 * a task-broker port of its own for each process.
 */
const path = require('node:path');
const { freePort } = require('../ports');

/** Not a secret: only protects throw-away test and demo databases. */
const DEFAULT_ENCRYPTION_KEY = 'gradient-synthesize-e2e-not-secret-0123456789';

const DEFAULT_OWNER = {
	email: 'owner@example.com',
	password: 'Synthesize-e2e-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** The environment that keeps n8n 2.41 offline, quiet and headless (the variables that need a reason say it). */
const OFFLINE_ENV = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	// The MCP registry fetches api.n8n.io at start; community-packages must stay enabled (it loads .n8n/nodes).
	N8N_DISABLED_MODULES: 'mcp-registry',
	// `execute` prints its result through the logger: nothing below info.
	N8N_LOG_LEVEL: 'info',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_PROTOCOL: 'http',
	N8N_SECURE_COOKIE: 'false',
	N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
	NODE_ENV: 'production',
};

/** Inherited from the caller; everything else (jest's, npm's variables) is left out. */
const PASSED_THROUGH = ['HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL'];

/**
 * @typedef {{ email: string, password: string, firstName: string, lastName: string }} Owner
 */

/**
 * Hash a password the way n8n stores it (bcryptjs from the runtime).
 * @param {import('../runtime').Runtime} runtime
 * @param {string} password
 * @returns {string}
 */
function bcryptHash(runtime, password) {
	const bcrypt = require(path.join(runtime.dir, 'node_modules', 'bcryptjs'));
	return bcrypt.hashSync(password, 10);
}

/**
 * A function that builds the environment of one n8n process of this instance; every call
 * picks a new free task-broker port. The owner's hash is computed once, on the first call.
 * @param {{ runtime: import('../runtime').Runtime, userFolder: string, owner: Owner, encryptionKey?: string, env?: Record<string, string> }} options
 *   env: the instance's extra environment (overrides the defaults)
 * @returns {(extra?: Record<string, string>) => Promise<NodeJS.ProcessEnv>} extra: for this process only (overrides everything)
 */
function createEnvBuilder(options) {
	const { runtime, userFolder, owner } = options;
	let passwordHash = '';
	return async function envFor(extra = {}) {
		if (passwordHash === '') passwordHash = bcryptHash(runtime, owner.password);
		/** @type {NodeJS.ProcessEnv} */
		const env = {};
		for (const key of PASSED_THROUGH) {
			if (process.env[key] !== undefined) env[key] = process.env[key];
		}
		return {
			...env,
			PATH: `${runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
			...OFFLINE_ENV,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? DEFAULT_ENCRYPTION_KEY,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
			N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
			N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
			...options.env,
			...extra,
		};
	};
}

module.exports = {
	createEnvBuilder,
	bcryptHash,
	DEFAULT_ENCRYPTION_KEY,
	DEFAULT_OWNER,
	OFFLINE_ENV,
	PASSED_THROUGH,
};
