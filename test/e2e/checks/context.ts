import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Coverage } from '../lib/coverage';
import type { RecordedRequestJson } from '../../../scripts/lib/emulatorProcess';
import type { Suite } from '../lib/harness';
import type { ExecuteResult, RunJson } from '../../../scripts/lib/n8n';
import type { Stack } from '../../../scripts/lib/stack';

export interface E2eContext {
	suite: Suite;
	stack: Stack;
	coverage: Coverage;
	/** Where run outputs are saved for debugging (node_modules/.cache/n8n-nodes-terra/e2e/artifacts). */
	artifacts: string;
	signingSecret: string;
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
	const result = await ctx.stack.n8n.execute(workflowId);
	const requests = await ctx.stack.emulator.requests();
	ctx.coverage.add(requests, workflowId);
	writeFileSync(
		path.join(ctx.artifacts, `execute-${workflowId}.json`),
		JSON.stringify({ code: result.code, ms: result.ms, run: result.run, requests }, null, 2),
	);
	writeFileSync(path.join(ctx.artifacts, `execute-${workflowId}.log`), `${result.stdout}\n${result.stderr}`);
	return { result, requests };
}

/** The run succeeded in n8n's own terms: exit code 0 and status success; otherwise n8n's error is the message. */
export function expectSuccess(result: ExecuteResult): RunJson {
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
