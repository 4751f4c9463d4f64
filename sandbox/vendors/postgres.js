// @ts-check
'use strict';
/**
 * A throwaway PostgreSQL server on loopback for the SQL template: `initdb` into a temporary
 * folder, `pg_ctl start` on a free port, a `billing` database owned by a login role with a
 * password (scram-sha-256 over TCP, as a real server would ask), loaded with a small billing
 * schema. Needs the PostgreSQL server binaries (Debian: `apt-get install -y postgresql`); as root
 * it runs them as the `postgres` user, as PostgreSQL requires.
 *
 * Schema (what a PSA or in-house billing database typically has):
 *   customers(id text primary key, name text, archived boolean)
 *   licences(id serial, customer_id text references customers, product text, seats int,
 *            status text: active | suspended | cancelled)
 * Dataset `default`: 10 customers, 64 licence rows over 3 products. `churned`: "Relecloud" is
 * archived and its licences cancelled, as when a customer leaves.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { CUSTOMERS, rng } = require('./data');
const { freePort } = require('./http');

const DATABASE = 'billing';
const USER = 'n8n_reader';
const PASSWORD = 'pg-fixture-password';
const LEAVER = 'Relecloud';
const PRODUCTS = ['Managed Backup', 'Email Security', 'Microsoft 365 Business Basic'];

/** The directory holding initdb, pg_ctl and postgres. */
function serverBinDir() {
	if (process.env.PG_BIN && fs.existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const versions = fs
			.readdirSync(root)
			.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length > 0) return path.join(root, versions[0], 'bin');
	}
	throw new Error(
		'PostgreSQL server binaries not found (looked in $PG_BIN and /usr/lib/postgresql/*/bin). Install them: apt-get install -y postgresql',
	);
}

/** @param {string} text */
const literal = (text) => `'${text.replace(/'/g, "''")}'`;

/** The SQL that (re)loads a dataset. @param {string} variant */
function datasetSql(variant) {
	if (variant !== 'default' && variant !== 'churned') throw new Error(`postgres: unknown dataset "${variant}"`);
	const r = rng('postgres');
	const names = [1, 2, 3, 5, 7, 11, 13, 20, 16, 24].map((i) => CUSTOMERS[i]);
	const lines = ['TRUNCATE licences, customers RESTART IDENTITY;'];
	names.forEach((name, index) => {
		const id = `C${1000 + index}`;
		const archived = variant === 'churned' && name === LEAVER;
		lines.push(`INSERT INTO customers (id, name, archived) VALUES (${literal(id)}, ${literal(name)}, ${archived});`);
		for (const product of PRODUCTS) {
			if (r.chance(0.2)) continue;
			const blocks = r.int(1, 3);
			for (let b = 0; b < blocks; b++) {
				const status = archived ? 'cancelled' : r.chance(0.1) ? 'suspended' : 'active';
				lines.push(
					`INSERT INTO licences (customer_id, product, seats, status) VALUES (${literal(id)}, ${literal(product)}, ${r.int(1, 30)}, ${literal(status)});`,
				);
			}
		}
	});
	return lines.join('\n');
}

const SCHEMA = `
CREATE TABLE customers (id text PRIMARY KEY, name text NOT NULL, archived boolean NOT NULL DEFAULT false);
CREATE TABLE licences (
	id serial PRIMARY KEY,
	customer_id text NOT NULL REFERENCES customers(id),
	product text NOT NULL,
	seats integer NOT NULL CHECK (seats >= 0),
	status text NOT NULL CHECK (status IN ('active', 'suspended', 'cancelled'))
);
GRANT SELECT ON customers, licences TO ${USER};
`;

/**
 * @typedef {object} PostgresFixture
 * @property {string} host
 * @property {number} port
 * @property {string} database
 * @property {string} user
 * @property {string} password
 * @property {(variant: string) => void} setDataset
 * @property {(sql: string) => string} query runs SQL as the superuser, returns psql's unaligned output
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ dataset?: string }} [options]
 * @returns {Promise<PostgresFixture>}
 */
async function startPostgresFixture(options = {}) {
	const bin = serverBinDir();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradient-pg-'));
	const data = path.join(dir, 'data');
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		fs.chownSync(dir, uid, gid);
	}
	/** @param {string} tool @param {string[]} args @param {string} [input] */
	const run = (tool, args, input) =>
		execFileSync(asRoot ? 'runuser' : path.join(bin, tool), asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, {
			input,
			stdio: ['pipe', 'pipe', 'pipe'],
			timeout: 60_000,
		}).toString();
	const port = await freePort();
	const pwfile = path.join(dir, 'pw');
	fs.writeFileSync(pwfile, 'superuser-fixture\n', { mode: 0o644 });
	run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']);
	run('pg_ctl', [
		'-D',
		data,
		'-l',
		path.join(dir, 'server.log'),
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
		'-w',
		'-t',
		'60',
		'start',
	]);
	/** @param {string} database @param {string} sql */
	const psql = (database, sql) =>
		run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-f', '-'], sql);
	psql('postgres', `CREATE ROLE ${USER} LOGIN PASSWORD ${literal(PASSWORD)}; CREATE DATABASE ${DATABASE};`);
	psql(DATABASE, SCHEMA);
	psql(DATABASE, datasetSql(options.dataset || 'default'));
	return {
		host: '127.0.0.1',
		port,
		database: DATABASE,
		user: USER,
		password: PASSWORD,
		setDataset: (variant) => {
			psql(DATABASE, datasetSql(variant));
		},
		query: (sql) => psql(DATABASE, sql),
		close: async () => {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}

module.exports = { startPostgresFixture, datasetSql };
