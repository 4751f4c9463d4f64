import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { GradientSynthesize } from '../../nodes/GradientSynthesize/GradientSynthesize.node';
import * as engine from '../../nodes/shared/engine/alerts';
import { incidentAlertId } from '../../nodes/shared/engine/alerts';
import { BASE_URL, createContext, expectedToken } from './helpers/context';

const API = '/api/vendor-api';
const INTEGRATION = {
	integrationId: 'int-1',
	organizationId: 'org-9',
	name: 'MSP',
	status: 'active',
};

const params = (extra: IDataObject = {}): IDataObject => ({
	resource: 'alert',
	operation: 'syncAlerts',
	incidentIdField: 'id',
	accountIdField: 'org',
	titleField: 'subject',
	descriptionField: 'summary',
	severityField: 'severity',
	timeField: 'sent_at',
	resolvedField: 'closed',
	severityMapping: {},
	defaultTicketStatus: 1,
	reAlertWhen: 'never',
	ticketWaitSeconds: 2,
	unfinishedRunSince: '',
	ledgerStore: 'field',
	ledger: '',
	options: { pollIntervalSeconds: 1, concurrency: 1 },
	dryRun: false,
	...extra,
});

const incidents = (ids: string[]): INodeExecutionData[] =>
	ids.map((id) => ({
		json: {
			id,
			org: id === 'u1' ? 'acct-u' : 'acct-1',
			subject: `HIGH - Incident ${id}`,
			summary: `Details of ${id}`,
			severity: 'high',
			sent_at: '2026-11-27T07:00:00Z',
			closed: false,
		},
	}));

function api() {
	return nock(BASE_URL, { reqheaders: { 'gradient-token': expectedToken() } });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function execute(items: INodeExecutionData[], extra: IDataObject, continueOnFail = true) {
	const context = createContext({
		params: items.map(() => params(extra)),
		items,
		continueOnFail,
	});
	return await new GradientSynthesize().execute.call(context);
}

it('sends one alert per new incident with the documented body, waits for the ticket, routes every output, and hands back the ledger', async () => {
	const posted: Array<{ accountId: string; body: IDataObject }> = [];
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api()
		.get(`${API}/organization/accounts`)
		.reply(200, [
			{ id: 'acct-1', name: 'A', isMapped: true },
			{ id: 'acct-u', name: 'U', isMapped: false },
		]);
	api()
		.post(/\/api\/vendor-api\/alerting\/[^/]+$/)
		.times(2)
		.reply((uri, body) => {
			posted.push({ accountId: uri.split('/').pop() as string, body: body as IDataObject });
			// The second alert's answer is lost after Synthesize applied it (a proxy's 502).
			return posted.length === 2
				? [502, { statusCode: 502, message: 'Bad Gateway' }]
				: [201, { messageId: 'msg-1', alertId: (body as IDataObject).alertId, correlationID: 'c' }];
		});
	api()
		.get(`${API}/alerting/debug/msg-1`)
		.reply(200, { messageId: 'msg-1', status: 'success', ticketId: '50001', errors: [] });

	const [summary, sent, already, unmapped, failed] = await execute(
		[...incidents(['i1', 'i2', 'u1']), { json: { id: 'bad', org: 'acct-1' } }],
		{},
	);
	expect(posted).toEqual([
		{
			accountId: 'acct-1',
			body: {
				title: 'HIGH - Incident i1',
				description: 'Details of i1\n\nIncident ID: i1',
				alertId: incidentAlertId('org-9', 'acct-1', 'i1', 1),
				priority: 3,
				status: 1,
			},
		},
		expect.objectContaining({ accountId: 'acct-1' }),
	]);
	expect(sent.map((item) => item.json)).toEqual([
		expect.objectContaining({
			incidentId: 'i1',
			outcome: 'sent',
			ticketStatus: 'success',
			ticketId: '50001',
		}),
	]);
	expect(sent[0].pairedItem).toEqual({ item: 0 });
	expect(already).toEqual([]);
	expect(unmapped.map((item) => item.json)).toEqual([
		expect.objectContaining({
			incidentId: 'u1',
			outcome: 'unmapped',
			note: expect.stringMatching(/not mapped/),
		}),
	]);
	expect(failed.map((item) => [item.json.incidentId ?? item.json.row, item.json.outcome])).toEqual([
		['i2', 'uncertain'],
		[3, 'failed'],
	]);
	expect(failed[0].json.note).toMatch(/NOT sent again/);
	expect(failed[1].json.note).toMatch(/^Title is empty/);
	const [json] = summary.map((item) => item.json);
	expect(json).toMatchObject({
		partner: 'credential',
		incidents: { sent: 1, unmapped: 1, uncertain: 1 },
		alerts: { accepted: 1, ticketed: 1 },
		ledger: { store: 'field', incidents: 3, persisted: false },
	});
	const ledger = JSON.parse(json.ledgerState as string);
	expect(ledger.incidents['acct-1']).toMatchObject({
		i1: { s: 'sent', tk: '50001', n: 1 },
		i2: { s: 'uncertain' },
	});
	expect(nock.isDone()).toBe(true);

	// The next run with that ledger: nothing is sent again, not even the uncertain one.
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api()
		.get(`${API}/organization/accounts`)
		.reply(200, [
			{ id: 'acct-1', name: 'A', isMapped: true },
			{ id: 'acct-u', name: 'U', isMapped: false },
		]);
	const [summary2, sent2, already2] = await execute(incidents(['i1', 'i2']), {
		ledger: json.ledgerState,
	});
	expect(sent2).toEqual([]);
	expect(already2.map((item) => item.json.incidentId)).toEqual(['i1', 'i2']);
	expect(summary2[0].json).toMatchObject({ incidents: { alreadySent: 2 } });
	expect(nock.isDone()).toBe(true);
}, 30_000);

it('without "continue", the uncertain alert stops the workflow after everything else was sent', async () => {
	api().get(`${API}/organization`).reply(200, INTEGRATION);
	api()
		.get(`${API}/organization/accounts`)
		.reply(200, [{ id: 'acct-1', name: 'A', isMapped: true }]);
	api()
		.post(`${API}/alerting/acct-1`)
		.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
	await expect(execute(incidents(['i1']), { ticketWaitSeconds: 0 }, false)).rejects.toThrow(
		/1 incident\(s\) could not be synced/,
	);
});

it('refuses a ledger that is not its own and an Unfinished Run Since that is not a date, before sending anything', async () => {
	await expect(
		execute(incidents(['i1']), { ledger: JSON.stringify({ version: 1, counts: {} }) }, false),
	).rejects.toThrow(/not an alert ledger/);
	await expect(execute(incidents(['i1']), { unfinishedRunSince: 'soon' }, false)).rejects.toThrow(
		/Unfinished Run Since "soon" is not a date/,
	);
});

describe('a failure of the whole run, with "continue"', () => {
	afterEach(() => jest.restoreAllMocks());

	it('before any alert: an error Summary without alertsAttempted (the workflow may release its lease)', async () => {
		api().get(`${API}/organization`).reply(401, { statusCode: 401, message: 'Unauthorized' });
		const [summary, sent] = await execute(incidents(['i1']), {});
		expect(summary).toEqual([
			{
				json: expect.objectContaining({ error: expect.stringMatching(/401/) }),
				pairedItem: { item: 0 },
			},
		]);
		expect(summary[0].json.alertsAttempted).toBeUndefined();
		expect(sent).toEqual([]);
	});

	it('after an alert went out: the error Summary says how many were attempted (the workflow keeps its lease)', async () => {
		api().get(`${API}/organization`).reply(200, INTEGRATION);
		api().post(`${API}/alerting/acct-1`).reply(201, { messageId: 'msg-1', alertId: 'x' });
		jest
			.spyOn(engine, 'runAlertSync')
			.mockImplementation(async (_rows, _ledger, _settings, port) => {
				await port.create('acct-1', {
					title: 't',
					description: 'd',
					alertId: 'x',
					priority: 1,
					status: 1,
				});
				throw new Error('unexpected');
			});
		const [summary] = await execute(incidents(['i1']), {});
		expect(summary[0].json).toMatchObject({ error: 'unexpected', alertsAttempted: 1 });
		expect(summary[0].json.ledgerState).toBeUndefined();
	});
});

it('declares five outputs for Sync Alerts, four for Sync Usage and one for every other operation', () => {
	const expression = String(new GradientSynthesize().description.outputs);
	// The list the outputs expression gives for one operation (the JSON after its condition).
	const outputsOf = (operation: string) => {
		const condition = `$parameter["operation"] === "${operation}" ? `;
		expect(expression.indexOf(condition)).toBeGreaterThan(0);
		const start = expression.indexOf(condition) + condition.length;
		const list = expression.slice(
			expression.indexOf('[', start),
			expression.indexOf('] : ', start) + 1,
		);
		return (JSON.parse(list) as Array<{ displayName: string }>).map((output) => output.displayName);
	};
	expect(outputsOf('syncAlerts')).toEqual([
		'Summary',
		'Sent',
		'Already Sent',
		'Unmapped',
		'Failed',
	]);
	expect(outputsOf('syncUsage')).toEqual(['Summary', 'Results', 'Unmapped', 'Failed']);
	expect(expression).toMatch(/ : \["main"\] \}\}$/);
});
