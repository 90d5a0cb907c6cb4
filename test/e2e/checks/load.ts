/**
 * The Terra Trigger under load in a real n8n: 500 genuine signed deliveries interleaved with 500 forged ones at
 * concurrency 20, then every genuine one again as Terra retries it (same trace ID, signed afresh), then again after
 * an n8n restart, when only the workflow's static data remembers them. As Terra does, a genuine delivery answered
 * anything but 2xx is sent again (n8n answers 500 when it cannot store the execution, e.g. SQLite's write lock timing
 * out on a loaded machine); the checks hold once each delivery is acknowledged. Reports acknowledgement times and
 * how many first attempts n8n refused.
 */
import assert from 'node:assert/strict';

import { request } from 'undici';

import { buildSampleEvent } from '../../../emulator/webhooks/events';
import { prepareEvent } from '../../../emulator/webhooks/sendEvent';
import type { SendEventVariant } from '../../../emulator/types';
import { deliveryKeys, STORE_KEY } from '../../../nodes/TerraTrigger/repeatedDeliveries';
import { TEST_WEBHOOK_IDS, TEST_WORKFLOW_IDS } from '../workflows/generate';
import { triggerWebhookPath } from '../../../scripts/lib/stack';
import type { E2eContext } from './context';
import { executionsByTrace, mapConcurrently, percentile, settledExecutionCount } from '../lib/executions';

const GENUINE = 500;
const FORGED = 500;
const CONCURRENCY = 20;
/** The second burst: twice the genuine deliveries at twice the concurrency. */
const BURST = { deliveries: GENUINE * 2, concurrency: CONCURRENCY * 2 };
const TYPES = ['daily', 'sleep', 'body', 'auth', 'deauth', 'permission_change', 'menstruation', 'hormone'];
const FORGERIES: SendEventVariant[] = ['wrong-secret', 'unsigned', 'malformed', 'old-timestamp', 'future-timestamp'];
/** Attempts per genuine delivery, and the pause before each retry (Terra waits 30 s and more; the test cannot). */
const MAX_ATTEMPTS = 6;
const RETRY_DELAY_MS = 2000;
/** Terra's acknowledgement timeout. */
const TERRA_TIMEOUT_MS = 8000;

interface Planned {
	genuine: boolean;
	traceId: string;
	type: string;
	body: Record<string, unknown>;
	variant: SendEventVariant;
}

interface Answer {
	status: number;
	ms: number;
	/** Statuses of the earlier attempts, which Terra would have retried. */
	refused: number[];
}

function plan(run: string): Planned[] {
	const planned: Planned[] = [];
	for (let index = 0; index < Math.max(GENUINE, FORGED); index++) {
		const day = new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
		if (index < GENUINE) {
			const type = TYPES[index % TYPES.length];
			planned.push({ genuine: true, traceId: `load-${run}-${index}`, type, body: buildSampleEvent(type, { date: day }), variant: 'valid' });
		}
		if (index < FORGED) {
			planned.push({ genuine: false, traceId: `forged-${run}-${index}`, type: 'sleep', body: buildSampleEvent('sleep', { date: day }), variant: FORGERIES[index % FORGERIES.length] });
		}
	}
	return planned;
}

/** A forged delivery, sent once from here: signed (or not) at send time with the variant's fault. */
async function sendForged(url: string, secret: string, delivery: Planned): Promise<Answer> {
	const { rawBody, headers } = prepareEvent({ type: delivery.type, body: delivery.body, secret, variant: delivery.variant });
	const started = performance.now();
	const response = await request(url, {
		method: 'POST',
		body: rawBody,
		headers: { ...headers, 'x-terra-trace-id': delivery.traceId },
		headersTimeout: 120_000,
		bodyTimeout: 120_000,
	});
	await response.body.text();
	return { status: response.statusCode, ms: performance.now() - started, refused: [] };
}

/**
 * A genuine delivery goes through the emulator's model of Terra's retries: signed afresh for each attempt, sent
 * again after anything but a 2xx, until one is acknowledged or attempts run out.
 */
async function send(ctx: E2eContext, url: string, delivery: Planned): Promise<Answer> {
	if (!delivery.genuine) return await sendForged(url, ctx.signingSecret, delivery);
	const attempts = await ctx.stack.emulator.deliverRetrying({
		url,
		body: delivery.body,
		traceId: delivery.traceId,
		timeoutMs: 120_000,
		maxAttempts: MAX_ATTEMPTS,
		retryDelayMs: RETRY_DELAY_MS,
	});
	const last = attempts[attempts.length - 1];
	return { status: last.status ?? 0, ms: last.ms ?? Number.NaN, refused: attempts.slice(0, -1).map((attempt) => attempt.status ?? 0) };
}

/** How many deliveries n8n refused at first and Terra would have sent again. */
function refusals(answers: Answer[]): string {
	const retried = answers.filter((answer) => answer.refused.length > 0);
	if (retried.length === 0) return 'every first attempt acknowledged';
	const statuses = [...new Set(retried.flatMap((answer) => answer.refused))].join('/');
	const attempts = retried.reduce((sum, answer) => sum + answer.refused.length, 0);
	return `${retried.length} first attempts answered ${statuses} (n8n could not store the execution) and sent again, ${attempts} retries in all`;
}

function summary(answers: Answer[]): string {
	const ms = answers.map((answer) => answer.ms);
	const late = ms.filter((value) => value > TERRA_TIMEOUT_MS).length;
	return `p50 ${Math.round(percentile(ms, 50))} ms, p99 ${Math.round(percentile(ms, 99))} ms, max ${Math.round(Math.max(...ms))} ms, ${late} over Terra's ${TERRA_TIMEOUT_MS / 1000} s`;
}

/** How many of the deliveries' trace-ID keys the workflow's static data holds. */
async function remembered(ctx: E2eContext, deliveries: Planned[]): Promise<number> {
	const workflow = await ctx.stack.rest.workflow(TEST_WORKFLOW_IDS.load);
	const store = ((workflow.staticData?.['node:Terra Trigger'] as Record<string, unknown> | undefined)?.[STORE_KEY] ?? {}) as Record<string, string>;
	const stored = Object.values(store).join('');
	return deliveries.filter((delivery) => {
		const [key] = deliveryKeys({ traceId: delivery.traceId, signedContent: null }).check;
		for (let at = 0; at < stored.length; at += key.length) if (stored.slice(at, at + key.length) === key) return true;
		return false;
	}).length;
}

export async function loadChecks(ctx: E2eContext): Promise<void> {
	const { rest, n8n } = ctx.stack;
	const url = ctx.stack.webhookUrl(TEST_WEBHOOK_IDS.load);
	const workflowId = TEST_WORKFLOW_IDS.load;
	const planned = plan(String(Date.now()));
	const genuine = planned.filter((delivery) => delivery.genuine);
	const notAcknowledged = (answers: Answer[]) => answers.filter((answer) => answer.status !== 200);
	// A shortfall here is the package's (or n8n's) failure, never the harness's: these checks do not run twice.
	const once = { retryHarnessFailure: false };
	let executions = 0;

	await ctx.suite.check(`${GENUINE} genuine and ${FORGED} forged deliveries, interleaved, ${CONCURRENCY} at a time: every genuine one acknowledged (Terra retrying any 5xx) and run once, no forged one runs`, async () => {
		const started = Date.now();
		const before = await rest.executionCount(workflowId);
		const answers = await mapConcurrently(planned, CONCURRENCY, (delivery) => send(ctx, url, delivery));
		const sentMs = Date.now() - started;
		const genuineAnswers = answers.filter((_, index) => planned[index].genuine);
		const forgedAnswers = answers.filter((_, index) => !planned[index].genuine);
		const wrong = answers.flatMap((answer, index) => (answer.status === (planned[index].genuine ? 200 : 401) ? [] : [`${planned[index].traceId}: ${answer.status}`]));
		ctx.suite.info(`sent in ${(sentMs / 1000).toFixed(1)} s; ${refusals(genuineAnswers)}`);
		ctx.suite.info(`acknowledgement of genuine deliveries ${summary(genuineAnswers)}; refusal of forged ones ${summary(forgedAnswers)}`);
		assert.deepEqual(wrong, [], `answers other than 200 (genuine, after up to ${MAX_ATTEMPTS} attempts) and 401 (forged)`);

		const ran = (await settledExecutionCount(rest, workflowId, before + GENUINE, { timeoutMs: 180_000, quietMs: 5000 })) - before;
		assert.equal(ran, GENUINE, `${ran} executions for ${GENUINE} genuine deliveries`);
		const byTrace = await executionsByTrace(rest, workflowId);
		const notOnce = genuine.filter((delivery) => byTrace.get(delivery.traceId)?.length !== 1).map((delivery) => `${delivery.traceId}: ${byTrace.get(delivery.traceId)?.length ?? 0}`);
		assert.deepEqual(notOnce, [], 'genuine deliveries not run exactly once');
		const fromForged = planned.filter((delivery) => !delivery.genuine && byTrace.has(delivery.traceId));
		assert.equal(fromForged.length, 0, 'executions started by forged deliveries');
		const failed = [...byTrace.values()].flat().filter((execution) => execution.status !== 'success');
		assert.equal(failed.length, 0, `${failed.length} executions did not succeed`);
		executions = before + GENUINE;
		ctx.suite.info(`${GENUINE} executions, all success, one per genuine delivery; 0 from ${FORGED} forged (${Date.now() - started} ms in all)`);
	}, once);

	await ctx.suite.check(`Terra retries every genuine delivery (same trace ID, signed afresh), ${CONCURRENCY} at a time: all acknowledged, no new execution`, async () => {
		const answers = await mapConcurrently(genuine, CONCURRENCY, (delivery) => send(ctx, url, delivery));
		assert.deepEqual(notAcknowledged(answers), [], 'retries not acknowledged');
		const count = await settledExecutionCount(rest, workflowId, executions, { quietMs: 5000 });
		assert.equal(count - executions, 0, `${count - executions} executions from ${GENUINE} retries`);
		const stored = await remembered(ctx, genuine);
		ctx.suite.info(`retries acknowledged ${summary(answers)}; ${refusals(answers)}; the workflow's static data holds ${stored} of the ${GENUINE} trace IDs`);
	}, once);

	await ctx.suite.check('After an n8n restart (nothing in memory), the same retries are recognised from the static data alone', async () => {
		const stored = await remembered(ctx, genuine);
		const restart = Date.now();
		await n8n.stop();
		await n8n.start();
		await n8n.waitForWebhook(triggerWebhookPath(TEST_WEBHOOK_IDS.load));
		await rest.ensureOwnerAndLogin();
		const restartMs = Date.now() - restart;
		const answers = await mapConcurrently(genuine, CONCURRENCY, (delivery) => send(ctx, url, delivery));
		assert.deepEqual(notAcknowledged(answers), [], 'retries not acknowledged');
		const count = await settledExecutionCount(rest, workflowId, executions, { quietMs: 5000 });
		assert.equal(count - executions, GENUINE - stored, 'exactly the deliveries missing from the static data ran again');
		ctx.suite.info(`restart took ${(restartMs / 1000).toFixed(1)} s; ${GENUINE - (count - executions)} of ${GENUINE} retries recognised, ${count - executions} ran again (${summary(answers)}; ${refusals(answers)})`);
	}, once);

	await ctx.suite.check(`A second burst at twice the load: ${BURST.deliveries} new genuine deliveries, ${BURST.concurrency} at a time: acknowledgements over Terra's 8 s reported, each delivery run exactly once`, async () => {
		const burst = plan(`burst-${Date.now()}`)
			.concat(plan(`burst2-${Date.now()}`))
			.filter((delivery) => delivery.genuine)
			.slice(0, BURST.deliveries);
		const before = await rest.executionCount(workflowId);
		const started = Date.now();
		const answers = await mapConcurrently(burst, BURST.concurrency, (delivery) => send(ctx, url, delivery));
		const sentMs = Date.now() - started;
		assert.deepEqual(notAcknowledged(answers).length, 0, 'deliveries not acknowledged');
		const ran = (await settledExecutionCount(rest, workflowId, before + burst.length, { timeoutMs: 300_000, quietMs: 5000 })) - before;
		const byTrace = await executionsByTrace(rest, workflowId);
		const notOnce = burst.filter((delivery) => byTrace.get(delivery.traceId)?.length !== 1).map((delivery) => `${delivery.traceId}: ${byTrace.get(delivery.traceId)?.length ?? 0}`);
		assert.deepEqual(notOnce.slice(0, 10), [], 'deliveries not run exactly once');
		assert.equal(ran, burst.length, `${ran} executions for ${burst.length} deliveries`);
		ctx.suite.info(
			`sent in ${(sentMs / 1000).toFixed(1)} s; acknowledgement ${summary(answers)} (Terra would have sent those again); ${refusals(answers)}; ${ran} executions, one per delivery`,
		);
	}, once);
}
