/** Unit tests of the repeated-delivery store: keys, the window, the bound, and what survives n8n's lost writes. */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_REMEMBERED_KEYS,
	STORE_KEY,
	claimDelivery,
	deliveryKeys,
	type DeliveryClaim,
} from '../../nodes/TerraTrigger/repeatedDeliveries';

const NOW = 1_800_000_000_000;
const MINUTE = 60_000;
let scopes = 0;

/** A fresh trigger node (its own scope in this process's memory). */
function node() {
	const scope = `workflow-${++scopes}/Terra Trigger`;
	return {
		scope,
		claim(staticData: IDataObject, traceId: string, nowMs = NOW, windowMinutes = 60) {
			return claimDelivery({ scope, keys: deliveryKeys({ traceId, signatureTimestamp: null, rawBody: undefined }), staticData, windowMinutes, nowMs });
		},
	};
}

function accept(result: 'repeat' | DeliveryClaim, staticData: IDataObject): void {
	expect(result).not.toBe('repeat');
	(result as DeliveryClaim).commit(staticData);
}

function storedHashCount(staticData: IDataObject): number {
	return Object.values((staticData[STORE_KEY] ?? {}) as Record<string, string>).reduce((sum, hashes) => sum + hashes.length / 10, 0);
}

describe('delivery keys', () => {
	const body = Buffer.from('{"type":"sleep"}');

	it('the trace ID is looked up; the signed content only when there is no trace ID; both are remembered', () => {
		const both = deliveryKeys({ traceId: 'trace-1', signatureTimestamp: 1_800_000_000, rawBody: body });
		expect(both.check).toHaveLength(1);
		expect(both.record).toHaveLength(2);
		expect(both.record[0]).toBe(both.check[0]);
		const untraced = deliveryKeys({ traceId: null, signatureTimestamp: 1_800_000_000, rawBody: body });
		expect(untraced.check).toEqual([both.record[1]]);
		expect(deliveryKeys({ traceId: null, signatureTimestamp: null, rawBody: body })).toEqual({ check: [], record: [] });
	});

	it('keys are short hashes: the same input gives the same key, anything else another one', () => {
		const key = (traceId: string, t: number | null, raw: string) => deliveryKeys({ traceId, signatureTimestamp: t, rawBody: Buffer.from(raw) }).record;
		expect(key('a', 1, 'x')).toEqual(key('a', 1, 'x'));
		expect(key('a', 1, 'x')[0]).not.toBe(key('b', 1, 'x')[0]);
		expect(key('a', 1, 'x')[1]).not.toBe(key('a', 2, 'x')[1]);
		expect(key('a', 1, 'x')[1]).not.toBe(key('a', 1, 'y')[1]);
		for (const hash of key('a', 1, 'x')) expect(hash).toMatch(/^[\w-]{10}$/);
	});
});

describe('claimDelivery', () => {
	it('a repeat within the window is recognised, from memory and from the static data alone', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		accept(trigger.claim(staticData, 't1'), staticData);
		expect(trigger.claim(staticData, 't1', NOW + 59 * MINUTE)).toBe('repeat');
		// Another process (or this one after a restart) has only the static data.
		const restarted = node();
		expect(restarted.claim(staticData, 't1', NOW + 59 * MINUTE)).toBe('repeat');
		expect(restarted.claim({}, 't1', NOW + 59 * MINUTE)).not.toBe('repeat');
	});

	it('a delivery in flight is a repeat for a concurrent copy; released, it is handled again', () => {
		const trigger = node();
		const first = trigger.claim({}, 't1');
		expect(trigger.claim({}, 't1')).toBe('repeat');
		(first as DeliveryClaim).release();
		expect(trigger.claim({}, 't1')).not.toBe('repeat');
	});

	it('forgets deliveries older than the window (static data to within its 10-minute buckets)', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		accept(trigger.claim(staticData, 'old'), staticData);
		accept(trigger.claim(staticData, 'new', NOW + 30 * MINUTE), staticData);
		// Memory forgets at the window's end; the static data keeps the whole 10-minute bucket.
		expect(trigger.claim({}, 'old', NOW + 61 * MINUTE)).not.toBe('repeat');
		expect(node().claim(staticData, 'old', NOW + 61 * MINUTE)).toBe('repeat');
		expect(node().claim(staticData, 'old', NOW + 71 * MINUTE)).not.toBe('repeat');
		expect(node().claim(staticData, 'new', NOW + 71 * MINUTE)).toBe('repeat');
	});

	it('keeps at most MAX_REMEMBERED_KEYS, dropping the oldest, in about 11 bytes per delivery', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		const count = MAX_REMEMBERED_KEYS + 50;
		for (let i = 0; i < count; i++) accept(trigger.claim(staticData, `t${i}`, NOW + i * 1000, 24 * 60), staticData);
		expect(storedHashCount(staticData)).toBe(MAX_REMEMBERED_KEYS);
		expect(JSON.stringify(staticData).length).toBeLessThan(MAX_REMEMBERED_KEYS * 11 + 500);
		const elsewhere = node();
		expect(elsewhere.claim(staticData, 't0', NOW + count * 1000, 24 * 60)).not.toBe('repeat');
		expect(elsewhere.claim(staticData, `t${count - 1}`, NOW + count * 1000, 24 * 60)).toBe('repeat');
	});

	it('each write carries this process’s records, so one lost to a concurrent write comes back with the next', () => {
		const trigger = node();
		// Two deliveries load the same static data; the second write replaces the first (last writer wins).
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		const a = trigger.claim(loadedByA, 'a');
		const b = trigger.claim(loadedByB, 'b');
		(b as DeliveryClaim).commit(loadedByB);
		(a as DeliveryClaim).commit(loadedByA);
		// B's own write did not know A yet; A's write (the last) carries B as well.
		const saved = loadedByA;
		const elsewhere = node();
		expect(elsewhere.claim(saved, 'a', NOW + MINUTE)).toBe('repeat');
		expect(elsewhere.claim(saved, 'b', NOW + MINUTE)).toBe('repeat');
	});

	it('a released claim is never written; the old large-request store is removed on the first write', () => {
		const trigger = node();
		const staticData: IDataObject = { largeRequests: { r: { expected: 3 } } };
		(trigger.claim(staticData, 'dropped') as DeliveryClaim).release();
		accept(trigger.claim(staticData, 'kept'), staticData);
		expect(staticData.largeRequests).toBeUndefined();
		const elsewhere = node();
		expect(elsewhere.claim(staticData, 'dropped', NOW + MINUTE)).not.toBe('repeat');
		expect(elsewhere.claim(staticData, 'kept', NOW + MINUTE)).toBe('repeat');
	});

	it('a corrupt store is ignored and replaced; an invalid window falls back to the default', () => {
		for (const corrupt of ['x', 42, [1], { 1: 'not-hashes!' }, { 1: 123 }]) {
			const trigger = node();
			const staticData: IDataObject = { [STORE_KEY]: corrupt as never };
			accept(trigger.claim(staticData, 't', NOW, Number.NaN), staticData);
			expect(storedHashCount(staticData)).toBe(1);
		}
	});
});
