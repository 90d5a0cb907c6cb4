/**
 * Issue #10's action-node cases in the real n8n: a Terra that answers a broken 200, hangs, throttles or fails after
 * accepting work, and credentials that would send the key in clear text. Each check injects a fault into the
 * emulator, runs a test-only workflow with `n8n execute`, and judges what n8n reports (the run's status and error,
 * the items out), what the emulator saw (requests, faults, deliveries), and how long the node took.
 */
import assert from 'node:assert/strict';

import { nodeItems, type ExecuteResult, type RunJson } from '../../../scripts/lib/n8n';
import { freePort } from '../../../scripts/lib/processes';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID } from '../../../scripts/lib/stack';
import type { RecordedRequestJson } from '../../../scripts/lib/emulatorProcess';
import { CREDENTIAL } from '../../../examples/lib/builder';
import { USERS } from '../../../examples/lib/fixtures';
import {
	FAULT_MAX_WAIT_SECONDS,
	FAULT_NODE,
	FAULT_TIMEOUT_SECONDS,
	TEST_CREDENTIALS,
	TEST_WORKFLOW_IDS,
} from '../workflows/generate';
import { executeWorkflow, expectNotKilled, expectSuccess, query, type E2eContext, type WorkflowRun } from './context';

type Fault = Record<string, unknown>;
type Match = { method?: string; path: string; query?: Record<string, string> };

interface FailedRun {
	run: RunJson;
	message: string;
	description: string;
	httpCode?: string;
	/** The Terra node's own run time, as n8n recorded it. */
	nodeMs: number;
}

/** The run failed in n8n's terms (exit code, stored status, the Terra node's error): no silent success. */
function expectFailure(result: ExecuteResult): FailedRun {
	expectNotKilled(result);
	assert.notEqual(result.code, 0, 'n8n execute exits non-zero');
	const run = result.run;
	assert.ok(run, 'n8n execute printed the run');
	assert.equal(run.status, 'error', 'the stored run’s status');
	const error = run.data.resultData.error as { message?: string; description?: string; httpCode?: string; node?: { name?: string } };
	assert.equal(error?.node?.name, FAULT_NODE, 'the Terra node failed the run');
	const nodeRun = run.data.resultData.runData[FAULT_NODE]?.[0];
	assert.deepEqual(nodeRun?.data?.main?.[0] ?? [], [], 'the failed node output no items');
	return {
		run,
		message: String(error.message ?? ''),
		description: String(error.description ?? ''),
		httpCode: error.httpCode,
		nodeMs: Number(nodeRun?.executionTime ?? 0),
	};
}

/** The attempts the error's description reports: "Tried once." or "Tried N times (…)". */
function reportedAttempts(description: string): number {
	if (description.includes('Tried once.')) return 1;
	const match = /Tried (\d+) times/.exec(description);
	assert.ok(match, `the description says how often it tried: ${description}`);
	return Number(match[1]);
}

function paths(requests: RecordedRequestJson[]): string[] {
	return requests.map((request) => `${request.method} ${request.path} ${request.status}${request.fault ? ` (${request.fault})` : ''}`);
}

export async function faultActionChecks(ctx: E2eContext): Promise<void> {
	const { emulator, n8n, rest } = ctx.stack;
	const emulatorPort = new URL(emulator.url).port;
	const deadPort = await freePort();
	const cleartextUrl = `http://0.0.0.0:${emulatorPort}/api/v2`;

	/** Runs a fault workflow with faults injected (cleared afterwards), and reports what it did. */
	async function runWith(workflowId: string, faults: Array<[Match, Fault]>): Promise<WorkflowRun> {
		await emulator.clearFaults();
		try {
			for (const [match, fault] of faults) await emulator.injectFault(match, fault);
			const run = await executeWorkflow(ctx, workflowId);
			ctx.suite.info(`${workflowId}: ${run.requests.length} Terra requests (${paths(run.requests).join(', ') || 'none'}), n8n execute ${(run.result.ms / 1000).toFixed(1)} s`);
			return run;
		} finally {
			await emulator.clearFaults();
		}
	}

	/** What the emulator answers for the sleep workflow's week, undisturbed: the records n8n must output in full. */
	async function sleepWeekRecords(): Promise<number> {
		const url = `${emulator.apiBaseUrl}/sleep?user_id=${USERS.oura.userId}&start_date=2026-07-01&end_date=2026-07-08&to_webhook=false&with_samples=false`;
		const response = await fetch(url, { headers: { 'dev-id': EMULATOR_DEV_ID, 'x-api-key': EMULATOR_API_KEY } });
		const body = (await response.json()) as { data: unknown[] };
		assert.ok(body.data.length > 0, 'the emulator has sleep records for the week');
		return body.data.length;
	}

	const imported = await ctx.suite.check('the fault workflows’ extra credentials import: a dead port, plain http to a non-loopback host (refused, and allowed)', async () => {
		const base = { type: 'terraApi', data: { devId: EMULATOR_DEV_ID, apiKey: EMULATOR_API_KEY, baseUrl: 'custom' } };
		await n8n.importCredentials([
			{ ...TEST_CREDENTIALS.deadPort, ...base, data: { ...base.data, customBaseUrl: `http://127.0.0.1:${deadPort}/api/v2` } },
			{ ...TEST_CREDENTIALS.cleartext, ...base, data: { ...base.data, customBaseUrl: cleartextUrl } },
			{ ...TEST_CREDENTIALS.cleartextAllowed, ...base, data: { ...base.data, customBaseUrl: cleartextUrl, allowInsecureHttp: true } },
		]);
	});

	// Case 1: silent data loss on a broken 200.
	await ctx.suite.check('Broken 200 (invalid JSON on every attempt): the run fails naming GET /sleep and the bytes that came; retries reported truthfully', async () => {
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultSleep, [
			[{ method: 'GET', path: '/sleep' }, { invalidJson: true, times: 'Infinity' }],
		]);
		const failed = expectFailure(result);
		assert.match(failed.message, /^Terra answered GET \/sleep with HTTP 200 and \d+ bytes that are not valid JSON$/);
		assert.match(failed.description, /The body starts “\{"user":/);
		assert.ok(requests.length > 1 && requests.every((request) => request.fault === 'invalidJson'), 'a GET is retried');
		assert.equal(reportedAttempts(failed.description), requests.length, 'the description counts the requests Terra saw');
		ctx.suite.info(`n8n reported: ${failed.message}`);
	});

	await ctx.suite.check('Body cut short of its Content-Length once: retried like a reset, and every record arrives', async () => {
		const expected = await sleepWeekRecords();
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultSleep, [
			[{ method: 'GET', path: '/sleep' }, { shortBody: true, times: 1 }],
		]);
		const run = expectSuccess(result);
		assert.equal(nodeItems(run, FAULT_NODE).length, expected, 'items out = records the emulator has');
		assert.deepEqual(paths(requests), ['GET /sleep 200 (shortBody)', 'GET /sleep 200']);
	});

	await ctx.suite.check('Users paging with page 1 in the wrong shape: the run fails naming /subscriptions, instead of returning 3 of 8 users', async () => {
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultUsers, [
			[{ method: 'GET', path: '/subscriptions', query: { page: '1' } }, { wrongShape: true }],
		]);
		const failed = expectFailure(result);
		assert.equal(
			failed.message,
			'Terra answered GET /subscriptions with HTTP 200 but not in the expected shape: expected “users” or “data.results” as a list, got an object with keys result',
		);
		assert.deepEqual(
			requests.map((request) => [query(request, 'page'), request.fault ?? 'none']),
			[
				['0', 'none'],
				['1', 'wrongShape'],
			],
			'page 0, then the broken page 1, not retried, and no page 2',
		);
	});

	// Case 2: no request timeout anywhere.
	await ctx.suite.check(`Terra accepts and never answers: the run fails within ${FAULT_TIMEOUT_SECONDS} s × attempts inside the wait budget, not minutes`, async () => {
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultSleep, [
			[{ method: 'GET', path: '/sleep' }, { hang: true, times: 'Infinity' }],
		]);
		const failed = expectFailure(result);
		assert.match(failed.message, new RegExp(`^Terra at 127\\.0\\.0\\.1:${emulatorPort} did not answer GET /sleep within ${FAULT_TIMEOUT_SECONDS} s$`));
		assert.ok(requests.every((request) => request.fault === 'hang' && request.status === 0), 'every request hung');
		const attempts = reportedAttempts(failed.description);
		assert.equal(attempts, requests.length, 'the description counts the requests Terra saw');
		const bound = attempts * FAULT_TIMEOUT_SECONDS * 1000 + FAULT_MAX_WAIT_SECONDS * 1000;
		assert.ok(failed.nodeMs >= FAULT_TIMEOUT_SECONDS * 1000, `the node waited the timeout (${failed.nodeMs} ms)`);
		assert.ok(failed.nodeMs <= ctx.pace.ms(bound + 10_000), `the node gave up within timeout × attempts + budget (${failed.nodeMs} ms, bound ${bound} ms)`);
		ctx.suite.info(`hanging Terra: ${attempts} attempts, the Terra node failed after ${(failed.nodeMs / 1000).toFixed(1)} s`);
	});

	await ctx.suite.check('The credential’s Test button against a Terra that never answers comes back with an error in bounded time', async () => {
		await emulator.clearFaults();
		await emulator.clearRequests();
		await emulator.injectFault({ method: 'GET', path: '/subscriptions' }, { hang: true, times: 1 });
		try {
			const started = Date.now();
			const outcome = await rest.testCredential({
				id: CREDENTIAL.id,
				name: CREDENTIAL.name,
				type: 'terraApi',
				data: { devId: EMULATOR_DEV_ID, apiKey: EMULATOR_API_KEY, baseUrl: 'custom', customBaseUrl: emulator.apiBaseUrl },
			});
			const ms = Date.now() - started;
			assert.equal(outcome.status, 'Error');
			assert.ok(ms >= 14_000, `it waited for the bounded timeout, not something else (${ms} ms)`);
			assert.ok(ms <= ctx.pace.ms(45_000), `the test gave up in bounded time (${ms} ms), not after n8n's 300 s`);
			const requests = (await emulator.requests()).filter((request) => request.path === '/subscriptions');
			assert.deepEqual(paths(requests), ['GET /subscriptions 0 (hang)']);
			ctx.suite.info(`hanging Terra: the Test button said “${outcome.message}” after ${(ms / 1000).toFixed(1)} s`);
		} finally {
			await emulator.clearFaults();
		}
	});

	// Case 7: retries that can multiply side effects.
	await ctx.suite.check('to_webhook=true answered 504 after Terra queued the work: not retried, so exactly one delivery', async () => {
		const before = new Set((await emulator.deliveries()).map((delivery) => delivery.reference));
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultWebhook, [
			[{ method: 'GET', path: '/activity' }, { status: 504, afterRoute: true, times: 'Infinity' }],
		]);
		const failed = expectFailure(result);
		assert.equal(failed.httpCode, '504');
		assert.match(failed.description, /Tried once\. Not retried: with webhook delivery \(to_webhook=true\) Terra may already have queued the deliveries/);
		assert.deepEqual(paths(requests), ['GET /activity 504 (status)']);
		assert.equal(query(requests[0], 'to_webhook'), 'true');
		const queued = await waitForNewReferences(before, ctx);
		assert.equal(queued.length, 1, `one delivery job, not one per retry (references: ${queued.join(', ')})`);
	});

	await ctx.suite.check('to_webhook=true with no answer: not retried either; a 429 r2 is still waited out and retried', async () => {
		const hung = await runWith(TEST_WORKFLOW_IDS.faultWebhook, [
			[{ method: 'GET', path: '/activity' }, { hang: true, times: 'Infinity' }],
		]);
		const failed = expectFailure(hung.result);
		assert.match(failed.message, /did not answer GET \/activity within 3 s$/);
		assert.deepEqual(paths(hung.requests), ['GET /activity 0 (hang)']);

		const throttled = await runWith(TEST_WORKFLOW_IDS.faultWebhook, [
			[{ method: 'GET', path: '/activity' }, { status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 }],
		]);
		const [ack] = nodeItems(expectSuccess(throttled.result), FAULT_NODE).map((item) => item.json);
		assert.match(String(ack.reference), /\S/);
		assert.deepEqual(paths(throttled.requests), ['GET /activity 429 (status)', 'GET /activity 200']);
	});

	// Case 8: error text.
	await ctx.suite.check('Error text: a 429 r2 without Retry-After says Terra did not say when; nothing about “a while s”', async () => {
		const { result, requests } = await runWith(TEST_WORKFLOW_IDS.faultSleep, [
			[{ method: 'GET', path: '/sleep' }, { status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2' }, times: 1 }],
		]);
		const failed = expectFailure(result);
		assert.equal(failed.message, 'Terra API error 429: rate limit exceeded');
		assert.equal(
			failed.description,
			'Terra’s per-user budget of 6,000 days of data per rolling hour is used up (rule r2). Terra did not say when to retry (no Retry-After header): the budget refills over a rolling hour, so run the workflow again later, or request fewer days per run. Tried once. Not retried: Terra did not say when to.',
		);
		assert.equal(requests.length, 1);
	});

	if (imported) {
		await ctx.suite.check('Error text: connection refused keeps the host in n8n’s message, and counts the attempts', async () => {
			const { result, requests } = await executeWorkflow(ctx, TEST_WORKFLOW_IDS.faultRefused);
			const failed = expectFailure(result);
			assert.equal(failed.message, `Could not connect to Terra at 127.0.0.1:${deadPort}: connection refused`);
			assert.match(failed.description, /^Nothing was sent \(ECONNREFUSED\)\. .* Tried \d+ times \(connection refused(, connection refused)+\)\./);
			assert.deepEqual(requests, [], 'the emulator saw nothing');
			ctx.suite.info(`n8n reported: ${failed.message}`);
		});

		// Case 9: cleartext keys.
		await ctx.suite.check('Cleartext: http:// to a non-loopback host is refused before any request; with “Allow Insecure HTTP” on it goes through', async () => {
			const refused = await executeWorkflow(ctx, TEST_WORKFLOW_IDS.faultCleartext);
			const failed = expectFailure(refused.result);
			assert.equal(failed.message, `Refusing to send the Terra API key to 0.0.0.0:${emulatorPort} over plain http://`);
			assert.match(failed.description, /turn on “Allow Insecure HTTP” in the Terra API credential/);
			assert.equal((failed.run.data.resultData.error as { name?: string }).name, 'NodeOperationError');
			assert.deepEqual(refused.requests, [], 'nothing reached the emulator (0.0.0.0 is this machine)');

			const allowed = await executeWorkflow(ctx, TEST_WORKFLOW_IDS.faultAllowed);
			assert.ok(nodeItems(expectSuccess(allowed.result), FAULT_NODE).length > 0);
			assert.deepEqual(paths(allowed.requests), ['GET /sleep 200']);
			assert.equal(allowed.requests[0].headers.host, `0.0.0.0:${emulatorPort}`);
		});

		await ctx.suite.check('Cleartext: the credential’s Test button refuses too, without sending the key', async () => {
			await emulator.clearRequests();
			const outcome = await rest.testCredential({
				...TEST_CREDENTIALS.cleartext,
				type: 'terraApi',
				data: { devId: EMULATOR_DEV_ID, apiKey: EMULATOR_API_KEY, baseUrl: 'custom', customBaseUrl: cleartextUrl },
			});
			assert.equal(outcome.status, 'Error');
			assert.equal(outcome.message, `Refusing to send the Terra API key to 0.0.0.0:${emulatorPort} over plain http://`);
			assert.deepEqual(await emulator.requests(), [], 'nothing reached the emulator');
		});
	} else {
		ctx.suite.info('skipped the dead-port and cleartext checks: their credentials did not import');
	}
}

/** References of deliveries that were not there before, once they have stopped growing for a moment. */
async function waitForNewReferences(before: Set<string>, ctx: E2eContext): Promise<string[]> {
	const deadline = Date.now() + ctx.pace.ms(15_000);
	let last: string[] = [];
	let stableSince = Date.now();
	while (Date.now() < deadline) {
		const now = [...new Set((await ctx.stack.emulator.deliveries()).map((delivery) => delivery.reference))].filter(
			(reference) => !before.has(reference),
		);
		if (now.length !== last.length) {
			last = now;
			stableSince = Date.now();
		} else if (now.length > 0 && Date.now() - stableSince > 3000) {
			return now;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return last;
}
