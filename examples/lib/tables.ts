/**
 * The one-table recipe's building blocks, shared by the examples that write Terra data into n8n Data Tables (the daily
 * pull, the webhook + backfill workflow) and by the e2e suite's own pull: one table per data type with the Terra
 * node's Simplified columns plus the trigger's terra_ columns, pulled rows stamped and upserted on `record_id`,
 * pushed rows written only when they are not older than the row already there.
 */
import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import { PUSH_COLUMNS } from '../../nodes/TerraTrigger/simplified';
import type { WorkflowBuilder } from './builder';

/** The Data Tables the recipes write, per Terra data type (one table per type: each has its own columns). */
export const TABLES = { sleep: 'terra_sleep', daily: 'terra_daily' } as const;
export type TableResource = keyof typeof TABLES;

type ColumnType = 'string' | 'number' | 'boolean';

/** Data Table column types of the columns that are not numbers. */
const NOT_NUMBERS: Record<string, ColumnType> = {
	user_id: 'string',
	reference_id: 'string',
	provider: 'string',
	date: 'string',
	record_id: 'string',
	start_time: 'string',
	end_time: 'string',
	is_nap: 'boolean',
	terra_event_type: 'string',
	terra_received_at: 'string',
	terra_trace_id: 'string',
};

/** The table's columns: the Terra node's Simplified columns (from its catalogue), then the trigger's terra_ columns. */
export function tableColumns(resource: TableResource): Array<{ name: string; type: ColumnType }> {
	const type = TERRA_DATA_TYPES.find((candidate) => candidate.resource === resource)!;
	const names = ['user_id', 'reference_id', 'provider', 'date', 'record_id', ...Object.keys(type.simplified.metrics), ...PUSH_COLUMNS];
	return names.map((name) => ({ name, type: NOT_NUMBERS[name] ?? 'number' }));
}

export const DATA_TABLE = { type: 'n8n-nodes-base.dataTable', typeVersion: 1.1 } as const;

/** Data Table columns mapped from the item's fields. */
export const AUTO_MAP = {
	mappingMode: 'autoMapInputData',
	value: {},
	matchingColumns: [],
	schema: [],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
};

const byName = (resource: TableResource) => ({ __rl: true, mode: 'name', value: TABLES[resource] });
const sameRecord = { keyName: 'record_id', condition: 'eq', keyValue: '={{ $json.record_id }}' };

/** Data Table → Create with Reuse Existing Tables: the table with the recipe's columns (a no-op once it exists). */
/** A Data Table Upsert of the item's row, matched on record_id. */
function upsertByRecordId(b: WorkflowBuilder, resource: TableResource, name: string, position: [number, number]): void {
	b.node({
		...DATA_TABLE,
		name,
		position,
		parameters: {
			resource: 'row',
			operation: 'upsert',
			dataTableId: byName(resource),
			matchType: 'allConditions',
			filters: { conditions: [sameRecord] },
			columns: AUTO_MAP,
			options: {},
		},
	});
}

export function createTable(b: WorkflowBuilder, resource: TableResource, name: string, position: [number, number]): void {
	b.node({
		...DATA_TABLE,
		name,
		position,
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: TABLES[resource],
			columns: { column: tableColumns(resource) },
			options: { createIfNotExists: true },
		},
	});
}

/**
 * Pulled rows: stamped with the pull's time as their ordering value (a pull is at least as new as anything Terra
 * pushed before it, so a later push of an older copy does not replace it), then upserted on `record_id`.
 */
export function writePulled(b: WorkflowBuilder, resource: TableResource, names: { stamp: string; upsert: string }, [x, y]: [number, number]): void {
	b.node({
		name: names.stamp,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, y],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'pullType', name: 'terra_event_type', value: resource, type: 'string' },
					{ id: 'pullTime', name: 'terra_received_at', value: '={{ $now.toUTC().toISO() }}', type: 'string' },
					{ id: 'pullOrdr', name: 'terra_ordering_timestamp', value: '={{ $now.toMillis() }}', type: 'number' },
					{ id: 'pullTrce', name: 'terra_trace_id', value: '={{ null }}', type: 'string' },
				],
			},
			includeOtherFields: true,
			options: {},
		},
	});
	upsertByRecordId(b, resource, names.upsert, [x + 300, y]);
	b.connect(names.stamp, names.upsert);
}

/**
 * Pushed rows (Terra Trigger, Output: Simplified), in two steps that each item goes through:
 * - Update: the row with this `record_id` whose terra_ordering_timestamp is not newer than the item's. A newer
 *   row matches nothing, so an older copy arriving late changes nothing.
 * - If Row Does Not Exist (this `record_id`) → Upsert on `record_id`: a record seen for the first time.
 */
export function writePushed(
	b: WorkflowBuilder,
	resource: TableResource,
	names: { update: string; isNew: string; insert: string },
	[x, y]: [number, number],
): string[] {
	b.node({
		...DATA_TABLE,
		name: names.update,
		position: [x, y],
		parameters: {
			resource: 'row',
			operation: 'update',
			dataTableId: byName(resource),
			matchType: 'allConditions',
			filters: {
				conditions: [
					sameRecord,
					{ keyName: 'terra_ordering_timestamp', condition: 'lte', keyValue: '={{ $json.terra_ordering_timestamp }}' },
				],
			},
			columns: AUTO_MAP,
			options: {},
		},
	});
	b.node({
		...DATA_TABLE,
		name: names.isNew,
		position: [x, y + 200],
		parameters: {
			resource: 'row',
			operation: 'rowNotExists',
			dataTableId: byName(resource),
			matchType: 'allConditions',
			filters: { conditions: [sameRecord] },
		},
	});
	upsertByRecordId(b, resource, names.insert, [x + 300, y + 200]);
	b.connect(names.isNew, names.insert);
	return [names.update, names.isNew];
}
