/** Unit tests of the repeated-delivery store: keys, the window, the bound, and what survives n8n's lost writes. */
import type { IDataObject } from 'n8n-workflow';

import {
	BUSY_WRITE_INTERVAL_MS,
	MAX_STORED_KEYS,
	STORE_KEY,
	WRITER_TIMEOUT_MS,
	claimDelivery,
	deliveryKeys,
	type ClaimResult,
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
		claim(staticData: IDataObject, traceId: string, nowMs = NOW, windowMinutes = 60, takeOverInFlight = false) {
			return claimDelivery({ scope, keys: deliveryKeys({ traceId, signedContent: null }), staticData, windowMinutes, nowMs, takeOverInFlight });
		},
	};
}

function claimed(result: ClaimResult): DeliveryClaim {
	if (result.outcome !== 'claimed') throw new Error(`expected a claim, got ${result.outcome}`);
	return result.claim;
}

function inFlight(result: ClaimResult): Extract<ClaimResult, { outcome: 'inFlight' }> {
	if (result.outcome !== 'inFlight') throw new Error(`expected a delivery in flight, got ${result.outcome}`);
	return result;
}

function repeat(result: ClaimResult): Extract<ClaimResult, { outcome: 'repeat' }> {
	if (result.outcome !== 'repeat') throw new Error(`expected a repeat, got ${result.outcome}`);
	return result;
}

/** A delivery n8n stored the execution of: recorded into the static data n8n then saves, and settled. */
function accept(result: ClaimResult, staticData: IDataObject): void {
	const claim = claimed(result);
	claim.record(staticData);
	claim.settle(true);
}

const REPEAT = expect.objectContaining({ outcome: 'repeat' });

function storedHashCount(staticData: IDataObject): number {
	return Object.values((staticData[STORE_KEY] ?? {}) as Record<string, string>).reduce((sum, hashes) => sum + hashes.length / 10, 0);
}

describe('delivery keys', () => {
	const signature = 'a'.repeat(64);

	it('the trace ID is looked up; the signature only when there is no trace ID; both are remembered', () => {
		const both = deliveryKeys({ traceId: 'trace-1', signedContent: signature });
		expect(both.check).toHaveLength(1);
		expect(both.record).toHaveLength(2);
		expect(both.record[0]).toBe(both.check[0]);
		const untraced = deliveryKeys({ traceId: null, signedContent: signature });
		expect(untraced.check).toEqual([both.record[1]]);
		expect(deliveryKeys({ traceId: null, signedContent: null })).toEqual({ check: [], record: [] });
	});

	it('keys are short hashes: the same input gives the same key, anything else another one', () => {
		const key = (traceId: string, v1: string) => deliveryKeys({ traceId, signedContent: v1 }).record;
		expect(key('a', signature)).toEqual(key('a', signature));
		expect(key('a', signature)[0]).not.toBe(key('b', signature)[0]);
		expect(key('a', signature)[1]).not.toBe(key('a', 'b'.repeat(64))[1]);
		// A trace ID and a signature with the same text are different keys.
		expect(deliveryKeys({ traceId: signature, signedContent: null }).record).not.toEqual(deliveryKeys({ traceId: null, signedContent: signature }).record);
		for (const hash of key('a', signature)) expect(hash).toMatch(/^[\w-]{10}$/);
	});
});

describe('claimDelivery', () => {
	it('a repeat within the window is recognised, from memory and from the static data alone', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		accept(trigger.claim(staticData, 't1'), staticData);
		expect(trigger.claim(staticData, 't1', NOW + 59 * MINUTE)).toEqual(REPEAT);
		// Another process (or this one after a restart) has only the static data.
		const restarted = node();
		expect(restarted.claim(staticData, 't1', NOW + 59 * MINUTE)).toEqual(REPEAT);
		expect(restarted.claim({}, 't1', NOW + 59 * MINUTE)).toMatchObject({ outcome: 'claimed' });
	});

	it('a copy of a delivery in flight waits for n8n’s answer: stored, it is a repeat; not stored, it is handled again', async () => {
		const trigger = node();
		const first = claimed(trigger.claim({}, 't1'));
		const copy = inFlight(trigger.claim({}, 't1'));
		let settled = false;
		void copy.settled.then(() => (settled = true));
		await Promise.resolve();
		expect(settled).toBe(false);
		first.settle(false);
		await copy.settled;
		const second = claimed(trigger.claim({}, 't1'));
		second.settle(true);
		expect(trigger.claim({}, 't1')).toEqual(REPEAT);
	});

	it('a copy that waited too long takes the delivery over; the first copy’s late answer then changes nothing', () => {
		const trigger = node();
		const first = claimed(trigger.claim({}, 't1'));
		const takeover = claimed(trigger.claim({}, 't1', NOW, 60, true));
		first.settle(true);
		expect(trigger.claim({}, 't1')).toMatchObject({ outcome: 'inFlight' });
		takeover.settle(false);
		expect(trigger.claim({}, 't1')).toMatchObject({ outcome: 'claimed' });
	});

	it('a delivery n8n could not store is neither remembered nor written: Terra’s retry runs, here and after a restart', () => {
		const trigger = node();
		const loaded: IDataObject = {};
		const failed = claimed(trigger.claim(loaded, 'lost'));
		// The claim wrote into the static data it was given, but n8n saves that only once the execution is stored.
		failed.record(loaded);
		failed.settle(false);
		claimed(trigger.claim({}, 'lost')).settle(false);
		// Another delivery's write carries only stored deliveries.
		const saved: IDataObject = {};
		accept(trigger.claim(saved, 'other'), saved);
		expect(node().claim(saved, 'lost', NOW + MINUTE)).toMatchObject({ outcome: 'claimed' });
		expect(node().claim(saved, 'other', NOW + MINUTE)).toEqual(REPEAT);
	});

	it('forgets deliveries older than the window (static data to within its 10-minute buckets)', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		accept(trigger.claim(staticData, 'old'), staticData);
		accept(trigger.claim(staticData, 'new', NOW + 30 * MINUTE), staticData);
		// Memory forgets at the window's end; the static data keeps the whole 10-minute bucket.
		expect(trigger.claim({}, 'old', NOW + 61 * MINUTE)).toMatchObject({ outcome: 'claimed' });
		expect(node().claim(staticData, 'old', NOW + 61 * MINUTE)).toEqual(REPEAT);
		expect(node().claim(staticData, 'old', NOW + 71 * MINUTE)).toMatchObject({ outcome: 'claimed' });
		expect(node().claim(staticData, 'new', NOW + 71 * MINUTE)).toEqual(REPEAT);
	});

	it('keeps at most MAX_STORED_KEYS in the static data, dropping the oldest, in about 10 bytes per delivery', () => {
		const trigger = node();
		const staticData: IDataObject = {};
		const count = MAX_STORED_KEYS + 50;
		for (let i = 0; i < count; i++) accept(trigger.claim(staticData, `t${i}`, NOW + i * 1000, 24 * 60), staticData);
		expect(storedHashCount(staticData)).toBe(MAX_STORED_KEYS);
		expect(JSON.stringify(staticData).length).toBeLessThan(MAX_STORED_KEYS * 10 + 500);
		const elsewhere = node();
		expect(elsewhere.claim(staticData, 't0', NOW + count * 1000, 24 * 60)).toMatchObject({ outcome: 'claimed' });
		expect(elsewhere.claim(staticData, `t${count - 1}`, NOW + count * 1000, 24 * 60)).toEqual(REPEAT);
	});

	it('the static data keeps one key per delivery: a replay without its trace ID is recognised in memory, not after a restart', () => {
		const scope = `workflow-${++scopes}/Terra Trigger`;
		const claimWith = (keys: { traceId: string | null; signedContent: string | null }, staticData: IDataObject, where = scope) =>
			claimDelivery({ scope: where, keys: deliveryKeys(keys), staticData, windowMinutes: 60, nowMs: NOW });
		const staticData: IDataObject = {};
		const traced = { traceId: 'trace-kept', signedContent: 'c'.repeat(22) };
		accept(claimWith(traced, staticData), staticData);
		expect(storedHashCount(staticData)).toBe(1);
		// The same signed content without the trace ID header: this process remembers its signature.
		expect(claimWith({ traceId: null, signedContent: traced.signedContent }, {})).toEqual(REPEAT);
		const restarted = `workflow-restarted-${scopes}/Terra Trigger`;
		expect(claimWith(traced, staticData, restarted)).toEqual(REPEAT);
		expect(claimWith({ traceId: null, signedContent: traced.signedContent }, staticData, restarted)).toMatchObject({ outcome: 'claimed' });
		// A delivery without a trace ID is stored (and found after a restart) by its signature.
		const untraced = { traceId: null, signedContent: 'd'.repeat(22) };
		accept(claimWith(untraced, staticData), staticData);
		expect(claimWith(untraced, staticData, `workflow-other-${scopes}/Terra Trigger`)).toEqual(REPEAT);
	});

	it('each write carries this process’s records, so one lost to a concurrent write comes back with the next', () => {
		const trigger = node();
		// Two deliveries load the same static data; the second write replaces the first (last writer wins).
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		const a = claimed(trigger.claim(loadedByA, 'a'));
		const b = claimed(trigger.claim(loadedByB, 'b'));
		b.record(loadedByB);
		b.settle(true);
		a.record(loadedByA);
		a.settle(true);
		// B's own write did not know A yet; A's write (the last) carries B as well.
		const saved = loadedByA;
		const elsewhere = node();
		expect(elsewhere.claim(saved, 'a', NOW + MINUTE)).toEqual(REPEAT);
		expect(elsewhere.claim(saved, 'b', NOW + MINUTE)).toEqual(REPEAT);
	});

	it('a repeat writes back this process’s stored deliveries that a concurrent save dropped, and nothing when none is missing', () => {
		const trigger = node();
		const lostBySave: IDataObject = {};
		const a = claimed(trigger.claim(lostBySave, 'a'));
		a.settle(true);
		// A's record never reached the saved static data (another request's save won); a repeat of A sees it in memory.
		repeat(trigger.claim(lostBySave, 'a')).carryRecords(lostBySave);
		expect(node().claim(lostBySave, 'a', NOW + MINUTE)).toEqual(REPEAT);
		const complete = JSON.stringify(lostBySave);
		repeat(trigger.claim(lostBySave, 'a')).carryRecords(lostBySave);
		expect(JSON.stringify(lostBySave)).toBe(complete);
	});

	it('a claim settled without an execution is never written; the old large-request store is removed on the first write', () => {
		const trigger = node();
		const staticData: IDataObject = { largeRequests: { r: { expected: 3 } } };
		claimed(trigger.claim(staticData, 'dropped')).settle(false);
		accept(trigger.claim(staticData, 'kept'), staticData);
		expect(staticData.largeRequests).toBeUndefined();
		const elsewhere = node();
		expect(elsewhere.claim(staticData, 'dropped', NOW + MINUTE)).toMatchObject({ outcome: 'claimed' });
		expect(elsewhere.claim(staticData, 'kept', NOW + MINUTE)).toEqual(REPEAT);
	});

	it('one unanswered delivery at a time writes: others join its save while they can, else the next arrival’s', () => {
		const trigger = node();
		// Each request has its own copy of the static data, as n8n loads it per request.
		const arrive = (traceId: string) => ({ data: {} as IDataObject, claim: claimed(trigger.claim({}, traceId)) });
		const [a, b, c] = ['a', 'b', 'c'].map(arrive);
		for (const delivery of [a, b, c]) delivery.claim.record(delivery.data);
		// A writes its record; B and C, arriving while n8n has not answered A, write nothing (no database write to wait for).
		expect(storedHashCount(a.data)).toBe(1);
		expect([b.data, c.data]).toEqual([{}, {}]);
		// B is stored while A is still unanswered: its record joins what n8n will save for A.
		b.claim.settle(true);
		expect(storedHashCount(a.data)).toBe(2);
		// A is answered. C, already waiting, does not take over: its write would queue behind the database's work again.
		a.claim.settle(true);
		c.claim.settle(true);
		expect(c.data).toEqual({});
		// The next delivery to arrive writes, and takes every stored record along.
		const d = arrive('d');
		d.claim.record(d.data);
		expect(storedHashCount(d.data)).toBe(4);
		d.claim.settle(true);
		const elsewhere = node();
		for (const traceId of ['a', 'b', 'c', 'd']) expect(elsewhere.claim(d.data, traceId, NOW + MINUTE)).toEqual(REPEAT);
	});

	it('a repeat writes nothing while a writer is unanswered; a writer n8n never answers holds the role at most WRITER_TIMEOUT_MS', () => {
		const trigger = node();
		const stored: IDataObject = {};
		accept(trigger.claim(stored, 'old'), stored);
		const writer = { data: {} as IDataObject, claim: claimed(trigger.claim({}, 'w')) };
		writer.claim.record(writer.data);
		const lostBySave: IDataObject = {};
		repeat(trigger.claim(lostBySave, 'old')).carryRecords(lostBySave);
		expect(lostBySave).toEqual({});

		const later = { data: {} as IDataObject, claim: claimed(trigger.claim({}, 'later')) };
		const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + WRITER_TIMEOUT_MS + 1);
		try {
			later.claim.record(later.data);
		} finally {
			now.mockRestore();
		}
		expect(storedHashCount(later.data)).toBe(2);
	});

	it('while other deliveries are unanswered, a new writer comes at most every BUSY_WRITE_INTERVAL_MS; alone, a delivery always writes', () => {
		const trigger = node();
		const arrive = (traceId: string) => ({ data: {} as IDataObject, claim: claimed(trigger.claim({}, traceId)) });
		const first = arrive('first');
		first.claim.record(first.data);
		first.claim.settle(true);
		// Busy: `held` is still unanswered when `next` arrives, right after the last write.
		const held = arrive('held');
		const next = arrive('next');
		next.claim.record(next.data);
		expect(next.data).toEqual({});
		next.claim.settle(true);
		const now = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + BUSY_WRITE_INTERVAL_MS);
		try {
			const later = arrive('later');
			later.claim.record(later.data);
			expect(storedHashCount(later.data)).toBe(3);
			later.claim.settle(true);
		} finally {
			now.mockRestore();
		}
		held.claim.settle(true);
		// Alone again: it writes at once, whatever the time since the last write.
		const alone = arrive('alone');
		alone.claim.record(alone.data);
		expect(storedHashCount(alone.data)).toBe(5);
	});

	it('a stored key counts only at a key boundary of the stored text', () => {
		const [key] = deliveryKeys({ traceId: 'aligned', signedContent: null }).check;
		const bucket = String(NOW - (NOW % (10 * MINUTE)));
		expect(node().claim({ [STORE_KEY]: { [bucket]: `aaaaa${key}bbbbb` } }, 'aligned')).toMatchObject({ outcome: 'claimed' });
		expect(node().claim({ [STORE_KEY]: { [bucket]: `aaaaaaaaaa${key}` } }, 'aligned')).toEqual(REPEAT);
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
