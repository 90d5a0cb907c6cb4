/** Unit tests of the trigger's small modules: event catalogue and filter, large-request book-keeping, shaping. */
import type { IDataObject } from 'n8n-workflow';

import { ALL_EVENTS, TERRA_EVENTS, eventOptions, eventTypeOf, isEventSelected } from '../../nodes/TerraTrigger/events';
import {
	MAX_CHUNKS_PER_REQUEST,
	MAX_TRACKED_REQUESTS,
	TRACKING_TTL_MS,
	trackLargeRequest,
} from '../../nodes/TerraTrigger/largeRequests';
import { buildDeliveryMetadata, parseOrderingTimestamp, shapeEvent } from '../../nodes/TerraTrigger/output';
import { describeFetchError, s3PayloadUrl } from '../../nodes/TerraTrigger/s3Payload';

describe('event catalogue and filter', () => {
	it('has unique values and the options are sorted by name, with "All Events" among them', () => {
		const values = TERRA_EVENTS.map((event) => event.value);
		expect(new Set(values).size).toBe(values.length);
		const options = eventOptions();
		expect(options.map((option) => option.name)).toEqual([...options.map((option) => option.name)].sort((a, b) => a.localeCompare(b)));
		expect(options.find((option) => option.value === ALL_EVENTS)?.name).toBe('All Events');
		expect(options).toHaveLength(TERRA_EVENTS.length + 1);
	});

	it.each([
		[{ type: 'sleep' }, 'sleep'],
		[{ type: 'auth', status: 'success' }, 'auth'],
		[{ type: 'auth', status: 'error', reason: 'auth_cancelled' }, 'auth_cancelled'],
		[{ type: 'auth_cancelled', status: 'error' }, 'auth_cancelled'],
		[{ type: 'lab_report.completed' }, 'lab_report.completed'],
		[{ type: 42 }, ''],
		[{}, ''],
		[[{ type: 'sleep' }], ''],
		['sleep', ''],
		[null, ''],
	])('eventTypeOf(%j) = %j', (body, expected) => {
		expect(eventTypeOf(body)).toBe(expected);
	});

	it('isEventSelected', () => {
		expect(isEventSelected('anything_new', [ALL_EVENTS])).toBe(true);
		expect(isEventSelected('', [ALL_EVENTS])).toBe(true);
		expect(isEventSelected('sleep', ['sleep', 'daily'])).toBe(true);
		expect(isEventSelected('activity', ['sleep', 'daily'])).toBe(false);
		expect(isEventSelected('', ['sleep'])).toBe(false);
		expect(isEventSelected('sleep', [])).toBe(false);
	});
});

describe('large-request book-keeping (workflow static data)', () => {
	const NOW = 1_800_000_000_000;
	const sending = (reference: string, expected: unknown, nowMs = NOW) =>
		({ eventType: 'large_request_sending', reference, traceId: null, expectedPayloads: expected, nowMs }) as const;
	const chunk = (reference: string, traceId: string | null, nowMs = NOW) =>
		({ eventType: 'sleep', reference, traceId, nowMs }) as const;

	it('ordinary deliveries leave the static data untouched', () => {
		const staticData: IDataObject = {};
		expect(trackLargeRequest(staticData, chunk('r1', 'plain-trace'))).toBeUndefined();
		expect(trackLargeRequest(staticData, chunk('r1', null))).toBeUndefined();
		expect(trackLargeRequest(staticData, { eventType: 'sleep', reference: null, traceId: 'x:chunk:1', nowMs: NOW })).toBeUndefined();
		expect(staticData).toEqual({});
	});

	it('keeps at most MAX_TRACKED_REQUESTS references, dropping the least recently seen', () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < MAX_TRACKED_REQUESTS + 20; i++) trackLargeRequest(staticData, sending(`ref-${i}`, 2, NOW + i));
		const store = staticData.largeRequests as IDataObject;
		expect(Object.keys(store)).toHaveLength(MAX_TRACKED_REQUESTS);
		expect(store['ref-0']).toBeUndefined();
		expect(store[`ref-${MAX_TRACKED_REQUESTS + 19}`]).toBeDefined();
	});

	it('forgets references not seen for longer than the TTL', () => {
		const staticData: IDataObject = {};
		trackLargeRequest(staticData, sending('old', 3, NOW));
		trackLargeRequest(staticData, sending('new', 3, NOW + TRACKING_TTL_MS + 1));
		expect(Object.keys(staticData.largeRequests as IDataObject)).toEqual(['new']);
		// A chunk of the forgotten reference without a chunk trace ID is no longer annotated.
		expect(trackLargeRequest(staticData, chunk('old', 'plain', NOW + TRACKING_TTL_MS + 2))).toBeUndefined();
	});

	it('remembers at most MAX_CHUNKS_PER_REQUEST trace IDs per reference but keeps counting', () => {
		const staticData: IDataObject = {};
		trackLargeRequest(staticData, sending('big', MAX_CHUNKS_PER_REQUEST + 10));
		for (let i = 1; i <= MAX_CHUNKS_PER_REQUEST + 10; i++) trackLargeRequest(staticData, chunk('big', `big:chunk:${i}`));
		const entry = (staticData.largeRequests as IDataObject).big as IDataObject;
		expect(Object.keys(entry.chunks as IDataObject)).toHaveLength(MAX_CHUNKS_PER_REQUEST);
		expect(entry.received).toBe(MAX_CHUNKS_PER_REQUEST + 10);
		expect(trackLargeRequest(staticData, chunk('big', `big:chunk:${MAX_CHUNKS_PER_REQUEST + 10}`))).toEqual({
			expectedPayloads: MAX_CHUNKS_PER_REQUEST + 10,
			chunkIndex: MAX_CHUNKS_PER_REQUEST + 10,
		});
	});

	it('ignores an expected_payloads that is not a non-negative integer, and repairs a corrupt store', () => {
		for (const bad of [undefined, null, -1, 1.5, 'many', {}, Number.NaN]) {
			const staticData: IDataObject = { largeRequests: 'corrupt' };
			expect(trackLargeRequest(staticData, sending('r', bad))).toEqual({ expectedPayloads: null, chunksReceived: 0 });
		}
		expect(trackLargeRequest({}, sending('r', '4'))).toEqual({ expectedPayloads: 4, chunksReceived: 0 });
	});
});

describe('output shaping', () => {
	const metadata = buildDeliveryMetadata({
		headers: { 'Terra-Reference': ' ref ', 'X-Terra-Trace-Id': 'trace', 'X-Terra-Ordering-Timestamp': '1723808700123' },
		body: { type: 'sleep' },
		eventType: 'sleep',
		signatureTimestamp: 1_723_808_700,
		verified: true,
		receivedAt: new Date('2024-08-16T11:45:00.000Z'),
	});

	it('reads the metadata headers case-insensitively', () => {
		expect(metadata).toEqual({
			eventType: 'sleep',
			reference: 'ref',
			traceId: 'trace',
			orderingTimestamp: 1_723_808_700_123,
			signatureTimestamp: 1_723_808_700,
			receivedAt: '2024-08-16T11:45:00.000Z',
			verified: true,
			source: 'webhook',
		});
	});

	it.each([
		['1723808700123', 1_723_808_700_123],
		[' 1723808700123 ', 1_723_808_700_123],
		['1723808700123.5', 1_723_808_700_123.5],
		['', null],
		['-1', null],
		['1e12', null],
		['soon', null],
		[undefined, null],
	])('parseOrderingTimestamp(%j) = %j', (value, expected) => {
		expect(parseOrderingTimestamp(value)).toBe(expected);
	});

	it('an event body field called `terra` is overridden by the metadata (documented as reserved)', () => {
		expect(shapeEvent({ type: 'x', terra: 'body value' }, metadata, false)[0].terra).toEqual(metadata);
	});

	it('split keeps every envelope field except data', () => {
		const items = shapeEvent({ type: 'daily', version: 'v', user: { user_id: 'u' }, extra: 1, data: [{ a: 1 }, { a: 2 }] }, metadata, true);
		expect(items).toEqual([
			{ type: 'daily', version: 'v', user: { user_id: 'u' }, extra: 1, record: { a: 1 }, terra: { ...metadata, recordIndex: 0, recordCount: 2 } },
			{ type: 'daily', version: 'v', user: { user_id: 'u' }, extra: 1, record: { a: 2 }, terra: { ...metadata, recordIndex: 1, recordCount: 2 } },
		]);
	});
});

describe('s3_payload helpers', () => {
	it('only follows http(s) URLs', () => {
		expect(s3PayloadUrl({ type: 's3_payload', url: 'https://bucket.s3.amazonaws.com/x?X-Amz-Signature=1' })).toBe('https://bucket.s3.amazonaws.com/x?X-Amz-Signature=1');
		for (const url of ['file:///etc/passwd', 'ftp://x', '', 42, undefined]) expect(s3PayloadUrl({ type: 's3_payload', url })).toBeUndefined();
		expect(s3PayloadUrl('https://x')).toBeUndefined();
	});

	it('describes fetch errors without throwing', () => {
		expect(describeFetchError(Object.assign(new Error('Request failed'), { response: { status: 403 } }))).toBe(
			'Fetching the s3_payload URL failed (HTTP 403): Request failed',
		);
		expect(describeFetchError(new Error('Request failed with status code 404'))).toBe('Fetching the s3_payload URL failed: Request failed with status code 404');
		expect(describeFetchError('boom')).toBe('Fetching the s3_payload URL failed: boom');
	});
});
