/**
 * The one-table recipe's webhook side: Terra's pushed sleep and daily records (Terra Trigger, Output: Simplified)
 * written into the same Data Tables as the daily pull, in the same columns and on the same `record_id`; a newer copy
 * replaces the row, an older copy arriving late does not. When a user connects (the `auth` event), the Terra node
 * pulls that user's last 30 days into the same tables.
 */
import { WorkflowBuilder, type N8nWorkflow } from './lib/builder';
import { COL, noted, overview, ROW } from './lib/layout';
import { createTable, writePulled, writePushed, type TableResource } from './lib/tables';

export const ONE_TABLE_ID = 'terraExOneTable';
/** The trigger's production URL is /webhook/<id>/webhook. */
export const ONE_TABLE_WEBHOOK_ID = 'terra-example-one-table';
export const ONE_TABLE_TRIGGER = 'Terra data and connections';

/** Node names the e2e suite reads. */
export const ONE_TABLE_NODES = {
	backfill: (resource: TableResource) => `Last 30 days of ${resource} for the new user`,
} as const;

const ROUTES = ['auth', 'sleep', 'daily'] as const;

function switchRules() {
	return {
		values: ROUTES.map((route) => ({
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: `route-${route}`,
						leftValue: '={{ $json.terra_event_type ?? $json.type }}',
						rightValue: route,
						operator: { type: 'string', operation: 'equals' },
					},
				],
				combinator: 'and',
			},
			renameOutput: true,
			outputKey: route,
		})),
	};
}

function pushedBranch(b: WorkflowBuilder, resource: TableResource, output: number, y: number): void {
	const title = resource === 'sleep' ? 'sleep' : 'daily';
	const steps = writePushed(b, resource, { update: `Update ${title} row unless newer`, isNew: `New ${title} record?`, insert: `Add ${title} row` }, [COL * 2, y]);
	for (const step of steps) b.connect('By event', step, output);
}

function backfillBranch(b: WorkflowBuilder, resource: TableResource, y: number): void {
	const table = resource === 'sleep' ? 'Sleep table' : 'Daily table';
	createTable(b, resource, table, [COL * 2, y]);
	b.terra(ONE_TABLE_NODES.backfill(resource), [COL * 3, y], {
		resource,
		operation: 'getAll',
		userScope: 'one',
		user: { __rl: true, mode: 'id', value: `={{ $('${ONE_TABLE_TRIGGER}').first().json.user.user_id }}` },
		datePreset: 'last30Days',
		delivery: 'inline',
		output: 'simplified',
		withSamples: false,
		options: { maxWaitSeconds: 300 },
	});
	writePulled(b, resource, { stamp: `Stamp pulled ${resource} rows`, upsert: `Upsert pulled ${resource} rows` }, [COL * 4, y]);
	b.connect('By event', table, 0).chain(table, ONE_TABLE_NODES.backfill(resource), `Stamp pulled ${resource} rows`);
}

export function oneTable(): N8nWorkflow {
	const b = new WorkflowBuilder(ONE_TABLE_ID, 'Terra · One table: webhooks and a backfill on connect → n8n Data Tables');
	overview(
		b,
		'Keep every user’s sleep and daily data in one table per type',
		'Terra pushes new data here, and the **Daily pull** example pulls into the same tables: same columns, same `record_id`. Pushed rows carry `terra_ordering_timestamp` (Terra’s X-Terra-Ordering-Timestamp); pulled rows carry the time of the pull. A row is replaced only by a copy that is not older, so a late, out-of-order copy never overwrites newer data. When a user connects, their last 30 days are pulled. Run the Daily pull (or connect a user) once first: it creates the tables.',
	);
	b.terraTrigger(ONE_TABLE_TRIGGER, ONE_TABLE_WEBHOOK_ID, { events: ['auth', 'sleep', 'daily'], output: 'simplified', skipSignatureVerification: false, options: {} });
	noted(b, '**Terra Trigger**\nEvents: Auth, Sleep, Daily. Output: **Simplified**: one item per record, in the Terra node’s Simplified columns plus terra_ columns.', [0, 0]);
	b.node({
		name: 'By event',
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		position: [COL, 0],
		parameters: { rules: switchRules(), options: {} },
	});
	b.connect(ONE_TABLE_TRIGGER, 'By event');
	noted(b, '**Switch**\nRecords by `terra_event_type`; a connection (`auth`) by its `type`.', [COL, 0]);
	backfillBranch(b, 'sleep', -ROW * 2);
	backfillBranch(b, 'daily', -ROW);
	noted(b, '**Backfill on connect**\nTable (created if missing) → the new user’s last 30 days (Output: Simplified) → stamped with the pull’s time → upserted on `record_id`.', [COL * 3, -ROW * 2], 300);
	pushedBranch(b, 'sleep', 1, 0);
	pushedBranch(b, 'daily', 2, ROW * 2);
	noted(b, '**Data Table → Update** the row with this `record_id` whose terra_ordering_timestamp ≤ this copy’s (an older copy matches nothing). **If Row Does Not Exist → Upsert**: a new record.', [COL * 2, 0], 300);
	return b.build();
}
