// @ts-check
'use strict';
/**
 * Ring buffer of the last N API requests plus counters by route and status.
 * Entries never contain header values: no token, no key.
 */

/**
 * @typedef {{ seq: number, at: string, arrivedMs: number, method: string, path: string, routeId: string | null, status: number,
 *   partnerId: string | null, budget: { token: string, vendor: string }, body: unknown, durationMs: number,
 *   fault?: string, faultPhase?: 'before' | 'after' }} LogEntry
 * `at`: when the request came in (ISO); `arrivedMs`: when it had arrived, body read (epoch ms,
 * monotonic clock), the time the rate limiter judged it by; `budget`: the rate budget it draws
 * from under each limiter scope (Store.budgetOf); `status` 429 for refused requests.
 */

class RequestLog {
	/** @param {number} size */
	constructor(size) {
		this.size = Math.max(1, size);
		/** @type {LogEntry[]} */
		this.entries = [];
		this.start = 0; // index of the oldest entry once the buffer is full
		this.nextSeq = 1;
		/** @type {Record<string, { total: number, byStatus: Record<string, number> }>} */
		this.byRoute = {};
		/** @type {Record<string, number>} */
		this.byStatus = {};
		this.total = 0;
	}

	/** @param {Omit<LogEntry, 'seq'>} e */
	add(e) {
		const entry = /** @type {LogEntry} */ ({ seq: this.nextSeq++, ...e });
		if (this.entries.length < this.size) this.entries.push(entry);
		else {
			this.entries[this.start] = entry;
			this.start = (this.start + 1) % this.size;
		}
		const route = e.routeId || '(unmatched)';
		const r = (this.byRoute[route] ||= { total: 0, byStatus: {} });
		r.total += 1;
		const s = String(e.status);
		r.byStatus[s] = (r.byStatus[s] || 0) + 1;
		this.byStatus[s] = (this.byStatus[s] || 0) + 1;
		this.total += 1;
		return entry;
	}

	/** Entries oldest first. @param {{ since?: number, route?: string, limit?: number }} [q] */
	list(q = {}) {
		const ordered = this.entries.length < this.size ? this.entries : [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)];
		let out = ordered;
		if (q.since !== undefined) out = out.filter((e) => e.seq > /** @type {number} */ (q.since));
		if (q.route) out = out.filter((e) => e.routeId === q.route);
		if (q.limit !== undefined && out.length > q.limit) out = out.slice(out.length - q.limit);
		return out;
	}

	/** The seq of the oldest request still held (nextSeq when none is). */
	oldestSeq() {
		if (!this.entries.length) return this.nextSeq;
		return this.entries[this.entries.length < this.size ? 0 : this.start].seq;
	}

	counts() {
		return { total: this.total, byRoute: this.byRoute, byStatus: this.byStatus, nextSeq: this.nextSeq };
	}

	/** @param {{ total?: number, byRoute?: any, byStatus?: any, nextSeq?: number } | undefined} saved */
	restoreCounts(saved) {
		if (!saved) return;
		this.total = saved.total || 0;
		this.byRoute = saved.byRoute || {};
		this.byStatus = saved.byStatus || {};
		this.nextSeq = saved.nextSeq || 1;
	}

	clear() {
		this.entries = [];
		this.start = 0;
		this.nextSeq = 1;
		this.byRoute = {};
		this.byStatus = {};
		this.total = 0;
	}
}

module.exports = { RequestLog };
