/**
 * Terra Trigger through the webhook processor: genuine signed deliveries interleaved with forged ones, many at a
 * time. Judged by the emulator's delivery log (what n8n answered) and by Postgres (what ran), matched by
 * X-Terra-Trace-Id; the worker logs say where each execution ran.
 */
import assert from 'node:assert/strict';

import { countBy, executionsByTraceId } from '../lib/executions';
import {
	deliveryPlan,
	FORGED_VARIANTS,
	percentile,
	seconds,
	sendDeliveries,
	TERRA_ATTEMPT_TIMEOUT_MS,
	type SentDelivery,
} from '../lib/deliveries';
import { activityByProcess, startedOn } from '../lib/processLogs';
import { QUEUE_TRIGGER_IDS, QUEUE_WEBHOOKS, QUEUE_WORKFLOW_IDS } from '../workflows/generate';
import type { QueueContext } from './context';

export const TRIGGER_NODE = 'Terra events';

export async function deliveryChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions, options } = ctx;
	const url = stack.triggerUrl(QUEUE_TRIGGER_IDS.events);
	const before = await executions.lastId();
	const plan = deliveryPlan(options.genuine, options.forged, ctx.userIds);

	const started = Date.now();
	const sent = await suite.setup(
		`${options.genuine} genuine + ${options.forged} forged deliveries, interleaved, ${options.concurrency} at a time`,
		() => sendDeliveries(stack.emulator, url, plan, options.concurrency),
	);
	const wallMs = Date.now() - started;
	const genuine = sent.filter((delivery) => delivery.genuine);
	const forged = sent.filter((delivery) => !delivery.genuine);
	const acknowledged = genuine.filter((delivery) => delivery.status === 200);
	suite.info(`sent in ${seconds(wallMs)} (${((sent.length * 1000) / wallMs).toFixed(1)} deliveries/s)`);

	await suite.check('the queue drained: as many finished executions as acknowledged deliveries', () =>
		executions.settle([QUEUE_WORKFLOW_IDS.trigger], before, acknowledged.length),
	);
	const stored = await executions.load([QUEUE_WORKFLOW_IDS.trigger], before);
	const byTrace = executionsByTraceId(stored, TRIGGER_NODE);
	const logged = new Map((await stack.emulator.deliveries()).map((delivery) => [delivery.traceId, delivery]));

	await suite.check(`all ${genuine.length} genuine deliveries were acknowledged with 200 (emulator’s delivery log)`, () => {
		const notOk = genuine.filter((delivery) => delivery.status !== 200 || logged.get(delivery.traceId)?.status !== 200);
		assert.deepEqual(describe(notOk), [], 'genuine deliveries not answered 200');
	});

	const byVariant: Record<string, string> = {};
	await suite.check(`all ${forged.length} forged deliveries were refused with 401, each kind (emulator’s delivery log)`, () => {
		for (const variant of FORGED_VARIANTS) {
			const ofVariant = forged.filter((delivery) => delivery.variant === variant);
			const refused = ofVariant.filter((delivery) => delivery.status === 401 && logged.get(delivery.traceId)?.status === 401);
			byVariant[variant] = `${refused.length}/${ofVariant.length}`;
		}
		const notRefused = forged.filter((delivery) => delivery.status !== 401 || logged.get(delivery.traceId)?.status !== 401);
		assert.deepEqual(describe(notRefused), [], 'forged deliveries not answered 401');
		assert.ok(FORGED_VARIANTS.every((variant) => forged.some((delivery) => delivery.variant === variant)), 'every kind sent');
	});
	suite.info(`401 by kind: ${Object.entries(byVariant).map(([kind, count]) => `${kind} ${count}`).join(', ')}`);

	let executedOnce = 0;
	await suite.check('every acknowledged delivery ran exactly once, successfully (its trace ID in the stored trigger output)', () => {
		const problems: string[] = [];
		for (const delivery of acknowledged) {
			const found = byTrace.get(delivery.traceId) ?? [];
			if (found.length === 1 && found[0].status === 'success' && found[0].mode === 'webhook') executedOnce++;
			else problems.push(`${delivery.type} ${delivery.traceId}: ${found.map((e) => `#${e.id} ${e.status}`).join(', ') || 'no execution'}`);
		}
		assert.deepEqual(problems.slice(0, 10), [], `${problems.length} deliveries without exactly one successful execution`);
	});

	const forgedExecutions = forged.flatMap((delivery) => byTrace.get(delivery.traceId) ?? []);
	await suite.check('forged deliveries started no execution, and the trigger ran for nothing else', () => {
		assert.equal(forgedExecutions.length, 0, 'executions carrying a forged delivery’s trace ID');
		assert.equal(stored.length, acknowledged.length, 'executions of the trigger workflow during the check');
	});

	const activity = activityByProcess([stack.main, stack.webhookProcessor, ...stack.workers]);
	const where = startedOn(activity);
	const perWorker = countBy(stored, (execution) => (where.get(execution.id) ?? ['nowhere']).join('+'));
	await suite.check('executions ran on both workers (worker logs), each on exactly one, none on main or the webhook processor', () => {
		const unattributed = stored.filter((execution) => (where.get(execution.id) ?? []).length !== 1);
		assert.deepEqual(unattributed.map((e) => `#${e.id} on ${(where.get(e.id) ?? []).join('+') || 'nothing'}`).slice(0, 10), []);
		for (const worker of stack.workers) assert.ok((perWorker[worker.name] ?? 0) > 0, `${worker.name} ran none`);
		assert.equal(perWorker.main, undefined, 'main ran executions');
		assert.equal(perWorker.webhook, undefined, 'the webhook processor ran executions');
	});

	const acks = acknowledged.map((delivery) => delivery.ackMs);
	const report = {
		sent: genuine.length,
		acknowledged: acknowledged.length,
		executedOnce,
		perWorker,
		ackP50Ms: percentile(acks, 50),
		ackP99Ms: percentile(acks, 99),
		ackMaxMs: Math.max(0, ...acks),
		overTerraTimeout: acks.filter((ms) => ms > TERRA_ATTEMPT_TIMEOUT_MS).length,
		wallMs,
	};
	ctx.report.deliveries = report;
	ctx.report.forged = {
		sent: forged.length,
		rejected401: forged.filter((delivery) => delivery.status === 401).length,
		executions: forgedExecutions.length,
		byVariant,
	};
	suite.info(
		`acknowledgement latency p50 ${seconds(report.ackP50Ms)}, p99 ${seconds(report.ackP99Ms)}, max ${seconds(report.ackMaxMs)}; ` +
			`${report.overTerraTimeout} over Terra’s ~8 s attempt timeout; executions per worker ${JSON.stringify(perWorker)}`,
	);
}

function describe(deliveries: SentDelivery[]): string[] {
	return deliveries.slice(0, 10).map((d) => `${d.variant} ${d.type} ${d.traceId}: HTTP ${d.status}${d.error ? ` ${d.error}` : ''}`);
}

/**
 * The same load sent to n8n's own Webhook node (no signature check, answers at once): what a delivery costs the
 * webhook processor without the Terra Trigger. Opt-in (`--only=baseline`), for comparing acknowledgement latency.
 */
export async function baselineCheck(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions, options } = ctx;
	const before = await executions.lastId();
	const plan = deliveryPlan(options.genuine, options.forged, ctx.userIds);
	const url = `${stack.webhookBaseUrl}/webhook/${QUEUE_WEBHOOKS.baseline.path}`;
	const started = Date.now();
	const sent = await suite.setup(`${plan.length} deliveries to n8n’s Webhook node, ${options.concurrency} at a time`, () =>
		sendDeliveries(stack.emulator, url, plan, options.concurrency),
	);
	const wallMs = Date.now() - started;
	await suite.check('every one answered 200 and ran', async () => {
		assert.deepEqual(describe(sent.filter((delivery) => delivery.status !== 200)), []);
		await executions.settle([QUEUE_WORKFLOW_IDS.baseline], before, sent.length);
	});
	const acks = sent.map((delivery) => delivery.ackMs);
	ctx.report.baseline = { sent: sent.length, ackP50Ms: percentile(acks, 50), ackP99Ms: percentile(acks, 99), wallMs };
	suite.info(
		`Webhook node: ${((sent.length * 1000) / wallMs).toFixed(1)} deliveries/s, acknowledgement p50 ${seconds(percentile(acks, 50))}, p99 ${seconds(percentile(acks, 99))}`,
	);
}
