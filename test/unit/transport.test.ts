import nock from 'nock';
import type { IExecuteFunctions } from 'n8n-workflow';

import { apiCall, apiFailureOf, parseRetryAfter, RateLimiter } from '../../nodes/shared/transport';
import type { ApiCall, CallOptions } from '../../nodes/shared/transport';
import { BASE_URL, createContext, expectedToken, PARTNER_KEY, VENDOR_KEY } from './helpers/context';

const API = '/api/vendor-api';
const FAST = { retry: { baseDelayMs: 5, maxDelayMs: 20 } } satisfies CallOptions;

const getIntegration: ApiCall = { route: 'getIntegration', method: 'GET', path: '/organization' };
const createAlert: ApiCall = {
	route: 'createAlert',
	method: 'POST',
	path: '/alerting/1',
	body: { title: 't', description: 'd', alertId: 'a', priority: 1, status: 1 },
};

function context(): IExecuteFunctions {
	return createContext({ params: [{}] });
}

async function failureOf(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		return {
			error: error as Error & { description?: string; httpCode?: string; failure?: unknown },
			details: apiFailureOf(error),
		};
	}
	throw new Error('expected the call to fail');
}

let requests = 0;
beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
	requests = 0;
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function server() {
	return nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken() } }).on(
		'request',
		() => requests++,
	);
}

function networkError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

function count() {
	return requests;
}

describe('status mapping', () => {
	it('400: the API message goes to the description, no retry', async () => {
		server()
			.post(`${API}/alerting/1`)
			.reply(400, {
				statusCode: 400,
				message: ['priority must not be greater than 4'],
				error: 'Bad Request',
			});
		const { error, details } = await failureOf(
			apiCall.call(context(), createAlert, { ...FAST, itemIndex: 2 }),
		);
		expect(error.message).toBe('Synthesize rejected the request as invalid (400) [item 2]');
		expect(error.description).toContain('priority must not be greater than 4');
		expect(error.httpCode).toBe('400');
		expect(details).toMatchObject({
			kind: 'bad-request',
			status: 400,
			attempts: 1,
			route: 'createAlert',
		});
	});

	it('401: credential-invalid, one request only', async () => {
		const scope = server()
			.get(`${API}/organization`)
			.times(5)
			.reply(401, { statusCode: 401, message: 'Unauthorized' });
		const { error, details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(error.failure).toEqual({ cause: 'credential-invalid' });
		expect(error.description).toContain('regenerated its Partner API Key');
		expect(details?.attempts).toBe(1);
		expect(scope.pendingMocks()).toHaveLength(1);
	});

	it('403: anomaly, not retried', async () => {
		server().get(`${API}/organization`).reply(403, { statusCode: 403, message: 'Forbidden' });
		const { error, details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(details).toMatchObject({ kind: 'forbidden', attempts: 1 });
		expect(error.description).toContain('anomalous');
	});

	it('404: "No account map found" is unmapped, anything else is not-found', async () => {
		server()
			.post(`${API}/service/x/count`)
			.query(true)
			.reply(404, { statusCode: 404, message: 'No account map found with id: 1' });
		server()
			.get(`${API}/organization`)
			.reply(404, { statusCode: 404, message: 'Vendor Profile Not Found' });
		const unmapped = await failureOf(
			apiCall.call(
				context(),
				{
					route: 'setUnitCount',
					method: 'POST',
					path: '/service/x/count',
					qs: { no_build: 'true' },
					body: { accountId: '1', unitCount: 1 },
				},
				FAST,
			),
		);
		expect(unmapped.details?.kind).toBe('unmapped');
		expect(unmapped.error.message).toBe('Account or service not mapped in Synthesize');
		const other = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(other.details?.kind).toBe('not-found');
		expect(other.error.description).toContain('Vendor Profile Not Found');
	});

	it('409: conflict with the API message', async () => {
		server()
			.post(`${API}/organization/services`)
			.reply(409, { statusCode: 409, message: 'A resource with this Id already exists.' });
		const { details } = await failureOf(
			apiCall.call(
				context(),
				{
					route: 'createOrganizationServices',
					method: 'POST',
					path: '/organization/services',
					body: [],
				},
				FAST,
			),
		);
		expect(details).toMatchObject({
			kind: 'conflict',
			apiMessage: 'A resource with this Id already exists.',
			attempts: 1,
		});
	});
});

describe('429', () => {
	it('honours Retry-After (seconds) and then succeeds, also for a POST', async () => {
		server()
			.post(`${API}/alerting/1`)
			.reply(
				429,
				{ statusCode: 429, message: 'Request limit reached (100 requests a second)' },
				{ 'Retry-After': '1' },
			);
		server().post(`${API}/alerting/1`).reply(201, { messageId: 'm', alertId: 'a' });
		const started = Date.now();
		const result = await apiCall.call(context(), createAlert, FAST);
		expect(result).toEqual({ messageId: 'm', alertId: 'a' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(count()).toBe(2);
	});

	it('without Retry-After backs off exponentially and retries', async () => {
		server()
			.get(`${API}/organization`)
			.times(2)
			.reply(429, { statusCode: 429, message: 'Too Many Requests' });
		server().get(`${API}/organization`).reply(200, { status: 'active' });
		await expect(apiCall.call(context(), getIntegration, FAST)).resolves.toEqual({
			status: 'active',
		});
		expect(count()).toBe(3);
	});

	it('gives up when its waits for 429s outgrow the budget, as rate-limited with retryAfterMs', async () => {
		server()
			.get(`${API}/organization`)
			.times(3)
			.reply(429, { statusCode: 429 }, { 'Retry-After': '0' });
		// Each 429 counts at least 200 ms against the budget, even with Retry-After: 0.
		const { error, details } = await failureOf(
			apiCall.call(context(), getIntegration, {
				limiter: new RateLimiter({ requestsPerSecond: 1000 }),
				retry: { maxRateLimitWaitMs: 500, baseDelayMs: 1 },
			}),
		);
		expect(details).toMatchObject({ kind: 'rate-limited', attempts: 3 });
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 0 });
	});

	it('429s do not use up the attempts for failures: a long run of them still gets through', async () => {
		// Regression: ten workflows sharing one token see runs of 429s longer than the 5 attempts,
		// and a GET that met 3 × 429 and 2 × 500 failed a whole Sync Usage (docs/reliability.md).
		server()
			.get(`${API}/organization`)
			.times(8)
			.reply(429, { statusCode: 429 }, { 'Retry-After': '0' });
		server().get(`${API}/organization`).times(4).reply(503, { statusCode: 503 });
		server().get(`${API}/organization`).reply(200, { status: 'active' });
		await expect(
			apiCall.call(context(), getIntegration, {
				...FAST,
				limiter: new RateLimiter({ requestsPerSecond: 1000 }),
			}),
		).resolves.toEqual({ status: 'active' });
		expect(count()).toBe(13);
	});

	it('a POST answered 429 many times is still sent until accepted (it was never processed)', async () => {
		server()
			.post(`${API}/alerting/1`)
			.times(6)
			.reply(429, { statusCode: 429 }, { 'Retry-After': '0' });
		server().post(`${API}/alerting/1`).reply(201, { messageId: 'm', alertId: 'a' });
		await expect(
			apiCall.call(context(), createAlert, {
				...FAST,
				limiter: new RateLimiter({ requestsPerSecond: 1000 }),
			}),
		).resolves.toMatchObject({ messageId: 'm' });
		expect(count()).toBe(7);
	});

	it('does not wait for a Retry-After beyond the limit', async () => {
		server().get(`${API}/organization`).reply(429, { statusCode: 429 }, { 'Retry-After': '120' });
		const { error, details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(details?.attempts).toBe(1);
		expect(error.failure).toEqual({ cause: 'rate-limited', retryAfterMs: 120_000 });
	});

	it('parses Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(
			parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')),
		).toBe(10_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
});

describe('5xx and network failures', () => {
	it.each([500, 502, 503])('GET is retried after %d', async (status) => {
		server().get(`${API}/organization`).reply(status, { statusCode: status, message: 'Internal' });
		server().get(`${API}/organization`).reply(200, { status: 'pending' });
		await expect(apiCall.call(context(), getIntegration, FAST)).resolves.toEqual({
			status: 'pending',
		});
		expect(count()).toBe(2);
	});

	it('a POST that may have reached the server is never replayed after a 502', async () => {
		server()
			.post(`${API}/alerting/1`)
			.times(2)
			.reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
		const { error, details } = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(count()).toBe(1);
		expect(details).toMatchObject({ kind: 'server', status: 502 });
		expect(error.failure).toEqual({ cause: 'temporarily-unavailable' });
		expect(error.description).toContain('an HTML page (status 502) instead of JSON');
	});

	it('a POST that may have been applied says so; a GET or a never-sent POST does not', async () => {
		server().post(`${API}/alerting/1`).reply(503, { statusCode: 503, message: 'Unavailable' });
		const post = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(post.details).toMatchObject({ kind: 'server', attempts: 1, maybeApplied: true });
		expect(post.error.description).toContain('may have received and applied this request');
		expect(post.error.description).toContain('not sent again');

		server().post(`${API}/alerting/1`).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		const reset = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(reset.details).toMatchObject({ kind: 'network', maybeApplied: true });

		server()
			.post(`${API}/alerting/1`)
			.times(5)
			.replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
		const refused = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(refused.details).toMatchObject({ kind: 'network', attempts: 5 });
		expect(refused.details?.maybeApplied).toBeUndefined();
		expect(refused.error.description).not.toContain('not sent again');

		server().get(`${API}/organization`).times(5).reply(503, { statusCode: 503 });
		const get = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(get.details?.maybeApplied).toBeUndefined();
		expect(get.error.description).not.toContain('not sent again');

		server()
			.post(`${API}/alerting/1`)
			.reply(200, '<!DOCTYPE html><html>Login</html>', { 'Content-Type': 'text/html' });
		const page = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(page.details?.maybeApplied).toBeUndefined();
	});

	it('gives up on a persistent 503 after the attempts', async () => {
		server()
			.get(`${API}/organization`)
			.times(5)
			.reply(503, { statusCode: 503, message: 'Unavailable' });
		const { details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(details).toMatchObject({ kind: 'server', attempts: 5 });
	});

	it('connection reset: GET retried, POST not', async () => {
		server()
			.get(`${API}/organization`)
			.replyWithError(networkError('ECONNRESET', 'socket hang up'));
		server().get(`${API}/organization`).reply(200, { status: 'active' });
		await expect(apiCall.call(context(), getIntegration, FAST)).resolves.toEqual({
			status: 'active',
		});
		server().post(`${API}/alerting/1`).replyWithError(networkError('ECONNRESET', 'socket hang up'));
		const { details } = await failureOf(apiCall.call(context(), createAlert, FAST));
		expect(details).toMatchObject({ kind: 'network', apiMessage: 'ECONNRESET', attempts: 1 });
	});

	it('connection refused: even a POST is retried (it never left)', async () => {
		server()
			.post(`${API}/alerting/1`)
			.replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED'));
		server().post(`${API}/alerting/1`).reply(201, { messageId: 'm', alertId: 'a' });
		await expect(apiCall.call(context(), createAlert, FAST)).resolves.toMatchObject({
			messageId: 'm',
		});
		expect(count()).toBe(2);
	});

	it('timeout: reported as such and retried only when idempotent', async () => {
		server().get(`${API}/organization`).delay(300).reply(200, { status: 'late' });
		server().get(`${API}/organization`).reply(200, { status: 'active' });
		await expect(
			apiCall.call(context(), getIntegration, { ...FAST, timeoutMs: 100 }),
		).resolves.toEqual({ status: 'active' });
		server().post(`${API}/alerting/1`).delay(300).reply(201, {});
		const { error, details } = await failureOf(
			apiCall.call(context(), createAlert, { ...FAST, timeoutMs: 100 }),
		);
		expect(details).toMatchObject({ kind: 'timeout', attempts: 1 });
		expect(error.message).toBe('Synthesize did not answer in time');
	});
});

describe('unreadable answers and redirects', () => {
	it('an HTML page with 200 is a clear "cannot read", not retried', async () => {
		server()
			.get(`${API}/organization`)
			.reply(200, '<!DOCTYPE html><html>Login</html>', { 'Content-Type': 'text/html' });
		const { error, details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(details).toMatchObject({ kind: 'invalid-response', attempts: 1 });
		expect(error.description).toContain('Base URL');
	});

	it('malformed JSON is reported (and retried when idempotent)', async () => {
		server()
			.get(`${API}/organization`)
			.times(5)
			.reply(200, '{"status": "act', { 'Content-Type': 'application/json' });
		const { details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(details).toMatchObject({ kind: 'invalid-response', attempts: 5 });
		expect(details?.apiMessage).toContain('malformed JSON');
	});

	it('a redirect to another host is not followed: the token never leaves', async () => {
		let otherHostHits = 0;
		nock('https://elsewhere.example')
			.get(/.*/)
			.reply(() => {
				otherHostHits++;
				return [200, {}];
			});
		server()
			.get(`${API}/organization`)
			.reply(302, '', { Location: 'https://elsewhere.example/steal?x=1' });
		const { error, details } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		expect(otherHostHits).toBe(0);
		expect(details).toMatchObject({ kind: 'redirect', attempts: 1 });
		expect(details?.apiMessage).toBe('redirect (302) to https://elsewhere.example');
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
	});

	it('no key and no token in any error', async () => {
		server().get(`${API}/organization`).reply(401, { statusCode: 401, message: 'Unauthorized' });
		const { error } = await failureOf(apiCall.call(context(), getIntegration, FAST));
		const text = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
			stack: error.stack,
		});
		for (const secret of [VENDOR_KEY, PARTNER_KEY, expectedToken()])
			expect(text).not.toContain(secret);
	});
});

describe('credential configuration errors surface as configuration failures', () => {
	it('plain http to a remote host is refused before any request', async () => {
		const scope = nock('http://synthesize.test').get(/.*/).reply(200, {});
		const remote = createContext({
			params: [{}],
			credentials: {
				vendorApiKey: VENDOR_KEY,
				partnerApiKey: PARTNER_KEY,
				baseUrl: 'http://synthesize.test',
			},
		});
		const { error, details } = await failureOf(apiCall.call(remote, getIntegration, FAST));
		expect(details?.kind).toBe('configuration');
		expect(error.message).toBe('The Base URL uses plain http to a remote host');
		expect(error.failure).toEqual({ cause: 'configuration-invalid' });
		expect(scope.isDone()).toBe(false);
	});
});

describe('the credential', () => {
	it('is read once per node run, not once per request', async () => {
		server().get(`${API}/organization`).times(4).reply(200, { id: 'org' });
		const run = createContext({ params: [{}] });
		for (let i = 0; i < 3; i++) await apiCall.call(run, getIntegration, FAST);
		expect(run.sent).toHaveLength(3);
		expect(run.credentialReads).toBe(1);
		const nextRun = createContext({ params: [{}] });
		await apiCall.call(nextRun, getIntegration, FAST);
		expect(nextRun.credentialReads).toBe(1);
	});

	it('a read that failed is not kept: n8n reads it for that request, the next one reads again', async () => {
		server().get(`${API}/organization`).times(3).reply(200, { id: 'org' });
		const run = createContext({ params: [{}] });
		const read = run.getCredentials.bind(run);
		let ours = 0;
		run.getCredentials = async (type: string) => {
			ours++;
			if (ours === 1) throw new Error('credential store unavailable');
			return await read(type);
		};
		await apiCall.call(run, getIntegration, FAST);
		await apiCall.call(run, getIntegration, FAST);
		await apiCall.call(run, getIntegration, FAST);
		expect(ours).toBe(2);
		// n8n's own read for the first request, then the one read kept for the other two.
		expect(run.credentialReads).toBe(2);
	});
});

describe('RateLimiter', () => {
	function fakeClock() {
		let now = 0;
		const waits: number[] = [];
		return {
			now: () => now,
			wait: async (ms: number) => {
				waits.push(ms);
				now += ms;
			},
			waits,
			advance: (ms: number) => {
				now += ms;
			},
		};
	}

	it('spaces request starts evenly at the target rate', async () => {
		const clock = fakeClock();
		const limiter = new RateLimiter({ requestsPerSecond: 100, now: clock.now, wait: clock.wait });
		for (let index = 0; index < 101; index++) await limiter.acquire();
		expect(clock.now()).toBe(1000);
	});

	it('with a shared budget, a stall is lost, not made up by the waiters starting together', async () => {
		// Five requests wait for their turn at 10 a second; the process is busy until 1,000 ms
		// (as a worker running other executions is), then every due timer fires at once.
		async function startsAfterStall(sharedBudget: boolean): Promise<number[]> {
			let now = 0;
			const timers: Array<{ at: number; fire: () => void }> = [];
			const wait = async (ms: number) =>
				await new Promise<void>((fire) => timers.push({ at: now + ms, fire }));
			const settle = async () => {
				for (let tick = 0; tick < 50; tick++) await Promise.resolve();
			};
			const limiter = new RateLimiter({
				requestsPerSecond: 10,
				sharedBudget,
				now: () => now,
				wait,
			});
			const starts: number[] = [];
			for (let index = 0; index < 5; index++) void limiter.acquire().then(() => starts.push(now));
			await settle();
			now = 1000;
			while (starts.length < 5) {
				const due = timers.filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at);
				if (due.length === 0) now = Math.min(...timers.map((timer) => timer.at));
				for (const timer of due) {
					timers.splice(timers.indexOf(timer), 1);
					timer.fire();
				}
				await settle();
			}
			return starts;
		}
		// Alone on its token the limiter catches up (the server's bucket absorbs it)...
		expect(await startsAfterStall(false)).toEqual([0, 1000, 1000, 1000, 1000]);
		// ...but as one share of a budget that others spend too, it never bursts, and it starts
		// spent (the lane's previous node may have just used the share).
		expect(await startsAfterStall(true)).toEqual([1000, 1100, 1200, 1300, 1400]);
	});

	it('as a share of a shared budget, its first request waits one interval (no free start per node)', async () => {
		const clock = fakeClock();
		const shared = new RateLimiter({
			requestsPerSecond: 4,
			sharedBudget: true,
			now: clock.now,
			wait: clock.wait,
		});
		await shared.acquire();
		expect(clock.now()).toBe(250);
		const alone = new RateLimiter({ requestsPerSecond: 4, now: clock.now, wait: clock.wait });
		await alone.acquire();
		expect(clock.now()).toBe(250);
	});

	describe('taking turns in a shared budget', () => {
		// Twelve lanes at 7.9 a second each, every one started at a different moment and woken up
		// late by a busy process now and then: each starts requests only in its own slots.
		async function laneStarts(index: number, lateBy: (call: number) => number): Promise<number[]> {
			let now = 37 * index + 5;
			let calls = 0;
			const limiter = new RateLimiter({
				requestsPerSecond: 7.9,
				sharedBudget: true,
				turn: { index, of: 12 },
				now: () => now,
				wait: async (ms) => {
					now += ms + lateBy(calls++);
				},
			});
			const starts: number[] = [];
			for (let request = 0; request < 60; request++) {
				await limiter.acquire();
				starts.push(now);
				now += 30 + (request % 7) * 11;
			}
			return starts;
		}

		it('starts only in its own slots of the clock grid, one request per slot', async () => {
			const slotMs = 1000 / (7.9 * 12);
			const starts = await laneStarts(3, () => 0);
			for (const start of starts) {
				const slot = Math.round(start / slotMs);
				expect(Math.abs(start - slot * slotMs)).toBeLessThan(1e-6);
				expect(slot % 12).toBe(3);
			}
			expect(new Set(starts.map((start) => Math.round(start / slotMs))).size).toBe(60);
		});

		it("woken up past its slot, it waits for its next one instead of starting in another lane's", async () => {
			const slotMs = 1000 / (7.9 * 12);
			const starts = await laneStarts(5, (call) => (call % 3 === 0 ? 25 : 4));
			for (const start of starts) {
				const slot = Math.floor(start / slotMs);
				expect(slot % 12).toBe(5);
			}
		});

		it('twelve lanes never share a slot, and stay under 100 in every second even when requests arrive up to 30 ms late', async () => {
			// Arrivals drift from starts (a busy process, the network). One grid slot is 10.5 ms, so a
			// second plus 30 ms of drift holds at most 98 of them, whatever the lanes' timing.
			const slotMs = 1000 / (7.9 * 12);
			const slotsTaken = new Set<number>();
			async function busiestSecond(): Promise<number> {
				const arrivals: number[] = [];
				for (let lane = 0; lane < 12; lane++) {
					const starts = await laneStarts(lane, (call) => (call * 7 + lane) % 13);
					for (const start of starts) slotsTaken.add(Math.floor(start / slotMs + 1e-9));
					arrivals.push(
						...starts.map((start, request) => start + ((request * 17 + lane * 5) % 31)),
					);
				}
				arrivals.sort((a, b) => a - b);
				let busiest = 0;
				for (let first = 0, last = 0; first < arrivals.length; first++) {
					while (last < arrivals.length && arrivals[last] < arrivals[first] + 1000) last++;
					busiest = Math.max(busiest, last - first);
				}
				return busiest;
			}
			expect(await busiestSecond()).toBeLessThanOrEqual(98);
			// No two lanes ever started in the same slot.
			expect(slotsTaken.size).toBe(12 * 60);
		});

		it('after a 429 it skips slots rather than leaving the grid', async () => {
			let now = 0;
			const limiter = new RateLimiter({
				requestsPerSecond: 10,
				sharedBudget: true,
				turn: { index: 1, of: 4 },
				now: () => now,
				wait: async (ms) => {
					now += ms;
				},
			});
			await limiter.acquire();
			expect(now).toBe(25);
			limiter.onRateLimited(undefined);
			await limiter.acquire();
			expect(now).toBe(225);
			await limiter.acquire();
			expect(now).toBe(425);
		});
	});

	it('halves the rate and pauses for Retry-After on 429, then recovers', async () => {
		const clock = fakeClock();
		const limiter = new RateLimiter({ requestsPerSecond: 100, now: clock.now, wait: clock.wait });
		await limiter.acquire();
		limiter.onRateLimited(2000);
		expect(limiter.currentRate).toBe(50);
		await limiter.acquire();
		expect(clock.now()).toBeGreaterThanOrEqual(2000);
		for (let second = 0; second < 6; second++) {
			clock.advance(1000);
			limiter.onSuccess();
		}
		expect(limiter.currentRate).toBe(100);
		expect(limiter.rateLimitedCount).toBe(1);
	});

	it('halves once for the 429s of one overload, again for one a second later', () => {
		// Regression: ten requests in flight answered 429 together halved the pace ten times, to
		// the floor of 1 request a second, and a 1,000-pair sync took 4 times as long.
		const clock = fakeClock();
		const limiter = new RateLimiter({ requestsPerSecond: 100, now: clock.now, wait: clock.wait });
		for (let index = 0; index < 10; index++) {
			limiter.onRateLimited(undefined);
			clock.advance(50);
		}
		expect(limiter.currentRate).toBe(50);
		expect(limiter.rateLimitedCount).toBe(10);
		clock.advance(1000);
		limiter.onRateLimited(undefined);
		expect(limiter.currentRate).toBe(25);
	});
});
