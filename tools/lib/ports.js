// @ts-check
'use strict';
/** Loopback port helpers: a free port, or a preferred one when it is free. */
const net = require('node:net');

/** Ports this process already handed out (the OS may offer the same free port twice in a row). */
const handedOut = new Set();

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
 * A free loopback port the OS picked, never one already handed out by this process.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
async function freePort(host = '127.0.0.1') {
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
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port found');
}

/**
 * `preferred` when it is free, else a free port.
 * @param {number} preferred
 * @param {string} [host]
 */
async function preferredOrFreePort(preferred, host = '127.0.0.1') {
	if (!handedOut.has(preferred) && (await isPortFree(preferred, host))) {
		handedOut.add(preferred);
		return preferred;
	}
	return await freePort(host);
}

module.exports = { isPortFree, freePort, preferredOrFreePort };
