/**
 * Executions of a trigger workflow as n8n stored them, indexed by the delivery that started them (the trigger's
 * `terra.traceId`), for checks that count executions per delivery.
 */
import type { ExecutionDetail, N8nRest } from '../../../scripts/lib/rest';
import { delay } from '../../../scripts/lib/processes';

export type Json = Record<string, unknown>;

export const TRIGGER_NODE = 'Terra Trigger';

/** The trigger node's output items in one execution. */
export function triggerItemsOf(execution: ExecutionDetail, nodeName = TRIGGER_NODE): Json[] {
	const runs = execution.run.resultData.runData[nodeName];
	if (!runs) throw new Error(`execution ${execution.id} has no run of ${nodeName}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json as Json);
}

export interface DeliveryExecution {
	id: string;
	status: string;
	items: Json[];
}

/** Runs `fn` over `inputs` with at most `concurrency` at a time, keeping the order of results. */
export async function mapConcurrently<T, R>(inputs: T[], concurrency: number, fn: (input: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const index = next++;
			results[index] = await fn(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
	return results;
}

/** Every finished execution of the workflow, grouped by the trace ID of the delivery that started it. */
export async function executionsByTrace(rest: N8nRest, workflowId: string): Promise<Map<string, DeliveryExecution[]>> {
	const summaries = (await rest.allExecutions(workflowId)).filter((summary) => summary.status !== 'running' && summary.status !== 'new');
	const details = await mapConcurrently(summaries, 8, (summary) => rest.execution(summary.id));
	const byTrace = new Map<string, DeliveryExecution[]>();
	for (const detail of details) {
		const items = triggerItemsOf(detail);
		const traceId = String((items[0]?.terra as Json | undefined)?.traceId ?? '');
		const list = byTrace.get(traceId) ?? [];
		list.push({ id: detail.id, status: detail.status, items });
		byTrace.set(traceId, list);
	}
	return byTrace;
}

/**
 * Waits until n8n has stored at least `count` finished executions of the workflow, then a quiet period in which the
 * number stays the same (so an extra execution would have had the time to appear). Returns the final number.
 */
export async function settledExecutionCount(
	rest: N8nRest,
	workflowId: string,
	count: number,
	{ timeoutMs = 120_000, quietMs = 3000 }: { timeoutMs?: number; quietMs?: number } = {},
): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let current = await rest.executionCount(workflowId);
	while (current < count) {
		if (Date.now() > deadline) throw new Error(`n8n stored ${current} executions of ${workflowId}, expected at least ${count}`);
		await delay(500);
		current = await rest.executionCount(workflowId);
	}
	for (;;) {
		await delay(quietMs);
		const after = await rest.executionCount(workflowId);
		if (after === current) return after;
		current = after;
	}
}

/** Percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
