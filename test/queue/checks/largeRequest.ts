/**
 * A large request in queue mode: a Terra node on a worker asks for more than a month by webhook; Terra (the
 * emulator) acknowledges with a reference, then delivers large_request_processing, large_request_sending and one
 * chunk per month to the trigger, through the webhook processor. Every delivery must run exactly once and carry the
 * acknowledged reference; what else the trigger must annotate is in expectations.ts.
 */
import assert from 'node:assert/strict';

import { waitFor } from '../../../scripts/lib/processes';
import { executionsByTraceId, UNFINISHED } from '../lib/executions';
import { QUEUE_WEBHOOKS, QUEUE_WORKFLOW_IDS } from '../workflows/generate';
import type { QueueContext } from './context';
import { TRIGGER_NODE } from './deliveries';
import { assertLargeRequestAnnotations, type LargeRequestDelivery } from './expectations';

export async function largeRequestChecks(ctx: QueueContext): Promise<void> {
	const { suite, stack, executions } = ctx;
	const before = await executions.lastId();
	const userId = ctx.userIds[3];

	const reference = await suite.setup('a Terra node on a worker asks for four months of activity by webhook; Terra acknowledges', async () => {
		const response = await fetch(`${stack.webhookBaseUrl}/webhook/${QUEUE_WEBHOOKS.largeRequest.path}?user=${userId}`, {
			signal: AbortSignal.timeout(180_000),
		});
		const ack = (await response.json()) as { reference?: string; message?: string };
		assert.equal(response.status, 200, JSON.stringify(ack));
		assert.match(String(ack.reference ?? ''), /\S/, `no reference in ${JSON.stringify(ack)}`);
		assert.match(String(ack.message ?? ''), /Large request/i, 'the acknowledgement announces a large request');
		return String(ack.reference);
	});

	const delivered = await suite.setup('Terra delivered processing, sending and every chunk (emulator’s delivery log)', () =>
		waitFor(
			`every delivery of large request ${reference}`,
			async () => {
				const all = (await stack.emulator.deliveries()).filter((delivery) => delivery.reference === reference);
				const sending = all.find((delivery) => delivery.type === 'large_request_sending');
				const chunks = Number((sending?.body as { expected_payloads?: number } | undefined)?.expected_payloads ?? NaN);
				const ok = all.filter((delivery) => delivery.ok);
				return sending && ok.length === chunks + 2 ? { ok, chunks } : undefined;
			},
			{ timeoutMs: 120_000, intervalMs: 250 },
		),
	);
	const { chunks } = delivered;
	suite.info(`reference ${reference}: ${chunks} chunks`);

	await suite.check('the Terra node’s execution succeeded on a worker', async () => {
		const [execution] = await executions.load([QUEUE_WORKFLOW_IDS.largeRequest], before);
		assert.equal(execution?.status, 'success');
	});

	// Wait for these deliveries by trace ID, not by a count: other events (e.g. lab_report.completed from the
	// earlier uploads) can reach the same trigger meanwhile.
	const finished = (execution: { status: string }) => !(UNFINISHED as readonly string[]).includes(execution.status);
	const byTrace = await waitFor(
		`executions of the ${chunks + 2} large-request deliveries`,
		async () => {
			const found = executionsByTraceId(await executions.load([QUEUE_WORKFLOW_IDS.trigger], before), TRIGGER_NODE);
			const done = delivered.ok.every((delivery) => (found.get(delivery.traceId) ?? []).some(finished));
			return done ? found : undefined;
		},
		{ timeoutMs: 300_000, intervalMs: 500 },
	);
	let executedOnce = 0;
	await suite.check(`each of the ${chunks + 2} deliveries ran exactly once, successfully, with the acknowledged reference`, () => {
		assert.ok(chunks > 1, `${chunks} chunks: the range must be split`);
		const problems: string[] = [];
		const received: LargeRequestDelivery[] = [];
		for (const delivery of delivered.ok) {
			const found = byTrace.get(delivery.traceId) ?? [];
			if (found.length !== 1 || found[0].status !== 'success') {
				problems.push(`${delivery.type} ${delivery.traceId}: ${found.map((e) => `#${e.id} ${e.status}`).join(', ') || 'no execution'}`);
				continue;
			}
			executedOnce++;
			const item = found[0].data?.resultData.runData[TRIGGER_NODE]?.[0]?.data?.main?.[0]?.[0];
			if (item) received.push({ type: delivery.type, traceId: delivery.traceId, item });
		}
		assert.deepEqual(problems, []);
		const chunkTraces = delivered.ok.filter((delivery) => /:chunk:\d+$/.test(delivery.traceId)).map((delivery) => delivery.traceId).sort();
		assert.deepEqual(chunkTraces, Array.from({ length: chunks }, (_, index) => `${reference}:chunk:${index + 1}`).sort(), 'chunk trace IDs');
		assertLargeRequestAnnotations(received, { reference, chunks });
	});
	ctx.report.largeRequest = { reference, deliveries: delivered.ok.length, chunks, executedOnce };
}
