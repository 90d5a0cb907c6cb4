/** Unit tests of the trigger's small modules: event catalogue and filter, large-request annotations, shaping. */

import { ALL_EVENTS, TERRA_EVENTS, eventOptions, eventTypeOf, isEventSelected } from '../../nodes/TerraTrigger/events';
import { annotateLargeRequest, asCount, chunkIndexOf } from '../../nodes/TerraTrigger/largeRequests';
import { buildDeliveryMetadata, parseOrderingTimestamp, shapeEvent } from '../../nodes/TerraTrigger/output';
import { describeFetchError, s3PayloadUrl } from '../../nodes/TerraTrigger/s3Payload';

describe('event catalogue and filter', () => {
	it('has unique values and the options are sorted by name, with "All Events" among them', () => {
		const values = TERRA_EVENTS.map((event) => event.value);
		expect(new Set(values).size).toBe(values.length);
		const options = eventOptions();
		expect(options[0]).toMatchObject({ name: 'All Events', value: ALL_EVENTS });
		const rest = options.slice(1).map((option) => option.name);
		expect(rest).toEqual([...rest].sort((a, b) => a.localeCompare(b)));
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

describe('large-request annotations (from the delivery alone)', () => {
	it.each([
		['ref:chunk:1', 1],
		['4f1c-9a:chunk:12', 12],
		['ref:chunk:0', 0],
		['ref:chunk:', undefined],
		['ref:chunk:x', undefined],
		['ref:chunk:1:retry', undefined],
		['plain-trace', undefined],
		[null, undefined],
	])('chunkIndexOf(%j) = %j', (traceId, expected) => {
		expect(chunkIndexOf(traceId)).toBe(expected);
	});

	it('the sending event carries expectedPayloads, a chunk its chunkIndex, anything else nothing', () => {
		expect(annotateLargeRequest({ eventType: 'large_request_sending', traceId: 't', body: { expected_payloads: 3 } })).toEqual({ expectedPayloads: 3 });
		expect(annotateLargeRequest({ eventType: 'sleep', traceId: 'r:chunk:2', body: { data: [] } })).toEqual({ chunkIndex: 2 });
		expect(annotateLargeRequest({ eventType: 'sleep', traceId: 'r', body: {} })).toBeUndefined();
		expect(annotateLargeRequest({ eventType: 'large_request_processing', traceId: 'r', body: { reference: 'r' } })).toBeUndefined();
		expect(annotateLargeRequest({ eventType: 'large_request_sending', traceId: 't', body: null })).toBeUndefined();
	});

	it('expected_payloads must be a non-negative integer (a numeric string is accepted)', () => {
		for (const bad of [undefined, null, -1, 1.5, 'many', {}, Number.NaN, '']) expect(asCount(bad)).toBeNull();
		expect(asCount('4')).toBe(4);
		expect(asCount(0)).toBe(0);
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
