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
	largeRequests: 'terra-e2e-large-requests',
} as const;

export const TEST_WORKFLOW_IDS = {
	validation: 'terraE2eValidation',
	triggerAll: 'terraE2eTriggerAll',
	faults: 'terraE2eTriggerFaults',
	insecure: 'terraE2eTriggerUnsafe',
	load: 'terraE2eTriggerLoad',
	largeRequests: 'terraE2eLargeRequests',
} as const;

/** The Data Table of the README's large-request recipe (the e2e suite creates it). */
export const LARGE_REQUESTS_TABLE = 'terra_large_requests';

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

/** The README's recipe for acting once a large request is complete: one Data Table row per chunk, then a count. */
function largeRequestRecipe(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.largeRequests, 'Terra e2e · large request complete (README recipe)');
	b.sticky(
		'## Test only\nThe README\'s recipe: each chunk (and the large_request_sending event, as chunk 0) upserts its own Data Table row; the request is complete when the rows with chunk > 0 reach the expected count.',
		[-480, -160],
		400,
		300,
		3,
	);
	const table = { __rl: true, mode: 'name', value: LARGE_REQUESTS_TABLE };
	b.node({
		name: 'Terra Trigger',
		type: TERRA_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId: TEST_WEBHOOK_IDS.largeRequests,
		parameters: { events: ['large_request_sending', 'sleep'], options: {} },
		credentials: { terraApi: { ...CREDENTIAL } },
	});
	b.node({
		name: 'Record chunk',
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		position: [COL, 0],
		parameters: {
			resource: 'row',
			operation: 'upsert',
			dataTableId: table,
			matchType: 'allConditions',
			filters: {
				conditions: [
					{ keyName: 'reference', keyValue: '={{ $json.terra.reference }}' },
					{ keyName: 'chunk', keyValue: '={{ $json.terra.chunkIndex ?? 0 }}' },
				],
			},
			columns: {
				mappingMode: 'defineBelow',
				value: {
					reference: '={{ $json.terra.reference }}',
					chunk: '={{ $json.terra.chunkIndex ?? 0 }}',
					expected: '={{ $json.terra.expectedPayloads ?? 0 }}',
				},
				matchingColumns: [],
				schema: ['reference', 'chunk', 'expected'].map((id) => ({
					id,
					displayName: id,
					required: false,
					defaultMatch: false,
					display: true,
					type: id === 'reference' ? 'string' : 'number',
					readOnly: false,
					removed: false,
				})),
			},
			options: {},
		},
	});
	b.node({
		name: 'Rows of this request',
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1.1,
		position: [COL * 2, 0],
		parameters: {
			resource: 'row',
			operation: 'get',
			dataTableId: table,
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'reference', condition: 'eq', keyValue: "={{ $('Terra Trigger').first().json.terra.reference }}" }] },
			returnAll: true,
		},
	});
	b.node({
		name: 'All rows',
		type: 'n8n-nodes-base.aggregate',
		typeVersion: 1,
		position: [COL * 3, 0],
		parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'chunk' }, { fieldToAggregate: 'expected' }] }, options: {} },
	});
	b.node({
		name: 'Complete?',
		type: 'n8n-nodes-base.if',
		typeVersion: 1,
		position: [COL * 4, 0],
		parameters: {
			conditions: {
				boolean: [
					{
						value1: '={{ $json.expected.reduce((a, b) => Math.max(a, b), 0) > 0 && $json.chunk.filter((c) => c > 0).length === $json.expected.reduce((a, b) => Math.max(a, b), 0) }}',
						value2: true,
					},
				],
			},
		},
	});
	b.node({ name: 'Request complete', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL * 5, -100], parameters: {} });
	b.connect('Terra Trigger', 'Record chunk');
	b.connect('Record chunk', 'Rows of this request');
	b.connect('Rows of this request', 'All rows');
	b.connect('All rows', 'Complete?');
	b.connect('Complete?', 'Request complete');
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
		'e2e-large-request-recipe.json': largeRequestRecipe(),
	};
}

export function staleTestWorkflows(): string[] {
	return staleIn(TEST_WORKFLOWS_DIR, testWorkflows());
}

if (require.main === module) writeWorkflows(TEST_WORKFLOWS_DIR, testWorkflows());
