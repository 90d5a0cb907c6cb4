/**
 * The test-only workflows of the e2e suite (test/e2e/workflows/json/), built with the examples' builder.
 * `npm run workflows:generate` writes them with the examples; the e2e suite fails when they are stale.
 */
import path from 'node:path';

import { staleFiles as staleIn, writeWorkflows } from '../../../examples/generate';
import { CREDENTIAL, WorkflowBuilder, type N8nWorkflow } from '../../../examples/lib/builder';
import { julyRange, userFromList, USERS } from '../../../examples/lib/fixtures';
import { createTable, writePulled } from '../../../examples/lib/tables';

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
	faultSleep: 'terraE2eFaultSleep',
	faultUsers: 'terraE2eFaultUsers',
	faultWebhook: 'terraE2eFaultWebhook',
	faultRefused: 'terraE2eFaultRefused',
	faultCleartext: 'terraE2eFaultCleartxt',
	faultAllowed: 'terraE2eFaultAllowed',
	todayPlus14: 'terraE2eTodayPlus14',
	todayMinus12: 'terraE2eTodayMinus12',
	allUsers: 'terraE2eAllUsers',
	faults: 'terraE2eTriggerFaults',
	insecure: 'terraE2eTriggerUnsafe',
	load: 'terraE2eTriggerLoad',
	largeRequests: 'terraE2eLargeRequests',
	oneTablePull: 'terraE2eOneTablePull',
} as const;

/**
 * Credentials the fault workflows use besides the emulator's; the fault checks import them with URLs known only at
 * run time (a port nothing listens on; the emulator reached through 0.0.0.0, which is not a loopback name).
 */
export const TEST_CREDENTIALS = {
	deadPort: { id: 'terraE2eDeadPort', name: 'Terra (nothing listening)' },
	cleartext: { id: 'terraE2eCleartext', name: 'Terra (plain http to another host)' },
	cleartextAllowed: { id: 'terraE2eCleartextOk', name: 'Terra (plain http, Allow Insecure HTTP on)' },
} as const;

/** The Terra node of every fault workflow has this name. */
export const FAULT_NODE = 'Terra under fault';

/** The per-attempt timeout and wait budget of the fault workflows: small, so a hanging Terra fails in seconds. */
export const FAULT_TIMEOUT_SECONDS = 3;
export const FAULT_MAX_WAIT_SECONDS = 6;

/** The zones of the $today workflows: between them, at any moment one of them is on another date than UTC. */
export const TODAY_ZONES = { todayPlus14: 'Pacific/Kiritimati', todayMinus12: 'Etc/GMT+12' } as const;

/** The All Connected Users workflow's range (both days included) and its listing page size. */
export const ALL_USERS_RANGE = { first: '2026-07-01', last: '2026-07-03', pageSize: 10 } as const;

/** The Data Table of the README's large-request recipe (the e2e suite creates it). */
export const LARGE_REQUESTS_TABLE = 'terra_large_requests';

/** The emulator serves its S3 objects over plain http on loopback: listed explicitly, as the README describes. */
export const E2E_S3_HOSTS = 'http://127.0.0.1';

const COL = 300;
const ROW = 300;

function validation(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.validation, 'Terra e2e · validation error (end before start)');
	b.sticky('## Test only\nEnd Date is before Start Date: the Terra node must fail the workflow with its own message, before calling Terra.', [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0]);
	b.terra('Dates the wrong way round', [COL, 0], {
		resource: 'sleep',
		operation: 'getAll',
		user: userFromList(USERS.oura),
		datePreset: 'custom',
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
	b.terraTrigger('All Terra events', TEST_WEBHOOK_IDS.triggerAll, { events: ['*'], options: {} });
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL, 0], parameters: {} });
	b.connect('All Terra events', 'Done');
	return b.build();
}

/** A manual trigger and one Terra node, for the fault checks (test/e2e/checks/faults-action.ts). */
function faultWorkflow(
	id: string,
	title: string,
	note: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string } = CREDENTIAL,
): N8nWorkflow {
	const b = new WorkflowBuilder(id, `Terra e2e · fault · ${title}`);
	b.sticky(`## Test only\n${note}`, [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0]);
	b.terra(FAULT_NODE, [COL, 0], parameters, { credentials: { terraApi: { ...credential } } });
	b.connect('Run this workflow', FAULT_NODE);
	return b.build();
}

const faultOptions = { maxWaitSeconds: FAULT_MAX_WAIT_SECONDS, timeoutSeconds: FAULT_TIMEOUT_SECONDS };

const sleepWeek = {
	resource: 'sleep',
	operation: 'getAll',
	user: userFromList(USERS.oura),
	...julyRange(),
	delivery: 'inline',
	output: 'simplified',
	withSamples: false,
	options: faultOptions,
};

function faultWorkflows(): Record<string, N8nWorkflow> {
	return {
		'e2e-fault-sleep.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultSleep,
			'a week of sleep',
			'The suite injects faults into the emulator (broken 200s, hangs, 429s) before running this: the run must fail, or succeed with every record, never succeed with fewer.',
			sleepWeek,
		),
		'e2e-fault-users.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultUsers,
			'all users, 3 per page',
			'User → Get Many pages through /subscriptions 3 users at a time; the suite breaks one page.',
			{ resource: 'user', operation: 'getAll', returnAll: true, options: { pageSize: 3, timeoutSeconds: FAULT_TIMEOUT_SECONDS } },
		),
		'e2e-fault-webhook.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultWebhook,
			'activities by webhook',
			'Delivery “Send to My Webhook Destination” (to_webhook=true): after a 5xx or no answer the request must not be sent again, since Terra may already have queued the deliveries.',
			{
				resource: 'activity',
				operation: 'getAll',
				user: userFromList(USERS.garmin),
				...julyRange(2),
				delivery: 'webhook',
				withSamples: false,
				options: faultOptions,
			},
		),
		'e2e-fault-refused.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultRefused,
			'nothing listening',
			'The credential points at a port nothing listens on: the error must keep the host.',
			sleepWeek,
			TEST_CREDENTIALS.deadPort,
		),
		'e2e-fault-cleartext.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultCleartext,
			'plain http to another host',
			'The credential’s Custom Base URL is http:// to a host that is not loopback: refused before any request.',
			sleepWeek,
			TEST_CREDENTIALS.cleartext,
		),
		'e2e-fault-allowed.json': faultWorkflow(
			TEST_WORKFLOW_IDS.faultAllowed,
			'plain http, allowed',
			'The same URL with “Allow Insecure HTTP” on: the request goes through.',
			sleepWeek,
			TEST_CREDENTIALS.cleartextAllowed,
		),
	};
}

/** Yesterday and today from n8n expressions ($today is a Luxon DateTime) in a workflow timezone far from UTC. */
function todayIn(id: keyof typeof TODAY_ZONES): N8nWorkflow {
	const zone = TODAY_ZONES[id];
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS[id], `Terra e2e · $today in ${zone}`);
	b.settings({ timezone: zone });
	b.sticky(`## Test only\nWorkflow timezone ${zone}. Start Date {{ $today.minus({ days: 1 }) }}, End Date {{ $today }}: Terra must get yesterday and the day after today there.`, [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0]);
	b.terra('Yesterday and today', [COL, 0], {
		resource: 'daily',
		operation: 'getAll',
		user: userFromList(USERS.garmin),
		datePreset: 'custom',
		startDate: '={{ $today.minus({ days: 1 }) }}',
		endDate: '={{ $today }}',
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: {},
	});
	b.connect('Run this workflow', 'Yesterday and today');
	return b.build();
}

/** Every connected user at once, with On Error: Continue (faults for single users are injected by the check). */
function allUsers(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.allUsers, 'Terra e2e · daily summaries of all connected users');
	b.sticky('## Test only\nAll Connected Users, 10 per /subscriptions page, 4 in parallel, On Error: Continue.', [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0]);
	b.terra(
		'Every user',
		[COL, 0],
		{
			resource: 'daily',
			operation: 'getAll',
			userScope: 'all',
			userFilters: {},
			datePreset: 'custom',
			startDate: `${ALL_USERS_RANGE.first}T00:00:00`,
			endDate: `${ALL_USERS_RANGE.last}T00:00:00`,
			delivery: 'inline',
			output: 'simplified',
			withSamples: false,
			options: { userPageSize: ALL_USERS_RANGE.pageSize, userConcurrency: 4, maxWaitSeconds: 60 },
		},
		{ onError: 'continueRegularOutput' },
	);
	b.connect('Run this workflow', 'Every user');
	return b.build();
}

/** The one-table check's pull: a fixed week, three users. */
export const ONE_TABLE_WEEK = { first: '2026-03-02', last: '2026-03-08', users: [USERS.oura, USERS.whoop, USERS.polar] } as const;

/**
 * The one-table check's pull: the daily pull's write path (tables, Terra node with Output: Simplified, stamped,
 * upserted on record_id) for a fixed week of three users, one input item per user.
 */
function oneTablePull(): N8nWorkflow {
	const b = new WorkflowBuilder(TEST_WORKFLOW_IDS.oneTablePull, 'Terra e2e · one table: a week of sleep and daily, three users');
	b.sticky('## Test only\nThe daily pull’s tables, stamp and upsert, for a fixed week of three users.', [-480, -160], 400, 300, 3);
	b.manualTrigger([0, 0], 'Run now');
	createTable(b, 'sleep', 'Sleep table', [COL, 0]);
	createTable(b, 'daily', 'Daily table', [COL * 2, 0]);
	b.node({
		name: 'Three users',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [COL * 3, 0],
		parameters: { jsCode: `return ${JSON.stringify(ONE_TABLE_WEEK.users.map((user) => ({ json: { user_id: user.userId } })))};` },
	});
	b.chain('Run now', 'Sleep table', 'Daily table', 'Three users');
	for (const [index, resource] of (['sleep', 'daily'] as const).entries()) {
		const y = index * ROW;
		b.terra(ONE_TABLE_PULL_NODES[resource], [COL * 4, y], {
			resource,
			operation: 'getAll',
			userScope: 'one',
			user: { __rl: true, mode: 'id', value: '={{ $json.user_id }}' },
			datePreset: 'custom',
			startDate: `${ONE_TABLE_WEEK.first}T00:00:00`,
			endDate: `${ONE_TABLE_WEEK.last}T00:00:00`,
			delivery: 'inline',
			output: 'simplified',
			withSamples: false,
			options: {},
		});
		writePulled(b, resource, { stamp: `Stamp ${resource} rows`, upsert: `Upsert ${resource} rows` }, [COL * 5, y]);
		b.chain('Three users', ONE_TABLE_PULL_NODES[resource], `Stamp ${resource} rows`);
	}
	return b.build();
}

export const ONE_TABLE_PULL_NODES = { sleep: 'Week of sleep', daily: 'Week of daily summaries' } as const;

/** A published Terra Trigger (all events) followed by a No Operation node. */
function triggerOnly(id: string, name: string, webhookId: string, note: string, parameters: Record<string, unknown>): N8nWorkflow {
	const b = new WorkflowBuilder(id, name);
	b.sticky(`## Test only\n${note}`, [-480, -160], 400, 300, 3);
	b.terraTrigger('Terra Trigger', webhookId, { events: ['*'], ...parameters });
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
	b.terraTrigger('Terra Trigger', TEST_WEBHOOK_IDS.largeRequests, { events: ['large_request_sending', 'sleep'], options: {} });
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
		...faultWorkflows(),
		'e2e-today-utc-plus-14.json': todayIn('todayPlus14'),
		'e2e-today-utc-minus-12.json': todayIn('todayMinus12'),
		'e2e-all-users.json': allUsers(),
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
		'e2e-one-table-pull.json': oneTablePull(),
	};
}

export function staleTestWorkflows(): string[] {
	return staleIn(TEST_WORKFLOWS_DIR, testWorkflows());
}

if (require.main === module) writeWorkflows(TEST_WORKFLOWS_DIR, testWorkflows());
