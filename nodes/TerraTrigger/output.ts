/**
 * Turns a verified Terra delivery into the trigger's output items.
 *
 * Default (one item per event): the event body's fields unchanged at the top level (`type`, `user`, `data`,
 * `athlete`, `status`, `message`, `reference`, `expected_payloads`, …; `type` and `user` are always present, null
 * when the event has none) plus a `terra` object with the delivery metadata. The raw event is therefore the item
 * without its `terra` key.
 *
 * Split into one item per record: an event whose `data` is an array becomes one item per record, each with the
 * event's other fields (`type`, `user`, `version`, …), the record under `record`, and the same `terra` metadata plus
 * `recordIndex` (0-based) and `recordCount`. Other events (athlete, auth, …) stay one item.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LargeRequestAnnotation } from './largeRequests';
import { getHeader } from './headers';

export interface DeliveryMetadata extends IDataObject {
	/** The event type used for filtering (`auth_cancelled` for an `auth` event with status "error"). */
	eventType: string;
	/** The `terra-reference` header (shared by every chunk of a large request), else the body's `reference`. */
	reference: string | null;
	/** The `X-Terra-Trace-Id` header: unique per delivery, stable across retries. Dedupe on this. */
	traceId: string | null;
	/** The `X-Terra-Ordering-Timestamp` header in Unix milliseconds; a newer copy of the same data has a higher one. */
	orderingTimestamp: number | null;
	/** The verified `t` of the signature header, in Unix seconds (null when the delivery is not verified). */
	signatureTimestamp: number | null;
	/** When the trigger received the delivery (ISO 8601). */
	receivedAt: string;
	/** Whether the signature verified (can only be false with "Skip Signature Verification (Insecure)"). */
	verified: boolean;
	/** 'webhook' for events delivered directly; 's3_payload' for events fetched from an s3_payload URL. */
	source: 'webhook' | 's3_payload';
}

export interface DeliveryHeaders {
	[name: string]: string | string[] | undefined;
}

function nullableString(value: string | undefined): string | null {
	if (value === undefined) return null;
	const trimmed = value.trim();
	return trimmed === '' ? null : trimmed;
}

/** Parses `X-Terra-Ordering-Timestamp` (Unix ms) into a number, or null when absent or not numeric. */
export function parseOrderingTimestamp(value: string | undefined): number | null {
	if (value === undefined) return null;
	const trimmed = value.trim();
	if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
	const parsed = Number(trimmed);
	return Number.isFinite(parsed) ? parsed : null;
}

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function buildDeliveryMetadata(input: {
	headers: DeliveryHeaders | undefined;
	body: unknown;
	eventType: string;
	signatureTimestamp: number | null;
	verified: boolean;
	receivedAt: Date;
}): DeliveryMetadata {
	const { headers, body } = input;
	const bodyReference = isPlainObject(body) && typeof body.reference === 'string' ? body.reference : undefined;
	return {
		eventType: input.eventType,
		reference: nullableString(getHeader(headers, 'terra-reference')) ?? nullableString(bodyReference),
		traceId: nullableString(getHeader(headers, 'x-terra-trace-id')),
		orderingTimestamp: parseOrderingTimestamp(getHeader(headers, 'x-terra-ordering-timestamp')),
		signatureTimestamp: input.signatureTimestamp,
		receivedAt: input.receivedAt.toISOString(),
		verified: input.verified,
		source: 'webhook',
	};
}

/** Adds the large-request annotation (if any) to the metadata. */
export function withLargeRequest(
	metadata: DeliveryMetadata,
	annotation: LargeRequestAnnotation | undefined,
): DeliveryMetadata {
	if (!annotation) return metadata;
	const result: DeliveryMetadata = { ...metadata };
	if (annotation.expectedPayloads !== undefined) result.expectedPayloads = annotation.expectedPayloads;
	if (annotation.chunkIndex !== undefined) result.chunkIndex = annotation.chunkIndex;
	return result;
}

/** The default item for one event. A body that is not a JSON object is kept under `body`. */
export function eventItem(body: unknown, metadata: DeliveryMetadata, extra: IDataObject = {}): IDataObject {
	if (!isPlainObject(body)) {
		return { type: null, user: null, body: body as IDataObject, ...extra, terra: metadata };
	}
	return {
		type: body.type ?? null,
		user: body.user ?? null,
		...body,
		...extra,
		terra: metadata,
	};
}

/** All items for one event, honouring the "Split Into One Item per Record" option. */
export function shapeEvent(body: unknown, metadata: DeliveryMetadata, split: boolean): IDataObject[] {
	if (!split || !isPlainObject(body) || !Array.isArray(body.data)) return [eventItem(body, metadata)];
	const { data, ...envelope } = body;
	const records = data as unknown[];
	return records.map((record, recordIndex) => ({
		type: envelope.type ?? null,
		user: envelope.user ?? null,
		...envelope,
		record: record as IDataObject,
		terra: { ...metadata, recordIndex, recordCount: records.length },
	}));
}
