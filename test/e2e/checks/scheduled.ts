/**
 * Scheduled pulls in real n8n, the way users build them:
 * - dates from the expressions {{ $today.minus({ days: 1 }) }} / {{ $today }} in workflow timezones far from UTC
 *   (UTC+14 and UTC−12: at any moment one of them is on another date than UTC), checked against what the emulator
 *   received, with the expectation computed from the clock in that zone (a run across midnight there is repeated);
 * - All Connected Users over 25+ users on several /subscriptions pages, one user failing (404) and a 429 (rule r2)
 *   for another midway: everyone else's records arrive exactly once, the failing user is an error item naming them;
 * - the “Daily pull: all users → n8n Data Table” example run twice for the same day: the tables' row counts stay.
 */
import assert from 'node:assert/strict';

import { nodeItems, nodeJson } from '../../../scripts/lib/n8n';
import { SCHEDULED_TABLES } from '../../../examples/scheduledPull';
import { WORKFLOW_IDS } from '../../../examples/generate';
import { ALL_USERS_RANGE, TEST_WORKFLOW_IDS, TODAY_ZONES } from '../workflows/generate';
import { executeWorkflow, expectSuccess, query, requestsTo, type E2eContext, type WorkflowRun } from './context';

/** The calendar day in an IANA zone now, `offsetDays` later. */
function dayIn(zone: string, offsetDays = 0): string {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
		new Date(),
	);
	return addDays(today, offsetDays);
}

/** Runs a workflow until the day in `zone` is the same before and after the run (at most three tries). */
async function withinOneDay(ctx: E2eContext, workflowId: string, zone: string): Promise<{ run: WorkflowRun; today: string }> {
	for (let attempt = 1; ; attempt++) {
		const today = dayIn(zone);
		const run = await executeWorkflow(ctx, workflowId);
		if (dayIn(zone) === today || attempt === 3) return { run, today };
		ctx.suite.info(`${workflowId}: midnight passed in ${zone} during the run; running it again`);
	}
}

/** Users the all-users check needs: at least 25 connected, over at least 3 pages of 10. */
const USERS_FOR_FAN_OUT = 33;

export async function scheduledChecks(ctx: E2eContext): Promise<void> {
	const { emulator } = ctx.stack;
	await emulator.clearFaults();

	await ctx.suite.check('Dates from {{ $today.minus({ days: 1 }) }} and {{ $today }} in workflows at UTC+14 and UTC−12 reach Terra as those days there', async () => {
		let differsFromUtc = 0;
		for (const id of ['todayPlus14', 'todayMinus12'] as const) {
			const zone = TODAY_ZONES[id];
			const { run, today } = await withinOneDay(ctx, TEST_WORKFLOW_IDS[id], zone);
			expectSuccess(run.result);
			const [request] = requestsTo(run.requests, 'GET', '/daily');
			const sent = [query(request, 'start_date'), query(request, 'end_date')];
			// Yesterday and the day after today in that zone: both days included, Terra's end_date excluded.
			assert.deepEqual(sent, [addDays(today, -1), addDays(today, 1)], `${zone}: start_date and end_date`);
			if (today !== dayIn('UTC')) differsFromUtc++;
			const items = nodeJson(run.result.run!, 'Yesterday and today');
			assert.deepEqual([...new Set(items.map((item) => item.date))].sort(), [addDays(today, -1), today], `${zone}: the records of both days`);
			ctx.suite.info(`${zone}: today is ${today}; Terra got start_date=${sent[0]} end_date=${sent[1]}`);
		}
		assert.ok(differsFromUtc >= 1, 'one of the two zones is on another date than UTC, so the zone decided the dates');
	});

	await ctx.suite.check(`All Connected Users: ${USERS_FOR_FAN_OUT} users over several pages, one failing (404), a 429 r2 midway; everyone else’s records exactly once`, async () => {
		const current = await emulator.users();
		if (current.length < USERS_FOR_FAN_OUT) await emulator.addUsers(USERS_FOR_FAN_OUT - current.length);
		const users = await emulator.users();
		assert.ok(users.length >= 25, `at least 25 users (got ${users.length})`);
		const failing = users[13];
		const throttled = users[21];
		await emulator.clearFaults();
		await emulator.injectFault(
			{ method: 'GET', path: '/daily', query: { user_id: failing.user_id } },
			{ status: 404, body: { type: 'about:blank', title: 'not found', detail: 'user not found' }, times: 'Infinity' },
		);
		await emulator.injectFault(
			{ method: 'GET', path: '/daily', query: { user_id: throttled.user_id } },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 },
		);
		const { result, requests } = await executeWorkflow(ctx, TEST_WORKFLOW_IDS.allUsers);
		await emulator.clearFaults();
		const run = expectSuccess(result);

		const pages = requestsTo(requests, 'GET', '/subscriptions');
		const expectedPages = Math.ceil(users.length / ALL_USERS_RANGE.pageSize);
		assert.deepEqual(
			pages.map((request) => [query(request, 'page'), query(request, 'per_page')]),
			Array.from({ length: expectedPages }, (_unused, page) => [String(page), String(ALL_USERS_RANGE.pageSize)]),
			'the users are listed page by page',
		);

		const items = nodeItems(run, 'Every user');
		const errors = items.filter((item) => 'error' in item.json);
		assert.equal(errors.length, 1, 'one error item');
		assert.deepEqual(
			{ user_id: errors[0].json.user_id, provider: errors[0].json.provider, reference_id: errors[0].json.reference_id },
			{ user_id: failing.user_id, provider: failing.provider, reference_id: failing.reference_id },
			'the error item names the failing user',
		);
		assert.match(String(errors[0].json.error), new RegExp(`^User ${failing.user_id} \\(${failing.provider}.*Terra API error 404`));
		assert.ok(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}'), 'every item paired with the one input item');

		const days = [ALL_USERS_RANGE.first, addDays(ALL_USERS_RANGE.first, 1), ALL_USERS_RANGE.last];
		const records = items.filter((item) => !('error' in item.json)).map((item) => item.json);
		for (const user of users) {
			if (user.user_id === failing.user_id) continue;
			const own = records.filter((record) => record.user_id === user.user_id);
			assert.deepEqual(own.map((record) => record.date), days, `${user.provider} ${user.user_id}: each day once`);
		}
		assert.equal(records.length, (users.length - 1) * days.length, 'nothing from the failing user, nothing twice');
		assert.equal(new Set(records.map((record) => record.record_id)).size, records.length, 'record_id is unique');

		const throttledCalls = requestsTo(requests, 'GET', '/daily').filter((request) => query(request, 'user_id') === throttled.user_id);
		assert.deepEqual(throttledCalls.map((request) => request.status), [429, 200], 'the 429 was waited out and retried');
		ctx.suite.info(`${users.length} users, ${pages.length} pages, ${records.length} records, n8n execute ${(result.ms / 1000).toFixed(1)} s`);
	});

	await ctx.suite.check('The scheduled-pull example run twice for the same day: the Data Tables’ row counts stay the same', async () => {
		const counts: Array<Record<string, number>> = [];
		let yesterday = '';
		for (let attempt = 1; attempt <= 2 && counts.length < 2; attempt++) {
			counts.length = 0;
			yesterday = dayIn('UTC', -1);
			for (let time = 1; time <= 2; time++) {
				// In the n8n server, as “Execute workflow” does: `n8n execute` has no Data Table module.
				const execution = await ctx.stack.rest.runManually(WORKFLOW_IDS.scheduledPull, 'Run now');
				assert.equal(execution.status, 'success', `run ${time}: ${execution.run?.resultData.error?.message ?? execution.status}`);
				const run = { status: execution.status, data: execution.run };
				const tables = await ctx.stack.rest.dataTables();
				const rowsOf: Record<string, number> = {};
				for (const [resource, name] of Object.entries(SCHEDULED_TABLES)) {
					const table = tables.find((candidate) => candidate.name === name);
					assert.ok(table, `the workflow created the Data Table ${name}`);
					const rows = await ctx.stack.rest.dataTableRows(table);
					rowsOf[name] = rows.length;
					const pulled = nodeJson(run, resource === 'sleep' ? 'Yesterday’s sleep, all users' : 'Yesterday’s daily summaries, all users');
					assert.ok(pulled.length > 0, `${resource}: records were pulled`);
					assert.equal(rows.length, new Set(pulled.map((record) => record.record_id)).size, `${name}: one row per record`);
					assert.equal(new Set(rows.map((row) => row.record_id)).size, rows.length, `${name}: record_id unique`);
					if (resource === 'daily') assert.ok(rows.every((row) => row.date === yesterday), `${name}: yesterday's rows only`);
				}
				counts.push(rowsOf);
			}
			// The day changed between the runs: the second run rightly added a new day; try once more.
			if (dayIn('UTC', -1) !== yesterday) counts.length = 0;
		}
		assert.equal(counts.length, 2, 'two runs within one day');
		assert.deepEqual(counts[1], counts[0], 'the second run added no rows');
		ctx.suite.info(`rows after each run: ${JSON.stringify(counts)}`);
	});
}

function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
