// @ts-check
'use strict';
/**
 * A throwaway redis-server for n8n's queue (Bull): a managed child on 127.0.0.1 and a free port,
 * nothing persisted, ready when PING answers PONG. `command()` speaks RESP over a socket (no
 * redis-cli needed); `restart()` stops it and starts an empty one on the same port.
 */
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawnManaged } = require('../procs');
const { freePort } = require('../ports');
const { createOutput, sleep } = require('../n8n/output');

/**
 * Parse one RESP reply from the start of `buffer`; null when it is not complete yet.
 * @param {Buffer} buffer
 * @param {number} [at]
 * @returns {{ value: any, end: number } | null}
 */
function parseReply(buffer, at = 0) {
	const lineEnd = buffer.indexOf('\r\n', at);
	if (lineEnd === -1) return null;
	const type = String.fromCharCode(buffer[at]);
	const line = buffer.toString('utf8', at + 1, lineEnd);
	const next = lineEnd + 2;
	if (type === '+') return { value: line, end: next };
	if (type === '-') return { value: new Error(line), end: next };
	if (type === ':') return { value: Number(line), end: next };
	if (type === '$') {
		const length = Number(line);
		if (length === -1) return { value: null, end: next };
		if (buffer.length < next + length + 2) return null;
		return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
	}
	if (type === '*') {
		const count = Number(line);
		if (count === -1) return { value: null, end: next };
		const values = [];
		let position = next;
		for (let i = 0; i < count; i++) {
			const item = parseReply(buffer, position);
			if (item === null) return null;
			values.push(item.value);
			position = item.end;
		}
		return { value: values, end: position };
	}
	throw new Error(
		`redis: unexpected reply ${JSON.stringify(buffer.toString('utf8', at, lineEnd))}`,
	);
}

/**
 * Send one command to a Redis server and return its reply (an Error reply is thrown).
 * @param {number} port
 * @param {string[]} args e.g. ['PING'], ['KEYS', 'bull:*']
 * @param {{ timeoutMs?: number }} [opts]
 * @returns {Promise<any>}
 */
function redisCommand(port, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let buffer = Buffer.alloc(0);
		const fail = (/** @type {Error} */ error) => {
			socket.destroy();
			reject(error);
		};
		socket.setTimeout(opts.timeoutMs ?? 2000, () => fail(new Error('redis: timeout')));
		socket.on('error', fail);
		socket.on('connect', () => {
			const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
			socket.write(`*${args.length}\r\n${parts.join('')}`);
		});
		socket.on('data', (chunk) => {
			buffer = Buffer.concat([buffer, chunk]);
			const reply = parseReply(buffer);
			if (reply === null) return;
			socket.end();
			if (reply.value instanceof Error) reject(reply.value);
			else resolve(reply.value);
		});
	});
}

/**
 * @typedef {object} RedisServer
 * @property {string} host 127.0.0.1
 * @property {number} port
 * @property {() => number} pid process group of the server (its reaper)
 * @property {(args: string[]) => Promise<any>} command one RESP command
 * @property {() => Promise<number>} restart stop (SIGTERM), start an empty server on the same port; resolves the ms it took
 * @property {import('../n8n/output').OutputLog} log
 * @property {number} ms time until the first PONG
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ redisServer: string, name?: string, onOutput?: (text: string) => void }} options
 *   redisServer: the redis-server binary (system-deps' REDIS_SERVER)
 * @returns {Promise<RedisServer>}
 */
async function startRedis(options) {
	const name = options.name ?? 'redis';
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
	const port = await freePort();
	const output = createOutput(options.onOutput);
	/** @type {import('../procs').Managed} */
	let server;

	async function spawnAndWait() {
		const started = Date.now();
		server = spawnManaged(
			options.redisServer,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
				'--dir',
				dir,
			],
			{ name, onStdout: output.capture, onStderr: output.capture },
		);
		for (;;) {
			if (!server.running()) throw new Error(`redis-server exited\n${output.tail(20)}`);
			try {
				if ((await redisCommand(port, ['PING'], { timeoutMs: 500 })) === 'PONG') break;
			} catch {
				// not listening yet
			}
			if (Date.now() - started > 30000)
				throw new Error(`redis-server: no PONG after 30 s\n${output.tail(20)}`);
			await sleep(50);
		}
		return Date.now() - started;
	}

	async function close() {
		await server?.stop(5000);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	let ms;
	try {
		ms = await spawnAndWait();
	} catch (error) {
		await close();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		pid: () => server.pid,
		command: (args) => redisCommand(port, args),
		async restart() {
			const started = Date.now();
			output.capture(`\n[restart]\n`);
			await server.stop(5000);
			await spawnAndWait();
			return Date.now() - started;
		},
		log: output,
		ms,
		close,
	};
}

module.exports = { startRedis, redisCommand };
