/**
 * Repeated deliveries. Terra delivers at least once: a delivery it did not see answered in time is sent again with
 * the same `X-Terra-Trace-Id`, and a captured request can be replayed while its signature is within the tolerance.
 * A delivery whose execution n8n already stored within the window is acknowledged and starts nothing.
 *
 * A delivery is known by its trace ID. The signed content `<t>.<body>` is remembered too and looked up for a
 * delivery without a trace ID, so a replay that drops that (unsigned) header is still recognised. It is not looked up
 * when a trace ID is present: Terra may send two different deliveries with the same body in the same second (two
 * requests for the same data), and those must both run. Keys are kept as 10-character hashes (60 bits), so a false
 * match is about one in 10^15 per remembered key.
 *
 * A delivery counts as seen only once n8n has stored its execution: n8n can fail to (under load, SQLite's write lock
 * times out) and then answers Terra 500, and Terra's retry must run. Until n8n answers, the delivery is in flight: a
 * copy arriving meanwhile waits for that answer instead of being taken for a repeat of something that may never run.
 *
 * Two stores, because no store n8n offers a webhook can add one record atomically:
 * 1. This process's memory. The check and the claim happen with no `await` between them, so repeats reaching the
 *    same n8n process are always caught, concurrent ones included.
 * 2. The workflow's static data, which survives restarts and is shared by n8n processes. n8n loads it when a request
 *    arrives and writes all of it back once it has stored the execution (not at all when it could not), so
 *    concurrent deliveries overwrite each other's records (last writer wins). Each write therefore carries this
 *    process's recent records too, which restores what an earlier write lost. Records sit in 10-minute buckets of
 *    concatenated hashes, at most MAX_REMEMBERED_KEYS (about 20 KB).
 */
import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_REPEAT_WINDOW_MINUTES = 24 * 60;
/** Keys remembered per trigger node (two per verified delivery). */
export const MAX_REMEMBERED_KEYS = 2000;
const HASH_LENGTH = 10;
const STORED_HASHES = /^(?:[\w-]{10})*$/;
const BUCKET_MS = 10 * 60 * 1000;
const MAX_SCOPES = 100;
export const STORE_KEY = 'repeatedDeliveries';
/** The store of earlier versions (large-request counting), removed on the first write. */
const LEGACY_STORE_KEY = 'largeRequests';

export interface DeliveryIdentity {
	traceId: string | null;
	/** The verified signature's `t`; null when the delivery did not verify. */
	signatureTimestamp: number | null;
	rawBody: Buffer | undefined;
}

function shortHash(value: string | Buffer): string {
	return createHash('sha256').update(value).digest('base64url').slice(0, HASH_LENGTH);
}

export interface DeliveryKeys {
	/** Looked up: the trace ID's key, or the signed content's key when there is no trace ID. */
	check: string[];
	/** Remembered: both, so a replay that drops the trace ID header is still recognised. */
	record: string[];
}

/** The hashed keys of one delivery; empty when it has neither a trace ID nor a verified signature. */
export function deliveryKeys(delivery: DeliveryIdentity): DeliveryKeys {
	const trace = delivery.traceId === null ? undefined : shortHash(`trace:${delivery.traceId}`);
	let signed: string | undefined;
	if (delivery.signatureTimestamp !== null && delivery.rawBody !== undefined) {
		const body = createHash('sha256').update(delivery.rawBody).digest('hex');
		signed = shortHash(`signed:${delivery.signatureTimestamp}.${body}`);
	}
	const check = trace ?? signed;
	return {
		check: check === undefined ? [] : [check],
		record: [trace, signed].filter((key): key is string => key !== undefined),
	};
}

interface Remembered {
	acceptedAt: number;
	/** The claim that holds the key while n8n has not answered its delivery yet; undefined once the execution is stored. */
	inFlight?: InFlight;
}

interface InFlight {
	/** Resolves when n8n has answered the delivery (either way). */
	settled: Promise<void>;
}

/** Keys this process accepted, per trigger node, oldest first (a Map keeps insertion order). */
const memory = new Map<string, Map<string, Remembered>>();

function memoryFor(scope: string): Map<string, Remembered> {
	let keys = memory.get(scope);
	if (keys === undefined) {
		keys = new Map();
		if (memory.size >= MAX_SCOPES) memory.delete(memory.keys().next().value as string);
	} else {
		memory.delete(scope);
	}
	memory.set(scope, keys);
	return keys;
}

function pruneMemory(keys: Map<string, Remembered>, oldestMs: number): void {
	for (const [key, { acceptedAt }] of keys) {
		if (acceptedAt >= oldestMs && keys.size <= MAX_REMEMBERED_KEYS) break;
		keys.delete(key);
	}
}

type Buckets = Record<string, string>;

/** The stored buckets still inside the window: bucket start (ms, as a string) → concatenated hashes. */
function storedBuckets(staticData: IDataObject, oldestMs: number): Buckets {
	const stored = staticData[STORE_KEY];
	const buckets: Buckets = {};
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return buckets;
	for (const [start, hashes] of Object.entries(stored as IDataObject)) {
		if (typeof hashes !== 'string' || !STORED_HASHES.test(hashes) || !(Number(start) + BUCKET_MS > oldestMs)) continue;
		buckets[start] = hashes;
	}
	return buckets;
}

function hashesOf(buckets: Buckets): Set<string> {
	const all = new Set<string>();
	for (const hashes of Object.values(buckets)) {
		for (let at = 0; at + HASH_LENGTH <= hashes.length; at += HASH_LENGTH) all.add(hashes.slice(at, at + HASH_LENGTH));
	}
	return all;
}

export interface DeliveryClaim {
	/**
	 * Writes the delivery (and this process's other stored deliveries) into the static data, which n8n saves only
	 * once it has stored the execution.
	 */
	record(staticData: IDataObject): void;
	/**
	 * Writes only this process's earlier stored deliveries, not this one: for "When Workflow Finishes", where n8n saves
	 * the static data even when the workflow failed, so this delivery is remembered in memory once it succeeded and
	 * reaches the static data with a later delivery's save.
	 */
	carry(staticData: IDataObject): void;
	/** n8n answered: with the execution stored (a repeat is ignored from now on), or not (a repeat runs). */
	settle(executionStored: boolean): void;
}

export type ClaimResult =
	/** A repeat: `carryRecords` writes this process's stored deliveries a concurrent save may have dropped. */
	| { outcome: 'repeat'; carryRecords(staticData: IDataObject): void }
	/** A copy of a delivery n8n has not answered yet: wait for `settled`, then claim again. */
	| { outcome: 'inFlight'; settled: Promise<void> }
	| { outcome: 'claimed'; claim: DeliveryClaim };

/**
 * Checks a delivery against both stores and, unless it is a repeat or in flight, claims its keys in memory straight
 * away. With `takeOverInFlight` (a copy that waited long enough), a delivery still in flight is claimed anew.
 */
export function claimDelivery(input: {
	scope: string;
	keys: DeliveryKeys;
	staticData: IDataObject;
	windowMinutes: number;
	nowMs: number;
	takeOverInFlight?: boolean;
}): ClaimResult {
	const { keys, nowMs } = input;
	const minutes = Number.isFinite(input.windowMinutes) && input.windowMinutes > 0 ? input.windowMinutes : DEFAULT_REPEAT_WINDOW_MINUTES;
	const windowMs = minutes * 60_000;
	const oldestMs = nowMs - windowMs;
	const remembered = memoryFor(input.scope);
	pruneMemory(remembered, oldestMs);
	const storedHashes = hashesOf(storedBuckets(input.staticData, oldestMs));
	for (const key of keys.check) {
		const entry = remembered.get(key);
		if (entry?.inFlight !== undefined && input.takeOverInFlight !== true) return { outcome: 'inFlight', settled: entry.inFlight.settled };
		if ((entry !== undefined && entry.inFlight === undefined) || storedHashes.has(key)) {
			return { outcome: 'repeat', carryRecords: (staticData) => writeRecords(staticData, remembered, [], nowMs, oldestMs) };
		}
	}

	let resolveSettled = () => {};
	const inFlight: InFlight = { settled: new Promise<void>((resolve) => (resolveSettled = resolve)) };
	const claimed = keys.record.filter((key) => {
		const entry = remembered.get(key);
		return entry === undefined || entry.inFlight !== undefined;
	});
	for (const key of claimed) remembered.set(key, { acceptedAt: nowMs, inFlight });
	let settled = false;
	let carried = false;

	return {
		outcome: 'claimed',
		claim: {
			record(staticData) {
				writeRecords(staticData, remembered, keys.record, nowMs, oldestMs);
			},
			carry(staticData) {
				// Once something was carried, later calls write again, so n8n still sees a change after clearing its flag.
				carried = writeRecords(staticData, remembered, [], nowMs, oldestMs, carried) || carried;
			},
			settle(executionStored) {
				if (settled) return;
				settled = true;
				for (const key of claimed) {
					// A copy that took the key over owns it now.
					if (remembered.get(key)?.inFlight !== inFlight) continue;
					if (executionStored) remembered.set(key, { acceptedAt: nowMs });
					else remembered.delete(key);
				}
				resolveSettled();
			},
		},
	};
}

/**
 * Adds `ownKeys` and this process's other stored deliveries (in case a concurrent save dropped them) to the static
 * data. A delivery's own record is always written, even when present, so that n8n sees a change to save; a carry
 * alone writes only when something was missing, so a repeat causes no database write for nothing.
 */
function writeRecords(
	staticData: IDataObject,
	remembered: Map<string, Remembered>,
	ownKeys: string[],
	nowMs: number,
	oldestMs: number,
	force = false,
): boolean {
	const buckets = storedBuckets(staticData, oldestMs);
	const present = hashesOf(buckets);
	let added = false;
	const add = (key: string, acceptedAt: number) => {
		if (present.has(key)) return;
		const start = String(acceptedAt - (acceptedAt % BUCKET_MS));
		buckets[start] = (buckets[start] ?? '') + key;
		present.add(key);
		added = true;
	};
	for (const key of ownKeys) add(key, nowMs);
	for (const [key, entry] of remembered) {
		if (entry.inFlight === undefined && entry.acceptedAt >= oldestMs) add(key, entry.acceptedAt);
	}
	if (!added && ownKeys.length === 0 && !force) return false;
	staticData[STORE_KEY] = capped(buckets);
	if (LEGACY_STORE_KEY in staticData) delete staticData[LEGACY_STORE_KEY];
	return true;
}

/** Drops the oldest hashes until at most MAX_REMEMBERED_KEYS remain. */
function capped(buckets: Buckets): Buckets {
	const starts = Object.keys(buckets).sort((a, b) => Number(a) - Number(b));
	let excess = starts.reduce((sum, start) => sum + buckets[start].length / HASH_LENGTH, 0) - MAX_REMEMBERED_KEYS;
	const result: Buckets = {};
	for (const start of starts) {
		const hashes = buckets[start];
		const drop = Math.min(Math.max(excess, 0), hashes.length / HASH_LENGTH);
		excess -= drop;
		if (drop * HASH_LENGTH < hashes.length) result[start] = hashes.slice(drop * HASH_LENGTH);
	}
	return result;
}
