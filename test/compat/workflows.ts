/**
 * The compatibility smoke suite's workflows, built with the examples' builder: one data pull, one write, one
 * trigger, and a second trigger (typeVersion 2, Acknowledge Terra: When Workflow Finishes) for the store-failure
 * probe. Small on purpose: each n8n version runs them once.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { WorkflowBuilder, type N8nWorkflow } from '../../examples/lib/builder';
import { julyRange, userById, USERS } from '../../examples/lib/fixtures';

export const COMPAT_WORKFLOW_IDS = {
	pull: 'terraCompatPull',
	write: 'terraCompatWrite',
	trigger: 'terraCompatTrigger',
	triggerFinished: 'terraCompatTrigger2',
} as const;
export const COMPAT_WEBHOOK_ID = 'terra-compat-events';
export const COMPAT_FINISHED_WEBHOOK_ID = 'terra-compat-events-finished';
export const TRIGGER_NODE = 'Terra Trigger';
export const PULL_NODE = 'Get a week of sleep';
export const WRITE_NODE = 'Update a user';

function pull(): N8nWorkflow {
	const b = new WorkflowBuilder(COMPAT_WORKFLOW_IDS.pull, 'Compat · Sleep → Get Many');
	b.manualTrigger([0, 0]);
	b.terra(PULL_NODE, [300, 0], {
		resource: 'sleep',
		operation: 'getAll',
		user: userById(USERS.oura.userId),
		...julyRange(),
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
	});
	return b.chain('Run this workflow', PULL_NODE).build();
}

function write(): N8nWorkflow {
	const b = new WorkflowBuilder(COMPAT_WORKFLOW_IDS.write, 'Compat · User → Update');
	b.manualTrigger([0, 0]);
	b.terra(WRITE_NODE, [300, 0], {
		resource: 'user',
		operation: 'update',
		user: userById(USERS.polar.userId),
		updateFields: { active: true, referenceId: 'compat-reference' },
	});
	return b.chain('Run this workflow', WRITE_NODE).build();
}

function trigger(): N8nWorkflow {
	const b = new WorkflowBuilder(COMPAT_WORKFLOW_IDS.trigger, 'Compat · Terra Trigger');
	b.terraTrigger(TRIGGER_NODE, COMPAT_WEBHOOK_ID, { events: ['sleep'], skipSignatureVerification: false, options: {} });
	return b.build();
}

/** The same trigger at typeVersion 2 with Acknowledge Terra: When Workflow Finishes (n8n's "lastNode"). */
function triggerFinished(): N8nWorkflow {
	const b = new WorkflowBuilder(COMPAT_WORKFLOW_IDS.triggerFinished, 'Compat · Terra Trigger, acknowledged when finished');
	b.terraTrigger(TRIGGER_NODE, COMPAT_FINISHED_WEBHOOK_ID, { events: ['sleep'], acknowledge: 'lastNode', options: {} }, [0, 0], 2);
	return b.build();
}

/** Writes the workflows as JSON files into `dir` (wiped) for `n8n import:workflow --separate`. */
export function writeCompatWorkflows(dir: string): string {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	for (const workflow of [pull(), write(), trigger(), triggerFinished()]) {
		writeFileSync(path.join(dir, `${workflow.id}.json`), `${JSON.stringify(workflow, null, 2)}\n`);
	}
	return dir;
}
