/**
 * P4's workflows: a 1-year and a 5-year backfill of daily data with samples. `n8n execute` prints every node's output,
 * and five years with samples are ~265 MB of JSON, so each contender runs as a sub-workflow (Execute Workflow with the
 * sub-workflow's JSON inline): the sub-workflow fetches and reduces the records to their days and average heart
 * rates, in order, and only that comes back. The measured node is the parent's Execute Workflow node; each sub-workflow has the same
 * reducer, so the difference between contenders is the fetching:
 * - the Terra node with its defaults (30-day windows, 3 in parallel);
 * - the same node with Parallel Requests = 1;
 * - the HTTP Request node once per window (the windows as items: Edit Fields → Split Out), then Split Out `data`.
 */
import { CREDENTIAL, TERRA, WorkflowBuilder, type N8nNode, type N8nWorkflow } from '../../examples/lib/builder';
import type { NodeFeatures } from './features';
import { addDays, dailyQuery, sizes, WINDOW_DAYS, type DailyRange } from './requests';
import { dailyParameters, httpNode, UNSAVED } from './workflows';

export const BACKFILL_NODE = 'Backfill (sub-workflow)';

const SUB_TRIGGER = 'When Executed by Another Workflow';
const FINGERPRINT = 'Fingerprint';

/**
 * Every record reduced to what identifies it, in order: its start and end, and its average heart rate (which differs
 * from day to day). Aggregate reads the fields without expressions, so the reduction costs little next to the fetch.
 */
const fingerprintNode = (position: [number, number]): Omit<N8nNode, 'id'> => ({
	name: FINGERPRINT,
	type: 'n8n-nodes-base.aggregate',
	typeVersion: 1,
	position,
	parameters: {
		aggregate: 'aggregateIndividualFields',
		fieldsToAggregate: {
			fieldToAggregate: [
				{ fieldToAggregate: 'metadata.start_time', renameField: true, outputFieldName: 'start' },
				{ fieldToAggregate: 'metadata.end_time', renameField: true, outputFieldName: 'end' },
				{ fieldToAggregate: 'heart_rate_data.summary.avg_hr_bpm', renameField: true, outputFieldName: 'avg_hr' },
			],
		},
		options: { keepMissing: true },
	},
});

function subWorkflow(name: string, fetch: Array<Omit<N8nNode, 'id'>>): N8nWorkflow {
	const builder = new WorkflowBuilder('benchSub', name);
	builder.node({ name: SUB_TRIGGER, type: 'n8n-nodes-base.executeWorkflowTrigger', typeVersion: 1.1, position: [0, 0], parameters: { inputSource: 'passthrough' } });
	fetch.forEach((node, index) => builder.node({ ...node, position: [300 * (index + 1), 0] }));
	builder.node(fingerprintNode([300 * (fetch.length + 1), 0]));
	builder.chain(SUB_TRIGGER, ...fetch.map((node) => node.name), FINGERPRINT);
	return builder.build();
}

function parentWorkflow(id: string, name: string, note: string, sub: N8nWorkflow): N8nWorkflow {
	const builder = new WorkflowBuilder(id, name);
	builder.sticky(`## Benchmark only (npm run bench)\n\n${note}`, [-480, -160], 400, 300, 3);
	builder.manualTrigger([0, 0], 'Start');
	builder.node({
		name: BACKFILL_NODE,
		type: 'n8n-nodes-base.executeWorkflow',
		typeVersion: 1.2,
		position: [300, 0],
		parameters: {
			source: 'parameter',
			workflowJson: JSON.stringify({ nodes: sub.nodes, connections: sub.connections, settings: sub.settings }),
			mode: 'once',
			options: { waitForSubWorkflow: true },
		},
	});
	builder.connect('Start', BACKFILL_NODE);
	const workflow = builder.build();
	workflow.settings = { ...workflow.settings, ...UNSAVED };
	return workflow;
}

/** The windows the Terra node requests for a range, as the HTTP Request node's items. */
export function windowsOf(range: DailyRange): Array<{ start_date: string; end_date: string }> {
	const windows = [];
	for (let start = range.start; start < range.end; start = addDays(start, WINDOW_DAYS)) {
		const end = addDays(start, WINDOW_DAYS) < range.end ? addDays(start, WINDOW_DAYS) : range.end;
		windows.push({ start_date: start, end_date: end });
	}
	return windows;
}

function terraFetch(features: NodeFeatures, range: DailyRange, options: Record<string, unknown>): Omit<N8nNode, 'id'> {
	return {
		name: 'Terra: Daily → Get Many',
		type: TERRA,
		typeVersion: 1,
		position: [0, 0],
		parameters: dailyParameters(features, range, 'full', options),
		credentials: { terraApi: { ...CREDENTIAL } },
	};
}

function httpFetch(api: string, range: DailyRange): Array<Omit<N8nNode, 'id'>> {
	const query = dailyQuery(range, '={{ $json.start_date }}', '={{ $json.end_date }}');
	return [
		{
			name: 'Windows',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ windows: windowsOf(range) }), options: {} },
		},
		{ name: 'One Item per Window', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [0, 0], parameters: { fieldToSplitOut: 'windows', options: {} } },
		httpNode('HTTP Request: GET /daily', [0, 0], `${api}/daily`, query),
		{ name: 'One Item per Record', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [0, 0], parameters: { fieldToSplitOut: 'data', options: {} } },
	];
}

export function backfillWorkflowId(backfill: string, contender: string): string {
	return `benchFill${backfill}${contender}`;
}

export const BUDGET_WORKFLOW = 'benchFillBudget';
export const BUDGET_PULLS = 4;
export const BUDGET_WINDOW_DAYS = 365;
export const budgetNode = (pull: number) => `Pull ${pull}: Daily → Get Many (5 years)`;

/**
 * Terra's r2 budget: four 5-year pulls (without samples, Simplified: only the days count) for one user, one after the
 * other in one execution. The first three fit the 6,000 days of an hour; the fourth must stop before a window that
 * does not fit, with the node's own error (On Error: Continue, so the run shows it as an item).
 */
function budgetWorkflow(features: NodeFeatures, range: DailyRange): N8nWorkflow {
	const builder = new WorkflowBuilder(BUDGET_WORKFLOW, 'Terra bench · backfill · r2 budget');
	builder.sticky('## Benchmark only (npm run bench)\n\nFour 5-year pulls for one user, back to back: 7,304 days against Terra’s 6,000 per hour.', [-480, -160], 400, 300, 3);
	builder.manualTrigger([0, 0], 'Start');
	const names = ['Start'];
	for (let pull = 1; pull <= BUDGET_PULLS; pull++) {
		// Windows of a year: the budget counts days, not windows, and fewer requests keep the check quick.
		builder.terra(budgetNode(pull), [300 * pull, 0], dailyParameters(features, { ...range, withSamples: false }, 'simplified', { windowDays: BUDGET_WINDOW_DAYS }), {
			executeOnce: true,
			...(pull === BUDGET_PULLS ? { onError: 'continueRegularOutput' as const } : {}),
		});
		names.push(budgetNode(pull));
	}
	builder.chain(...names);
	const workflow = builder.build();
	workflow.settings = { ...workflow.settings, ...UNSAVED };
	return workflow;
}

export function backfillWorkflows(api: string, features: NodeFeatures, quick: boolean): N8nWorkflow[] {
	const budget = budgetWorkflow(features, sizes(quick).budgetRange);
	return [budget, ...sizes(quick).backfills.flatMap(({ id, label, range }) => {
		const what = `${label} of daily data (${range.days} days${range.withSamples ? ', with samples' : ''})`;
		return [
			parentWorkflow(backfillWorkflowId(id, 'Terra'), `Terra bench · backfill ${label} · Terra node`, `${what}: the Terra node's defaults (30-day windows, 3 at a time), in a sub-workflow that reduces each record to its day.`, subWorkflow('backfill · Terra node', [terraFetch(features, range, {})])),
			parentWorkflow(backfillWorkflowId(id, 'Seq'), `Terra bench · backfill ${label} · Terra node, 1 at a time`, `${what}: 30-day windows one at a time (Parallel Requests = 1).`, subWorkflow('backfill · Terra node, 1 at a time', [terraFetch(features, range, { concurrency: 1 })])),
			parentWorkflow(backfillWorkflowId(id, 'Http'), `Terra bench · backfill ${label} · HTTP Request per window`, `${what}: the same windows as items, one HTTP Request each (n8n sends them all at once).`, subWorkflow('backfill · HTTP Request per window', httpFetch(api, range))),
		];
	})];
}
