// @ts-check
'use strict';
/**
 * The statements table of npm run scale (tools/scale/statements.js): n8n's TypeORM statements
 * grouped by verb and table. The texts below are shapes n8n 2.41.1 sent during a re-sync; a kind
 * taken from a subquery's parenthesis or a quoted schema would put them under the wrong table.
 */
const { statementKind, statementsPerPartner } = require('../../tools/scale/statements');

const SHAPES = {
	executionData:
		'UPDATE "public"."execution_data" SET "data" = $1, "workflowData" = $2 WHERE "executionId" = $3',
	dataTableIds:
		'SELECT DISTINCT "distinctAlias"."DataTable_id" AS "ids_DataTable_id" FROM (SELECT "DataTable"."id" AS "DataTable_id" FROM "public"."data_table" "DataTable" LEFT JOIN "public"."project" "p" ON 1=1) "distinctAlias" LIMIT 1',
	credentials:
		'SELECT "CredentialsEntity"."id" AS "CredentialsEntity_id" FROM "public"."credentials_entity" "CredentialsEntity" WHERE "CredentialsEntity"."id" = $1',
	rowsUpdate:
		'UPDATE "data_table_user_cjYVwDB1cLXl2n5l" SET "leaseOwner" = $1 WHERE "partnerId" = $2 RETURNING "id"',
	rowsSelect:
		'SELECT * FROM "data_table_user_OnPBDJWbkOVTA7xC" "dataTable" WHERE "dataTable"."runId" = $1',
	insert: 'INSERT INTO "public"."execution_entity"("finished", "mode") VALUES ($1, $2)',
	searchPath: 'SET search_path TO public',
	timeout: 'SET statement_timeout = 300000',
};

it('names a statement by its verb and the table it reads or writes', () => {
	expect(statementKind(SHAPES.executionData)).toBe('UPDATE execution_data');
	expect(statementKind(SHAPES.dataTableIds)).toBe('SELECT data_table');
	expect(statementKind(SHAPES.credentials)).toBe('SELECT credentials_entity');
	expect(statementKind(SHAPES.insert)).toBe('INSERT execution_entity');
	expect(statementKind(SHAPES.searchPath)).toBe('SET search_path');
	expect(statementKind(SHAPES.timeout)).toBe('SET statement_timeout');
	// every data table's own rows are one kind, whatever the table's generated name
	expect(statementKind(SHAPES.rowsUpdate)).toBe(
		statementKind(SHAPES.rowsSelect).replace('SELECT', 'UPDATE'),
	);
	expect(statementKind(SHAPES.rowsSelect)).toMatch(/^SELECT data_table_user_…/);
});

it('sums the shapes of one kind per partner, busiest first, leaving out its own reset', () => {
	const result = statementsPerPartner(
		[
			{ query: SHAPES.credentials, calls: 1600, ms: '177.2' },
			{ query: SHAPES.credentials.replace('"id" = $1', '"id" IN ($1, $2)'), calls: 33, ms: 2.8 },
			{ query: SHAPES.executionData, calls: '25', ms: 687.8 },
			{ query: SHAPES.searchPath, calls: 6010, ms: 49.7 },
			{ query: 'SELECT pg_stat_statements_reset()', calls: 1, ms: 1.3 },
		],
		100,
	);
	expect(result.kinds.map((k) => k.kind)).toEqual([
		'UPDATE execution_data',
		'SELECT credentials_entity',
		'SET search_path',
	]);
	expect(result.kinds[1]).toEqual({
		kind: 'SELECT credentials_entity',
		callsPerPartner: 16.33,
		msPerPartner: 1.8,
	});
	expect(result.perPartner).toEqual({ calls: 76.7, ms: 9.2 });
});
