/**
 * The scenarios `npm run bench` runs (--only=<id> picks some), in this order. Adding one = an entry here, its workflows
 * in workflows.ts (and its request in requests.ts); main.ts runs whatever this list holds.
 *
 *   same-request  Sleep → Get Many for one week (Output: Full Records) vs n8n's HTTP Request node with the Terra API
 *                 credential (Predefined Credential Type) sending the same GET. Each workflow calls twice in a row:
 *                 every `n8n execute` is a new process, so the first call is cold and the second warm (closer to a
 *                 long-running n8n). Both are reported.
 *   long-range    One year of Daily data with samples: the Terra node with its defaults (30-day windows, 3 parallel),
 *                 with Parallel Requests = 1, and the HTTP Request node asking for the whole year in one request.
 * Each scenario also times the same GET with fetch + JSON.parse from this process, without n8n: the emulator's and the
 * transfer's share of the numbers.
 */
import type { Scenario } from './model';
import { DAILY, DAILY_QUERY, SLEEP_QUERY } from './requests';
import { longRangeWorkflows, sameRequestWorkflows } from './workflows';

export const SCENARIOS: Scenario[] = [
	{
		id: 'same-request',
		title: 'Same request: one week of sleep, Full Records',
		reference: 'http',
		calls: 2,
		sameQuery: true,
		notes: [
			'call 1 is the first node call in its `n8n execute` process (cold), call 2 the same node again right after (warm).',
		],
		contenders: [
			{
				key: 'terra',
				label: 'Terra node (Sleep → Get Many)',
				workflowId: 'benchSleepTerra',
				output: 'items',
				requestsPerCall: 1,
			},
			{
				key: 'http',
				label: 'HTTP Request node (terraApi credential)',
				workflowId: 'benchSleepHttp',
				output: 'data',
				requestsPerCall: 1,
			},
			{
				key: 'direct',
				label: 'no n8n: fetch + JSON.parse in this process',
				direct: { path: '/sleep', query: SLEEP_QUERY },
				output: 'data',
				requestsPerCall: 1,
			},
		],
		workflows: sameRequestWorkflows,
	},
	{
		id: 'long-range',
		title: `Long range: ${DAILY.days} days of Daily with samples`,
		reference: 'http',
		calls: 1,
		expectedRecords: DAILY.days,
		notes: [
			`the Terra node sends ${DAILY.windows} requests (30-day windows), the HTTP Request node one for the whole year (53 MB).`,
			'real Terra has a ~30 s gateway timeout and response size limits (413) that a single request over a long range with samples runs into; the emulator has neither, so this compares speed only.',
			'the emulator is one local process generating data on one core, so parallel windows overlap less than against real Terra, whose latency is mostly waiting on the providers.',
		],
		contenders: [
			{
				key: 'terra',
				label: 'Terra node, defaults (30-day windows, 3 parallel)',
				workflowId: 'benchYearTerra',
				output: 'items',
				requestsPerCall: DAILY.windows,
			},
			{
				key: 'terra-sequential',
				label: 'Terra node, Parallel Requests = 1',
				workflowId: 'benchYearTerraSeq',
				output: 'items',
				requestsPerCall: DAILY.windows,
			},
			{
				key: 'http',
				label: 'HTTP Request node, one request for the year',
				workflowId: 'benchYearHttp',
				output: 'data',
				requestsPerCall: 1,
			},
			{
				key: 'direct',
				label: 'no n8n: fetch + JSON.parse in this process',
				direct: { path: '/daily', query: DAILY_QUERY },
				output: 'data',
				requestsPerCall: 1,
			},
		],
		workflows: longRangeWorkflows,
	},
];
