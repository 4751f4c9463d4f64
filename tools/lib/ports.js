// @ts-check
'use strict';
/**
 * Loopback port helpers: a free port, or a preferred one when it is free.
 *
 * A port is handed out free and bound later by another program (n8n, PostgreSQL, Redis). Taken
 * from the OS's ephemeral range, it can be taken meanwhile as the local port of an outgoing
 * connection, which happens all the time while e2e files run side by side (thousands of HTTP
 * requests). So free ports come from below that range, at random (two processes rarely pick the
 * same one), checked free; the OS's pick only if none is found there.
 *
 * Rarely is not never: two test files running side by side once picked the same port within the
 * seconds before either n8n bound it (one n8n's task broker answered the other's readiness check,
 * then 404 to its login). So every port handed out is also claimed across processes: a file named
 * after it in a shared folder, holding the claimer's pid; a claim whose process has ended is taken
 * over.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { claimFile } = require('./pid-claim');

/** Where random ports are drawn: [20000, start of the ephemeral range). */
const RANGE = (() => {
	let ephemeralStart = 32768;
	try {
		const [low] = fs
			.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
			.trim()
			.split(/\s+/);
		if (Number(low) > 21000) ephemeralStart = Number(low);
	} catch {
		// not Linux: the usual start
	}
	return { low: 20000, high: ephemeralStart };
})();

/** Where the claims live (one file per port, its content the claiming process's pid). */
const CLAIMS = path.join(os.tmpdir(), 'gradient-synthesize-ports');

/**
 * Claim `port` for this process, unless a live process of this project, this one included, claimed
 * it (pid-claim.js): a port is handed out once, even when the OS offers the same free port twice.
 * @param {number} port
 * @returns {boolean}
 */
function claim(port) {
	fs.mkdirSync(CLAIMS, { recursive: true });
	return claimFile(path.join(CLAIMS, String(port))).ok;
}

/**
 * Whether `port` can be bound on `host` right now.
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
function isPortFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen({ port, host, exclusive: true }, () => {
			server.close(() => resolve(true));
		});
	});
}

/**
 * A free loopback port below the ephemeral range (see above), never one already handed out by
 * this process; else one the OS picked.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
async function freePort(host = '127.0.0.1') {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = RANGE.low + Math.floor(Math.random() * (RANGE.high - RANGE.low));
		if ((await isPortFree(port, host)) && claim(port)) return port;
	}
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.once('error', reject);
			server.listen({ port: 0, host, exclusive: true }, () => {
				const address = server.address();
				const picked = typeof address === 'object' && address ? address.port : 0;
				server.close(() => resolve(picked));
			});
		});
		if (claim(port)) return port;
	}
	throw new Error('no free port found');
}

/**
 * `preferred` when it is free, else a free port.
 * @param {number} preferred
 * @param {string} [host]
 */
async function preferredOrFreePort(preferred, host = '127.0.0.1') {
	if ((await isPortFree(preferred, host)) && claim(preferred)) return preferred;
	return await freePort(host);
}

module.exports = { isPortFree, freePort, preferredOrFreePort, claim, CLAIMS };
