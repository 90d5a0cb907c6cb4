import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Coverage } from '../lib/coverage';
import type { RecordedRequestJson } from '../../../scripts/lib/emulatorProcess';
import { HarnessError, type Suite } from '../lib/harness';
import type { Pace } from '../lib/pace';
import type { ExecuteResult, RunJson } from '../../../scripts/lib/n8n';
import { waitFor } from '../../../scripts/lib/processes';
import type { Stack } from '../../../scripts/lib/stack';

export interface E2eContext {
	suite: Suite;
	stack: Stack;
	coverage: Coverage;
	/** Where run outputs are saved for debugging (node_modules/.cache/n8n-nodes-terra/e2e/artifacts). */
	artifacts: string;
	signingSecret: string;
	/** This machine's measured slowness: scales the suite's timeouts. */
	pace: Pace;
}

export interface WorkflowRun {
	result: ExecuteResult;
	requests: RecordedRequestJson[];
}

/**
 * Runs one imported workflow with `n8n execute --id`, with the emulator's request log cleared first, and records
 * which endpoints it reached for the coverage count.
 */
export async function executeWorkflow(ctx: E2eContext, workflowId: string): Promise<WorkflowRun> {
	await ctx.stack.emulator.clearRequests();
	const storedBefore = await lastStoredId(ctx, workflowId);
	let result = await ctx.stack.n8n.execute(workflowId, { timeoutMs: ctx.pace.ms(180_000) });
	const requests = await ctx.stack.emulator.requests();
	ctx.coverage.add(requests, workflowId);
	writeFileSync(
		path.join(ctx.artifacts, `execute-${workflowId}.json`),
		JSON.stringify({ code: result.code, signal: result.signal, ms: result.ms, run: result.run, requests }, null, 2),
	);
	writeFileSync(path.join(ctx.artifacts, `execute-${workflowId}.log`), `${result.stdout}\n${result.stderr}`);
	if (result.signal && !result.timedOut && result.run) result = await crashedAfterTheRun(ctx, workflowId, result, storedBefore);
	return { result, requests };
}

async function lastStoredId(ctx: E2eContext, workflowId: string): Promise<number> {
	const stored = await ctx.stack.rest.executions(workflowId);
	return stored.length ? Number(stored[stored.length - 1].id) : 0;
}

/**
 * `n8n execute` (n8n 2.40.7 on Node 24) sometimes dies by SIGSEGV while shutting down, after it printed the finished
 * run: the exit code is then null although the workflow ran to its end. When n8n stored that execution, finished, with
 * the status the process printed, the run is known after all: the result gets the exit code n8n gives that status,
 * and the suite says what happened. Otherwise the result stays a killed process, which expectNotKilled reports as a
 * harness failure.
 */
async function crashedAfterTheRun(
	ctx: E2eContext,
	workflowId: string,
	result: ExecuteResult,
	storedBefore: number,
): Promise<ExecuteResult> {
	const printed = result.run!.status;
	const stored = await waitFor(
		'the execution n8n stored for the crashed `n8n execute`',
		async () => {
			const list = (await ctx.stack.rest.executions(workflowId)).filter((execution) => Number(execution.id) > storedBefore);
			const last = list[list.length - 1];
			return last && last.status !== 'running' && last.status !== 'new' ? last : undefined;
		},
		{ timeoutMs: ctx.pace.ms(10_000), intervalMs: 500 },
	).catch(() => undefined);
	if (!stored || stored.status !== printed) return result;
	ctx.suite.info(
		`n8n execute --id=${workflowId} was killed by ${result.signal} after printing the finished run; n8n stored execution ${stored.id} with the same status (${printed}), so the run counts`,
	);
	return { ...result, code: printed === 'success' ? 0 : 1, signal: null };
}

/**
 * `n8n execute` ended by a signal (killed by the OOM killer, or by the harness's own timeout) without a run n8n
 * stored: the run's outcome is unknown, which is a harness failure, not the package's.
 */
export function expectNotKilled(result: ExecuteResult): void {
	if (result.signal) {
		const printed = result.run ? `; the run it printed before says ${result.run.status}, n8n stored no matching execution` : '';
		throw new HarnessError(
			`n8n execute was killed by ${result.signal}${result.timedOut ? ' after its timeout' : ', not by this harness'}${printed}`,
		);
	}
}

/** The run succeeded in n8n's own terms: exit code 0 and status success; otherwise n8n's error is the message. */
export function expectSuccess(result: ExecuteResult): RunJson {
	expectNotKilled(result);
	const error = result.run?.data.resultData.error;
	if (result.code !== 0 || !result.run || result.run.status !== 'success' || error) {
		const detail = error
			? `${error.node?.name ? `${error.node.name}: ` : ''}${error.message}${error.description ? `\n${error.description}` : ''}`
			: (result.stdout + result.stderr).split('\n').slice(-25).join('\n');
		assert.fail(`n8n execute exited ${result.code}, status ${result.run?.status ?? 'unknown'}: ${detail}`);
	}
	return result.run;
}

export function requestsTo(requests: RecordedRequestJson[], method: string, pathPattern: string | RegExp): RecordedRequestJson[] {
	return requests.filter(
		(request) =>
			request.method === method &&
			(typeof pathPattern === 'string' ? request.path === pathPattern : pathPattern.test(request.path)),
	);
}

export function single(requests: RecordedRequestJson[], method: string, pathPattern: string | RegExp): RecordedRequestJson {
	const found = requestsTo(requests, method, pathPattern);
	assert.equal(
		found.length,
		1,
		`expected exactly one ${method} ${String(pathPattern)} request, got ${found.length} (all: ${requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')})`,
	);
	return found[0];
}

export function query(request: RecordedRequestJson, name: string): string | undefined {
	const value = request.query[name];
	return Array.isArray(value) ? value[0] : value;
}
