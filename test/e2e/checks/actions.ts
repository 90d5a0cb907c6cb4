/**
 * The action node in real n8n: every example workflow run with `n8n execute --id`, asserting the items n8n output
 * and the requests the emulator recorded.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { nodeItems, nodeJson, type RunJson } from '../../../scripts/lib/n8n';
import { EMULATOR_API_KEY, EMULATOR_DEV_ID } from '../../../scripts/lib/stack';
import { labReportPdf, UNKNOWN_USER_ID, USERS } from '../../../examples/lib/fixtures';
import { CREDENTIAL } from '../../../examples/lib/builder';
import { WORKFLOW_IDS } from '../../../examples/generate';
import { TEST_WORKFLOW_IDS } from '../workflows/generate';
import {
	executeWorkflow,
	expectNotKilled,
	expectSuccess,
	query,
	requestsTo,
	single,
	type E2eContext,
	type WorkflowRun,
} from './context';

type Json = Record<string, unknown>;

/** State shared with the trigger checks (events the action workflows cause). */
export interface ActionOutcome {
	labUploadId?: string;
	deauthenticatedUserId?: string;
}

function expectCredentialHeaders(run: WorkflowRun): void {
	for (const request of run.requests) {
		assert.equal(request.headers['dev-id'], EMULATOR_DEV_ID, `${request.method} ${request.path}: dev-id header`);
		assert.equal(request.headers['x-api-key'], EMULATOR_API_KEY, `${request.method} ${request.path}: x-api-key header`);
	}
}

function sortedDates(items: Json[], field: string): boolean {
	const values = items.map((item) => String(item[field] ?? ''));
	return values.every((value, index) => index === 0 || values[index - 1] <= value);
}

/**
 * Runs a workflow and its assertions as one check; the check name says what it proves. A failed execution fails
 * the check with n8n's own error message.
 */
async function workflowCheck(
	ctx: E2eContext,
	name: string,
	workflowId: string,
	assertions: (run: RunJson, workflowRun: WorkflowRun) => Promise<void> | void,
	before?: () => Promise<void>,
): Promise<void> {
	await ctx.suite.check(name, async () => {
		await before?.();
		const workflowRun = await executeWorkflow(ctx, workflowId);
		const run = expectSuccess(workflowRun.result);
		expectCredentialHeaders(workflowRun);
		await assertions(run, workflowRun);
		ctx.suite.info(
			`${workflowId}: ${workflowRun.requests.length} Terra requests, n8n execute ${(workflowRun.result.ms / 1000).toFixed(1)} s`,
		);
	});
}

export async function actionChecks(ctx: E2eContext): Promise<ActionOutcome> {
	const outcome: ActionOutcome = {};
	const { emulator } = ctx.stack;

	await workflowCheck(ctx, 'Provider: Get Many and Get Many With Details', WORKFLOW_IDS.integrations, (run, { requests }) => {
		const providers = nodeJson(run, 'List providers');
		assert.ok(providers.length > 5, `expected many providers, got ${providers.length}`);
		assert.ok(providers.some((item) => item.provider === 'GARMIN' && item.sdk === false), 'GARMIN listed as a web provider');
		assert.ok(providers.some((item) => item.sdk === true), 'SDK providers flagged sdk: true');
		const detailed = nodeJson(run, 'List providers with details');
		assert.ok(detailed.length > 0 && detailed.every((item) => typeof item.provider === 'string' && typeof item.name === 'string'));
		single(requests, 'GET', '/integrations');
		assert.equal(query(single(requests, 'GET', '/integrations/detailed'), 'sdk'), 'true');
	});

	await workflowCheck(ctx, 'User: Get (by ID, by reference ID), Get Many with Return All over 3 pages, Get Many by ID, Update', WORKFLOW_IDS.users, async (run, { requests }) => {
		const user = nodeJson(run, 'Get a user');
		assert.equal(user.length, 1);
		assert.equal(user[0].user_id, USERS.garmin.userId);
		assert.equal(user[0].provider, 'GARMIN');
		assert.equal(user[0].is_authenticated, true);

		const byReference = nodeJson(run, 'Get users by reference ID');
		assert.deepEqual(byReference.map((item) => item.provider).sort(), ['COROS', 'GARMIN']);

		const everyone = await emulator.users();
		const all = nodeJson(run, 'Get all users');
		assert.deepEqual(
			all.map((item) => item.user_id).sort(),
			everyone.map((item) => item.user_id).sort(),
			'Return All gives every user the emulator has',
		);
		const pages = requestsTo(requests, 'GET', '/subscriptions');
		assert.deepEqual(
			pages.map((request) => [query(request, 'page'), query(request, 'per_page')]),
			[
				['0', '3'],
				['1', '3'],
				['2', '3'],
			],
			'Get Many pages through /subscriptions 3 users at a time (8 users: 3 pages)',
		);

		const bulk = nodeJson(run, 'Get several users');
		assert.deepEqual(bulk.map((item) => item.user_id).sort(), [USERS.fitbit.userId, USERS.oura.userId].sort());
		assert.deepEqual(single(requests, 'POST', '/bulkUserInfo').body, [USERS.fitbit.userId, USERS.oura.userId]);

		const updated = nodeJson(run, 'Update a user (legacy)');
		assert.equal(updated[0].user_id, USERS.polar.userId);
		assert.equal(updated[0].status, 'success');
		assert.deepEqual(single(requests, 'PATCH', `/users/${USERS.polar.userId}`).body, {
			reference_id: USERS.polar.referenceId,
			active: true,
		});
		assert.equal(requestsTo(requests, 'GET', '/userInfo').length, 2, 'one /userInfo by user_id, one by reference_id');
	});

	await workflowCheck(ctx, 'Activity: 90-day range split into three 30-day windows; Create (legacy)', WORKFLOW_IDS.activity, (run, { requests }) => {
		const windows = requestsTo(requests, 'GET', '/activity').map((request) => [
			query(request, 'start_date'),
			query(request, 'end_date'),
			query(request, 'to_webhook'),
			query(request, 'user_id'),
		]);
		assert.deepEqual(
			windows.sort(),
			[
				['2026-05-01', '2026-05-31', 'false', USERS.garmin.userId],
				['2026-05-31', '2026-06-30', 'false', USERS.garmin.userId],
				['2026-06-30', '2026-07-30', 'false', USERS.garmin.userId],
			],
			'three windows of 30 days',
		);
		const activities = nodeJson(run, 'Get 90 days of activities');
		assert.ok(activities.length >= 3, `expected activities over 90 days, got ${activities.length}`);
		assert.ok(
			activities.every((item) => item.user_id === USERS.garmin.userId && typeof item.record_id === 'string'),
			'Simplified rows carry the user and Terra’s summary_id as record_id',
		);
		const ids = activities.map((item) => item.record_id);
		assert.equal(new Set(ids).size, ids.length, 'no duplicate records across windows');
		// Simplified's date is the day of the activity's start time (its own column since Simplified keeps ≤ 10).
		assert.ok(sortedDates(activities, 'date'), 'windows merged in date order');
		assert.ok(
			activities.every((item) => String(item.date) >= '2026-05-01' && String(item.date) <= '2026-07-30'),
			'records inside the range',
		);
		const created = nodeJson(run, 'Log an activity (legacy)');
		assert.ok(Array.isArray(created[0].log_ids) && (created[0].log_ids as unknown[]).length === 1);
		const write = single(requests, 'POST', '/activity');
		assert.equal(query(write, 'user_id'), USERS.garmin.userId);
		assert.equal(((write.body as Json).data as Json[])[0].metadata instanceof Object, true);
	});

	await workflowCheck(ctx, 'Athlete: Get, Raw Response', WORKFLOW_IDS.athlete, (run, { requests }) => {
		const [item] = nodeJson(run, 'Get the athlete profile');
		assert.equal(item.type, 'athlete');
		assert.ok(item.athlete && typeof item.athlete === 'object', 'raw response keeps the athlete object');
		assert.equal((item.user as Json).user_id, USERS.oura.userId);
		assert.ok(item.rate_limit && typeof item.rate_limit === 'object', 'raw output carries the rate-limit headers');
		assert.equal(query(single(requests, 'GET', '/athlete'), 'to_webhook'), 'false');
	});

	await workflowCheck(ctx, 'Body: Get Many (Full Records), Create and Delete (legacy, log_ids)', WORKFLOW_IDS.body, (run, { requests }) => {
		const records = nodeJson(run, 'Get a week of body metrics');
		assert.ok(records.length > 0 && records.every((record) => typeof record.metadata === 'object'), 'full Terra records');
		const get = single(requests, 'GET', '/body');
		assert.deepEqual([query(get, 'start_date'), query(get, 'end_date')], ['2026-07-01', '2026-07-08']);
		const [created] = nodeJson(run, 'Log a weight (legacy)');
		const logIds = created.log_ids as string[];
		const deleted = nodeJson(run, 'Delete the weight (legacy)');
		assert.deepEqual(deleted, logIds.map((id) => ({ id, deleted: true, response_code: 200 })));
		assert.deepEqual(single(requests, 'DELETE', '/body').body, { log_ids: logIds });
	});

	await workflowCheck(ctx, 'Daily: On Error Continue gives an error item naming the unknown user, data for the other', WORKFLOW_IDS.daily, (run, { requests }) => {
		const items = nodeItems(run, 'Get daily summaries');
		const errors = items.filter((item) => 'error' in item.json);
		const data = items.filter((item) => !('error' in item.json));
		assert.equal(errors.length, 1, 'one error item');
		assert.match(String(errors[0].json.error), /Terra API error 404/);
		assert.equal(errors[0].json.user_id, UNKNOWN_USER_ID, 'the error item names the user it was about');
		assert.deepEqual(errors[0].pairedItem, { item: 1 }, 'the error item is paired with the second input item');
		assert.equal(data.length, 7, 'seven daily summaries for the known user');
		assert.ok(data.every((item) => item.json.user_id === USERS.garmin.userId && JSON.stringify(item.pairedItem) === '{"item":0}'));
		const calls = requestsTo(requests, 'GET', '/daily');
		assert.deepEqual(
			calls.map((request) => [query(request, 'user_id'), request.status]).sort(),
			[
				[UNKNOWN_USER_ID, 404],
				[USERS.garmin.userId, 200],
			].sort(),
		);
	});

	await workflowCheck(ctx, 'Menstruation: Get Many', WORKFLOW_IDS.menstruation, (run, { requests }) => {
		const days = nodeJson(run, 'Get a month of cycle data');
		assert.equal(days.length, 30, 'one record per day of June');
		assert.ok(days.every((day) => day.user_id === USERS.apple.userId && typeof day.day_in_cycle === 'number'));
		const get = single(requests, 'GET', '/menstruation');
		assert.deepEqual([query(get, 'start_date'), query(get, 'end_date')], ['2026-06-01', '2026-07-01']);
	});

	await workflowCheck(ctx, 'Nutrition: Get Many, Create and Delete (legacy, data key)', WORKFLOW_IDS.nutrition, (run, { requests }) => {
		assert.ok(nodeJson(run, 'Get a week of nutrition').length > 0);
		single(requests, 'GET', '/nutrition');
		const [created] = nodeJson(run, 'Log a meal (legacy)');
		const logIds = created.log_ids as string[];
		assert.deepEqual(single(requests, 'DELETE', '/nutrition').body, { data: logIds });
		assert.ok(nodeJson(run, 'Delete the meal (legacy)').every((item) => item.deleted === true));
	});

	await workflowCheck(
		ctx,
		'Sleep: a 429 (rule r2, Retry-After 1) is waited out and retried; the run succeeds',
		WORKFLOW_IDS.sleep,
		(run, { requests }) => {
			const calls = requestsTo(requests, 'GET', '/sleep');
			assert.deepEqual(calls.map((request) => request.status), [429, 200], 'first attempt 429, retry 200');
			assert.deepEqual(calls[0].query, calls[1].query, 'the retry repeats the same request');
			const sleeps = nodeJson(run, 'Get a week of sleep');
			assert.ok(sleeps.length > 0 && sleeps.every((item) => item.user_id === USERS.oura.userId));
		},
		async () => {
			await emulator.clearFaults();
			await emulator.injectFault(
				{ method: 'GET', path: '/sleep' },
				{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 },
			);
		},
	);

	await workflowCheck(ctx, 'Planned Workout (Legacy): Get Many, Create, Delete', WORKFLOW_IDS.plannedLegacy, (run, { requests }) => {
		nodeJson(run, 'List planned workouts (legacy)');
		single(requests, 'GET', '/plannedWorkout');
		const [created] = nodeJson(run, 'Create a planned workout (legacy)');
		const logIds = created.log_ids as string[];
		assert.deepEqual(single(requests, 'DELETE', '/plannedWorkout').body, { data: logIds });
		assert.ok(nodeJson(run, 'Delete it (legacy)').every((item) => item.deleted === true));
	});

	await workflowCheck(ctx, 'Workout Template: Create, Get Many, Get, Plan, Delete', WORKFLOW_IDS.workouts, (run, { requests }) => {
		const [created] = nodeJson(run, 'Create a workout template');
		const id = String(created.workout_id);
		assert.match(id, /^\d+$/);
		assert.ok(nodeJson(run, 'List workout templates').some((item) => String(item.workout_id) === id));
		assert.equal(String(nodeJson(run, 'Get the template')[0].workout_id), id);
		const [planned] = nodeJson(run, 'Plan it for a Garmin user');
		assert.match(String(planned.planned_workout_id), /^\d+$/);
		const plan = single(requests, 'POST', `/workouts/${id}/plan`);
		assert.equal(query(plan, 'user_id'), USERS.garmin.userId);
		assert.deepEqual(plan.body, { planned_date: '2026-12-01', max_heart_rate: 188, threshold_speed: 4.2 });
		assert.deepEqual(nodeJson(run, 'Delete the template'), [{ workout_id: id, deleted: true }]);
		single(requests, 'DELETE', `/workouts/${id}`);
		single(requests, 'GET', `/workouts/${id}`);
		single(requests, 'GET', '/workouts');
	});

	await workflowCheck(ctx, 'Planned Workout: Get Many, Get, Reschedule, Delete', WORKFLOW_IDS.plannedWorkouts, (run, { requests }) => {
		const plannedId = String(nodeJson(run, 'Plan it')[0].planned_workout_id);
		const list = nodeJson(run, 'List planned workouts');
		assert.ok(list.some((item) => String(item.planned_workout_id) === plannedId), 'the new plan is listed');
		const listing = single(requests, 'GET', '/plannedWorkouts');
		assert.deepEqual([query(listing, 'start_date'), query(listing, 'end_date')], ['2026-11-28', '2026-12-02']);
		assert.equal(nodeJson(run, 'Get the planned workout')[0].planned_date, '2026-12-01');
		assert.equal(nodeJson(run, 'Move it to 3 December')[0].planned_date, '2026-12-03');
		assert.deepEqual(single(requests, 'PATCH', `/plannedWorkouts/${plannedId}`).body, { planned_date: '2026-12-03' });
		assert.deepEqual(nodeJson(run, 'Delete the planned workout'), [{ planned_workout_id: plannedId, deleted: true }]);
		single(requests, 'DELETE', `/plannedWorkouts/${plannedId}`);
		assert.equal(nodeJson(run, 'Remove the template')[0].deleted, true);
	});

	await workflowCheck(ctx, 'Lab Report: Upload from binary data (Convert to File), Get Many, Get, Get Files, Get Deliveries, Delete', WORKFLOW_IDS.labReports, (run, { requests }) => {
		const file = nodeItems(run, 'Make it a file')[0].binary?.data;
		assert.equal(file?.mimeType, 'application/pdf');
		const upload = single(requests, 'POST', '/lab-reports');
		assert.match(upload.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
		const pdf = labReportPdf();
		const sent = (upload.body as { files: Array<{ field: string; filename: string; contentType: string; size: number; sha256: string }> })
			.files;
		assert.deepEqual(sent, [
			{
				field: 'file',
				filename: 'lab-report.pdf',
				contentType: 'application/pdf',
				size: pdf.length,
				sha256: createHash('sha256').update(pdf).digest('hex'),
			},
		]);
		assert.equal(query(upload, 'reference_id'), USERS.fitbit.referenceId);
		const [uploaded] = nodeJson(run, 'Upload the lab report');
		outcome.labUploadId = String(uploaded.upload_id);
		const [session] = nodeJson(run, 'Find the upload');
		assert.equal(session.upload_id, uploaded.upload_id);
		const sessionId = String(session.session_id);
		assert.equal(String(nodeJson(run, 'Get the results')[0].session_id), sessionId);
		const files = nodeJson(run, 'Get the files');
		assert.ok(files.length >= 1 && files.every((item) => item.session_id === sessionId));
		nodeJson(run, 'Get the deliveries');
		assert.deepEqual(nodeJson(run, 'Delete the lab report'), [{ session_id: sessionId, deleted: true }]);
		for (const [method, path] of [
			['GET', '/lab-reports'],
			['GET', `/lab-reports/${sessionId}`],
			['GET', `/lab-reports/${sessionId}/files`],
			['GET', `/lab-reports/${sessionId}/deliveries`],
			['DELETE', `/lab-reports/${sessionId}`],
		]) {
			single(requests, method, path);
		}
	});

	await workflowCheck(ctx, 'Authentication: auth link, widget session (Widget API and legacy), mobile SDK token, deauthenticate', WORKFLOW_IDS.authentication, (run, { requests }) => {
		const [link] = nodeJson(run, 'Auth link for Garmin');
		assert.match(String(link.auth_url), /^http:\/\/127\.0\.0\.1:\d+\//);
		const auth = single(requests, 'POST', '/auth/authenticateUser');
		assert.equal(query(auth, 'resource'), 'GARMIN');
		assert.deepEqual(auth.body, {
			reference_id: 'new-customer-42',
			language: 'en',
			auth_success_redirect_url: 'https://example.com/connected',
			auth_failure_redirect_url: 'https://example.com/connect-failed',
		});
		const widget = requestsTo(requests, 'POST', '/widget/session').filter((request) => request.surface === 'widget');
		assert.equal(widget.length, 1, 'the Widget API is called on the widget host, beside /api/v2');
		assert.deepEqual(widget[0].body, { reference_id: 'new-customer-42', show_disconnect: true, providers: 'GARMIN,OURA,WHOOP' });
		assert.match(String(nodeJson(run, 'Widget session')[0].url), /\/__emulator\/widget\//);
		assert.deepEqual(single(requests, 'POST', '/auth/generateWidgetSession').body, { providers: 'FITBIT' });
		assert.ok(nodeJson(run, 'Widget session (legacy endpoint)')[0].url);
		assert.match(String(nodeJson(run, 'Mobile SDK token')[0].token), /^[0-9a-f]{64}$/);
		single(requests, 'POST', '/auth/generateAuthToken');
		assert.deepEqual(nodeJson(run, 'Disconnect a user'), [{ deleted: true, user_id: USERS.withings.userId, status: 'success' }]);
		assert.equal(query(single(requests, 'DELETE', '/auth/deauthenticateUser'), 'user_id'), USERS.withings.userId);
		outcome.deauthenticatedUserId = USERS.withings.userId;
	});

	await ctx.suite.check('Credential test (n8n’s Test button) passes with valid keys and fails with a wrong API key', async () => {
		const data = {
			devId: EMULATOR_DEV_ID,
			apiKey: EMULATOR_API_KEY,
			baseUrl: 'custom',
			customBaseUrl: ctx.stack.emulator.apiBaseUrl,
			signingSecret: ctx.signingSecret,
		};
		await ctx.stack.emulator.clearRequests();
		// n8n tests the values in the editor's form; the id names the stored credential they belong to.
		const base = { id: CREDENTIAL.id, name: CREDENTIAL.name, type: 'terraApi' };
		const valid = await ctx.stack.rest.testCredential({ ...base, data });
		assert.equal(valid.status, 'OK', `valid keys: ${valid.message}`);
		const wrong = await ctx.stack.rest.testCredential({ ...base, data: { ...data, apiKey: 'wrong-key' } });
		assert.equal(wrong.status, 'Error', 'a wrong API key must fail the test');
		const recorded = await ctx.stack.emulator.requests();
		assert.deepEqual(requestsTo(recorded, 'GET', '/integrations'), [], 'the public /integrations would accept any key');
		const requests = requestsTo(recorded, 'GET', '/subscriptions');
		assert.ok(requests.length >= 2, 'one test request per Test');
		for (const request of requests) assert.deepEqual(request.query, { page: '0', per_page: '1' });
		assert.deepEqual(
			[...new Set(requests.map((request) => `${request.headers['x-api-key']} → ${request.status}`))].sort(),
			[`${EMULATOR_API_KEY} → 200`, 'wrong-key → 401'],
		);
		ctx.suite.info(`wrong key → n8n says: ${wrong.message}`);
	});

	await ctx.suite.check('Validation error: End Date before Start Date fails the run with the node’s message, no request sent', async () => {
		const { result, requests } = await executeWorkflow(ctx, TEST_WORKFLOW_IDS.validation);
		expectNotKilled(result);
		assert.notEqual(result.code, 0, 'n8n execute exits non-zero');
		assert.equal(result.run?.status, 'error');
		const error = result.run?.data.resultData.error;
		const expected = '“End Date” (2026-07-01) is before “Start Date” (2026-07-08)';
		assert.equal(error?.message, expected);
		assert.equal(error?.node?.name, 'Dates the wrong way round');
		assert.ok(result.stdout.includes(expected), 'n8n execute prints the message');
		assert.ok(
			(error?.description ?? '').includes('The end date must be on or after the start date'),
			'the description says how to fix it',
		);
		assert.deepEqual(requests, [], 'nothing was sent to Terra');
		ctx.suite.info(`n8n reported: ${error?.name ?? 'error'}: ${error?.message}`);
	});

	return outcome;
}
