/**
 * The test-only workflows of the e2e suite (test/e2e/workflows/json/), built with the examples' builder.
 * `npm run workflows:generate` writes them with the examples; the e2e suite fails when they are stale.
 */
import path from 'node:path';

import { staleFiles as staleIn, writeWorkflows } from '../../../examples/generate';
import { CREDENTIAL, TERRA_TRIGGER, WorkflowBuilder, type N8nWorkflow } from '../../../examples/lib/builder';
import { userFromList, USERS } from '../../../examples/lib/fixtures';

export const TEST_WORKFLOWS_DIR = path.join(__dirname, 'json');

export const TEST_WEBHOOK_IDS = {
	triggerAll: 'terra-e2e-all-events',
	faults: 'terra-e2e-trigger-faults',
	insecure: 'terra-e2e-trigger-insecure',
	load: 'terra-e2e-trigger-load',
} as const;

export const TEST_WORKFLOW_IDS = {
	validation: 'terraE2eValidation',
	triggerAll: 'terraE2eTriggerAll',
	faults: 'terraE2eTriggerFaults',
	insecure: 'terraE2eTriggerUnsafe',
	load: 'terraE2eTriggerLoad',
} as const;

/** The emulator serves its S3 objects over plain http on loopback: listed explicitly, as the README describes. */
export const E2E_S3_HOSTS = 'http://127.0.0.1';

const COL = 300;

function validation(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.validation, 'Terra e2e · validation error (end before start)');
	b.sticky('## Test only\nEnd Date is before Start Date: the Terra node must fail the workflow with its own message, before calling Terra.', [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0]);
	b.terra('Dates the wrong way round', [COL, 0], {
		resource: 'sleep',
		operation: 'getAll',
		user: userFromList(USERS.oura),
		startDate: '2026-07-08T00:00:00',
		endDate: '2026-07-01T00:00:00',
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: {},
	});
	b.connect('Run this workflow', 'Dates the wrong way round');
	return b.build();
}

function triggerAll(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.triggerAll, 'Terra e2e · trigger with all events, one item per event');
	b.sticky('## Test only\nEvents: All, no splitting: every verified event starts this workflow as one item.', [-480, -160], 400, 300, 3);
	b.node({
		name: 'All Terra events',
		type: TERRA_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId: TEST_WEBHOOK_IDS.triggerAll,
		parameters: { events: ['*'], options: {} },
		credentials: { terraApi: { ...CREDENTIAL } },
	});
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL, 0], parameters: {} });
	b.connect('All Terra events', 'Done');
	return b.build();
}

/** A published Terra Trigger (all events) followed by a No Operation node. */
function triggerOnly(id: string, name: string, webhookId: string, note: string, parameters: Record<string, unknown>): N8nWorkflow {
	const b = new WorkflowBuilder(id, name);
	b.sticky(`## Test only\n${note}`, [-480, -160], 400, 300, 3);
	b.node({
		name: 'Terra Trigger',
		type: TERRA_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { events: ['*'], ...parameters },
		credentials: { terraApi: { ...CREDENTIAL } },
	});
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL, 0], parameters: {} });
	b.connect('Terra Trigger', 'Done');
	return b.build();
}

export function testWorkflows(): Record<string, N8nWorkflow> {
	return {
		'e2e-validation-error.json': validation(),
		'e2e-trigger-all-events.json': triggerAll(),
		'e2e-trigger-faults.json': triggerOnly(
			TEST_WORKFLOW_IDS.faults,
			'Terra e2e · trigger faults (large requests, repeats, oversized bodies, s3_payload)',
			TEST_WEBHOOK_IDS.faults,
			'All events; repeats ignored (the default); s3_payload fetched from the emulator (listed as http://127.0.0.1) with a 1 MB cap and a 3 s timeout.',
			{ options: { fetchS3Payloads: true, s3PayloadHosts: E2E_S3_HOSTS, s3MaxSizeMb: 1, s3TimeoutSeconds: 3 } },
		),
		'e2e-trigger-insecure.json': triggerOnly(
			TEST_WORKFLOW_IDS.insecure,
			'Terra e2e · trigger with verification skipped (s3_payload must not be fetched)',
			TEST_WEBHOOK_IDS.insecure,
			'Skip Signature Verification on, Fetch S3 Payloads on, but not for unverified deliveries: an unsigned pointer must not make n8n fetch anything.',
			{ skipSignatureVerification: true, options: { fetchS3Payloads: true, s3PayloadHosts: E2E_S3_HOSTS } },
		),
		'e2e-trigger-load.json': triggerOnly(
			TEST_WORKFLOW_IDS.load,
			'Terra e2e · trigger under load',
			TEST_WEBHOOK_IDS.load,
			'All events, defaults: genuine and forged deliveries at concurrency 20, then Terra-style retries of every genuine one.',
			{ options: {} },
		),
	};
}

export function staleTestWorkflows(): string[] {
	return staleIn(TEST_WORKFLOWS_DIR, testWorkflows());
}

if (require.main === module) writeWorkflows(TEST_WORKFLOWS_DIR, testWorkflows());
