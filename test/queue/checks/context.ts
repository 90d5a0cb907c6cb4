/** What every queue-mode check gets, and the figures the run reports (summary line and report.json). */
import type { QueueStack } from '../../../scripts/lib/queue';
import type { Suite } from '../../e2e/lib/harness';
import type { Executions } from '../lib/executions';

export interface QueueRunOptions {
	genuine: number;
	forged: number;
	concurrency: number;
	/** Deliveries to the slow trigger during the worker-kill check. */
	killDeliveries: number;
	workerConcurrency: number;
}

export interface QueueReport {
	stack?: { readyMs: number; n8nProcessesMs: number };
	deliveries?: {
		sent: number;
		acknowledged: number;
		executedOnce: number;
		perWorker: Record<string, number>;
		ackP50Ms: number;
		ackP99Ms: number;
		ackMaxMs: number;
		overTerraTimeout: number;
		wallMs: number;
	};
	forged?: { sent: number; rejected401: number; executions: number; byVariant: Record<string, string> };
	resent?: { retryAttempts: number; retryExecutions: number; duplicateCopies: number; duplicateExecutions: number };
	actions?: { sleepAnswered: number; sleepUsers: number; allUsersPulled: number; users: number; userPages: number; labReportsUploaded: number };
	largeRequest?: { reference: string; deliveries: number; chunks: number; executedOnce: number };
	workerKill?: {
		sent: number;
		acknowledged: number;
		/** Acknowledged deliveries whose data no execution holds (n8n replaced a failed execution's data with the error). */
		lost: number;
		held: number;
		heldJobs: string[];
		rerunElsewhere: number;
		bullOutcome: Record<string, number>;
		stalledAfterMs?: number;
		statusAfterRecovery: Record<string, number>;
		recoveredAfterMs?: number;
		finishedByOtherWorker: number;
		finalizedBy: string;
		/** Held executions whose stored data still holds the delivery (trigger items). */
		heldKeepingDeliveryData: number;
		/** Held executions the webhook processor (which enqueued them) logged as failed. */
		failedByWebhookProcessor: number;
	};
	/** The same with Acknowledge Terra "When Workflow Finishes". */
	workerKillFinished?: {
		sent: number;
		acknowledged: number;
		/** Acknowledged deliveries whose data no successful execution holds. */
		lost: number;
		held: number;
		resent: number;
		rerunToSuccess: number;
		maxAttemptsOfHeld: number;
		attemptsOver8s: number;
	};
	baseline?: { sent: number; ackP50Ms: number; ackP99Ms: number; wallMs: number };
	totalMs?: number;
}

export interface QueueContext {
	suite: Suite;
	stack: QueueStack;
	executions: Executions;
	options: QueueRunOptions;
	report: QueueReport;
	/** The emulator's users (seed 42). */
	userIds: string[];
}
