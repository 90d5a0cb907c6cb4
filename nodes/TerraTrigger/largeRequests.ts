/**
 * Large-request annotations, taken only from what each delivery carries. A request for more than a month of data is
 * answered with a `large_request_processing` event, then a `large_request_sending` event carrying
 * `expected_payloads`, then that many data events ("chunks"), all with the same `terra-reference` header; each
 * chunk's `X-Terra-Trace-Id` is `<id>:chunk:<n>`.
 *
 * Nothing is counted across deliveries here. n8n loads a workflow's static data when a request arrives and writes
 * all of it back after the webhook ran, so concurrent deliveries overwrite each other's changes: a count kept there
 * is wrong exactly when chunks arrive together. Counting belongs in a store that can add one row atomically (the
 * README's recipe uses a Data Table keyed on reference and chunk index).
 */
import type { IDataObject } from 'n8n-workflow';

/** Terra's trace ID for a chunk: `<id>:chunk:<n>`. */
const CHUNK_TRACE_ID = /:chunk:(\d{1,9})$/;

export interface LargeRequestAnnotation {
	/** On the large_request_sending event: its `expected_payloads`. */
	expectedPayloads?: number;
	/** On a chunk: its number from the trace ID (1-based), whatever order or concurrency chunks arrive in. */
	chunkIndex?: number;
}

/** A non-negative integer count, or null (Terra sends a number; a numeric string is accepted too). */
export function asCount(value: unknown): number | null {
	const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
}

/** The chunk number in a trace ID of the form `<id>:chunk:<n>`, else undefined. */
export function chunkIndexOf(traceId: string | null): number | undefined {
	if (traceId === null) return undefined;
	const match = CHUNK_TRACE_ID.exec(traceId);
	return match === null ? undefined : Number(match[1]);
}

/** The annotation for one delivery's items, or undefined when it carries nothing large-request related. */
export function annotateLargeRequest(input: {
	eventType: string;
	traceId: string | null;
	body: unknown;
}): LargeRequestAnnotation | undefined {
	if (input.eventType === 'large_request_sending') {
		const expected = asCount((input.body as IDataObject | null)?.expected_payloads);
		return expected === null ? undefined : { expectedPayloads: expected };
	}
	const chunkIndex = chunkIndexOf(input.traceId);
	return chunkIndex === undefined ? undefined : { chunkIndex };
}
