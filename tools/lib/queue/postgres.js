// @ts-check
'use strict';
/**
 * A throwaway PostgreSQL server for n8n in queue mode: `initdb` into a temporary folder, the
 * server (`postgres`, in the foreground, so it is a managed child in its own process group under
 * the reaper) on 127.0.0.1 and a free port, fsync off, trust authentication, one database. As root
 * the binaries run as the `postgres` user (`runuser -u postgres --`: it forks without a new
 * session, so the server stays in the group). Queries go through `psql` over TCP.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { run, spawnManaged } = require('../procs');
const { freePort } = require('../ports');
const { createOutput, sleep } = require('../n8n/output');

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * `command args` as the postgres user when this process is root.
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function asPostgres(command, args) {
	return asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/**
 * @typedef {object} PostgresServer
 * @property {string} host 127.0.0.1
 * @property {number} port
 * @property {string} database
 * @property {string} user the superuser (trust authentication: no password)
 * @property {number} pid process group of the server (its reaper)
 * @property {(sql: string, opts?: { database?: string }) => Promise<string>} query psql -qAt: rows as lines, columns separated by |
 * @property {(sql: string, opts?: { database?: string }) => Promise<any[]>} rows the rows of one SELECT as objects (json_agg)
 * @property {import('../n8n/output').OutputLog} log the server's output
 * @property {number} ms time from initdb to the database being created
 * @property {() => Promise<void>} close fast shutdown, then the folder is removed
 */

/**
 * @param {{ pgBin: string, database?: string, name?: string, statements?: boolean, onOutput?: (text: string) => void }} options
 *   pgBin: directory of initdb, postgres and psql (system-deps' PG_BIN); statements: load
 *   pg_stat_statements (npm run scale counts n8n's statements with it)
 * @returns {Promise<PostgresServer>}
 */
async function startPostgres(options) {
	const started = Date.now();
	const database = options.database ?? 'n8n';
	const name = options.name ?? 'postgres';
	const bin = (/** @type {string} */ tool) => path.join(options.pgBin, tool);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
	const data = path.join(dir, 'data');
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		fs.chownSync(dir, uid, gid);
	}
	const output = createOutput(options.onOutput);
	const initdb = await run(
		...asPostgres(bin('initdb'), [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--no-sync',
		]),
		{ name: `${name} initdb`, timeoutMs: 60000 },
	);
	if (initdb.code !== 0) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw new Error(`initdb failed (exit ${initdb.code}): ${initdb.stderr.trim()}`);
	}
	const port = await freePort();
	const server = spawnManaged(
		...asPostgres(bin('postgres'), [
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'shared_buffers=32MB',
			// What n8n asks of its database, statement by statement (pg_stat_statements, in Debian's server).
			...(options.statements ? ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track_planning=on'] : []),
		]),
		{ name, onStdout: output.capture, onStderr: output.capture },
	);

	/** @param {string} sql @param {{ database?: string }} [opts] */
	async function query(sql, opts = {}) {
		const result = await run(
			bin('psql'),
			[
				'-X',
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				opts.database ?? database,
				'-v',
				'ON_ERROR_STOP=1',
				'-qAt',
				'-c',
				sql,
			],
			{ name: `${name} psql`, timeoutMs: 60000, env: { ...process.env, PGCONNECT_TIMEOUT: '5' } },
		);
		if (result.code !== 0) throw new Error(`psql: ${result.stderr.trim()}\n  in: ${sql}`);
		return result.stdout.replace(/\n$/, '');
	}

	async function close() {
		// SIGINT: fast shutdown (SIGTERM would wait for every client to disconnect).
		server.signal('SIGINT');
		const timer = setTimeout(() => server.signal('SIGKILL'), 10000);
		await server.exited;
		clearTimeout(timer);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	try {
		for (;;) {
			if (!server.running())
				throw new Error(`postgres exited before it was ready\n${output.tail(20)}`);
			if (output.text().includes('database system is ready to accept connections')) break;
			if (Date.now() - started > 60000)
				throw new Error(`postgres not ready after 60 s\n${output.tail(20)}`);
			await sleep(50);
		}
		await query(`CREATE DATABASE ${database}`, { database: 'postgres' });
	} catch (error) {
		await close();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		database,
		user: 'postgres',
		pid: server.pid,
		query,
		async rows(sql, opts) {
			const text = await query(`SELECT coalesce(json_agg(t), '[]') FROM (${sql}) t`, opts);
			return JSON.parse(text);
		},
		log: output,
		ms: Date.now() - started,
		close,
	};
}

module.exports = { startPostgres };
