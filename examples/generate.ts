/**
 * Source of the example workflows in examples/workflows/ (importable into any n8n; the demo imports them). Edit
 * here, then run `npm run workflows:generate`; the e2e suite fails when the committed JSON differs from what this
 * file produces.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview, ROW } from './lib/layout';
import { AI_AGENT_ID, aiAgent } from './aiAgent';
import { ONBOARDING_IDS, onboardingConnected, onboardingSignup } from './onboarding';
import { ONE_TABLE_ID, ONE_TABLE_WEBHOOK_ID, oneTable } from './oneTable';
import { SCHEDULED_PULL_ID, scheduledPull } from './scheduledPull';
import {
	idLocator,
	julyRange,
	labReportPdf,
	UNKNOWN_USER_ID,
	userById,
	userByReference,
	userFromList,
	USERS,
} from './lib/fixtures';
import { STEP_BLOCKS_SAMPLE } from '../nodes/Terra/actions/workout/create.operation';

const ROOT = path.resolve(__dirname, '..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples', 'workflows');

/** Fixed webhook IDs: the production URLs are /webhook/<id>/webhook. */
export const WEBHOOK_IDS = {
	trigger: 'terra-example-events',
	oneTable: ONE_TABLE_WEBHOOK_ID,
} as const;

/** Workflow IDs (n8n allows at most 21 characters). */
export const WORKFLOW_IDS = {
	integrations: 'terraExIntegrations',
	authentication: 'terraExAuthentication',
	users: 'terraExUsers',
	activity: 'terraExActivity',
	athlete: 'terraExAthlete',
	body: 'terraExBody',
	daily: 'terraExDaily',
	menstruation: 'terraExMenstruation',
	nutrition: 'terraExNutrition',
	sleep: 'terraExSleep',
	plannedLegacy: 'terraExPlannedLegacy',
	workouts: 'terraExWorkouts',
	plannedWorkouts: 'terraExPlannedWorkout',
	labReports: 'terraExLabReports',
	toWebhook: 'terraExToWebhook',
	trigger: 'terraExTrigger',
	scheduledPull: SCHEDULED_PULL_ID,
	onboardingSignup: ONBOARDING_IDS.signup,
	onboardingConnected: ONBOARDING_IDS.connected,
	aiAgent: AI_AGENT_ID,
	oneTable: ONE_TABLE_ID,
} as const;

function integrations(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.integrations, 'Terra · Integrations: list the providers');
	overview(b, 'Which providers can my users connect?', 'Two ways to list Terra’s providers: the plain list of IDs, and the detailed list (names, icons, setup, data types) of the providers enabled for your account.');
	b.manualTrigger([0, 0]);
	b.terra('List providers', [COL, 0], { resource: 'integration', operation: 'getAll' });
	noted(b, '**Integration → Get Many**\nOne item per provider ID (GARMIN, FITBIT, …); `sdk` marks the mobile-SDK ones.', [COL, 0]);
	b.terra('List providers with details', [COL, ROW], {
		resource: 'integration',
		operation: 'getAllDetailed',
		sdk: true,
	});
	noted(b, '**Integration → Get Many (Detailed)**\nOne item per enabled provider with its display name and icon; SDK providers included.', [COL, ROW]);
	b.connect('Run this workflow', 'List providers').connect('Run this workflow', 'List providers with details');
	return b.build();
}

function authentication(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.authentication, 'Terra · Authentication: connect and disconnect users');
	overview(b, 'Connect an end user to Terra', 'Send your user one of these links. When they log in to their wearable’s account, Terra creates a Terra user and sends an `auth` event to your Terra Trigger. The last branch disconnects a user (Terra sends `deauth`).');
	b.manualTrigger([0, 0]);
	b.terra('Auth link for Garmin', [COL, 0], {
		resource: 'authentication',
		operation: 'generateAuthLink',
		provider: 'GARMIN',
		referenceId: 'new-customer-42',
		additionalFields: {
			language: 'en',
			successRedirectUrl: 'https://example.com/connected',
			failureRedirectUrl: 'https://example.com/connect-failed',
		},
	});
	noted(b, '**Generate Auth Link**\nA link for one provider; your own ID goes in as reference_id.', [COL, 0]);
	b.terra('Widget session', [COL, ROW], {
		resource: 'authentication',
		operation: 'generateWidgetSession',
		widgetEndpoint: 'widgetApi',
		providers: ['GARMIN', 'OURA', 'WHOOP'],
		referenceId: 'new-customer-42',
		additionalFields: { showDisconnect: true },
	});
	noted(b, '**Generate Widget Session**\nTerra’s hosted page where the user picks one of these providers.', [COL, ROW]);
	b.terra('Widget session (legacy endpoint)', [COL, ROW * 2], {
		resource: 'authentication',
		operation: 'generateWidgetSession',
		widgetEndpoint: 'legacy',
		providers: ['FITBIT'],
		additionalFields: {},
	});
	noted(b, '**Generate Widget Session, Endpoint: Legacy**\nThe deprecated /auth/generateWidgetSession, for older Terra accounts.', [COL, ROW * 2]);
	b.terra('Mobile SDK token', [COL, ROW * 3], { resource: 'authentication', operation: 'generateMobileSdkToken' });
	noted(b, '**Generate Mobile SDK Token**\nA single-use token for Terra’s iOS/Android SDK (Apple Health, Health Connect).', [COL, ROW * 3]);
	b.terra('Disconnect a user', [COL, ROW * 4], {
		resource: 'authentication',
		operation: 'deauthenticateUser',
		user: userFromList(USERS.withings),
	});
	noted(b, '**Deauthenticate User**\nDisconnects the user and deletes their data at Terra. Terra then sends a `deauth` event.', [COL, ROW * 4]);
	for (const name of ['Auth link for Garmin', 'Widget session', 'Widget session (legacy endpoint)', 'Mobile SDK token', 'Disconnect a user']) {
		b.connect('Run this workflow', name);
	}
	return b.build();
}

function users(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.users, 'Terra · Users: look up and page through users');
	overview(b, 'Terra users', 'A Terra user is one end user’s connection to one provider. Look one up by ID or by your own reference ID, page through all of them, fetch several at once, or change one (legacy endpoint).');
	b.manualTrigger([0, 0]);
	b.terra('Get a user', [COL, 0], { resource: 'user', operation: 'get', user: userFromList(USERS.garmin) });
	noted(b, '**User → Get**\nPicked from the list (the list is loaded from Terra).', [COL, 0]);
	b.terra('Get users by reference ID', [COL, ROW], {
		resource: 'user',
		operation: 'get',
		user: userByReference(USERS.garmin.referenceId),
	});
	noted(b, '**User → Get, By Reference ID**\nOne item per provider connected under your ID (here Garmin and Coros).', [COL, ROW]);
	b.terra('Get all users', [COL, ROW * 2], {
		resource: 'user',
		operation: 'getAll',
		returnAll: true,
		options: { pageSize: 3 },
	});
	noted(b, '**User → Get Many, Return All**\nFollows Terra’s pages (3 users per page here) until the last one.', [COL, ROW * 2]);
	b.terra('Get several users', [COL, ROW * 3], {
		resource: 'user',
		operation: 'getBulk',
		userIds: `${USERS.fitbit.userId}, ${USERS.oura.userId}`,
	});
	noted(b, '**User → Get Bulk**\nSeveral user IDs in one request.', [COL, ROW * 3]);
	b.terra('Update a user (legacy)', [COL, ROW * 4], {
		resource: 'user',
		operation: 'update',
		user: userById(USERS.polar.userId),
		updateFields: { active: true, referenceId: USERS.polar.referenceId },
	});
	noted(b, '**User → Update**\nSets reference ID and active flag (legacy PATCH /users).', [COL, ROW * 4]);
	for (const name of ['Get a user', 'Get users by reference ID', 'Get all users', 'Get several users', 'Update a user (legacy)']) {
		b.connect('Run this workflow', name);
	}
	return b.build();
}

function activity(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.activity, 'Terra · Activity: 90 days of workouts');
	overview(b, 'Activities (workouts)', 'Get a long range of a user’s activities: the node splits it into 30-day windows (three requests), fetches them in parallel and merges them in date order. The second branch writes an activity to the provider (legacy endpoint).');
	b.manualTrigger([0, 0]);
	b.terra('Get 90 days of activities', [COL, 0], {
		resource: 'activity',
		operation: 'getAll',
		user: userFromList(USERS.garmin),
		datePreset: 'custom',
		startDate: '2026-05-01T00:00:00',
		endDate: '2026-07-29T00:00:00',
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: { windowDays: 30, concurrency: 3 },
	});
	noted(b, '**Activity → Get Many**\n1 May to 29 July, both days included: 90 days, three 30-day windows. Output: Simplified, one item per activity.', [COL, 0]);
	b.terra('Log an activity (legacy)', [COL, ROW], {
		resource: 'activity',
		operation: 'create',
		user: userFromList(USERS.garmin),
		records: JSON.stringify(
			[
				{
					metadata: {
						name: 'Lunch run',
						type: 8,
						start_time: '2026-07-15T12:00:00.000000+00:00',
						end_time: '2026-07-15T12:40:00.000000+00:00',
						summary_id: 'n8n-demo-run-1',
						upload_type: 2,
					},
					distance_data: { summary: { distance_meters: 8000, steps: 7400 } },
					calories_data: { total_burned_calories: 540 },
				},
			],
			null,
			2,
		),
	});
	noted(b, '**Activity → Create**\nWrites one activity in Terra’s data model (legacy write endpoint).', [COL, ROW]);
	b.connect('Run this workflow', 'Get 90 days of activities').connect('Run this workflow', 'Log an activity (legacy)');
	return b.build();
}

function athlete(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.athlete, 'Terra · Athlete: a user’s profile');
	overview(b, 'Athlete profile', 'The profile the provider holds for the user (name, age, sex, …). Output: Raw Response, Terra’s whole answer including rate-limit headers.');
	b.manualTrigger([0, 0]);
	b.terra('Get the athlete profile', [COL, 0], {
		resource: 'athlete',
		operation: 'get',
		user: userFromList(USERS.oura),
		delivery: 'inline',
		output: 'raw',
	});
	noted(b, '**Athlete → Get**', [COL, 0]);
	b.connect('Run this workflow', 'Get the athlete profile');
	return b.build();
}

function body(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.body, 'Terra · Body: measurements, log and delete a weight');
	overview(b, 'Body metrics', 'Read a week of body measurements as full Terra records; then log a weight on the provider and delete it again with the log ID Terra returned (legacy endpoints).');
	b.manualTrigger([0, 0]);
	b.terra('Get a week of body metrics', [COL, 0], {
		resource: 'body',
		operation: 'getAll',
		user: userFromList(USERS.fitbit),
		...julyRange(),
		delivery: 'inline',
		output: 'full',
		withSamples: false,
		options: {},
	});
	noted(b, '**Body → Get Many**\nOutput: Full Records, exactly as Terra sends them.', [COL, 0]);
	b.terra('Log a weight (legacy)', [COL, ROW], {
		resource: 'body',
		operation: 'create',
		user: userFromList(USERS.fitbit),
		records: JSON.stringify(
			[
				{
					metadata: { start_time: '2026-07-20T07:00:00.000000+00:00', end_time: '2026-07-20T07:00:00.000000+00:00' },
					measurements_data: { measurements: [{ measurement_time: '2026-07-20T07:00:00.000000+00:00', weight_kg: 72.4 }] },
				},
			],
			null,
			2,
		),
	});
	noted(b, '**Body → Create**\nTerra answers with the new log_ids.', [COL, ROW]);
	b.terra('Delete the weight (legacy)', [COL * 2, ROW], {
		resource: 'body',
		operation: 'delete',
		user: userFromList(USERS.fitbit),
		logIds: "={{ $json.log_ids.join(', ') }}",
	});
	noted(b, '**Body → Delete**\nOne output item per log ID with its result.', [COL * 2, ROW]);
	b.connect('Run this workflow', 'Get a week of body metrics')
		.connect('Run this workflow', 'Log a weight (legacy)')
		.connect('Log a weight (legacy)', 'Delete the weight (legacy)');
	return b.build();
}

function daily(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.daily, 'Terra · Daily: summaries for a list of users, errors per item');
	overview(b, 'Daily summaries for several users', 'One input item per user. The Terra node runs once per item. Its setting **On Error: Continue** turns a failing item (here a user Terra does not know) into an item with `error`, while the other users’ data still comes through.');
	b.manualTrigger([0, 0]);
	b.node({
		name: 'Users to report on',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [COL, 0],
		parameters: {
			jsCode: [
				'// One item per Terra user. The second ID is deliberately unknown to Terra.',
				'return [',
				`  { json: { user_id: '${USERS.garmin.userId}', label: 'Garmin user' } },`,
				`  { json: { user_id: '${UNKNOWN_USER_ID}', label: 'unknown user' } },`,
				'];',
			].join('\n'),
		},
	});
	noted(b, '**Code**\nTwo users: one real, one unknown.', [COL, 0]);
	b.terra(
		'Get daily summaries',
		[COL * 2, 0],
		{
			resource: 'daily',
			operation: 'getAll',
			user: { __rl: true, mode: 'id', value: '={{ $json.user_id }}' },
			...julyRange(),
			delivery: 'inline',
			output: 'simplified',
			withSamples: false,
			options: {},
		},
		{ onError: 'continueRegularOutput' },
	);
	noted(b, '**Daily → Get Many** (Settings → On Error: Continue)\n7 days per user; the unknown user becomes one `error` item.', [COL * 2, 0]);
	b.chain('Run this workflow', 'Users to report on', 'Get daily summaries');
	return b.build();
}

function menstruation(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.menstruation, 'Terra · Menstruation: a month of cycle data');
	overview(b, 'Menstruation', 'A month of cycle data (phase, day in cycle, predicted length), one item per day with data.');
	b.manualTrigger([0, 0]);
	b.terra('Get a month of cycle data', [COL, 0], {
		resource: 'menstruation',
		operation: 'getAll',
		user: userFromList(USERS.apple),
		datePreset: 'custom',
		startDate: '2026-06-01T00:00:00',
		endDate: '2026-06-30T00:00:00',
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: {},
	});
	noted(b, '**Menstruation → Get Many**', [COL, 0]);
	b.connect('Run this workflow', 'Get a month of cycle data');
	return b.build();
}

function nutrition(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.nutrition, 'Terra · Nutrition: meals, log and delete a meal');
	overview(b, 'Nutrition', 'Read a week of nutrition logs, then log a meal on the provider and delete it again (legacy endpoints).');
	b.manualTrigger([0, 0]);
	b.terra('Get a week of nutrition', [COL, 0], {
		resource: 'nutrition',
		operation: 'getAll',
		user: userFromList(USERS.whoop),
		...julyRange(),
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: {},
	});
	noted(b, '**Nutrition → Get Many**', [COL, 0]);
	b.terra('Log a meal (legacy)', [COL, ROW], {
		resource: 'nutrition',
		operation: 'create',
		user: userFromList(USERS.fitbit),
		records: JSON.stringify(
			[
				{
					metadata: { start_time: '2026-07-20T12:00:00.000000+00:00', end_time: '2026-07-20T12:30:00.000000+00:00' },
					summary: { macros: { calories: 650, protein_g: 35, carbohydrates_g: 70, fat_g: 22 } },
				},
			],
			null,
			2,
		),
	});
	noted(b, '**Nutrition → Create**', [COL, ROW]);
	b.terra('Delete the meal (legacy)', [COL * 2, ROW], {
		resource: 'nutrition',
		operation: 'delete',
		user: userFromList(USERS.fitbit),
		logIds: "={{ $json.log_ids.join(', ') }}",
	});
	noted(b, '**Nutrition → Delete**\nBy the log IDs Create returned.', [COL * 2, ROW]);
	b.connect('Run this workflow', 'Get a week of nutrition')
		.connect('Run this workflow', 'Log a meal (legacy)')
		.connect('Log a meal (legacy)', 'Delete the meal (legacy)');
	return b.build();
}

function sleep(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.sleep, 'Terra · Sleep: a week of sleep sessions');
	overview(b, 'Sleep', 'A week of sleep sessions, one simplified item per session. When Terra answers 429 (rate limit) the node waits for Retry-After and tries again, within Options → Max Wait.');
	b.manualTrigger([0, 0]);
	b.terra('Get a week of sleep', [COL, 0], {
		resource: 'sleep',
		operation: 'getAll',
		user: userFromList(USERS.oura),
		...julyRange(),
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: { maxWaitSeconds: 60 },
	});
	noted(b, '**Sleep → Get Many**', [COL, 0]);
	b.connect('Run this workflow', 'Get a week of sleep');
	return b.build();
}

function plannedLegacy(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.plannedLegacy, 'Terra · Planned Workout (Legacy): list, create, delete');
	overview(b, 'Planned workouts, legacy endpoints', 'Terra’s deprecated /plannedWorkout endpoints. New work should use Workout Template and Planned Workout (see the other examples).');
	b.manualTrigger([0, 0]);
	b.terra('List planned workouts (legacy)', [COL, 0], {
		resource: 'plannedWorkoutLegacy',
		operation: 'getAll',
		user: userFromList(USERS.garmin),
		...julyRange(14),
		delivery: 'inline',
		output: 'simplified',
		options: {},
	});
	noted(b, '**Planned Workout (Legacy) → Get Many**', [COL, 0]);
	b.terra('Create a planned workout (legacy)', [COL, ROW], {
		resource: 'plannedWorkoutLegacy',
		operation: 'create',
		user: userFromList(USERS.garmin),
		records: JSON.stringify(
			[
				{
					metadata: {
						id: 'n8n-demo-plan-1',
						name: 'Easy 30 minutes',
						type: 'RUNNING',
						planned_date: '2026-12-01',
						description: 'Created from n8n',
						estimated_duration_seconds: 1800,
					},
					steps: [{ order: 1, type: 'STEP', durations: [{ duration_type: 'TIME', seconds: 1800 }] }],
				},
			],
			null,
			2,
		),
	});
	noted(b, '**Planned Workout (Legacy) → Create**', [COL, ROW]);
	b.terra('Delete it (legacy)', [COL * 2, ROW], {
		resource: 'plannedWorkoutLegacy',
		operation: 'delete',
		user: userFromList(USERS.garmin),
		logIds: "={{ $json.log_ids.join(', ') }}",
	});
	noted(b, '**Planned Workout (Legacy) → Delete**', [COL * 2, ROW]);
	b.connect('Run this workflow', 'List planned workouts (legacy)')
		.connect('Run this workflow', 'Create a planned workout (legacy)')
		.connect('Create a planned workout (legacy)', 'Delete it (legacy)');
	return b.build();
}

function workouts(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.workouts, 'Terra · Workout Templates: create, plan, delete');
	overview(b, 'Workout templates (Planned Workouts API)', 'Create a reusable workout, list and read templates, put it on a Garmin user’s calendar, and delete the template again (which also removes every planned instance). Nodes after the list run once (Settings → Execute Once).');
	b.manualTrigger([0, 0]);
	b.terra('Create a workout template', [COL, 0], {
		resource: 'workout',
		operation: 'create',
		name: '5 x 1 km intervals',
		sport: 'running',
		stepBlocks: JSON.stringify(STEP_BLOCKS_SAMPLE, null, 2),
		additionalFields: { environment: 'outdoor', estimated_duration_seconds: 2700 },
	});
	noted(b, '**Workout Template → Create**\nTerra answers with the workout_id.', [COL, 0]);
	b.terra('List workout templates', [COL * 2, 0], { resource: 'workout', operation: 'getAll', returnAll: true });
	noted(b, '**Workout Template → Get Many**', [COL * 2, 0]);
	b.terra(
		'Get the template',
		[COL * 3, 0],
		{ resource: 'workout', operation: 'get', workoutId: idLocator("={{ $('Create a workout template').first().json.workout_id }}") },
		{ executeOnce: true },
	);
	noted(b, '**Workout Template → Get**', [COL * 3, 0]);
	b.terra(
		'Plan it for a Garmin user',
		[COL * 4, 0],
		{
			resource: 'workout',
			operation: 'plan',
			workoutId: idLocator("={{ $('Create a workout template').first().json.workout_id }}"),
			user: userFromList(USERS.garmin),
			plannedDate: '2026-12-01T00:00:00',
			metrics: { max_heart_rate: 188, threshold_speed: 4.2 },
		},
		{ executeOnce: true },
	);
	noted(b, '**Workout Template → Plan**\nOn the user’s Garmin calendar for 1 Dec.', [COL * 4, 0]);
	b.terra(
		'Delete the template',
		[COL * 5, 0],
		{ resource: 'workout', operation: 'delete', workoutId: idLocator("={{ $('Create a workout template').first().json.workout_id }}") },
		{ executeOnce: true },
	);
	noted(b, '**Workout Template → Delete**', [COL * 5, 0]);
	b.chain(
		'Run this workflow',
		'Create a workout template',
		'List workout templates',
		'Get the template',
		'Plan it for a Garmin user',
		'Delete the template',
	);
	return b.build();
}

function plannedWorkouts(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.plannedWorkouts, 'Terra · Planned Workouts: list, read, move, delete');
	overview(b, 'Planned workouts on a user’s calendar', 'Plans a template for a Garmin user, lists the user’s planned workouts around that day (Terra also lists ones made on the provider), reads it, moves it two days, deletes it, and removes the template.');
	b.manualTrigger([0, 0]);
	b.terra('Create a template', [COL, 0], {
		resource: 'workout',
		operation: 'create',
		name: 'Tempo run',
		sport: 'running',
		stepBlocks: JSON.stringify(STEP_BLOCKS_SAMPLE.slice(0, 1), null, 2),
		additionalFields: {},
	});
	noted(b, '**Workout Template → Create**', [COL, 0]);
	b.terra('Plan it', [COL * 2, 0], {
		resource: 'workout',
		operation: 'plan',
		workoutId: idLocator('={{ $json.workout_id }}'),
		user: userFromList(USERS.garmin),
		plannedDate: '2026-12-01T00:00:00',
		metrics: {},
	});
	noted(b, '**Workout Template → Plan**\nGives the planned_workout_id.', [COL * 2, 0]);
	b.terra('List planned workouts', [COL * 3, 0], {
		resource: 'plannedWorkout',
		operation: 'getAll',
		user: userFromList(USERS.garmin),
		filters: { startDate: '2026-11-28T00:00:00', endDate: '2026-12-02T00:00:00' },
		returnAll: true,
	});
	noted(b, '**Planned Workout → Get Many**\n28 Nov – 2 Dec.', [COL * 3, 0]);
	const plannedId = "={{ $('Plan it').first().json.planned_workout_id }}";
	b.terra(
		'Get the planned workout',
		[COL * 4, 0],
		{ resource: 'plannedWorkout', operation: 'get', plannedWorkoutId: idLocator(plannedId), user: userFromList(USERS.garmin) },
		{ executeOnce: true },
	);
	noted(b, '**Planned Workout → Get**', [COL * 4, 0]);
	b.terra('Move it to 3 December', [COL * 5, 0], {
		resource: 'plannedWorkout',
		operation: 'reschedule',
		plannedWorkoutId: idLocator(plannedId),
		user: userFromList(USERS.garmin),
		plannedDate: '2026-12-03T00:00:00',
	});
	noted(b, '**Planned Workout → Reschedule**', [COL * 5, 0]);
	b.terra('Delete the planned workout', [COL * 6, 0], {
		resource: 'plannedWorkout',
		operation: 'delete',
		plannedWorkoutId: idLocator(plannedId),
		user: userFromList(USERS.garmin),
	});
	noted(b, '**Planned Workout → Delete**', [COL * 6, 0]);
	b.terra('Remove the template', [COL * 7, 0], {
		resource: 'workout',
		operation: 'delete',
		workoutId: idLocator("={{ $('Create a template').first().json.workout_id }}"),
	});
	noted(b, '**Workout Template → Delete**', [COL * 7, 0]);
	b.chain(
		'Run this workflow',
		'Create a template',
		'Plan it',
		'List planned workouts',
		'Get the planned workout',
		'Move it to 3 December',
		'Delete the planned workout',
		'Remove the template',
	);
	return b.build();
}

function labReports(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.labReports, 'Terra · Lab Reports: upload a PDF and read the results');
	overview(b, 'Lab reports', 'Uploads a PDF from the item’s binary data. Terra processes it and sends `lab_report.completed` to your Terra Trigger; the following nodes find the session, read the results, the files and the deliveries, and delete it. In your own workflows the file comes from e.g. Read/Write Files from Disk, an HTTP Request or an email attachment.');
	b.manualTrigger([0, 0]);
	b.editFields('A lab report PDF', [COL, 0], [
		{ id: 'b64pdf01', name: 'pdf', value: labReportPdf().toString('base64'), type: 'string' },
	], { manualMode: true });
	noted(b, '**Edit Fields**\nA small PDF as base64 text.', [COL, 0]);
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
	noted(b, '**Convert to File**\nBinary field `data`, application/pdf.', [COL * 2, 0]);
	b.terra('Upload the lab report', [COL * 3, 0], {
		resource: 'labReport',
		operation: 'upload',
		binaryPropertyName: 'data',
		referenceId: USERS.fitbit.referenceId,
	});
	noted(b, '**Lab Report → Upload**\nTerra answers 202 with an upload_id.', [COL * 3, 0]);
	b.terra('Find the upload', [COL * 4, 0], {
		resource: 'labReport',
		operation: 'getAll',
		returnAll: true,
		filters: { upload_id: '={{ $json.upload_id }}' },
	});
	noted(b, '**Lab Report → Get Many**\nFiltered by the upload ID.', [COL * 4, 0]);
	b.terra('Get the results', [COL * 5, 0], { resource: 'labReport', operation: 'get', sessionId: idLocator('={{ $json.session_id }}') });
	noted(b, '**Lab Report → Get**', [COL * 5, 0]);
	b.terra('Get the files', [COL * 6, 0], { resource: 'labReport', operation: 'getFiles', sessionId: idLocator('={{ $json.session_id }}') });
	noted(b, '**Lab Report → Get Files**\nShort-lived download URLs.', [COL * 6, 0]);
	const sessionId = "={{ $('Get the results').first().json.session_id }}";
	b.terra(
		'Get the deliveries',
		[COL * 7, 0],
		{ resource: 'labReport', operation: 'getDeliveries', sessionId: idLocator(sessionId) },
		{ executeOnce: true, alwaysOutputData: true },
	);
	noted(b, '**Lab Report → Get Deliveries**\nWhere Terra sent the results.', [COL * 7, 0]);
	b.terra('Delete the lab report', [COL * 8, 0], { resource: 'labReport', operation: 'delete', sessionId: idLocator(sessionId) }, { executeOnce: true });
	noted(b, '**Lab Report → Delete**', [COL * 8, 0]);
	b.chain(
		'Run this workflow',
		'A lab report PDF',
		'Make it a file',
		'Upload the lab report',
		'Find the upload',
		'Get the results',
		'Get the files',
		'Get the deliveries',
		'Delete the lab report',
	);
	return b.build();
}

function toWebhook(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.toWebhook, 'Terra · Request activities for the Terra Trigger');
	overview(b, 'Ask Terra to send data to your webhook', 'With Delivery “Send to My Webhook Destination” Terra answers at once with a reference, then sends the data to your webhook destination: the Terra Trigger of the example “Terra · Trigger: route incoming events” receives it, with the same reference. Publish that workflow first.');
	b.manualTrigger([0, 0]);
	b.terra('Request activities by webhook', [COL, 0], {
		resource: 'activity',
		operation: 'getAll',
		user: userFromList(USERS.garmin),
		...julyRange(2),
		delivery: 'webhook',
		withSamples: false,
		options: {},
	});
	noted(b, '**Activity → Get Many**, Delivery: Send to My Webhook Destination\nOutputs Terra’s acknowledgement and its `reference`.', [COL, 0]);
	b.connect('Run this workflow', 'Request activities by webhook');
	return b.build();
}

export const TRIGGER_EVENTS = [
	'activity',
	'sleep',
	'daily',
	'body',
	'auth',
	'deauth',
	'user_reauth',
	'lab_report.completed',
	'lab_report.failed',
];

function trigger(): N8nWorkflow {
	const b = new WorkflowBuilder(WORKFLOW_IDS.trigger, 'Terra · Trigger: route incoming events');
	overview(b, 'Receive Terra’s webhooks', 'Publish this workflow, then add the trigger’s **Production URL** as a webhook destination in the Terra dashboard and put the destination’s signing secret in the credential. Deliveries without a valid signature get 401 and never start the workflow. Only the selected events start it; data events are split into one item per record.');
	b.terraTrigger('Terra events', WEBHOOK_IDS.trigger, { events: TRIGGER_EVENTS, skipSignatureVerification: false, options: { splitIntoRecords: true } });
	noted(b, '**Terra Trigger**\nEvents: data, connections and lab reports. Options → Split Into One Item per Record.', [0, 0]);
	b.editFields('Keep what you need', [COL, 0], [
		{ id: 'evtType1', name: 'event', value: '={{ $json.type }}', type: 'string' },
		{ id: 'userId01', name: 'user_id', value: "={{ $json.user?.user_id ?? $json.old_user?.user_id ?? '' }}", type: 'string' },
		{ id: 'provide1', name: 'provider', value: "={{ $json.user?.provider ?? '' }}", type: 'string' },
		{ id: 'record01', name: 'record_start', value: "={{ $json.record?.metadata?.start_time ?? '' }}", type: 'string' },
		{ id: 'refer001', name: 'reference', value: "={{ $json.terra.reference ?? '' }}", type: 'string' },
	], { manualMode: true });
	noted(b, '**Edit Fields**\nOne row per record, ready for a sheet or database.', [COL, 0]);
	b.connect('Terra events', 'Keep what you need');
	return b.build();
}

/** File name → workflow. */
export function exampleWorkflows(): Record<string, N8nWorkflow> {
	return {
		'terra-integrations.json': integrations(),
		'terra-authentication.json': authentication(),
		'terra-users.json': users(),
		'terra-activity.json': activity(),
		'terra-athlete.json': athlete(),
		'terra-body.json': body(),
		'terra-daily.json': daily(),
		'terra-menstruation.json': menstruation(),
		'terra-nutrition.json': nutrition(),
		'terra-sleep.json': sleep(),
		'terra-planned-workout-legacy.json': plannedLegacy(),
		'terra-workout-templates.json': workouts(),
		'terra-planned-workouts.json': plannedWorkouts(),
		'terra-lab-reports.json': labReports(),
		'terra-request-to-webhook.json': toWebhook(),
		'terra-trigger.json': trigger(),
		'terra-scheduled-pull.json': scheduledPull(),
		'terra-onboarding-signup.json': onboardingSignup(),
		'terra-onboarding-connected.json': onboardingConnected(),
		'terra-ai-agent.json': aiAgent(),
		'terra-one-table.json': oneTable(),
	};
}

export function serialise(workflow: N8nWorkflow): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

/** Files in `dir` whose committed content differs from `workflows` (file name → workflow). */
export function staleFiles(dir: string, workflows: Record<string, N8nWorkflow>): string[] {
	const stale: string[] = [];
	for (const [file, workflow] of Object.entries(workflows)) {
		const target = path.join(dir, file);
		let current = '';
		try {
			current = readFileSync(target, 'utf8');
		} catch {
			// missing counts as stale
		}
		if (current !== serialise(workflow)) stale.push(path.relative(ROOT, target));
	}
	return stale;
}

export function writeWorkflows(dir: string, workflows: Record<string, N8nWorkflow>): void {
	mkdirSync(dir, { recursive: true });
	for (const [file, workflow] of Object.entries(workflows)) {
		writeFileSync(path.join(dir, file), serialise(workflow));
		console.log(`wrote ${path.relative(ROOT, path.join(dir, file))}`);
	}
}

if (require.main === module) writeWorkflows(EXAMPLES_DIR, exampleWorkflows());
