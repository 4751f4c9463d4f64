// @ts-check
'use strict';
/**
 * What n8n asks of PostgreSQL during a run, per partner: npm run scale starts PostgreSQL with
 * pg_stat_statements and reads it back after the unchanged re-sync. TypeORM writes one statement
 * text per shape, so the statements are grouped by kind: the verb and the table it reads or writes
 * (`SELECT credentials_entity`), a `SET` as itself, every data table's own rows as one kind.
 */

/** The statements pg_stat_statements holds, for statementsPerPartner. */
const STATEMENTS_SQL =
	'SELECT query, calls, total_exec_time + total_plan_time AS ms FROM pg_stat_statements';

/**
 * The kind of one statement: its verb and first table, e.g. `UPDATE execution_data`.
 * @param {string} query
 */
function statementKind(query) {
	const text = query.replace(/\s+/g, ' ').trim();
	const verb = (/^\w+/.exec(text)?.[0] ?? '?').toUpperCase();
	if (verb === 'SET') return text.replace(/ TO .*| = .*/i, '');
	// The first table named after FROM, UPDATE or INTO (a subquery's parenthesis is skipped).
	const table = /\b(?:FROM|UPDATE|INTO) (?:"?public"?\.)?"?(\w+)"?/i.exec(text)?.[1] ?? '?';
	return `${verb} ${/^data_table_user_/.test(table) ? 'data_table_user_… (a data table’s rows)' : table}`;
}

/**
 * Statements by kind, busiest first, per partner: calls, and milliseconds of execution and planning.
 * @param {{ query: string, calls: number | string, ms: number | string }[]} rows pg_stat_statements (STATEMENTS_SQL)
 * @param {number} partners
 */
function statementsPerPartner(rows, partners) {
	/** @type {Map<string, { calls: number, ms: number }>} */
	const kinds = new Map();
	for (const row of rows) {
		if (/pg_stat_statements/.test(row.query)) continue; // the tool's own reset
		const kind = statementKind(row.query);
		const entry = kinds.get(kind) ?? { calls: 0, ms: 0 };
		entry.calls += Number(row.calls);
		entry.ms += Number(row.ms);
		kinds.set(kind, entry);
	}
	const per = (/** @type {number} */ value, /** @type {number} */ digits) =>
		Math.round((value / Math.max(1, partners)) * 10 ** digits) / 10 ** digits;
	const list = [...kinds]
		.map(([kind, e]) => ({ kind, calls: e.calls, msTotal: e.ms }))
		.sort((a, b) => b.msTotal - a.msTotal);
	const total = list.reduce((sum, e) => ({ calls: sum.calls + e.calls, ms: sum.ms + e.msTotal }), {
		calls: 0,
		ms: 0,
	});
	return {
		perPartner: { calls: per(total.calls, 1), ms: per(total.ms, 1) },
		kinds: list.map((e) => ({
			kind: e.kind,
			callsPerPartner: per(e.calls, 2),
			msPerPartner: per(e.msTotal, 2),
		})),
	};
}

module.exports = { STATEMENTS_SQL, statementKind, statementsPerPartner };
