/**
 * One table fed by push and pull, in real n8n with its Data Tables:
 * - a pull (the daily pull's write path: Terra node Simplified → stamped → upserted on record_id) fills the tables
 *   with a week of sleep and daily records of three users;
 * - the emulator then delivers the same records by webhook (Terra's own to_webhook deliveries) to the published
 *   "One table" example (Terra Trigger, Output: Simplified), then a newer copy of one record and, out of order, an
 *   older copy of it, and an older copy of another record: the tables end with one row per record, each with the
 *   newest values;
 * - a new user connects: the example's backfill adds exactly that user's last 30 days and changes no other row.
 * Deliveries are sent one at a time (each execution finished before the next): the Data Table recipe has no
 * transaction across its two steps, which docs/one-table.md says.
 */
import assert from 'node:assert/strict';

import type { IDataObject } from 'n8n-workflow';

import { nodeJson } from '../../../scripts/lib/n8n';
import { waitFor } from '../../../scripts/lib/processes';
import type { ExecutionDetail } from '../../../scripts/lib/rest';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID } from '../../../scripts/lib/stack';
import { WEBHOOK_IDS, WORKFLOW_IDS } from '../../../examples/generate';
import { ONE_TABLE_NODES } from '../../../examples/oneTable';
import { TABLES, type TableResource } from '../../../examples/lib/tables';
import { TERRA_DATA_TYPES } from '../../../nodes/Terra/actions/data/catalogue';
import { simplifyRecord, valueAtPath } from '../../../nodes/Terra/helpers/output';
import { PUSH_COLUMNS } from '../../../nodes/TerraTrigger/simplified';
import { ONE_TABLE_PULL_NODES, ONE_TABLE_WEEK, TEST_WORKFLOW_IDS } from '../workflows/generate';
import type { E2eContext } from './context';

type Row = Record<string, unknown>;
const RESOURCES: TableResource[] = ['sleep', 'daily'];
const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];

function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A row without n8n's own columns. */
function columnsOf(row: Row): Row {
	return Object.fromEntries(Object.entries(row).filter(([key]) => !SYSTEM_COLUMNS.includes(key)));
}

/** The data columns of a Simplified item (what both paths must agree on). */
function dataColumns(item: Row): Row {
	return Object.fromEntries(Object.entries(item).filter(([key]) => !(PUSH_COLUMNS as readonly string[]).includes(key)));
}

function byRecordId(rows: Row[]): Map<string, Row> {
	return new Map(rows.map((row) => [String(row.record_id), row]));
}

export async function oneTableChecks(ctx: E2eContext): Promise<void> {
	const { emulator, rest } = ctx.stack;
	const url = ctx.stack.webhookUrl(WEBHOOK_IDS.oneTable);
	const original = (await emulator.webhook()).url;
	await emulator.clearFaults();
	await emulator.resetRateLimits();

	const tableOf = async (resource: TableResource) => {
		const table = (await rest.dataTables()).find((candidate) => candidate.name === TABLES[resource]);
		assert.ok(table, `the Data Table ${TABLES[resource]} exists`);
		return table;
	};
	const rowsOf = async (resource: TableResource) => (await rest.dataTableRows(await tableOf(resource))).map(columnsOf);
	const executions = async () => (await rest.executions(WORKFLOW_IDS.oneTable)).length;
	/** Waits until the example has run `count` times in all, every run finished, and answers the last one. */
	const finished = async (count: number): Promise<ExecutionDetail> => {
		const list = await waitFor(
			`${count} finished executions of ${WORKFLOW_IDS.oneTable}`,
			async () => {
				const all = await rest.executions(WORKFLOW_IDS.oneTable);
				return all.length >= count && all.every((execution) => !['new', 'running', 'waiting'].includes(execution.status)) ? all : undefined;
			},
			{ timeoutMs: ctx.pace.ms(60_000), intervalMs: 300 },
		);
		const last = list.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		const detail = await rest.execution(last.id);
		assert.equal(detail.status, 'success', `execution ${last.id}: ${detail.run?.resultData.error?.message ?? detail.status}`);
		return detail;
	};
	const terra = async (path: string): Promise<IDataObject> => {
		const response = await fetch(`${emulator.apiBaseUrl}${path}`, { headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY } });
		assert.equal(response.status, 200, `GET ${path}`);
		return (await response.json()) as IDataObject;
	};
	const week = (userId: string, toWebhook: boolean) =>
		`?user_id=${userId}&start_date=${ONE_TABLE_WEEK.first}&end_date=${addDays(ONE_TABLE_WEEK.last, 1)}&to_webhook=${toWebhook}&with_samples=false`;

	// What the pull wrote: record_id → the Simplified item, per type.
	const pulled: Record<TableResource, Map<string, Row>> = { sleep: new Map(), daily: new Map() };
	let pullStartedAt = 0;

	try {
		await ctx.suite.check('A pull fills the Data Tables: a week of sleep and daily for 3 users, one row per record, stamped with the pull’s time', async () => {
			for (const table of (await rest.dataTables()).filter((candidate) => Object.values(TABLES).includes(candidate.name as never))) {
				await rest.deleteDataTable(table);
			}
			pullStartedAt = Date.now();
			const execution = await rest.runManually(TEST_WORKFLOW_IDS.oneTablePull, 'Run now');
			assert.equal(execution.status, 'success', execution.run?.resultData.error?.message ?? execution.status);
			const run = { status: execution.status, data: execution.run };
			for (const resource of RESOURCES) {
				const items = nodeJson(run, ONE_TABLE_PULL_NODES[resource]);
				assert.deepEqual(
					[...new Set(items.map((item) => item.user_id))].sort(),
					ONE_TABLE_WEEK.users.map((user) => user.userId).sort(),
					`${resource}: records of the three users`,
				);
				pulled[resource] = byRecordId(items);
				const rows = await rowsOf(resource);
				assert.equal(rows.length, pulled[resource].size, `${resource}: one row per record`);
				for (const row of rows) {
					assert.deepEqual(dataColumns(row), pulled[resource].get(String(row.record_id)), `${resource} ${String(row.record_id)}: the pulled values`);
					assert.ok(Number(row.terra_ordering_timestamp) >= pullStartedAt, 'stamped with the time of the pull');
					assert.equal(row.terra_trace_id, null, 'a pulled row has no trace id');
				}
				if (resource === 'daily') assert.equal(rows.length, 3 * 7, 'daily: 3 users × 7 days');
				ctx.suite.info(`${TABLES[resource]}: ${rows.length} rows after the pull`);
			}
		});

		await ctx.suite.check('The same records by webhook, a newer copy of one, then an older copy of it and of another (out of order): one row per record, the newest values', async () => {
			assert.ok(pulled.sleep.size > 0 && pulled.daily.size > 0, 'the pull check filled the tables');
			await emulator.setWebhook(url);
			let runs = await executions();
			// Terra's own deliveries of the same week: one data event per user and type.
			for (const user of ONE_TABLE_WEEK.users) {
				for (const resource of RESOURCES) {
					await terra(`/${resource}${week(user.userId, true)}`);
					await finished(++runs);
				}
			}
			const lastPushAt = Date.now();
			for (const resource of RESOURCES) {
				const rows = await rowsOf(resource);
				assert.equal(rows.length, pulled[resource].size, `${resource}: the pushed copies added no row`);
				for (const row of rows) {
					assert.deepEqual(dataColumns(row), pulled[resource].get(String(row.record_id)), `${resource} ${String(row.record_id)}: the same values`);
					assert.ok(typeof row.terra_trace_id === 'string' && row.terra_trace_id.length > 0, `${resource} ${String(row.record_id)}: replaced by the pushed copy (its trace id)`);
				}
			}

			/** A raw record of the week with one numeric metric changed by `delta`, and its record_id. */
			const changed = async (resource: TableResource, userIndex: number, delta: number) => {
				const type = TERRA_DATA_TYPES.find((candidate) => candidate.resource === resource)!;
				const user = ONE_TABLE_WEEK.users[userIndex];
				const body = await terra(`/${resource}${week(user.userId, false)}`);
				const record = structuredClone((body.data as IDataObject[])[0]);
				const [column, path] = Object.entries(type.simplified.metrics).find(([, candidate]) => typeof valueAtPath(record, candidate) === 'number')!;
				const keys = path.split('.');
				let holder = record;
				for (const key of keys.slice(0, -1)) holder = holder[key] as IDataObject;
				holder[keys.at(-1)!] = (holder[keys.at(-1)!] as number) + delta;
				const item = simplifyRecord(record, type.simplified, resource, body.user as IDataObject);
				return { body: { type: resource, version: '2022-03-16', user: body.user, data: [record] }, recordId: String(item.record_id), item, column };
			};
			const newer = await changed('sleep', 0, 1000);
			const unchanged = ((await terra(`/sleep${week(ONE_TABLE_WEEK.users[0].userId, false)}`)).data as IDataObject[])[0];
			const older = await changed('daily', 1, 5000);
			const newerAt = Date.now() + 60_000;
			const sends = [
				{ body: newer.body, orderingTimestamp: newerAt, what: 'a newer copy of a sleep record' },
				// Out of order: this copy was emitted before the newer one (but after the pull) and arrives after it.
				{ body: { ...newer.body, data: [unchanged] }, orderingTimestamp: newerAt - 30_000, what: 'an older copy of it, arriving late' },
				{ body: older.body, orderingTimestamp: pullStartedAt - 60_000, what: 'an older copy of a daily record (from before the pull)' },
			];
			for (const send of sends) {
				const sent = await emulator.sendEvent({ type: String(send.body.type), body: send.body, url, orderingTimestamp: send.orderingTimestamp });
				assert.equal(sent.status, 200, `${send.what}: answered 200`);
				await finished(++runs);
			}

			const expected: Record<TableResource, Map<string, Row>> = { sleep: new Map(pulled.sleep), daily: new Map(pulled.daily) };
			expected.sleep.set(newer.recordId, newer.item);
			for (const resource of RESOURCES) {
				const rows = await rowsOf(resource);
				assert.equal(rows.length, expected[resource].size, `${resource}: row count = distinct records`);
				assert.equal(new Set(rows.map((row) => row.record_id)).size, rows.length, `${resource}: record_id unique`);
				for (const row of rows) {
					assert.deepEqual(dataColumns(row), expected[resource].get(String(row.record_id)), `${resource} ${String(row.record_id)}: the newest values`);
				}
				const rowById = byRecordId(rows);
				if (resource === 'sleep') {
					assert.equal(rowById.get(newer.recordId)?.terra_ordering_timestamp, newerAt, 'the newer copy’s ordering timestamp');
				} else {
					const kept = Number(rowById.get(older.recordId)?.terra_ordering_timestamp);
					assert.ok(kept > pullStartedAt && kept <= lastPushAt, 'the older copy did not replace the row');
				}
			}
			ctx.suite.info(`${newer.column} of sleep ${newer.recordId} is the newer copy’s; ${older.column} of daily ${older.recordId} kept; rows: sleep ${expected.sleep.size}, daily ${expected.daily.size}`);
		});

		await ctx.suite.check('A user connects: the backfill adds exactly that user’s last 30 days of sleep and daily, no other row changes', async () => {
			await emulator.setWebhook(url);
			const before = { sleep: await rowsOf('sleep'), daily: await rowsOf('daily') };
			let runs = await executions();
			const link = await fetch(`${emulator.apiBaseUrl}/auth/authenticateUser?resource=GARMIN`, {
				method: 'POST',
				headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY, 'content-type': 'application/json' },
				body: JSON.stringify({ reference_id: 'one-table-new-user' }),
			});
			const authUrl = String(((await link.json()) as IDataObject).auth_url);
			const connected = (await (await fetch(`${authUrl}&redirect=false`)).json()) as IDataObject;
			const userId = String(connected.user_id);
			assert.ok(!before.sleep.concat(before.daily).some((row) => row.user_id === userId), 'the user had no rows before');
			const execution = await finished(++runs);
			const run = { status: execution.status, data: execution.run };
			for (const resource of RESOURCES) {
				const items = nodeJson(run, ONE_TABLE_NODES.backfill(resource));
				assert.ok(items.length > 0, `${resource}: the backfill pulled records`);
				assert.ok(items.every((item) => item.user_id === userId), `${resource}: only the new user’s records`);
				const rows = await rowsOf(resource);
				const theirs = rows.filter((row) => row.user_id === userId);
				const others = rows.filter((row) => row.user_id !== userId);
				assert.deepEqual(others, before[resource], `${resource}: every other row unchanged`);
				assert.equal(theirs.length, new Set(items.map((item) => item.record_id)).size, `${resource}: one row per pulled record`);
				const pulledById = byRecordId(items);
				for (const row of theirs) assert.deepEqual(dataColumns(row), pulledById.get(String(row.record_id)), `${resource} ${String(row.record_id)}`);
				if (resource === 'daily') assert.equal(theirs.length, 30, 'daily: 30 days');
				ctx.suite.info(`${TABLES[resource]}: +${theirs.length} rows for the new user ${userId}`);
			}
		});
	} finally {
		await emulator.setWebhook(original);
	}
}
