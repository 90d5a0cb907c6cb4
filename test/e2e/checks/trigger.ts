/**
 * The Terra Trigger in real n8n: published workflows, signed deliveries from the emulator to n8n's production
 * webhook URL, refused deliveries, event filters and split output, all judged on the executions n8n stored.
 */
import assert from 'node:assert/strict';

import { delay, waitFor } from '../../../scripts/lib/processes';
import type { ExecutionDetail } from '../../../scripts/lib/rest';
import { USERS } from '../../../examples/lib/fixtures';
import { WEBHOOK_IDS, WORKFLOW_IDS } from '../../../examples/generate';
import { TEST_WEBHOOK_IDS, TEST_WORKFLOW_IDS } from '../workflows/generate';
import type { ActionOutcome } from './actions';
import { executeWorkflow, expectSuccess, type E2eContext } from './context';
import { nodeJson } from '../../../scripts/lib/n8n';

type Json = Record<string, unknown>;

const TRIGGER_NODE = 'Terra events';
const ALL_TRIGGER_NODE = 'All Terra events';

function triggerItems(execution: ExecutionDetail, nodeName = TRIGGER_NODE): Json[] {
	const runs = execution.run.resultData.runData[nodeName];
	assert.ok(runs, `execution ${execution.id} has no run of ${nodeName}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

/** Executions of a workflow, once n8n has stored at least `count` (it saves them right after answering). */
async function executionsAtLeast(ctx: E2eContext, workflowId: string, count: number) {
	return await waitFor(
		`${count} stored executions of ${workflowId}`,
		async () => {
			const list = await ctx.stack.rest.executions(workflowId);
			return list.length >= count && list.every((execution) => execution.status !== 'running' && execution.status !== 'new')
				? list
				: undefined;
		},
		{ timeoutMs: ctx.pace.ms(30_000), intervalMs: 300 },
	);
}

async function details(ctx: E2eContext, workflowId: string): Promise<ExecutionDetail[]> {
	const list = await ctx.stack.rest.executions(workflowId);
	return await Promise.all(list.map((execution) => ctx.stack.rest.execution(execution.id)));
}

export async function triggerChecks(ctx: E2eContext, actions: ActionOutcome): Promise<void> {
	const { emulator, rest, n8n } = ctx.stack;
	const triggerUrl = ctx.stack.webhookUrl(WEBHOOK_IDS.trigger);
	const allEventsUrl = ctx.stack.webhookUrl(TEST_WEBHOOK_IDS.triggerAll);

	await ctx.suite.check('Both trigger workflows are published and their production URLs are /webhook/<webhookId>/webhook', async () => {
		for (const id of [WORKFLOW_IDS.trigger, TEST_WORKFLOW_IDS.triggerAll]) {
			const workflow = await rest.workflow(id);
			assert.equal(workflow.active, true, `${id} is active`);
		}
		const destination = await emulator.webhook();
		assert.equal(destination.url, triggerUrl, "the emulator's webhook destination is the trigger's production URL");
	});

	if (!actions.deauthenticatedUserId || !actions.labUploadId) {
		ctx.suite.info('skipped the check of events caused by action workflows (the authentication or lab report workflow did not run)');
	} else await ctx.suite.check('Events caused by the action workflows reached the trigger: deauth and lab_report.completed', async () => {
		const wanted = [
			{ type: 'deauth', match: (item: Json) => (item.user as Json | null)?.user_id === actions.deauthenticatedUserId },
			{ type: 'lab_report.completed', match: (item: Json) => item.upload_id === actions.labUploadId },
		];
		await waitFor(
			'deauth and lab_report.completed executions',
			async () => {
				const items = (await details(ctx, WORKFLOW_IDS.trigger)).flatMap((execution) => triggerItems(execution));
				return wanted.every(({ type, match }) => items.some((item) => item.type === type && match(item))) ? true : undefined;
			},
			{ timeoutMs: ctx.pace.ms(30_000), intervalMs: 500 },
		);
		const deliveries = await emulator.deliveries();
		for (const { type } of wanted) {
			const delivery = deliveries.find((entry) => entry.type === type && entry.url === triggerUrl);
			assert.ok(delivery, `the emulator delivered ${type}`);
			assert.equal(delivery.status, 200, `${type} answered 200`);
		}
	});

	let reference = '';
	await ctx.suite.check('to_webhook=true end to end: the Terra node asks, the emulator delivers, the trigger runs with the same reference', async () => {
		const before = (await rest.executions(WORKFLOW_IDS.trigger)).length;
		const { result, requests } = await executeWorkflow(ctx, WORKFLOW_IDS.toWebhook);
		const run = expectSuccess(result);
		const [ack] = nodeJson(run, 'Request activities by webhook');
		reference = String(ack.reference ?? '');
		assert.match(reference, /\S/, 'the acknowledgement carries a reference');
		assert.equal(ack.start_date, '2026-07-01');
		assert.equal(ack.end_date, '2026-07-03');
		const [request] = requests;
		assert.equal(request.query.to_webhook, 'true');

		const delivery = await waitFor(
			'the emulator to deliver the requested activities',
			async () => (await emulator.deliveries()).find((entry) => entry.reference === reference && entry.type === 'activity' && entry.ok),
			{ timeoutMs: ctx.pace.ms(30_000) },
		);
		assert.equal(delivery.url, triggerUrl);
		const records = (delivery.body as { data: Json[] }).data;
		assert.ok(records.length > 0, 'the delivered event has records');

		const executions = await executionsAtLeast(ctx, WORKFLOW_IDS.trigger, before + 1);
		const execution = await waitFor('the execution with this reference', async () => {
			for (const summary of executions.slice(before)) {
				const detail = await rest.execution(summary.id);
				if (triggerItems(detail).some((item) => (item.terra as Json).reference === reference)) return detail;
			}
			return undefined;
		});
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'webhook');
		const items = triggerItems(execution);
		assert.equal(items.length, records.length, 'Split Into One Item per Record: one item per delivered record');
		items.forEach((item, index) => {
			assert.equal(item.type, 'activity');
			assert.equal((item.user as Json).user_id, USERS.garmin.userId);
			assert.deepEqual(item.record, records[index]);
			assert.equal('data' in item, false, 'the data array is replaced by record');
			const terra = item.terra as Json;
			assert.equal(terra.recordIndex, index);
			assert.equal(terra.recordCount, records.length);
			assert.equal(terra.verified, true);
			assert.equal(terra.reference, reference);
			assert.equal(typeof terra.signatureTimestamp, 'number');
		});
		const kept = execution.run.resultData.runData['Keep what you need'][0].data?.main?.[0] ?? [];
		assert.equal(kept.length, records.length, 'the downstream Edit Fields node ran once per record');
		kept.forEach((item, index) => {
			assert.deepEqual(item.json, {
				event: 'activity',
				user_id: USERS.garmin.userId,
				provider: 'GARMIN',
				record_start: String((records[index].metadata as Json).start_time),
				reference,
			});
		});
	});

	await ctx.suite.check('Forged, expired, future, unsigned and malformed deliveries get 401 and start no execution', async () => {
		const settled = await executionsAtLeast(ctx, WORKFLOW_IDS.trigger, 1);
		const before = settled.length;
		for (const variant of ['wrong-secret', 'old-timestamp', 'future-timestamp', 'unsigned', 'malformed'] as const) {
			const sent = await emulator.sendEvent({ type: 'activity', variant, user_id: USERS.fitbit.userId });
			assert.equal(sent.status, 401, `${variant}: HTTP ${sent.status} ${sent.responseBody}`);
		}
		// A valid delivery afterwards: once its execution is stored, anything the refused ones started would be too.
		const valid = await emulator.sendEvent({ type: 'sleep', user_id: USERS.oura.userId });
		assert.equal(valid.status, 200, `valid delivery: HTTP ${valid.status}`);
		const after = await executionsAtLeast(ctx, WORKFLOW_IDS.trigger, before + 1);
		await delay(1000);
		const final = await rest.executions(WORKFLOW_IDS.trigger);
		assert.equal(final.length, before + 1, `exactly one new execution (the valid sleep event), got ${final.length - before}`);
		const detail = await rest.execution(after[after.length - 1].id);
		assert.ok(triggerItems(detail).every((item) => item.type === 'sleep'));
		const log = n8n.server?.logTail(400) ?? '';
		assert.ok(!/Terra Trigger.*error/i.test(log), 'no trigger errors in the n8n log');
	});

	await ctx.suite.check('Event filter: unselected events (nutrition, healthcheck, legacy auth error) are acknowledged with 200 and start nothing', async () => {
		const before = (await executionsAtLeast(ctx, WORKFLOW_IDS.trigger, 1)).length;
		for (const type of ['nutrition', 'healthcheck', 'auth_error']) {
			const sent = await emulator.sendEvent({ type, user_id: USERS.garmin.userId });
			assert.equal(sent.status, 200, `${type}: HTTP ${sent.status}`);
		}
		const control = await emulator.sendEvent({ type: 'auth', user_id: USERS.garmin.userId });
		assert.equal(control.status, 200);
		await executionsAtLeast(ctx, WORKFLOW_IDS.trigger, before + 1);
		await delay(1000);
		const list = await rest.executions(WORKFLOW_IDS.trigger);
		assert.equal(list.length, before + 1, 'only the selected auth event started the workflow');
		const detail = await rest.execution(list[list.length - 1].id);
		const items = triggerItems(detail);
		assert.equal(items.length, 1, 'an event without a data array stays one item when splitting');
		assert.equal(items[0].type, 'auth');
		assert.equal((items[0].terra as Json).recordIndex, undefined);
	});

	await ctx.suite.check('Events: All without splitting: any verified event (nutrition, healthcheck) is one item with its data array', async () => {
		const before = (await rest.executions(TEST_WORKFLOW_IDS.triggerAll)).length;
		const nutrition = await emulator.sendEvent({ type: 'nutrition', url: allEventsUrl, user_id: USERS.whoop.userId });
		assert.equal(nutrition.status, 200);
		const healthcheck = await emulator.sendEvent({ type: 'healthcheck', url: allEventsUrl });
		assert.equal(healthcheck.status, 200);
		const forged = await emulator.sendEvent({ type: 'nutrition', url: allEventsUrl, variant: 'wrong-secret' });
		assert.equal(forged.status, 401);
		const list = await executionsAtLeast(ctx, TEST_WORKFLOW_IDS.triggerAll, before + 2);
		await delay(500);
		assert.equal((await rest.executions(TEST_WORKFLOW_IDS.triggerAll)).length, before + 2);
		const items = await Promise.all(list.slice(before).map(async (summary) => triggerItems(await rest.execution(summary.id), ALL_TRIGGER_NODE)));
		const sentBody = JSON.parse(nutrition.rawBody) as Json;
		const nutritionItems = items.find((entry) => entry[0]?.type === 'nutrition');
		assert.ok(nutritionItems, 'the nutrition event started the workflow');
		assert.equal(nutritionItems.length, 1, 'one item per event');
		const { terra, ...event } = nutritionItems[0];
		assert.deepEqual(event, sentBody, 'the item is the event exactly as signed, plus terra metadata');
		assert.equal((terra as Json).eventType, 'nutrition');
		assert.ok(items.some((entry) => entry[0]?.type === 'healthcheck'));
	});
}
