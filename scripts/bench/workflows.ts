/**
 * The bench-only n8n workflows: Start → the measured node, once per call. The contenders are the Terra node and
 * n8n's HTTP Request node with the Terra API credential sending the same request. Each scenario of scenarios.ts names
 * its set here; the HTTP Request node's URL needs the emulator's address, known only after it started.
 */
import { CREDENTIAL, WorkflowBuilder, type N8nWorkflow } from '../../examples/lib/builder';
import { userById } from '../../examples/lib/fixtures';
import type { Json } from './model';
import { DAILY, DAILY_QUERY, SLEEP, SLEEP_QUERY } from './requests';

/** n8n's HTTP Request node in the version the editor adds in n8n 2.40 (its defaultVersion). */
const HTTP_REQUEST = { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.5 } as const;

function callName(base: string, call: number): string {
	return call === 1 ? base : `${base} (call ${call})`;
}

/** Start → the same node `calls` times, as parallel branches (n8n runs them top to bottom). */
function benchWorkflow(
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
	// Runs are not kept: many runs of 50+ MB each would grow n8n's SQLite database by gigabytes.
	workflow.settings = {
		...workflow.settings,
		saveDataSuccessExecution: 'none',
		saveManualExecutions: false,
		saveExecutionProgress: false,
	};
	return workflow;
}

function terraWorkflow(id: string, name: string, note: string, calls: number, base: string, parameters: Json): N8nWorkflow {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.terra(nodeName, position, parameters);
	});
}

function httpWorkflow(
	id: string,
	name: string,
	note: string,
	calls: number,
	base: string,
	url: string,
	query: Record<string, string>,
): N8nWorkflow {
	return benchWorkflow(id, name, note, calls, base, (builder, nodeName, position) => {
		builder.node({
			name: nodeName,
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
		});
	});
}

export function sameRequestWorkflows(api: string): N8nWorkflow[] {
	return [
		terraWorkflow(
			'benchSleepTerra',
			'Terra bench · same request · Terra node',
			'One week of sleep, Full Records, twice in one process.',
			2,
			'Terra: Sleep → Get Many',
			{
				resource: 'sleep',
				operation: 'getAll',
				user: userById(SLEEP.user.userId),
				datePreset: 'custom',
				startDate: `${SLEEP.start}T00:00:00`,
				endDate: `${SLEEP.last}T00:00:00`,
				delivery: 'inline',
				output: 'full',
				withSamples: false,
				options: {},
			},
		),
		httpWorkflow(
			'benchSleepHttp',
			'Terra bench · same request · HTTP Request node',
			'The same GET /sleep with the HTTP Request node and the Terra API credential, twice in one process.',
			2,
			'HTTP Request: GET /sleep',
			`${api}/sleep`,
			SLEEP_QUERY,
		),
	];
}

export function longRangeWorkflows(api: string): N8nWorkflow[] {
	const daily = (options: Json): Json => ({
		resource: 'daily',
		operation: 'getAll',
		user: userById(DAILY.user.userId),
		datePreset: 'custom',
		startDate: `${DAILY.start}T00:00:00`,
		endDate: `${DAILY.last}T00:00:00`,
		delivery: 'inline',
		output: 'full',
		withSamples: true,
		options,
	});
	return [
		terraWorkflow(
			'benchYearTerra',
			'Terra bench · long range · Terra node, defaults',
			'A year of daily data with samples; the node splits it into 30-day windows, 3 at a time.',
			1,
			'Terra: Daily → Get Many',
			daily({}),
		),
		terraWorkflow(
			'benchYearTerraSeq',
			'Terra bench · long range · Terra node, 1 at a time',
			'A year of daily data with samples; 30-day windows, one at a time (Parallel Requests = 1).',
			1,
			'Terra: Daily → Get Many, 1 at a time',
			daily({ concurrency: 1 }),
		),
		httpWorkflow(
			'benchYearHttp',
			'Terra bench · long range · HTTP Request node',
			'A year of daily data with samples in one request (real Terra would time out or answer 413).',
			1,
			'HTTP Request: GET /daily',
			`${api}/daily`,
			DAILY_QUERY,
		),
	];
}
