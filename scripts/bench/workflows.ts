/**
 * The bench-only n8n workflows of the action node: Start → the measured node, once per call. The contenders are the
 * Terra node and what a user would build instead (n8n's HTTP Request node with the Terra API credential, or the Terra
 * node used item by item). Each scenario of scenarios.ts names its set here (backfills: backfillWorkflows.ts; the
 * trigger: triggerWorkflows.ts); the HTTP Request node's URL needs the emulator's address.
 */
import { CREDENTIAL, WorkflowBuilder, type N8nWorkflow } from '../../examples/lib/builder';
import { userById } from '../../examples/lib/fixtures';
import { dateRange, type NodeFeatures } from './features';
import type { Json } from './model';
import { dailyQuery, SLEEP, SLEEP_QUERY, sizes, type DailyRange } from './requests';

/** n8n's HTTP Request node in the version the editor adds in n8n 2.40 (its defaultVersion). */
export const HTTP_REQUEST = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5 } as const;

/** Runs are not kept: many runs of 50+ MB each would grow n8n's SQLite database by gigabytes. */
export const UNSAVED = { saveDataSuccessExecution: 'none', saveManualExecutions: false, saveExecutionProgress: false };

function callName(base: string, call: number): string {
	return call === 1 ? base : `${base} (call ${call})`;
}

/** Start → the same node `calls` times, as parallel branches (n8n runs them top to bottom). */
export function benchWorkflow(
	id: string,
	name: string,
	note: string,
	calls: number,
	base: string,
	addNode: (builder: WorkflowBuilder, nodeName: string, position: [number, number]) => void,
): N8nWorkflow {
	const builder = new WorkflowBuilder(id, name);
	builder.sticky(`## Benchmark only (npm run bench)\n\n${note}`, [-480, -160], 400, 300, 3);
	builder.manualTrigger([0, 0], 'Start');
	for (let call = 1; call <= calls; call++) {
		addNode(builder, callName(base, call), [300, (call - 1) * 200]);
		builder.connect('Start', callName(base, call));
	}
	const workflow = builder.build();
	workflow.settings = { ...workflow.settings, ...UNSAVED };
	return workflow;
}

export function terraWorkflow(id: string, name: string, note: string, calls: number, base: string, parameters: Json): N8nWorkflow {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.terra(nodeName, position, parameters);
	});
}

/** The HTTP Request node sending a GET with the Terra API credential (Predefined Credential Type). */
export function httpNode(name: string, position: [number, number], url: string, query: Record<string, string>) {
	return {
		name,
		...HTTP_REQUEST,
		position,
		parameters: {
			method: 'GET',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'terraApi',
			sendQuery: true,
			specifyQuery: 'keypair',
			queryParameters: { parameters: Object.entries(query).map(([queryName, value]) => ({ name: queryName, value })) },
			options: {},
		},
		credentials: { terraApi: { ...CREDENTIAL } },
	};
}

function httpWorkflow(id: string, name: string, note: string, calls: number, base: string, url: string, query: Record<string, string>) {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.node(httpNode(nodeName, position, url, query));
	});
}

/** Data Get Many for one user over [start, end) with samples as the range says; `output` and options as given. */
export function dailyParameters(features: NodeFeatures, range: DailyRange, output: string, options: Json = {}): Json {
	return {
		resource: 'daily',
		operation: 'getAll',
		user: userById(range.user.userId),
		...dateRange(features, range.start, range.end),
		delivery: 'inline',
		output,
		withSamples: range.withSamples,
		options,
	};
}

/**
 * The sleep-week calls per `n8n execute`: the first is the cold call, the other ten the warm ones (one warm call per
 * process was mostly noise: single warm calls spread from 6 to 28 ms around a median of 14 ms).
 */
export const SLEEP_WEEK_CALLS = 11;

export function sameRequestWorkflows(api: string, features: NodeFeatures, calls = SLEEP_WEEK_CALLS): N8nWorkflow[] {
	const note = `One week of sleep, Full Records, ${calls} times in one process (the first cold).`;
	return [
		terraWorkflow('benchSleepTerra', 'Terra bench · same request · Terra node', note, calls, 'Terra: Sleep → Get Many', {
			resource: 'sleep',
			operation: 'getAll',
			user: userById(SLEEP.user.userId),
			...dateRange(features, SLEEP.start, SLEEP.end),
			delivery: 'inline',
			output: 'full',
			withSamples: false,
			options: {},
		}),
		httpWorkflow(
			'benchSleepHttp',
			'Terra bench · same request · HTTP Request node',
			`The same GET /sleep with the HTTP Request node and the Terra API credential, ${calls} times in one process (the first cold).`,
			calls,
			'HTTP Request: GET /sleep',
			`${api}/sleep`,
			SLEEP_QUERY,
		),
	];
}

/** A year of daily data with samples: the Terra node in each output mode, and the HTTP Request node. */
export function dailyYearWorkflows(api: string, features: NodeFeatures, quick: boolean): N8nWorkflow[] {
	const range = sizes(quick).dailyYear;
	const terra = (id: string, output: string, label: string) =>
		terraWorkflow(id, `Terra bench · daily year · Terra node, ${label}`, `${range.days} days of daily data with samples, Output: ${label}; 30-day windows, 3 at a time.`, 1, `Terra: Daily → Get Many (${label})`, dailyParameters(features, range, output));
	return [
		terra('benchYearTerra', 'full', 'Full Records'),
		terra('benchYearTerraSimple', 'simplified', 'Simplified'),
		terra('benchYearTerraRaw', 'raw', 'Raw Response'),
		httpWorkflow(
			'benchYearHttp',
			'Terra bench · daily year · HTTP Request node',
			`${range.days} days of daily data with samples in one request (real Terra would time out or answer 413).`,
			1,
			'HTTP Request: GET /daily',
			`${api}/daily`,
			dailyQuery(range),
		),
	];
}

/** P5: every connected user's sleep for one day: the Terra node in one step, and User → Get Many → Sleep per item. */
export function allUsersWorkflows(_api: string, features: NodeFeatures, quick: boolean): N8nWorkflow[] {
	if (!features.allUsers) return [];
	const { day } = sizes(quick).allUsers;
	const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
	const sleep = { resource: 'sleep', operation: 'getAll', ...dateRange(features, day, next), delivery: 'inline', output: 'full', withSamples: false };
	const oneStep = terraWorkflow('benchAllUsersTerra', 'Terra bench · all users · one step', `Every connected user's sleep for ${day}: Users → All Connected Users.`, 1, 'Terra: Sleep → Get Many (all users)', {
		...sleep,
		userScope: 'all',
		userFilters: { activeOnly: false },
		options: {},
	});
	const builder = new WorkflowBuilder('benchAllUsersPerItem', 'Terra bench · all users · per item');
	builder.sticky(`## Benchmark only (npm run bench)\n\nThe n8n way without All Connected Users: list the users, then Sleep → Get Many once per item.`, [-480, -160], 400, 300, 3);
	builder.manualTrigger([0, 0], 'Start');
	builder.terra('Terra: User → Get Many', [300, 0], { resource: 'user', operation: 'getAll', returnAll: true, options: {} });
	builder.terra('Terra: Sleep → Get Many (per user)', [600, 0], {
		...sleep,
		user: { __rl: true, mode: 'id', value: '={{ $json.user_id }}' },
		options: {},
	});
	builder.chain('Start', 'Terra: User → Get Many', 'Terra: Sleep → Get Many (per user)');
	const perItem = builder.build();
	perItem.settings = { ...perItem.settings, ...UNSAVED };
	return [oneStep, perItem];
}
