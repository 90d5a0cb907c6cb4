/**
 * The trigger's Simplified output: a data event's records in exactly the columns and `record_id` the Terra node's
 * Simplified output gives for the same records (the Terra node's own catalogue and `simplifyRecord`, imported, never
 * copied), plus the columns only a push has, all prefixed `terra_` so they never collide with a data column. Rows
 * from webhooks and from pulls can then be upserted into one table on `record_id`.
 */
import type { IDataObject } from 'n8n-workflow';

import { TERRA_DATA_TYPES, type TerraDataType } from '../Terra/actions/data/catalogue';
import { simplifyRecord } from '../Terra/helpers/output';
import type { UserRef } from '../Terra/helpers/users';
import { isPlainObject, type DeliveryMetadata } from './output';

/** Event types whose catalogue row is named differently (Terra's planned_workout events carry /plannedWorkout records). */
const RESOURCE_OF_EVENT: Readonly<Record<string, string>> = { planned_workout: 'plannedWorkoutLegacy' };

/** The catalogue row of a data event type, or undefined for events the Terra node has no Simplified columns for. */
export function dataTypeOfEvent(eventType: string): TerraDataType | undefined {
	const resource = RESOURCE_OF_EVENT[eventType] ?? eventType;
	return TERRA_DATA_TYPES.find((type) => type.resource === resource);
}

/** The push-only columns, in the order they follow the data columns. */
export const PUSH_COLUMNS = ['terra_event_type', 'terra_received_at', 'terra_ordering_timestamp', 'terra_trace_id'] as const;

/**
 * What a push adds to each row. `terra_ordering_timestamp` is Terra's X-Terra-Ordering-Timestamp (Unix ms; a newer
 * copy of the same record has a higher one), or, when Terra sent none, the time the delivery was received, so the
 * column is never empty and an upsert can always compare it.
 */
function pushColumns(eventType: string, metadata: DeliveryMetadata): IDataObject {
	return {
		terra_event_type: eventType,
		terra_received_at: metadata.receivedAt,
		terra_ordering_timestamp: metadata.orderingTimestamp ?? Date.parse(metadata.receivedAt),
		terra_trace_id: metadata.traceId,
	};
}

/**
 * One item per record of a data event the catalogue knows (athlete's one profile counts as one record), or
 * undefined when the event is not such a data event and keeps its usual shape.
 */
export function simplifiedItems(body: unknown, metadata: DeliveryMetadata): IDataObject[] | undefined {
	if (!isPlainObject(body)) return undefined;
	const type = dataTypeOfEvent(metadata.eventType);
	if (type === undefined) return undefined;
	const value = body[type.recordsKey ?? 'data'];
	const records = Array.isArray(value) ? value : isPlainObject(value) ? [value] : undefined;
	if (records === undefined) return undefined;
	const user = (isPlainObject(body.user) ? body.user : {}) as UserRef;
	const push = pushColumns(metadata.eventType, metadata);
	return (records as IDataObject[]).map((record) => ({
		...simplifyRecord(record, type.simplified, type.resource, user),
		...push,
	}));
}
