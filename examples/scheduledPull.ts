/**
 * The scheduled-pull recipe: every morning, yesterday's sleep and daily summaries of every connected user into two
 * n8n Data Tables, upserted on each row's `record_id`, so running it twice for the same day changes no row count. The
 * tables are created by the workflow itself (Data Table → Create with "Reuse Existing Tables"), with the Terra
 * node's Simplified columns (from the node's own catalogue, so the recipe follows it) and the Terra Trigger's terra_
 * columns: the "One table" example writes pushed records into the same tables (docs/one-table.md).
 */
import { WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview, ROW } from './lib/layout';
import { createTable, TABLES, writePulled, type TableResource } from './lib/tables';

export const SCHEDULED_PULL_ID = 'terraExScheduledPull';

/** The Data Tables the recipe writes, per Terra data type (the same the webhook workflow writes). */
export const SCHEDULED_TABLES = TABLES;

/**
 * One data type's branch: make sure its table exists, pull, stamp, upsert. `pull` holds the Terra node's user and
 * date parameters (the e2e suite pulls a fixed week of three users through the same branch).
 */
export function branch(
	b: WorkflowBuilder,
	resource: TableResource,
	label: { table: string; pull: string; stamp: string; upsert: string; failed: string },
	y: number,
	pull: Record<string, unknown> = { userScope: 'all', userFilters: { activeOnly: true }, datePreset: 'yesterday' },
): void {
	const table = SCHEDULED_TABLES[resource];
	createTable(b, resource, label.table, [COL, y]);
	noted(b, `**Data Table → Create**\nThe table \`${table}\`: the Terra node's Simplified columns and the Terra Trigger's terra_ columns. **Reuse Existing Tables** makes it a no-op after the first run.`, [COL, y]);
	b.terra(
		label.pull,
		[COL * 2, y],
		{ resource, operation: 'getAll', ...pull, delivery: 'inline', output: 'simplified', withSamples: false, options: { maxWaitSeconds: 300 } },
		{ onError: 'continueErrorOutput' },
	);
	noted(b, `**${resource === 'sleep' ? 'Sleep' : 'Daily'} → Get Many**\nUsers: All Connected Users (active only). Date Range: Yesterday, in the workflow's timezone. Output: Simplified. A user Terra fails for goes to the error output; the others still come through.`, [COL * 2, y], 280);
	writePulled(b, resource, { stamp: label.stamp, upsert: label.upsert }, [COL * 3, y]);
	noted(b, '**Edit Fields**\nterra_ordering_timestamp = now: a pull is at least as new as anything Terra sent before it, so an older webhook copy arriving later does not replace it.', [COL * 3, y]);
	noted(b, '**Data Table → Upsert**\nOne row per record, matched on `record_id`: a second run for the same day updates the rows instead of adding new ones.', [COL * 4, y]);
	b.node({ name: label.failed, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [COL * 3, y + 200], parameters: {} });
	b.chain(label.table, label.pull, label.stamp);
	b.connect(label.pull, label.failed, 1);
}

export function scheduledPull(): N8nWorkflow {
	const b = new WorkflowBuilder(SCHEDULED_PULL_ID, 'Terra · Daily pull: all users → n8n Data Table');
	overview(
		b,
		'Every morning: yesterday’s sleep and daily summaries of every user',
		'The Schedule Trigger runs it at 06:00 (**Run now** runs it by hand, e.g. to test). Each branch makes sure its Data Table exists, gets yesterday’s records of every connected user, stamps them with the time of the pull and upserts them on `record_id`: running it twice for the same day adds no rows. The **One table** example writes Terra’s webhooks into the same tables. Set the workflow’s timezone (Workflow settings → Timezone): “yesterday” is counted in it.',
	);
	b.node({
		name: 'Every morning at 06:00',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [0, 0],
		parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 6 }] } },
	});
	b.manualTrigger([0, ROW], 'Run now');
	branch(b, 'sleep', { table: 'Sleep table', pull: 'Yesterday’s sleep, all users', stamp: 'Stamp sleep rows', upsert: 'Upsert sleep rows', failed: 'Users that failed (sleep)' }, 0);
	branch(b, 'daily', { table: 'Daily table', pull: 'Yesterday’s daily summaries, all users', stamp: 'Stamp daily rows', upsert: 'Upsert daily rows', failed: 'Users that failed (daily)' }, ROW * 2);
	for (const trigger of ['Every morning at 06:00', 'Run now']) b.connect(trigger, 'Sleep table').connect(trigger, 'Daily table');
	return b.build();
}
