/**
 * The scenarios `npm run bench` runs (--scenario=<id or group> picks some), in this order. Adding one = an entry here,
 * its workflows (workflows.ts, backfillWorkflows.ts, triggerWorkflows.ts) and its run function; main.ts runs whatever
 * this list holds and prints every row in one table.
 *
 *   sleep-week    P1   Sleep → Get Many for one week (Full Records) vs n8n's HTTP Request node with the Terra API
 *                      credential sending the same GET, 11 times in one `n8n execute`: call 1 is cold, calls 2–11 warm.
 *   daily-year    P1,  A year of Daily with samples: the Terra node (defaults: 30-day windows, 3 parallel) in Full,
 *                 Memory  Simplified and Raw output vs the HTTP Request node asking for the year in one request: the
 *                      node's time (Full) and the peak RSS of the `n8n execute` process (each output mode).
 *   trigger       P2   Signed deliveries per second through `n8n start` (trigger.ts).
 *   verification  P3   verifyTerraDelivery vs a bare HMAC, in a Node 24 process (verification.ts).
 *   backfill      P4   1- and 5-year backfills under a latency model, and Terra's r2 budget (backfill.ts).
 *   all-users     P5   200 users' sleep in one step vs per item (allUsers.ts); skipped without All Connected Users.
 * Each workflow scenario also times the same GET with fetch + JSON.parse from this process, without n8n.
 */
import { runAllUsersScenario } from './allUsers';
import { runBackfillScenario } from './backfill';
import { backfillWorkflows } from './backfillWorkflows';
import type { BenchContext, ContenderSet, ResultRow, Scenario, ScenarioResult } from './model';
import { dailyQuery, SLEEP_QUERY, sizes } from './requests';
import { megabytes, medianRss, medianTime, ms, runRounds, samplesOf } from './rounds';
import { comparisonRow } from './stats';
import { runTriggerScenario } from './trigger';
import { TRIGGER_WEBHOOK_PATH, TRIGGER_WORKFLOW, triggerWorkflows, WEBHOOK_PATH, WEBHOOK_WORKFLOW } from './triggerWorkflows';
import { runVerificationScenario } from './verification';
import { allUsersWorkflows, dailyYearWorkflows, sameRequestWorkflows, SLEEP_WEEK_CALLS } from './workflows';

const medianOrNull = (values: ReturnType<typeof samplesOf>) => (values.length ? medianTime(values) : null);

async function runSleepWeek(context: BenchContext): Promise<ScenarioResult> {
	const set: ContenderSet = {
		id: 'sleep-week',
		title: 'One week of sleep, Full Records',
		calls: SLEEP_WEEK_CALLS,
		sameQuery: true,
		contenders: [
			{ key: 'terra', label: 'Terra node (Sleep → Get Many)', workflowId: 'benchSleepTerra', output: 'items', requestsPerCall: 1 },
			{ key: 'http', label: 'HTTP Request node (terraApi credential)', workflowId: 'benchSleepHttp', output: 'data', requestsPerCall: 1 },
			{ key: 'direct', label: 'no n8n: fetch + JSON.parse', direct: { path: '/sleep', query: SLEEP_QUERY }, output: 'data', requestsPerCall: 1 },
		],
	};
	const { samples, failures } = await runRounds(context, set);
	// Cold: each process's first call. Warm: the median of every later call in every round.
	const callsOf = (contender: string, warm: boolean) =>
		warm ? samples.filter((sample) => sample.contender === contender && sample.call > 1) : samplesOf(samples, contender, 1);
	const rows = [1, 2].map((call) => {
		const terra = medianOrNull(callsOf('terra', call > 1));
		const http = medianOrNull(callsOf('http', call > 1));
		const direct = medianOrNull(callsOf('direct', call > 1));
		return comparisonRow(
			{
				group: 'P1',
				id: `P1 sleep week, ${call === 1 ? 'cold' : 'warm'}`,
				scenario: `One week of sleep (Full Records), the same GET: Terra node vs HTTP Request node, ${call === 1 ? 'first call in its process' : `calls 2 to ${SLEEP_WEEK_CALLS} in the same process (a long-running n8n)`}`,
				ours: ms(terra ?? NaN),
				alternative: ms(http ?? NaN),
				target: { op: '<=', value: 1.05 },
				note: `the same GET without n8n: ${ms(direct ?? NaN)}`,
			},
			terra,
			http,
			failures.length > 0,
		);
	});
	return { rows, failures, samples };
}

async function runDailyYear(context: BenchContext): Promise<ScenarioResult> {
	const range = sizes(context.quick).dailyYear;
	const terra = (key: string, label: string, workflowId: string, output: 'items' | 'count' | 'responses') => ({ key, label, workflowId, output, requestsPerCall: range.windows });
	const set: ContenderSet = {
		id: 'daily-year',
		title: `${range.days} days of Daily with samples`,
		calls: 1,
		expectedRecords: range.days,
		maxDaysPerRequest: 1825,
		contenders: [
			terra('full', 'Terra node, Full Records', 'benchYearTerra', 'items'),
			terra('simplified', 'Terra node, Simplified', 'benchYearTerraSimple', 'count'),
			terra('raw', 'Terra node, Raw Response', 'benchYearTerraRaw', 'responses'),
			{ key: 'http', label: 'HTTP Request node, one request', workflowId: 'benchYearHttp', output: 'data', requestsPerCall: 1 },
			{ key: 'direct', label: 'no n8n: fetch + JSON.parse', direct: { path: '/daily', query: dailyQuery(range) }, output: 'data', requestsPerCall: 1 },
		],
	};
	const { samples, failures } = await runRounds(context, set);
	const failed = failures.length > 0;
	const http = samplesOf(samples, 'http');
	const rows: ResultRow[] = [
		comparisonRow(
			{
				group: 'P1',
				id: `P1 daily ${range.days} days`,
				scenario: `${range.days} days of Daily with samples (Full Records): Terra node (${range.windows} windows of 30 days, 3 parallel) vs HTTP Request node (one request)`,
				ours: ms(medianOrNull(samplesOf(samples, 'full')) ?? NaN),
				alternative: ms(medianOrNull(http) ?? NaN),
				target: { op: '<=', value: 1.05 },
				note: `the same GET without n8n: ${ms(medianOrNull(samplesOf(samples, 'direct')) ?? NaN)}`,
			},
			medianOrNull(samplesOf(samples, 'full')),
			medianOrNull(http),
			failed,
		),
	];
	for (const [key, label] of [['simplified', 'Simplified'], ['full', 'Full Records'], ['raw', 'Raw Response']] as const) {
		const ours = medianRss(samplesOf(samples, key));
		const theirs = medianRss(http);
		rows.push(
			comparisonRow(
				{
					group: 'Memory',
					id: `Memory ${label}`,
					scenario: `Peak RSS of the \`n8n execute\` process, ${range.days} days of Daily with samples: Terra node (${label}) vs HTTP Request node`,
					ours: megabytes(ours),
					alternative: megabytes(theirs),
					target: { op: '<=', value: 1 },
				},
				ours,
				theirs,
				failed,
			),
		);
	}
	return { rows, failures, samples };
}

export const SCENARIOS: Scenario[] = [
	{ id: 'sleep-week', title: 'P1 · One week of sleep: Terra node vs HTTP Request node', groups: ['P1'], workflows: (api, features) => sameRequestWorkflows(api, features), run: runSleepWeek },
	{ id: 'daily-year', title: 'P1 + Memory · A year of Daily with samples: time and peak RSS', groups: ['P1', 'Memory'], workflows: dailyYearWorkflows, run: runDailyYear },
	{
		id: 'trigger',
		title: 'P2 · Signed deliveries/s: Terra Trigger vs Webhook node',
		groups: ['P2'],
		workflows: () => triggerWorkflows(),
		publish: [TRIGGER_WORKFLOW, WEBHOOK_WORKFLOW],
		webhookPaths: [TRIGGER_WEBHOOK_PATH, WEBHOOK_PATH],
		run: runTriggerScenario,
	},
	{ id: 'verification', title: 'P3 · Verification cost: verifyTerraDelivery vs a bare HMAC', groups: ['P3'], workflows: () => [], inProcess: true, run: runVerificationScenario },
	{ id: 'backfill', title: 'P4 · Backfills with a latency model, and Terra’s r2 budget', groups: ['P4'], workflows: backfillWorkflows, run: runBackfillScenario },
	{ id: 'all-users', title: 'P5 · All connected users: one step vs per item', groups: ['P5'], workflows: allUsersWorkflows, run: runAllUsersScenario },
];
