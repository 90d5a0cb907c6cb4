/**
 * Which n8n process ran which execution, from their logs (N8N_LOG_LEVEL=info): a worker logs
 * "Worker started execution N (job J)" and "Worker finished execution N (job J)"; nothing else in n8n says which
 * worker took a job. main and the webhook processor must never log either line.
 */
import { readFileSync } from 'node:fs';

import type { ManagedProcess } from '../../../scripts/lib/processes';

export interface ProcessActivity {
	/** execution id → Bull job id, for every execution this process started. */
	started: Map<string, string>;
	finished: Set<string>;
}

export function activityIn(logText: string): ProcessActivity {
	const started = new Map<string, string>();
	const finished = new Set<string>();
	for (const match of logText.matchAll(/Worker started execution (\d+) \(job (\d+)\)/g)) started.set(match[1], match[2]);
	for (const match of logText.matchAll(/Worker finished execution (\d+) \(job \d+\)/g)) finished.add(match[1]);
	return { started, finished };
}

export function readLog(process: ManagedProcess): string {
	try {
		return readFileSync(process.logFile, 'utf8');
	} catch {
		return '';
	}
}

/** Process name → what it ran. */
export function activityByProcess(processes: ManagedProcess[]): Map<string, ProcessActivity> {
	return new Map(processes.map((process) => [process.name, activityIn(readLog(process))]));
}

/** execution id → the names of the processes that started it. */
export function startedOn(activity: Map<string, ProcessActivity>): Map<string, string[]> {
	const where = new Map<string, string[]>();
	for (const [name, { started }] of activity) {
		for (const executionId of started.keys()) where.set(executionId, [...(where.get(executionId) ?? []), name]);
	}
	return where;
}
