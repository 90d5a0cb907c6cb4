/**
 * What n8n stored, read straight from Postgres (execution_entity + execution_data), the way every process of a
 * queue-mode installation sees it; the run data is parsed with n8n's own copy of `flatted`.
 */
import path from 'node:path';

import type { NodeItem, RunJson } from '../../../scripts/lib/n8n';
import type { PostgresServer } from '../../../scripts/lib/postgres';
import { waitFor } from '../../../scripts/lib/processes';

type RunData = RunJson['data'] & {
	executionData?: { nodeExecutionStack?: Array<{ node?: { name?: string }; data?: { main?: Array<NodeItem[] | null> } }> };
};

export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	createdAt: Date;
	startedAt: Date | null;
	stoppedAt: Date | null;
	data?: RunData;
}

export const UNFINISHED = ['new', 'running'] as const;

export class Executions {
	private readonly flatted: { parse(text: string): unknown };

	constructor(
		private readonly postgres: PostgresServer,
		n8nModules: string,
	) {
		this.flatted = require(path.join(n8nModules, 'flatted')) as { parse(text: string): unknown };
	}

	/** Executions of these workflows with an id above `afterId`, with their run data. */
	async load(workflowIds: string[], afterId = 0): Promise<StoredExecution[]> {
		const rows = await this.postgres.query<{
			id: number;
			workflowId: string;
			status: string;
			mode: string;
			createdAt: Date;
			startedAt: Date | null;
			stoppedAt: Date | null;
			data: string | null;
		}>(
			`select e.id, e."workflowId", e.status, e.mode, e."createdAt", e."startedAt", e."stoppedAt", d.data
			   from execution_entity e left join execution_data d on d."executionId" = e.id
			  where e."workflowId" = any($1) and e.id > $2 order by e.id`,
			[workflowIds, afterId],
		);
		return rows.map((row) => ({
			id: String(row.id),
			workflowId: row.workflowId,
			status: row.status,
			mode: row.mode,
			createdAt: row.createdAt,
			startedAt: row.startedAt,
			stoppedAt: row.stoppedAt,
			data: row.data ? (this.flatted.parse(row.data) as RunData) : undefined,
		}));
	}

	/** The newest execution id, so a check can look only at what it caused. */
	async lastId(): Promise<number> {
		const [row] = await this.postgres.query<{ id: number | null }>('select max(id) as id from execution_entity');
		return Number(row?.id ?? 0);
	}

	/** How many executions these workflows have after `afterId`, and how many of them are still new or running. */
	async counts(workflowIds: string[], afterId = 0): Promise<{ total: number; open: number }> {
		const [row] = await this.postgres.query<{ total: string; open: string }>(
			`select count(*) as total, count(*) filter (where status = any($3)) as open
			   from execution_entity where "workflowId" = any($1) and id > $2`,
			[workflowIds, afterId, [...UNFINISHED]],
		);
		return { total: Number(row.total), open: Number(row.open) };
	}

	/**
	 * Waits until these workflows have at least `atLeast` executions after `afterId` and at most `unfinished` of
	 * them are still new or running (0 unless a check knows some are stuck on a dead worker).
	 */
	async settle(workflowIds: string[], afterId: number, atLeast: number, { unfinished = 0, timeoutMs = 300_000 } = {}) {
		await waitFor(
			`${atLeast} executions of ${workflowIds.join(', ')} to finish`,
			async () => {
				const { total, open } = await this.counts(workflowIds, afterId);
				return total >= atLeast && open <= unfinished ? true : undefined;
			},
			{ timeoutMs, intervalMs: 500 },
		);
	}
}

/** Output items of a node's first run, or undefined when the node did not run. */
export function nodeOutput(execution: StoredExecution, nodeName: string): NodeItem[] | undefined {
	return execution.data?.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? undefined;
}

/**
 * The items a trigger produced. A worker runs the trigger node by passing on what the webhook processor put in the
 * execution; an execution no worker ran holds them only in its node execution stack. Both places are read.
 */
export function triggerItems(execution: StoredExecution, nodeName: string): { items: NodeItem[]; ran: boolean } {
	const ran = nodeOutput(execution, nodeName);
	const queued = execution.data?.executionData?.nodeExecutionStack?.find((entry) => entry.node?.name === nodeName);
	return { items: [...(ran ?? []), ...(queued?.data?.main?.[0] ?? [])], ran: ran !== undefined };
}

/** Trace ID (X-Terra-Trace-Id, from the trigger's `terra.traceId`) → the executions that carry it. */
export function executionsByTraceId(executions: StoredExecution[], triggerNode: string): Map<string, StoredExecution[]> {
	const byTrace = new Map<string, StoredExecution[]>();
	for (const execution of executions) {
		const seen = new Set<string>();
		for (const item of triggerItems(execution, triggerNode).items) {
			const traceId = (item.json.terra as { traceId?: string } | undefined)?.traceId;
			if (!traceId || seen.has(traceId)) continue;
			seen.add(traceId);
			byTrace.set(traceId, [...(byTrace.get(traceId) ?? []), execution]);
		}
	}
	return byTrace;
}

export function countBy<T>(values: T[], key: (value: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[key(value)] = (counts[key(value)] ?? 0) + 1;
	return counts;
}
