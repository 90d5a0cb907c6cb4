/**
 * The Terra Trigger's half of issue #10 in a real n8n, each case reproduced and judged on what n8n stored and what
 * the emulator saw: large-request annotations (3), repeated deliveries (4), bodies over n8n's limit (5), s3_payload
 * fetching (6) and the logging of refused deliveries (8).
 */
import assert from 'node:assert/strict';

import type { DeliveryAttemptJson } from '../../../scripts/lib/emulatorProcess';
import { delay } from '../../../scripts/lib/processes';
import { LARGE_REQUESTS_TABLE, TEST_WEBHOOK_IDS, TEST_WORKFLOW_IDS } from '../workflows/generate';
import type { E2eContext } from './context';
import { executionsByTrace, settledExecutionCount, type Json } from '../lib/executions';

const MB = 1024 * 1024;

function terraOf(item: Json): Json {
	return item.terra as Json;
}

/** Sends one delivery once (no retries) and expects the trigger's empty 200. */
async function deliverOnce(ctx: E2eContext, url: string, options: { body: object; reference: string; traceId: string }) {
	const [attempt] = await ctx.stack.emulator.deliverRetrying({ url, ...options, timeoutMs: 30_000, maxAttempts: 1 });
	assert.equal(attempt.status, 200, `${options.traceId}: HTTP ${attempt.status ?? attempt.error}`);
	return attempt;
}

function bounded(started: number, limitMs: number, what: string): number {
	const ms = Date.now() - started;
	assert.ok(ms < limitMs, `${what} took ${ms} ms (limit ${limitMs} ms)`);
	return ms;
}

export async function triggerFaultChecks(ctx: E2eContext): Promise<void> {
	const { emulator, rest, n8n } = ctx.stack;
	const faultsUrl = ctx.stack.webhookUrl(TEST_WEBHOOK_IDS.faults);
	const insecureUrl = ctx.stack.webhookUrl(TEST_WEBHOOK_IDS.insecure);
	const workflowId = TEST_WORKFLOW_IDS.faults;
	const user = (await emulator.users())[0];
	let expected = 0;

	await ctx.suite.check('3 · Large requests: chunks 3 s apart and all at once, some before large_request_sending, each keep their own chunkIndex', async () => {
		const started = Date.now();
		const chunk = (n: number) => ({ type: 'sleep', user, version: '2022-03-16', data: [{ metadata: { summary_id: `chunk-${n}` } }] });
		// Terra's order can put chunks before large_request_sending; every delivery carries the terra-reference header.
		const plan = (reference: string) =>
			[
				{ traceId: `${reference}-processing`, body: { type: 'large_request_processing', status: 'processing', message: 'processing', reference, user } },
				{ traceId: `${reference}:chunk:3`, body: chunk(3) },
				{ traceId: `${reference}-sending`, body: { type: 'large_request_sending', message: 'sending', expected_payloads: 4, reference, user } },
				{ traceId: `${reference}:chunk:1`, body: chunk(1) },
				{ traceId: `${reference}:chunk:4`, body: chunk(4) },
				{ traceId: `${reference}:chunk:2`, body: chunk(2) },
			].map((delivery) => ({ ...delivery, reference }));
		const spaced = plan(`e2e-large-spaced-${Date.now()}`);
		for (const [index, delivery] of spaced.entries()) {
			if (index > 0) await delay(3000);
			await deliverOnce(ctx, faultsUrl, delivery);
		}
		const burst = plan(`e2e-large-burst-${Date.now()}`);
		await Promise.all(burst.map((delivery) => deliverOnce(ctx, faultsUrl, delivery)));
		expected += 12;
		await settledExecutionCount(rest, workflowId, expected);
		const byTrace = await executionsByTrace(rest, workflowId);
		for (const { traceId, body, reference } of [...spaced, ...burst]) {
			const executions = byTrace.get(traceId) ?? [];
			assert.equal(executions.length, 1, `${traceId}: ${executions.length} executions`);
			const [item] = executions[0].items;
			assert.equal(executions[0].items.length, 1);
			const terra = terraOf(item);
			assert.equal(terra.reference, reference, `${traceId}: reference`);
			assert.equal('chunksReceived' in terra, false);
			const chunkNumber = /:chunk:(\d)$/.exec(traceId)?.[1];
			assert.equal(terra.chunkIndex, chunkNumber === undefined ? undefined : Number(chunkNumber), `${traceId}: chunkIndex`);
			assert.equal(terra.expectedPayloads, body.type === 'large_request_sending' ? 4 : undefined, `${traceId}: expectedPayloads`);
		}
		ctx.suite.info(`12 deliveries of 2 large requests → 12 executions, chunkIndex 1–4 from the trace IDs, expectedPayloads 4 on large_request_sending (${bounded(started, 120_000, 'the large requests')} ms)`);
	});

	await ctx.suite.check('3 · The README’s recipe: chunks arriving all at once each upsert their own Data Table row, and the request is seen complete', async () => {
		const projectId = await rest.personalProjectId();
		const table = await rest.createDataTable(projectId, LARGE_REQUESTS_TABLE, [
			{ name: 'reference', type: 'string' },
			{ name: 'chunk', type: 'number' },
			{ name: 'expected', type: 'number' },
		]);
		const recipeUrl = ctx.stack.webhookUrl(TEST_WEBHOOK_IDS.largeRequests);
		const reference = `e2e-recipe-${Date.now()}`;
		const deliveries = [
			{ traceId: `${reference}-sending`, body: { type: 'large_request_sending', message: 'sending', expected_payloads: 4, reference, user } },
			...[3, 1, 4, 2].map((n) => ({ traceId: `${reference}:chunk:${n}`, body: { type: 'sleep', user, data: [{ metadata: { summary_id: `recipe-${n}` } }] } })),
		];
		await Promise.all(deliveries.map((delivery) => deliverOnce(ctx, recipeUrl, { ...delivery, reference })));
		await settledExecutionCount(rest, TEST_WORKFLOW_IDS.largeRequests, deliveries.length);
		const executions = await Promise.all((await rest.allExecutions(TEST_WORKFLOW_IDS.largeRequests)).map((summary) => rest.execution(summary.id)));
		const failed = executions.filter((execution) => execution.status !== 'success');
		assert.deepEqual(failed.map((execution) => execution.run.resultData.error?.message), [], 'recipe executions failed');
		const completed = executions.filter((execution) => (execution.run.resultData.runData['Request complete']?.[0]?.data?.main?.[0]?.length ?? 0) > 0);
		assert.ok(completed.length >= 1, 'no execution saw the request complete');
		const rows = (await rest.dataTableRows({ id: table.id, projectId })).filter((row) => row.reference === reference);
		assert.deepEqual(rows.map((row) => Number(row.chunk)).sort(), [0, 1, 2, 3, 4], 'one row per chunk plus the sending event');
		assert.equal(Number(rows.find((row) => Number(row.chunk) === 0)?.expected), 4);
		ctx.suite.info(`5 deliveries at once → 5 rows; ${completed.length} of 5 executions saw the request complete (the README says: make that branch safe to run twice)`);
	});

	await ctx.suite.check('4 · Repeats: Terra retrying 10 deliveries on timeout (3 attempts each, all reaching n8n) and replays → one execution per delivery', async () => {
		const started = Date.now();
		const traceIds = Array.from({ length: 10 }, (_, index) => `e2e-retry-${Date.now()}-${index}`);
		// The sender gives up on each attempt right after sending it, so all three attempts of every delivery reach n8n
		// while the earlier ones are still being handled: the case that ran three times per delivery in #10.
		const runs = await Promise.all(
			traceIds.map((traceId) =>
				emulator.deliverRetrying({ url: faultsUrl, type: 'activity', user_id: user.user_id, reference: traceId, traceId, timeoutMs: 0, maxAttempts: 3, retryDelayMs: 100 }),
			),
		);
		const attempts = runs.flat();
		assert.equal(attempts.length, 30, `the sender made ${attempts.length} attempts`);
		assert.ok(attempts.every((attempt) => attempt.error === 'no answer within 0 ms'), 'every attempt timed out on the sender side');
		// Later replays of the first one: a Terra retry (signed afresh), a captured request (same signature), and the
		// same without its trace ID header.
		const first = runs[0][0] as DeliveryAttemptJson;
		for (const replay of [{ mode: 'resigned' as const }, { mode: 'exact' as const }, { mode: 'exact' as const, headers: { 'x-terra-trace-id': null } }]) {
			// A generous wait: this is about repeats, and n8n is still working through the 30 attempts.
			const answer = await emulator.replay(first.id, { ...replay, timeoutMs: 60_000 });
			assert.equal(answer.status, 200, `${replay.mode} replay: HTTP ${answer.status ?? answer.error}`);
		}
		expected += 10;
		const count = await settledExecutionCount(rest, workflowId, expected, { quietMs: 5000 });
		assert.equal(count, expected, `${count - (expected - 10)} executions for 10 deliveries`);
		const byTrace = await executionsByTrace(rest, workflowId);
		for (const traceId of traceIds) assert.equal(byTrace.get(traceId)?.length, 1, `${traceId}: ${byTrace.get(traceId)?.length ?? 0} executions`);
		ctx.suite.info(`30 attempts + 3 replays reached n8n → 10 executions (${bounded(started, 120_000, 'the repeats')} ms)`);
	});

	await ctx.suite.check('5 · A body over N8N_PAYLOAD_SIZE_MAX (16 MB): what Terra sees, no execution, and n8n keeps serving', async () => {
		const started = Date.now();
		const traceId = `e2e-oversized-${Date.now()}`;
		const attempts = await emulator.deliverRetrying({
			url: faultsUrl,
			type: 'activity',
			user_id: user.user_id,
			reference: traceId,
			traceId,
			padToBytes: 17 * MB,
			timeoutMs: 60_000,
			maxAttempts: 2,
			retryDelayMs: 500,
		});
		assert.equal(attempts.length, 2, 'Terra retries a non-2xx answer');
		for (const attempt of attempts) {
			assert.ok(attempt.status !== undefined && attempt.status >= 400, `attempt ${attempt.attempt}: ${attempt.status ?? attempt.error}`);
		}
		const control = `e2e-after-oversized-${Date.now()}`;
		await deliverOnce(ctx, faultsUrl, { body: { type: 'daily', user, data: [] }, reference: control, traceId: control });
		expected += 1;
		await settledExecutionCount(rest, workflowId, expected);
		const byTrace = await executionsByTrace(rest, workflowId);
		assert.equal(byTrace.get(traceId), undefined, 'the oversized delivery started no execution');
		assert.equal(byTrace.get(control)?.length, 1, 'a normal delivery afterwards runs');
		const seen = attempts[0];
		ctx.suite.info(`Terra sees HTTP ${seen.status} for a 17 MB body: ${String(seen.responseBody ?? '').replace(/\s+/g, ' ').slice(0, 160)}… (${bounded(started, 180_000, 'the oversized delivery')} ms)`);
	});

	await ctx.suite.check('6 · s3_payload: fetched from a listed host; refused when too big, redirected elsewhere, too slow, not listed, or unverified', async () => {
		const started = Date.now();
		const pointer = async (url: string, target: string, variant?: 'unsigned') => {
			const sent = await emulator.sendEvent({ type: 's3_payload', url, variant, body: { type: 's3_payload', status: 'success', url: target, expires_in: 600 } });
			assert.equal(sent.status, 200, `pointer to ${target}: HTTP ${sent.status}`);
			return sent.headers['x-terra-trace-id'];
		};
		const emulatorAs = (host: string, url: string) => url.replace('127.0.0.1', host);
		const ok = await emulator.createS3Object({ type: 'sleep' });
		const big = await emulator.createS3Object({ type: 'sleep', padToBytes: 2 * MB });
		const target = await emulator.createS3Object({ type: 'sleep' });
		const away = await emulator.createS3Object({ redirectTo: emulatorAs('localhost', target.url) });
		const slow = await emulator.createS3Object({ type: 'sleep', delayMs: 20_000 });
		const unlisted = await emulator.createS3Object({ type: 'sleep' });
		const internal = await emulator.createS3Object({ type: 'sleep' });
		const cases = [
			{ name: 'listed host', trace: await pointer(faultsUrl, ok.url), expect: (item: Json) => item.type === 'sleep' && terraOf(item).source === 's3_payload' },
			{ name: 'over 1 MB', trace: await pointer(faultsUrl, big.url), expect: (item: Json) => /larger than the 1 MB allowed/.test(String(item.error)) },
			{ name: 'redirect to another host', trace: await pointer(faultsUrl, away.url), expect: (item: Json) => /redirects to another host are not followed/.test(String(item.error)) },
			{ name: 'slow bucket', trace: await pointer(faultsUrl, slow.url), expect: (item: Json) => /took longer than 3 s/.test(String(item.error)) },
			{ name: 'unlisted host', trace: await pointer(faultsUrl, emulatorAs('localhost', unlisted.url)), expect: (item: Json) => /localhost is not in S3 Payload Hosts/.test(String(item.error)) },
		];
		const unverified = await pointer(insecureUrl, internal.url, 'unsigned');
		expected += cases.length;
		await settledExecutionCount(rest, workflowId, expected);
		const byTrace = await executionsByTrace(rest, workflowId);
		for (const entry of cases) {
			const executions = byTrace.get(entry.trace) ?? [];
			assert.equal(executions.length, 1, `${entry.name}: ${executions.length} executions`);
			assert.equal(executions[0].items.length, 1, `${entry.name}: one item`);
			assert.ok(entry.expect(executions[0].items[0]), `${entry.name}: ${JSON.stringify(executions[0].items[0]).slice(0, 300)}`);
		}
		const insecure = await executionsByTrace(rest, TEST_WORKFLOW_IDS.insecure);
		const [ssrf] = insecure.get(unverified) ?? [];
		assert.ok(ssrf, 'the unsigned pointer started the insecure workflow');
		assert.match(String(ssrf.items[0].error), /signature did not verify/);
		assert.equal(terraOf(ssrf.items[0]).verified, false);
		const fetched = await emulator.s3Requests();
		assert.ok(fetched.includes(ok.id) && fetched.includes(away.id) && fetched.includes(slow.id), `fetched: ${fetched.join(', ')}`);
		for (const [name, object] of [['redirect target', target], ['unlisted', unlisted], ['unverified', internal]] as const) {
			assert.equal(fetched.includes(object.id), false, `the ${name} object was requested`);
		}
		ctx.suite.info(`6 pointers → 6 executions; the emulator's S3 saw ${fetched.length} GETs, none for the redirect target, the unlisted host or the unverified pointer (${bounded(started, 60_000, 'the s3_payload cases')} ms)`);
	});

	await ctx.suite.check('8 · A delivery signed with the wrong secret: 401, and a warning in n8n’s log with the reason, without the secret or signature', async () => {
		const sent = await emulator.sendEvent({ type: 'sleep', url: faultsUrl, variant: 'wrong-secret' });
		assert.equal(sent.status, 401);
		const line = await (async () => {
			for (let tries = 0; tries < 20; tries++) {
				const found = (n8n.server?.logTail(400) ?? '').split('\n').find((entry) => entry.includes('Terra Trigger refused a webhook delivery'));
				if (found) return found;
				await delay(250);
			}
			return undefined;
		})();
		assert.ok(line, 'n8n logged the refusal at its default level (info), so at warn or above');
		assert.match(line, /no-matching-signature, the signing secret in the credential is not this destination’s/);
		const log = n8n.server?.logTail(5000) ?? '';
		assert.equal(log.includes(ctx.signingSecret), false, 'the signing secret is in the log');
		const signature = /v1=([0-9a-f]{64})/.exec(sent.headers['x-terra-signature'] ?? '')?.[1];
		assert.ok(signature);
		assert.equal(log.includes(signature), false, 'the signature is in the log');
		ctx.suite.info(line.trim().slice(0, 200));
	});
}
