/**
 * The Terra node on workers: workflows started through production webhooks on the webhook processor, so each run
 * goes through the queue. Judged by the HTTP answer (relayed from the worker), the requests the emulator recorded,
 * and the executions in Postgres (where binary data lives too, in `database` mode).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { labReportPdf } from '../../../examples/lib/fixtures';
import type { RecordedRequestJson } from '../../../scripts/lib/emulatorProcess';
import { query, requestsTo } from '../../e2e/checks/context';
import { pool } from '../lib/deliveries';
import { nodeOutput, type StoredExecution } from '../lib/executions';
import { activityByProcess, startedOn } from '../lib/processLogs';
import { QUEUE_WEBHOOKS, QUEUE_WORKFLOW_IDS, SLEEP_RANGE, USERS_PAGE_SIZE } from '../workflows/generate';
import type { QueueContext } from './context';

type Json = Record<string, unknown>;

/** Calls a production webhook; on an error answer, says why with the error n8n stored for the workflow's last run. */
async function callWebhook(ctx: QueueContext, workflowId: string, path: string, init: RequestInit = {}): Promise<unknown> {
	const response = await fetch(`${ctx.stack.webhookBaseUrl}/webhook/${path}`, { ...init, signal: AbortSignal.timeout(180_000) });
	const text = await response.text();
	if (response.status !== 200) {
		const [last] = (await ctx.executions.load([workflowId])).slice(-1);
		const error = last?.data?.resultData.error;
		assert.fail(
			`${init.method ?? 'GET'} /webhook/${path}: HTTP ${response.status} ${text.slice(0, 300)}` +
				(error ? `; execution #${last.id}: ${error.message ?? ''} ${error.description ?? ''}` : ''),
		);
	}
	return JSON.parse(text) as unknown;
}

/** The workflow's executions since `afterId`: `count` of them, all successful, each started on one worker. */
async function expectRanOnWorkers(ctx: QueueContext, workflowId: string, afterId: number, count: number): Promise<StoredExecution[]> {
	const stored = await ctx.executions.load([workflowId], afterId);
	assert.equal(stored.length, count, `${workflowId}: executions`);
	assert.deepEqual(
		stored.filter((execution) => execution.status !== 'success').map((execution) => `#${execution.id} ${execution.status}`),
		[],
		`${workflowId}: executions that did not succeed`,
	);
	const where = startedOn(activityByProcess([ctx.stack.main, ctx.stack.webhookProcessor, ...ctx.stack.workers]));
	for (const execution of stored) {
		const ranOn = where.get(execution.id) ?? [];
		assert.ok(ranOn.length === 1 && ranOn[0].startsWith('worker'), `${workflowId} #${execution.id} started on ${ranOn.join('+') || 'no worker'}`);
	}
	return stored;
}

function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

function uploadedFiles(requests: RecordedRequestJson[]) {
	return requestsTo(requests, 'POST', '/lab-reports').map(
		(request) => (request.body as { files: Array<{ filename: string; contentType: string; size: number; sha256: string }> }).files[0],
	);
}

export async function actionChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions } = ctx;
	const { emulator } = stack;
	const results = { sleepAnswered: 0, sleepUsers: ctx.userIds.length, allUsersPulled: 0, users: 0, userPages: 0, labReportsUploaded: 0 };
	const pdf = labReportPdf();

	await suite.check(`Sleep → Get Many (one week, inline) for each of the ${ctx.userIds.length} users, 4 at a time: each answer holds that user’s records`, async () => {
		const before = await executions.lastId();
		await emulator.clearRequests();
		const answers = await pool(
			ctx.userIds.map((userId) => async () => ({ userId, items: (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.sleep, `${QUEUE_WEBHOOKS.sleep.path}?user=${userId}`)) as Json[] })),
			4,
		);
		for (const { userId, items } of answers) {
			assert.ok(items.length > 0, `${userId}: no sleep records`);
			assert.deepEqual([...new Set(items.map((item) => item.user_id))], [userId], `${userId}: records of other users`);
		}
		const calls = requestsTo(await emulator.requests(), 'GET', '/sleep');
		assert.deepEqual(
			calls.map((call) => [query(call, 'user_id'), query(call, 'start_date'), query(call, 'end_date'), query(call, 'to_webhook')]).sort(),
			ctx.userIds.map((userId) => [userId, SLEEP_RANGE.start, SLEEP_RANGE.terraEnd, 'false']).sort(),
			'the emulator’s GET /sleep requests',
		);
		await expectRanOnWorkers(ctx, QUEUE_WORKFLOW_IDS.sleep, before, ctx.userIds.length);
		results.sleepAnswered = answers.length;
	});

	await suite.check(`Sleep → Get Many for All Connected Users in one node (${USERS_PAGE_SIZE} per page, 4 at a time): every user's week, the same records as one user at a time`, async () => {
		const perUser = new Map<string, string[]>();
		for (const userId of ctx.userIds) {
			const items = (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.sleep, `${QUEUE_WEBHOOKS.sleep.path}?user=${userId}`)) as Json[];
			perUser.set(userId, items.map((item) => String(item.record_id)).sort());
		}
		const before = await executions.lastId();
		await emulator.clearRequests();
		const items = (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.allUsers, QUEUE_WEBHOOKS.allUsers.path)) as Json[];
		assert.deepEqual(items.filter((item) => item.error !== undefined), [], 'error items');
		const byUser = new Map<string, string[]>();
		for (const item of items) byUser.set(String(item.user_id), [...(byUser.get(String(item.user_id)) ?? []), String(item.record_id)]);
		assert.deepEqual(
			[...byUser].map(([userId, records]) => [userId, records.sort()]).sort(),
			[...perUser].sort(),
			'records per user: All Connected Users vs one user at a time',
		);
		const calls = requestsTo(await emulator.requests(), 'GET', '/sleep');
		assert.deepEqual(
			calls.map((call) => [query(call, 'user_id'), query(call, 'start_date'), query(call, 'end_date')]).sort(),
			ctx.userIds.map((userId) => [userId, SLEEP_RANGE.start, SLEEP_RANGE.terraEnd]).sort(),
			'one GET /sleep per user',
		);
		await expectRanOnWorkers(ctx, QUEUE_WORKFLOW_IDS.allUsers, before, 1);
		results.allUsersPulled = byUser.size;
	});

	await suite.check(`User → Get Many, Return All, ${USERS_PAGE_SIZE} per page: all users over several /subscriptions pages`, async () => {
		const before = await executions.lastId();
		await emulator.clearRequests();
		const users = (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.users, QUEUE_WEBHOOKS.users.path)) as Json[];
		const expected = (await emulator.users()).map((user) => user.user_id).sort();
		assert.deepEqual(users.map((user) => String(user.user_id)).sort(), expected);
		const pages = requestsTo(await emulator.requests(), 'GET', '/subscriptions');
		assert.deepEqual(
			pages.map((page) => [query(page, 'page'), query(page, 'per_page')]),
			Array.from({ length: Math.ceil(expected.length / USERS_PAGE_SIZE) }, (_, index) => [String(index), String(USERS_PAGE_SIZE)]),
		);
		assert.ok(pages.length >= 3, `${pages.length} pages`);
		await expectRanOnWorkers(ctx, QUEUE_WORKFLOW_IDS.users, before, 1);
		results.users = users.length;
		results.userPages = pages.length;
	});

	await suite.check('Lab Report → Upload from binary data made on the worker (Edit Fields → Convert to File), stored in Postgres', async () => {
		const before = await executions.lastId();
		await emulator.clearRequests();
		const answer = (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.labReportFromFields, QUEUE_WEBHOOKS.labReportFromFields.path)) as Json;
		assert.ok(answer.upload_id, `no upload_id in ${JSON.stringify(answer)}`);
		assert.deepEqual(uploadedFiles(await emulator.requests()), [
			{ field: 'file', filename: 'lab-report.pdf', contentType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) },
		]);
		const [execution] = await expectRanOnWorkers(ctx, QUEUE_WORKFLOW_IDS.labReportFromFields, before, 1);
		const files = await stack.postgres.query<{ fileSize: number }>(
			`select "fileSize" from binary_data where "sourceType" = 'execution' and "sourceId" = $1`,
			[execution.id],
		);
		assert.ok(files.some((file) => file.fileSize === pdf.length), `binary_data rows of execution ${execution.id}: ${JSON.stringify(files)}`);
		results.labReportsUploaded++;
	});

	await suite.check('Lab Report → Upload of a PDF posted to the webhook: stored by the webhook processor, read by a worker', async () => {
		const before = await executions.lastId();
		await emulator.clearRequests();
		const answer = (await callWebhook(ctx, QUEUE_WORKFLOW_IDS.labReportUpload, QUEUE_WEBHOOKS.labReportUpload.path, {
			method: 'POST',
			headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="lab-report.pdf"' },
			body: pdf,
		})) as Json;
		assert.ok(answer.upload_id, `no upload_id in ${JSON.stringify(answer)}`);
		const [file] = uploadedFiles(await emulator.requests());
		assert.deepEqual([file?.size, file?.sha256], [pdf.length, sha256(pdf)], 'the file Terra received');
		const [execution] = await expectRanOnWorkers(ctx, QUEUE_WORKFLOW_IDS.labReportUpload, before, 1);
		const binary = nodeOutput(execution, 'Webhook')?.[0]?.binary?.data as { id?: string } | undefined;
		const [mode, fileId] = String(binary?.id ?? '').split(':');
		assert.equal(mode, 'database', `the Webhook node’s file is stored as ${binary?.id}`);
		const rows = await stack.postgres.query<{ fileSize: number }>('select "fileSize" from binary_data where "fileId" = $1', [fileId]);
		assert.deepEqual(rows.map((row) => row.fileSize), [pdf.length], `binary_data row ${fileId}`);
		results.labReportsUploaded++;
	});

	ctx.report.actions = results;
}
