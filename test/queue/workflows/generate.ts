/**
 * The queue-mode test's workflows (test/queue/workflows/json/), built with the examples' builder. Every one starts
 * from a production webhook, so its executions go through the webhook processor and the queue to a worker.
 * `npm run workflows:generate` writes them; `npm run test:queue` fails when they are stale.
 */
import path from 'node:path';

import { staleFiles as staleIn, writeWorkflows } from '../../../examples/generate';
import { WorkflowBuilder, type N8nNode, type N8nWorkflow } from '../../../examples/lib/builder';
import { labReportPdf, USERS } from '../../../examples/lib/fixtures';

export const QUEUE_WORKFLOWS_DIR = path.join(__dirname, 'json');

export const QUEUE_WORKFLOW_IDS = {
	trigger: 'terraQueueTrigger',
	slowTrigger: 'terraQueueSlowTrigger',
	slowTriggerFinished: 'terraQueueSlowFinish',
	sleep: 'terraQueueSleep',
	allUsers: 'terraQueueAllUsers',
	users: 'terraQueueUsers',
	labReportFromFields: 'terraQueueLabFields',
	labReportUpload: 'terraQueueLabUpload',
	largeRequest: 'terraQueueLarge',
	baseline: 'terraQueueBaseline',
} as const;

/** Terra Triggers' webhookIds (production URL /webhook/<id>/webhook). */
export const QUEUE_TRIGGER_IDS = { events: 'terra-queue-events', slow: 'terra-queue-slow', slowFinished: 'terra-queue-slow-finished' } as const;

/** Webhook nodes' paths (production URL /webhook/<path>) and methods. */
export const QUEUE_WEBHOOKS = {
	sleep: { path: 'terra-queue-sleep', method: 'GET' },
	allUsers: { path: 'terra-queue-all-users', method: 'GET' },
	users: { path: 'terra-queue-users', method: 'GET' },
	labReportFromFields: { path: 'terra-queue-lab-report', method: 'GET' },
	labReportUpload: { path: 'terra-queue-lab-report-upload', method: 'POST' },
	largeRequest: { path: 'terra-queue-large-request', method: 'GET' },
	baseline: { path: 'terra-queue-baseline', method: 'POST' },
} as const;

/** One week of sleep (the data pull), and more than a month of activity (the large request). */
/** Both days included (the node's date rule); Terra's exclusive end_date is the day after `last`. */
export const SLEEP_RANGE = { start: '2026-07-01', last: '2026-07-07', terraEnd: '2026-07-08' } as const;
export const LARGE_RANGE = { start: '2026-03-01', last: '2026-06-30' } as const;
export const USERS_PAGE_SIZE = 3;
/** How long each execution of the slow trigger workflow holds its worker (the worker-kill check). */
export const SLOW_TRIGGER_WAIT_SECONDS = 2;

const COL = 300;
const TEST_ONLY = (text: string) => `## Test only (npm run test:queue)\n${text}`;

function webhookNode(
	name: string,
	webhook: { path: string; method: string },
	responseData: 'allEntries' | 'firstEntryJson',
	options: Record<string, unknown> = {},
): Omit<N8nNode, 'id'> {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		// A stable id: n8n keys production webhooks by path, and the editor shows this id in test URLs.
		webhookId: `${webhook.path}-hook`,
		parameters: { httpMethod: webhook.method, path: webhook.path, responseMode: 'lastNode', responseData, options },
	};
}

function trigger(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.trigger, 'Terra queue · trigger, all events');
	b.sticky(TEST_ONLY('Signed and forged deliveries, retries and large requests arrive here through the webhook processor.'), [-480, -160], 400, 300, 3);
	b.terraTrigger('Terra events', QUEUE_TRIGGER_IDS.events, { events: ['*'], options: {} });
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL, 0], parameters: {} });
	b.connect('Terra events', 'Done');
	return b.build();
}

function slowTrigger(whenFinished = false): N8nWorkflow {
	const b = whenFinished
		? new WorkflowBuilder(QUEUE_WORKFLOW_IDS.slowTriggerFinished, 'Terra queue · trigger that holds its worker, acknowledged when finished')
		: new WorkflowBuilder(QUEUE_WORKFLOW_IDS.slowTrigger, 'Terra queue · trigger that holds its worker');
	b.sticky(TEST_ONLY(`Each execution waits ${SLOW_TRIGGER_WAIT_SECONDS} s on its worker, so a killed worker holds executions.`), [-480, -160], 400, 300, 3);
	if (whenFinished) {
		b.terraTrigger('Terra events', QUEUE_TRIGGER_IDS.slowFinished, { events: ['*'], acknowledge: 'lastNode', options: {} }, [0, 0], 2);
	} else {
		b.terraTrigger('Terra events', QUEUE_TRIGGER_IDS.slow, { events: ['*'], options: {} });
	}
	b.node({
		name: 'Hold the worker',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [COL, 0],
		parameters: { resume: 'timeInterval', amount: SLOW_TRIGGER_WAIT_SECONDS, unit: 'seconds' },
		webhookId: whenFinished ? 'terra-queue-slow-finished-wait' : 'terra-queue-slow-wait',
	});
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL * 2, 0], parameters: {} });
	b.chain('Terra events', 'Hold the worker', 'Done');
	return b.build();
}

/** The sleep week both data-pull workflows ask for, as a Terra node's parameters (the user's part is theirs). */
function sleepWeek(users: Record<string, unknown>, options: Record<string, unknown>): Record<string, unknown> {
	return {
		resource: 'sleep',
		operation: 'getAll',
		...users,
		datePreset: 'custom',
		startDate: `${SLEEP_RANGE.start}T00:00:00`,
		endDate: `${SLEEP_RANGE.last}T00:00:00`,
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options,
	};
}

function sleep(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.sleep, 'Terra queue · webhook → a week of sleep');
	b.sticky(TEST_ONLY('GET ?user=<Terra user ID>: answers with that user’s sleep sessions, pulled on a worker.'), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.sleep, 'allEntries'));
	b.terra('Get a week of sleep', [COL, 0], sleepWeek({ user: { __rl: true, mode: 'id', value: '={{ $json.query.user }}' } }, { maxWaitSeconds: 60 }));
	b.connect('Webhook', 'Get a week of sleep');
	return b.build();
}

/** Every connected user's week of sleep in one Terra node (All Connected Users), on one worker. */
function allUsers(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.allUsers, 'Terra queue · webhook → a week of sleep for all connected users');
	b.sticky(TEST_ONLY(`All Connected Users, ${USERS_PAGE_SIZE} per /subscriptions page, 4 users at a time: one worker pulls everyone.`), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.allUsers, 'allEntries'));
	b.terra(
		'Sleep of every user',
		[COL, 0],
		sleepWeek({ userScope: 'all', userFilters: {} }, { userPageSize: USERS_PAGE_SIZE, userConcurrency: 4, maxWaitSeconds: 60 }),
	);
	b.connect('Webhook', 'Sleep of every user');
	return b.build();
}

function users(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.users, 'Terra queue · webhook → every user, page by page');
	b.sticky(TEST_ONLY(`Return All with ${USERS_PAGE_SIZE} users per page: several /subscriptions pages from one worker.`), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.users, 'allEntries'));
	b.terra('Get every user', [COL, 0], {
		resource: 'user',
		operation: 'getAll',
		returnAll: true,
		options: { pageSize: USERS_PAGE_SIZE },
	});
	b.connect('Webhook', 'Get every user');
	return b.build();
}

const LAB_REPORT_REFERENCE = USERS.fitbit.referenceId;

function labReportFromFields(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.labReportFromFields, 'Terra queue · webhook → PDF from fields → lab report upload');
	b.sticky(TEST_ONLY('The e2e’s lab-report shape: Edit Fields (base64) → Convert to File → Upload. The file is made and read on the worker.'), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.labReportFromFields, 'firstEntryJson'));
	b.node({
		name: 'A lab report PDF',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [COL, 0],
		parameters: {
			mode: 'manual',
			assignments: { assignments: [{ id: 'b64pdf01', name: 'pdf', value: labReportPdf().toString('base64'), type: 'string' }] },
			includeOtherFields: false,
			options: {},
		},
	});
	b.node({
		name: 'Make it a file',
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		position: [COL * 2, 0],
		parameters: {
			operation: 'toBinary',
			sourceProperty: 'pdf',
			binaryPropertyName: 'data',
			options: { fileName: 'lab-report.pdf', mimeType: 'application/pdf' },
		},
	});
	b.terra('Upload the lab report', [COL * 3, 0], {
		resource: 'labReport',
		operation: 'upload',
		binaryPropertyName: 'data',
		referenceId: LAB_REPORT_REFERENCE,
	});
	b.chain('Webhook', 'A lab report PDF', 'Make it a file', 'Upload the lab report');
	return b.build();
}

function labReportUpload(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.labReportUpload, 'Terra queue · PDF posted to a webhook → lab report upload');
	b.sticky(TEST_ONLY('POST the PDF as the request body: the webhook processor stores the file, a worker reads it and uploads it.'), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.labReportUpload, 'firstEntryJson', { binaryPropertyName: 'data' }));
	b.terra('Upload the lab report', [COL, 0], {
		resource: 'labReport',
		operation: 'upload',
		binaryPropertyName: 'data',
		referenceId: LAB_REPORT_REFERENCE,
	});
	b.connect('Webhook', 'Upload the lab report');
	return b.build();
}

function largeRequest(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.largeRequest, 'Terra queue · webhook → large request to the trigger');
	b.sticky(TEST_ONLY('GET ?user=<id>: asks Terra for four months of activity by webhook; Terra acknowledges with a reference, then sends large_request_processing, large_request_sending and one chunk per month to the trigger.'), [-480, -160], 400, 300, 3);
	b.node(webhookNode('Webhook', QUEUE_WEBHOOKS.largeRequest, 'firstEntryJson'));
	b.terra('Request activities by webhook', [COL, 0], {
		resource: 'activity',
		operation: 'getAll',
		user: { __rl: true, mode: 'id', value: '={{ $json.query.user }}' },
		datePreset: 'custom',
		startDate: `${LARGE_RANGE.start}T00:00:00`,
		endDate: `${LARGE_RANGE.last}T00:00:00`,
		delivery: 'webhook',
		withSamples: false,
		options: {},
	});
	b.connect('Webhook', 'Request activities by webhook');
	return b.build();
}

function baseline(): N8nWorkflow {
	const b = new WorkflowBuilder(QUEUE_WORKFLOW_IDS.baseline, 'Terra queue · baseline: n8n’s own Webhook node');
	b.sticky(TEST_ONLY('n8n’s Webhook node answering at once, no signature check: what a delivery costs the webhook processor without the Terra Trigger (`--only=baseline`).'), [-480, -160], 400, 300, 3);
	b.node({
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: `${QUEUE_WEBHOOKS.baseline.path}-hook`,
		parameters: { httpMethod: QUEUE_WEBHOOKS.baseline.method, path: QUEUE_WEBHOOKS.baseline.path, responseMode: 'onReceived', options: {} },
	});
	b.node({ name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL, 0], parameters: {} });
	b.connect('Webhook', 'Done');
	return b.build();
}

export function queueWorkflows(): Record<string, N8nWorkflow> {
	return {
		'queue-trigger.json': trigger(),
		'queue-slow-trigger.json': slowTrigger(),
		'queue-slow-trigger-finished.json': slowTrigger(true),
		'queue-sleep.json': sleep(),
		'queue-all-users.json': allUsers(),
		'queue-users.json': users(),
		'queue-lab-report-from-fields.json': labReportFromFields(),
		'queue-lab-report-upload.json': labReportUpload(),
		'queue-large-request.json': largeRequest(),
		'queue-baseline-webhook.json': baseline(),
	};
}

export function staleQueueWorkflows(): string[] {
	return staleIn(QUEUE_WORKFLOWS_DIR, queueWorkflows());
}

if (require.main === module) writeWorkflows(QUEUE_WORKFLOWS_DIR, queueWorkflows());
