/**
 * What Terra gets when n8n cannot store a trigger execution: another process holds SQLite's write lock (as a busy
 * n8n's own writers do under load) while a genuine delivery arrives. n8n 2.40+ answers only once the execution is
 * stored, so a failed store is a 5xx and Terra sends the delivery again; n8n 1.x answers 200 before it stores, so
 * the same failure is a delivery acknowledged and never run: lost. Probed twice per version: with the Terra Trigger
 * v1 (acknowledged when n8n answers on its own) and with v2 set to Acknowledge Terra: When Workflow Finishes.
 */
import path from 'node:path';

import { startProcess, waitFor } from '../../scripts/lib/processes';
import type { Stack } from '../../scripts/lib/stack';
import { settledExecutionCount } from '../e2e/lib/executions';
import { deliver, executionsOf } from './smoke';
import { COMPAT_FINISHED_WEBHOOK_ID, COMPAT_WEBHOOK_ID, COMPAT_WORKFLOW_IDS } from './workflows';

/** Longer than node-sqlite3's 1 s busy timeout (n8n sets none of its own), short enough for a smoke suite. */
const HOLD_MS = 12_000;

/** Terra's wait for an answer (NOTES: about 8 s): a 2xx after it is no acknowledgement, and Terra sends again. */
const TERRA_TIMEOUT_MS = 8000;

/** The trigger a probe delivers to. */
export interface StoreFailureTarget {
	label: string;
	workflowId: string;
	webhookId: string;
}

export const STORE_FAILURE_TARGETS: StoreFailureTarget[] = [
	{ label: 'Terra Trigger v1', workflowId: COMPAT_WORKFLOW_IDS.trigger, webhookId: COMPAT_WEBHOOK_ID },
	{ label: 'Terra Trigger v2, When Workflow Finishes', workflowId: COMPAT_WORKFLOW_IDS.triggerFinished, webhookId: COMPAT_FINISHED_WEBHOOK_ID },
];

/** A process of the runtime's own Node holding SQLite's write lock (BEGIN IMMEDIATE) for HOLD_MS. */
const HOLDER = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE', (error) => {
	if (error) { console.log('lock failed: ' + error.message); process.exit(1); }
	console.log('write lock held');
	setTimeout(() => db.exec('COMMIT', () => db.close(() => process.exit(0))), Number(process.argv[3]));
});`;

export interface StoreFailureOutcome {
	target: StoreFailureTarget;
	status: number;
	ms: number;
	/** Executions stored for the delivery once the lock was released. */
	stored: number;
	/** Terra's retry (2xx not received): its answer and the executions afterwards. */
	retry?: { status: number; stored: number };
	/** Acknowledged (2xx) and never stored. */
	lost: boolean;
}

export async function storeFailure(stack: Stack, run: string, target: StoreFailureTarget): Promise<StoreFailureOutcome> {
	const { n8n, rest } = stack;
	const { workflowId, webhookId } = target;
	const traceId = `compat-${run}-store-failure-${webhookId}`;
	const before = await rest.executionCount(workflowId);
	const holder = startProcess('sqlite-lock', n8n.runtime.node, ['-e', HOLDER, path.join(n8n.runtime.n8nModules, 'sqlite3'), n8n.dbFile, String(HOLD_MS)], {
		logFile: path.join(n8n.logDir, 'sqlite-lock.log'),
	});
	try {
		await waitFor('the write lock', async () => (holder.logTail().includes('write lock held') ? true : undefined), {
			timeoutMs: 20_000,
			alive: () => {
				if (!holder.isRunning()) throw new Error(`the lock holder exited: ${holder.logTail()}`);
			},
		});
		const answer = await deliver(stack, traceId, { webhookId });
		await holder.exited;
		const stored = (await settledExecutionCount(rest, workflowId, before, { quietMs: 5000 })) - before;
		const acknowledged = answer.status >= 200 && answer.status < 300 && answer.ms < TERRA_TIMEOUT_MS;
		const outcome: StoreFailureOutcome = { target, ...answer, stored: await executionsOf(stack, traceId, workflowId), lost: false };
		if (stored !== outcome.stored) throw new Error(`${stored} new executions, ${outcome.stored} with the trace ID ${traceId}`);
		if (acknowledged) {
			outcome.lost = outcome.stored === 0;
		} else {
			// Terra sends it again (same trace ID, signed afresh) until it gets a 2xx.
			const retry = await deliver(stack, traceId, { webhookId });
			await settledExecutionCount(rest, workflowId, before + (retry.status === 200 ? 1 : 0), { quietMs: 3000 });
			outcome.retry = { status: retry.status, stored: await executionsOf(stack, traceId, workflowId) };
			outcome.lost = retry.status === 200 && outcome.retry.stored === 0;
		}
		return outcome;
	} finally {
		await holder.stop();
	}
}

export function describeStoreFailure(outcome: StoreFailureOutcome): string {
	const late = outcome.ms >= TERRA_TIMEOUT_MS ? ` (after Terra's ${TERRA_TIMEOUT_MS / 1000} s: not an acknowledgement)` : '';
	const first = `HTTP ${outcome.status} in ${(outcome.ms / 1000).toFixed(1)} s${late}, ${outcome.stored} stored`;
	if (outcome.retry) return `${first} → Terra retries: HTTP ${outcome.retry.status}, ${outcome.retry.stored} stored → ${outcome.lost ? 'lost' : '0 lost'}`;
	return `${first} → ${outcome.lost ? 'lost (acknowledged, never run)' : '0 lost'}`;
}
