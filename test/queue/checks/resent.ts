/**
 * The same delivery reaching the trigger more than once, made by the emulator's own retry logic: a proxy in front
 * of the webhook processor loses n8n's acknowledgements (Terra retries: same X-Terra-Trace-Id, freshly signed), or
 * forwards every attempt twice at once (a re-send racing the original). Reports how many executions that causes;
 * expectations.ts says how many are allowed.
 */
import assert from 'node:assert/strict';

import { EMULATOR_API_KEY, EMULATOR_DEV_ID } from '../../../scripts/lib/stack';
import { waitFor } from '../../../scripts/lib/processes';
import type { DeliveryJson } from '../../../scripts/lib/emulatorProcess';
import { DeliveryProxy } from '../lib/deliveryProxy';
import { executionsByTraceId } from '../lib/executions';
import { QUEUE_TRIGGER_IDS, QUEUE_WORKFLOW_IDS } from '../workflows/generate';
import type { QueueContext } from './context';
import { TRIGGER_NODE } from './deliveries';
import { assertExecutionsForResentDelivery, TRIGGER_DEDUPLICATES_RESENT_DELIVERIES } from './expectations';

/** Acknowledgements lost before Terra's retry gets one through. */
const LOST_ACKS = 2;

/**
 * Asks Terra (the emulator's API) for one day of daily data by webhook with the proxy as the destination, and waits
 * until a delivery attempt was acknowledged. Returns every attempt of it from the emulator's delivery log.
 */
async function deliverThrough(ctx: QueueContext, proxy: DeliveryProxy, userId: string): Promise<DeliveryJson[]> {
	const { emulator } = ctx.stack;
	const proxyUrl = await proxy.start();
	await emulator.setWebhook(proxyUrl);
	try {
		const url = `${emulator.apiBaseUrl}/daily?user_id=${userId}&start_date=2026-07-01&end_date=2026-07-02&to_webhook=true`;
		const response = await fetch(url, { headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY } });
		const ack = (await response.json()) as { reference?: string };
		assert.equal(response.status, 200, `GET /daily to_webhook: ${JSON.stringify(ack)}`);
		const reference = String(ack.reference);
		return await waitFor(
			`an acknowledged delivery of ${reference}`,
			async () => {
				const attempts = (await emulator.deliveries()).filter((delivery) => delivery.reference === reference);
				return attempts.some((delivery) => delivery.ok) ? attempts.sort((a, b) => a.attempt - b.attempt) : undefined;
			},
			{ timeoutMs: 60_000, intervalMs: 200 },
		);
	} finally {
		await emulator.setWebhook(ctx.stack.triggerUrl(QUEUE_TRIGGER_IDS.events));
		await proxy.close();
	}
}

export async function resentChecks(ctx: QueueContext): Promise<void> {
	const { suite, executions } = ctx;
	const before = await executions.lastId();
	const target = ctx.stack.triggerUrl(QUEUE_TRIGGER_IDS.events);

	const retryProxy = new DeliveryProxy(target, { loseAcks: LOST_ACKS });
	const retried = await suite.setup(`Terra re-sends a delivery whose acknowledgement was lost ${LOST_ACKS} times`, () =>
		deliverThrough(ctx, retryProxy, ctx.userIds[1]),
	);
	const duplicateProxy = new DeliveryProxy(target, { duplicate: true });
	const duplicated = await suite.setup('a delivery reaches the webhook processor twice at the same moment', () =>
		deliverThrough(ctx, duplicateProxy, ctx.userIds[2]),
	);
	await suite.check('their executions finished', () => executions.settle([QUEUE_WORKFLOW_IDS.trigger], before, 2));
	const byTrace = executionsByTraceId(await executions.load([QUEUE_WORKFLOW_IDS.trigger], before), TRIGGER_NODE);

	const retryTrace = retried[0].traceId;
	const retryCopies = retryProxy.forwarded.filter((forward) => forward.traceId === retryTrace).flatMap((f) => f.statuses);
	const retryExecutions = (byTrace.get(retryTrace) ?? []).length;
	await suite.check(
		`Terra’s retry (emulator’s log): ${LOST_ACKS + 1} attempts with the same trace ID, the first ${LOST_ACKS} answered 504 by the lossy network, each accepted by n8n`,
		() => {
			assert.deepEqual(
				retried.map((attempt) => [attempt.attempt, attempt.traceId, attempt.status]),
				Array.from({ length: LOST_ACKS + 1 }, (_, index) => [index + 1, retryTrace, index < LOST_ACKS ? 504 : 200]),
			);
			assert.deepEqual(retryCopies, Array(LOST_ACKS + 1).fill(200), 'what n8n answered each attempt');
		},
	);
	const expectation = TRIGGER_DEDUPLICATES_RESENT_DELIVERIES ? 'exactly one required' : 'deduplication off';
	await suite.check(`the retried delivery caused ${retryExecutions} executions for ${retryCopies.length} accepted copies (${expectation})`, () =>
		assertExecutionsForResentDelivery('retried delivery', retryExecutions, retryCopies.length),
	);

	const duplicateTrace = duplicated[0].traceId;
	const duplicateCopies = duplicateProxy.forwarded.filter((forward) => forward.traceId === duplicateTrace).flatMap((f) => f.statuses);
	const duplicateExecutions = (byTrace.get(duplicateTrace) ?? []).length;
	await suite.check(`two simultaneous copies (both answered ${[...new Set(duplicateCopies)].join('/')}) caused ${duplicateExecutions} executions (${expectation})`, () => {
		assert.deepEqual(duplicateCopies, [200, 200], 'what n8n answered the two copies');
		assertExecutionsForResentDelivery('simultaneous copies', duplicateExecutions, duplicateCopies.length);
	});

	ctx.report.resent = {
		retryAttempts: retryCopies.length,
		retryExecutions,
		duplicateCopies: duplicateCopies.length,
		duplicateExecutions,
	};
}
