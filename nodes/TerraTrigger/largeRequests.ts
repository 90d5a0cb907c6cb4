/**
 * Book-keeping for Terra's large requests. A request for more than a month of data is answered with a
 * `large_request_processing` event, then a `large_request_sending` event carrying `expected_payloads`, then that
 * many data events ("chunks"), all with the same `terra-reference` header. Chunks may arrive before the sending
 * event. This module remembers, per reference, how many payloads are expected and which chunks were seen, in the
 * node's workflow static data, so every chunk can be annotated with `expectedPayloads` and a `chunkIndex`.
 *
 * The store is bounded: at most MAX_TRACKED_REQUESTS references (the least recently seen are dropped first), at
 * most MAX_CHUNKS_PER_REQUEST remembered trace IDs per reference, and entries unseen for TRACKING_TTL_MS expire.
 */
import type { IDataObject } from 'n8n-workflow';

export const MAX_TRACKED_REQUESTS = 50;
export const MAX_CHUNKS_PER_REQUEST = 500;
export const TRACKING_TTL_MS = 3 * 24 * 60 * 60 * 1000;

const STORE_KEY = 'largeRequests';
/** Terra's trace ID for a chunk: `<id>:chunk:<n>`. */
const CHUNK_TRACE_ID = /:chunk:(\d{1,9})$/;

interface TrackedRequest extends IDataObject {
	/** expected_payloads from the large_request_sending event, once seen. */
	expected: number | null;
	/** Chunks counted so far (retries with a known trace ID are not counted twice). */
	received: number;
	/** The chunk index given to each trace ID, so a retried chunk keeps its index. */
	chunks: IDataObject;
	/** Last time (ms) this reference was seen. */
	seen: number;
}

export interface LargeRequestAnnotation {
	/** expected_payloads for this reference, or null while the large_request_sending event has not been seen. */
	expectedPayloads: number | null;
	/**
	 * On a chunk: its number. Taken from the trace ID (`<id>:chunk:<n>`) when Terra sends one, which is stable
	 * whatever order or concurrency chunks arrive in; otherwise the chunk's arrival position (1-based).
	 */
	chunkIndex?: number;
	/** On the large_request_sending event: how many chunks had already arrived before it. */
	chunksReceived?: number;
}

export interface TrackInput {
	/** The normalised event type. */
	eventType: string;
	reference: string | null;
	traceId: string | null;
	/** `expected_payloads` from the body, for large_request_sending events. */
	expectedPayloads?: unknown;
	nowMs: number;
}

function storeOf(staticData: IDataObject): IDataObject {
	const existing = staticData[STORE_KEY];
	if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
		return existing as IDataObject;
	}
	staticData[STORE_KEY] = {};
	return staticData[STORE_KEY] as IDataObject;
}

function isTracked(value: unknown): value is TrackedRequest {
	return typeof value === 'object' && value !== null && typeof (value as TrackedRequest).received === 'number';
}

function prune(store: IDataObject, nowMs: number, keep: string): void {
	for (const [reference, entry] of Object.entries(store)) {
		if (reference === keep) continue;
		if (!isTracked(entry) || nowMs - entry.seen > TRACKING_TTL_MS) delete store[reference];
	}
	const references = Object.keys(store);
	if (references.length <= MAX_TRACKED_REQUESTS) return;
	const oldestFirst = references
		.filter((reference) => reference !== keep)
		.sort((a, b) => (store[a] as TrackedRequest).seen - (store[b] as TrackedRequest).seen);
	for (const reference of oldestFirst.slice(0, references.length - MAX_TRACKED_REQUESTS)) {
		delete store[reference];
	}
}

function entryFor(store: IDataObject, reference: string, nowMs: number): TrackedRequest {
	const existing = store[reference];
	if (isTracked(existing)) {
		existing.seen = nowMs;
		return existing;
	}
	const created: TrackedRequest = { expected: null, received: 0, chunks: {}, seen: nowMs };
	store[reference] = created;
	return created;
}

function asCount(value: unknown): number | null {
	const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : null;
}

/**
 * Records a verified delivery and returns the annotation for its items, or undefined when the delivery is not
 * part of a large request this node knows about.
 */
export function trackLargeRequest(
	staticData: IDataObject,
	input: TrackInput,
): LargeRequestAnnotation | undefined {
	const { eventType, reference, traceId, nowMs } = input;
	if (!reference) return undefined;

	if (eventType === 'large_request_processing' || eventType === 'large_request_sending') {
		const store = storeOf(staticData);
		const entry = entryFor(store, reference, nowMs);
		if (eventType === 'large_request_sending') {
			const expected = asCount(input.expectedPayloads);
			if (expected !== null) entry.expected = expected;
		}
		prune(store, nowMs, reference);
		return eventType === 'large_request_sending'
			? { expectedPayloads: entry.expected, chunksReceived: entry.received }
			: undefined;
	}

	// Avoid creating the store at all for ordinary deliveries.
	const existingStore = staticData[STORE_KEY] as IDataObject | undefined;
	const known = existingStore !== undefined && isTracked(existingStore?.[reference]);
	const chunkNumber = traceId === null ? undefined : CHUNK_TRACE_ID.exec(traceId)?.[1];
	if (!known && chunkNumber === undefined) return undefined;

	const store = storeOf(staticData);
	const entry = entryFor(store, reference, nowMs);
	const previous = traceId === null ? undefined : entry.chunks[traceId];
	let chunkIndex: number;
	if (typeof previous === 'number') {
		// A retry of a chunk already seen: same index, not counted again.
		chunkIndex = previous;
	} else {
		entry.received += 1;
		chunkIndex = chunkNumber === undefined ? entry.received : Number(chunkNumber);
		if (traceId !== null && Object.keys(entry.chunks).length < MAX_CHUNKS_PER_REQUEST) {
			entry.chunks[traceId] = chunkIndex;
		}
	}
	prune(store, nowMs, reference);
	return { expectedPayloads: entry.expected, chunkIndex };
}
