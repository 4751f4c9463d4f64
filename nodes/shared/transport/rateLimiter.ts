import { sleep } from 'n8n-workflow';

/** Synthesize's documented ceiling: 100 requests per second (synthesize-api.md §13.1). */
export const SYNTHESIZE_REQUESTS_PER_SECOND = 100;

/** 429s within this window of the last decrease are the same overload: the pace halves once. */
const DECREASE_WINDOW_MS = 1000;

export interface RateLimiterOptions {
	/** Target request rate. */
	requestsPerSecond: number;
	/** The rate never drops below this after 429s. */
	minRequestsPerSecond?: number;
	/**
	 * This rate is a share of one budget that other executions spend at the same time (a limit per
	 * vendor divided between lanes): a start delayed by a busy process is then lost, never made up
	 * by the waiters behind it starting together.
	 */
	sharedBudget?: boolean;
	/**
	 * With a shared budget: this run's turn among `of` runs sharing it, each pacing at the same
	 * rate. The runs then start requests only in their own slots of one clock-aligned grid
	 * (`of` slots per interval), so together they never exceed `of` times the rate in any second,
	 * however their executions line up. The runs must share a clock (one machine, or NTP).
	 */
	turn?: { index: number; of: number };
	/** Injected for tests. */
	now?: () => number;
	wait?: (ms: number) => Promise<void>;
}

/**
 * Paces request starts evenly (no bursts: the server's bucket is small) and adapts to 429s:
 * the rate halves (at most once a second) and everyone pauses for the server's Retry-After, then
 * the rate climbs back by a tenth of the target per clean second.
 *
 * One instance per execution (never module state): n8n may run this code in several processes.
 */
export class RateLimiter {
	private readonly target: number;

	private readonly floor: number;

	private rate: number;

	private nextSlot = 0;

	private pausedUntil = 0;

	private lastIncrease = 0;

	private lastDecrease = Number.NEGATIVE_INFINITY;

	private readonly sharedBudget: boolean;

	/** With a shared budget, the waiters take their slots one after another (see acquireInTurn). */
	private queue: Promise<void> = Promise.resolve();

	/** The clock grid of a turn (see `turn`): this run's first slot and the grid's slot length. */
	private readonly grid?: { offset: number; slotMs: number };

	/** The start of the last slot this limiter used (taking turns). */
	private lastSlot = Number.NEGATIVE_INFINITY;

	private readonly now: () => number;

	private readonly wait: (ms: number) => Promise<void>;

	/** Requests started through this limiter (retries included) and 429s seen: run statistics. */
	acquiredCount = 0;

	rateLimitedCount = 0;

	constructor(options: RateLimiterOptions) {
		this.target = Math.max(0.1, options.requestsPerSecond);
		this.floor = Math.min(this.target, Math.max(0.1, options.minRequestsPerSecond ?? 1));
		this.rate = this.target;
		this.sharedBudget = options.sharedBudget === true;
		this.now = options.now ?? (() => Date.now());
		const turns = Math.floor(options.turn?.of ?? 0);
		if (this.sharedBudget && turns > 1) {
			const slotMs = 1000 / (this.target * turns);
			const index = Math.min(turns - 1, Math.max(0, Math.floor(options.turn?.index ?? 0)));
			this.grid = { offset: index * slotMs, slotMs };
		}
		// A share starts spent: the node before this one in the lane may have just used it, and a
		// free first request from every node that starts put the busiest second over the budget.
		// (Taking turns needs no such start: the slots are the clock's, see takeSlot.)
		if (this.sharedBudget && !this.grid) this.nextSlot = this.now() + 1000 / this.rate;
		this.wait = options.wait ?? ((ms) => sleep(ms));
	}

	get currentRate(): number {
		return this.rate;
	}

	/** Resolves when the caller may start its request. */
	async acquire(): Promise<void> {
		this.acquiredCount++;
		if (this.sharedBudget) return await this.acquireInTurn();
		const now = this.now();
		const slot = Math.max(now, this.nextSlot, this.pausedUntil);
		this.nextSlot = slot + 1000 / this.rate;
		if (slot > now) await this.wait(slot - now);
	}

	/**
	 * A slot is taken when its waiter is released, not when it asks: after a stall (a busy event
	 * loop in a worker running other executions) the ten waiters of a Sync Usage would otherwise all
	 * start at once, and twelve lanes doing that overran a budget they were each within.
	 */
	private async acquireInTurn(): Promise<void> {
		const previous = this.queue;
		let done = () => {};
		this.queue = new Promise<void>((resolve) => (done = resolve));
		await previous;
		try {
			if (this.grid) return await this.takeSlot(this.grid);
			for (;;) {
				const now = this.now();
				const due = Math.max(this.nextSlot, this.pausedUntil);
				if (now >= due) {
					this.nextSlot = now + 1000 / this.rate;
					return;
				}
				await this.wait(due - now);
			}
		} finally {
			done();
		}
	}

	/**
	 * Waits for this run's next slot of the grid and starts in it, or in the next one when the
	 * process woke up too late (past the slot, into another run's). A slot already under way when
	 * the wait begins is skipped: the lane's previous node may have used it.
	 */
	private async takeSlot({ offset, slotMs }: { offset: number; slotMs: number }): Promise<void> {
		const period = 1000 / this.target;
		const firstSlotFrom = (time: number) => Math.ceil((time - offset) / period) * period + offset;
		let slot = firstSlotFrom(this.now());
		for (;;) {
			// After 429s the rate is below the target: every other slot, or fewer, stays unused.
			const earliest = Math.max(this.pausedUntil, this.lastSlot + 1000 / this.rate - slotMs / 2);
			if (slot < earliest) slot = firstSlotFrom(earliest);
			const now = this.now();
			if (now < slot) {
				await this.wait(slot - now);
				continue;
			}
			if (now < slot + slotMs) {
				this.lastSlot = slot;
				return;
			}
			slot = firstSlotFrom(now);
		}
	}

	onSuccess(): void {
		if (this.rate >= this.target) return;
		const now = this.now();
		if (now - this.lastIncrease < 1000) return;
		this.lastIncrease = now;
		this.rate = Math.min(this.target, this.rate + this.target / 10);
	}

	onRateLimited(retryAfterMs: number | undefined): void {
		this.rateLimitedCount++;
		const now = this.now();
		// One overload answers every request in flight with a 429: that is one signal, not ten.
		// Halving once per each of them sent the pace to the floor (1 request a second) after a
		// single burst, and a 1,000-pair sync took four times as long (docs/reliability.md).
		if (now - this.lastDecrease >= DECREASE_WINDOW_MS) {
			this.rate = Math.max(this.floor, this.rate / 2);
			this.lastDecrease = now;
		}
		this.lastIncrease = now;
		if (retryAfterMs !== undefined) {
			this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		}
	}
}
