/**
 * The scheduled-pull recipe: every morning, yesterday's sleep and daily summaries of every connected user into two
 * n8n Data Tables, upserted on each row's `record_id`, so running it twice for the same day changes no row count. The
 * tables are created by the workflow itself (Data Table → Create with "Reuse Existing Tables"), with the Terra
 * node's Simplified columns (from the node's own catalogue, so the recipe follows it).
 */
import { TERRA_DATA_TYPES } from '../nodes/Terra/actions/data/catalogue';
import { WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview, ROW } from './lib/layout';

export const SCHEDULED_PULL_ID = 'terraExScheduledPull';

/** The Data Tables the recipe writes, per Terra data type. */
export const SCHEDULED_TABLES = { sleep: 'terra_sleep', daily: 'terra_daily' } as const;

type ColumnType = 'string' | 'number' | 'boolean';

/** Data Table column types of the Simplified columns that are not numbers. */
const NOT_NUMBERS: Record<string, ColumnType> = {
	user_id: 'string',
	reference_id: 'string',
	provider: 'string',
	date: 'string',
	record_id: 'string',
	start_time: 'string',
	end_time: 'string',
	is_nap: 'boolean',
};

function tableColumns(resource: keyof typeof SCHEDULED_TABLES) {
	const type = TERRA_DATA_TYPES.find((candidate) => candidate.resource === resource)!;
	const names = ['user_id', 'reference_id', 'provider', 'date', 'record_id', ...Object.keys(type.simplified.metrics)];
	return names.map((name) => ({ name, type: NOT_NUMBERS[name] ?? 'number' }));
}

const DATA_TABLE = { type: 'n8n-nodes-base.dataTable', typeVersion: 1.1 } as const;

function branch(
	b: WorkflowBuilder,
	resource: keyof typeof SCHEDULED_TABLES,
	label: { table: string; pull: string; upsert: string; failed: string },
	y: number,
): void {
	const table = SCHEDULED_TABLES[resource];
	b.node({
		...DATA_TABLE,
		name: label.table,
		position: [COL, y],
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: table,
			columns: { column: tableColumns(resource) },
			options: { createIfNotExists: true },
		},
	});
	noted(b, `**Data Table → Create**\nThe table \`${table}\`, with the Terra node's Simplified columns. **Reuse Existing Tables** makes it a no-op after the first run.`, [COL, y]);
	b.terra(
		label.pull,
		[COL * 2, y],
		{
			resource,
			operation: 'getAll',
			userScope: 'all',
			userFilters: { activeOnly: true },
			datePreset: 'yesterday',
			delivery: 'inline',
			output: 'simplified',
			withSamples: false,
			options: { maxWaitSeconds: 300 },
		},
		{ onError: 'continueErrorOutput' },
	);
	noted(b, `**${resource === 'sleep' ? 'Sleep' : 'Daily'} → Get Many**\nUsers: All Connected Users (active only). Date Range: Yesterday, in the workflow's timezone. Output: Simplified. A user Terra fails for goes to the error output; the others still come through.`, [COL * 2, y], 280);
	b.node({
		...DATA_TABLE,
		name: label.upsert,
		position: [COL * 3, y],
		parameters: {
			resource: 'row',
			operation: 'upsert',
			dataTableId: { __rl: true, mode: 'name', value: table },
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'record_id', condition: 'eq', keyValue: '={{ $json.record_id }}' }] },
			columns: {
				mappingMode: 'autoMapInputData',
				value: {},
				matchingColumns: [],
				schema: [],
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		},
	});
	noted(b, '**Data Table → Upsert**\nOne row per record, matched on `record_id`: a second run for the same day updates the rows instead of adding new ones.', [COL * 3, y]);
	b.node({ name: label.failed, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL * 3, y + 200], parameters: {} });
	b.chain(label.table, label.pull, label.upsert);
	b.connect(label.pull, label.failed, 1);
}

export function scheduledPull(): N8nWorkflow {
	const b = new WorkflowBuilder(SCHEDULED_PULL_ID, 'Terra · Daily pull: all users → n8n Data Table');
	overview(
		b,
		'Every morning: yesterday’s sleep and daily summaries of every user',
		'The Schedule Trigger runs it at 06:00 (**Run now** runs it by hand, e.g. to test). Each branch makes sure its Data Table exists, gets yesterday’s records of every connected user, and upserts them on `record_id`: running it twice for the same day adds no rows. Set the workflow’s timezone (Workflow settings → Timezone): “yesterday” is counted in it.',
	);
	b.node({
		name: 'Every morning at 06:00',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [0, 0],
		parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 6 }] } },
	});
	b.manualTrigger([0, ROW], 'Run now');
	branch(b, 'sleep', { table: 'Sleep table', pull: 'Yesterday’s sleep, all users', upsert: 'Upsert sleep rows', failed: 'Users that failed (sleep)' }, 0);
	branch(b, 'daily', { table: 'Daily table', pull: 'Yesterday’s daily summaries, all users', upsert: 'Upsert daily rows', failed: 'Users that failed (daily)' }, ROW * 2);
	for (const trigger of ['Every morning at 06:00', 'Run now']) b.connect(trigger, 'Sleep table').connect(trigger, 'Daily table');
	return b.build();
}
