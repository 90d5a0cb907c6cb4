/**
 * Repeated deliveries. Terra delivers at least once: a delivery it did not see answered in time is sent again with
 * the same `X-Terra-Trace-Id`, and a captured request can be replayed while its signature is within the tolerance.
 * A delivery whose execution n8n already stored within the window is acknowledged and starts nothing.
 *
 * A delivery is known by its trace ID. Its verified signature (which stands for the signed `<t>.<body>`) is
 * remembered too and looked up for a delivery without a trace ID, so a replay that drops that (unsigned) header is
 * still recognised. It is not looked up when a trace ID is present: Terra may send two different deliveries with the
 * same body in the same second (two requests for the same data), and those must both run. Keys are kept as
 * 10-character hashes (60 bits), so a false match is about one in 10^15 per remembered key. The static data keeps one
 * key per delivery, the one it is looked up by (the trace ID's when it has one): n8n reads the whole static data twice
 * per request, so its size is paid on every delivery (bench P2, issue 17). A replay without the trace ID header of a
 * delivery that had one is therefore recognised by the process that received the original, not after a restart.
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
 *    concatenated hashes, at most MAX_STORED_KEYS (about 5 KB).
 *
 * n8n answers a request only after writing its changed static data, and that write queues behind every execution
 * the database is storing: a write per delivery held each answer back until the whole queue had drained (issue 17:
 * 0.57× the Webhook node's rate at 5 MB). So one delivery per trigger and process at a time writes: the "writer".
 * A delivery that arrives while the writer is unanswered writes nothing; once stored, its record is added to the
 * writer's static data if n8n has not saved that yet, and otherwise goes with the next writer's, the first delivery
 * to arrive after the writer was answered. One delivery at a time: every delivery writes its own record, as before.
 * While other deliveries are unanswered, a new writer comes at most every BUSY_WRITE_INTERVAL_MS: the write delays
 * its own answer, and the last answer of a burst is what Terra waits longest for. A burst: the first delivery writes,
 * and the rest are saved with a later writer's or the next delivery after it (until then only this process knows
 * them). Handing the role to a delivery already waiting would put its write behind the whole queue again.
 */
import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

export const DEFAULT_REPEAT_WINDOW_MINUTES = 24 * 60;
/** Keys remembered in memory per trigger node (two per verified delivery with a trace ID). */
export const MAX_REMEMBERED_KEYS = 2000;
/** Keys kept in the static data per trigger node (one per delivery, about 5 KB): n8n reads them twice per request. */
export const MAX_STORED_KEYS = 500;
const HASH_LENGTH = 10;
const STORED_HASHES = /^(?:[\w-]{10})*$/;
const BUCKET_MS = 10 * 60 * 1000;
const MAX_SCOPES = 100;
/** The least time between two writers while other deliveries are unanswered (bench P2: 1 s still cost 5–9 % at 200 KB). */
export const BUSY_WRITE_INTERVAL_MS = 3000;
/** A writer n8n has not answered within this long no longer holds the role (n8n answers every request, or has crashed). */
export const WRITER_TIMEOUT_MS = 60_000;
export const STORE_KEY = 'repeatedDeliveries';
/** The store of earlier versions (large-request counting), removed on the first write. */
const LEGACY_STORE_KEY = 'largeRequests';

export interface DeliveryIdentity {
	traceId: string | null;
	/** The verified signature's `contentId` (it stands for the signed `<t>.<body>`); null when the delivery did not verify. */
	signedContent: string | null;
}

function shortHash(value: string): string {
	return createHash('sha256').update(value).digest('base64url').slice(0, HASH_LENGTH);
}

export interface DeliveryKeys {
	/** Looked up, and the one kept in the static data: the trace ID's key, or the signature's when there is no trace ID. */
	check: string[];
	/** Remembered in memory: both, so a replay that drops the trace ID header is still recognised. */
	record: string[];
}

/** The hashed keys of one delivery; empty when it has neither a trace ID nor a verified signature. */
export function deliveryKeys(delivery: DeliveryIdentity): DeliveryKeys {
	const trace = delivery.traceId === null ? undefined : shortHash(`trace:${delivery.traceId}`);
	// The HMAC of `<t>.<body>` identifies the signed content as a hash of the body would, without reading the body again.
	const signed = delivery.signedContent === null ? undefined : shortHash(`signed:${delivery.signedContent}`);
	const check = trace ?? signed;
	return {
		check: check === undefined ? [] : [check],
		record: [trace, signed].filter((key): key is string => key !== undefined),
	};
}

interface Remembered {
	acceptedAt: number;
	/** Whether the static data keeps this key too (see above). */
	stored: boolean;
	/** The claim that holds the key while n8n has not answered its delivery yet; undefined once the execution is stored. */
	inFlight?: InFlight;
}

interface InFlight {
	/** Resolves when n8n has answered the delivery (either way). */
	settled: Promise<void>;
}

/** A claimed delivery's static data (the copy n8n saves when it answers), offered for the records. */
interface Offer {
	staticData: IDataObject;
	/** Its own keys, written with it (When Execution Is Stored); empty when only earlier records go with it. */
	ownKeys: string[];
	nowMs: number;
	oldestMs: number;
}

interface Scope {
	/** Keys this process accepted, oldest first (a Map keeps insertion order). */
	keys: Map<string, Remembered>;
	/** The unanswered delivery whose static data carries the records, and since when. */
	writer?: { offer: Offer; since: number };
	/** When the last writer was chosen. */
	lastWriteAt?: number;
	/** Claimed deliveries n8n has not answered yet. */
	unanswered: number;
}

const scopes = new Map<string, Scope>();

function scopeFor(name: string): Scope {
	let scope = scopes.get(name);
	if (scope === undefined) {
		scope = { keys: new Map(), unanswered: 0 };
		if (scopes.size >= MAX_SCOPES) scopes.delete(scopes.keys().next().value as string);
	} else {
		scopes.delete(name);
	}
	scopes.set(name, scope);
	return scope;
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

/** Whether the static data holds `key` in a bucket inside the window (a search of the stored text, no copies). */
function isStored(staticData: IDataObject, oldestMs: number, key: string): boolean {
	const stored = staticData[STORE_KEY];
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
	for (const [start, hashes] of Object.entries(stored as IDataObject)) {
		if (typeof hashes !== 'string' || !(Number(start) + BUCKET_MS > oldestMs)) continue;
		for (let at = hashes.indexOf(key); at >= 0; at = hashes.indexOf(key, at + 1)) if (at % HASH_LENGTH === 0) return true;
	}
	return false;
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
	 * Offers the delivery's static data (which n8n saves only once it has stored the execution) for its record and
	 * this process's other stored deliveries. Written into only while this delivery is the writer (see above).
	 * Called again on the next timer: n8n 2.40.7 clears the "changed" flag when its run starts.
	 */
	record(staticData: IDataObject): void;
	/**
	 * The same without this delivery's own record: for "When Workflow Finishes", where n8n saves the static data even
	 * when the workflow failed, so this delivery is remembered in memory once it succeeded and reaches the static data
	 * with a later delivery's save.
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

/** The writer, unless it has gone unanswered for too long. */
function currentWriter(scope: Scope): Offer | undefined {
	if (scope.writer !== undefined && Date.now() - scope.writer.since > WRITER_TIMEOUT_MS) scope.writer = undefined;
	return scope.writer?.offer;
}

/** Makes `offer` the writer if writing into it adds anything (always when it has own keys). */
function tryWriter(scope: Scope, offer: Offer): boolean {
	const now = Date.now();
	// Under load (other deliveries unanswered), a write a second at most: each one delays its own answer.
	const recently = scope.lastWriteAt !== undefined && now - scope.lastWriteAt < BUSY_WRITE_INTERVAL_MS && now >= scope.lastWriteAt;
	if (scope.unanswered > 1 && recently) return false;
	if (!writeRecords(offer.staticData, scope.keys, offer.ownKeys, offer.nowMs, offer.oldestMs)) return false;
	scope.writer = { offer, since: now };
	scope.lastWriteAt = now;
	return true;
}


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
	const scope = scopeFor(input.scope);
	const remembered = scope.keys;
	pruneMemory(remembered, oldestMs);
	for (const key of keys.check) {
		const entry = remembered.get(key);
		if (entry?.inFlight !== undefined && input.takeOverInFlight !== true) return { outcome: 'inFlight', settled: entry.inFlight.settled };
		if ((entry !== undefined && entry.inFlight === undefined) || isStored(input.staticData, oldestMs, key)) {
			return {
				outcome: 'repeat',
				// Not while a writer is unanswered: it carries the same records, and this would be one more write to wait for.
				carryRecords: (staticData) => {
					if (currentWriter(scope) === undefined) writeRecords(staticData, remembered, [], nowMs, oldestMs);
				},
			};
		}
	}

	let resolveSettled = () => {};
	const inFlight: InFlight = { settled: new Promise<void>((resolve) => (resolveSettled = resolve)) };
	const claimed = keys.record.filter((key) => {
		const entry = remembered.get(key);
		return entry === undefined || entry.inFlight !== undefined;
	});
	for (const key of claimed) remembered.set(key, { acceptedAt: nowMs, stored: keys.check.includes(key), inFlight });
	scope.unanswered++;
	let settled = false;
	let offer: Offer | undefined;

	const offerStaticData = (staticData: IDataObject, ownKeys: string[]) => {
		if (settled) return;
		if (offer === undefined) {
			offer = { staticData, ownKeys, nowMs, oldestMs };
		} else {
			// n8n may hand out a new proxy of the same static data on each call.
			offer.staticData = staticData;
			offer.ownKeys = ownKeys;
		}
		const writer = currentWriter(scope);
		if (writer === offer) {
			// Written again (n8n may have cleared its "changed" flag since).
			writeRecords(offer.staticData, remembered, offer.ownKeys, nowMs, oldestMs, true);
		} else if (writer === undefined) {
			tryWriter(scope, offer);
		}
	};

	return {
		outcome: 'claimed',
		claim: {
			record: (staticData) => offerStaticData(staticData, keys.check),
			carry: (staticData) => offerStaticData(staticData, []),
			settle(executionStored) {
				if (settled) return;
				settled = true;
				scope.unanswered--;
				for (const key of claimed) {
					const entry = remembered.get(key);
					// A copy that took the key over owns it now.
					if (entry?.inFlight !== inFlight) continue;
					if (executionStored) remembered.set(key, { acceptedAt: nowMs, stored: entry.stored });
					else remembered.delete(key);
				}
				if (offer !== undefined && scope.writer?.offer === offer) scope.writer = undefined;
				const writer = currentWriter(scope);
				// Stored while the writer is unanswered: its save may still take this record along.
				if (executionStored && writer !== undefined) appendRecord(writer.staticData, keys.check, nowMs, writer.oldestMs);
				resolveSettled();
			},
		},
	};
}

/**
 * Adds `ownKeys` and this process's other stored deliveries (in case a concurrent save dropped them) to the static
 * data. A delivery's own record is always written, even when present, so that n8n sees a change to save; otherwise
 * it writes only when something was missing (or `force`), so no database write happens for nothing.
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
	// Only the newest MAX_STORED_KEYS: memory keeps more, and an older one added back would push out a newer one.
	const recent: Array<[string, number]> = [];
	for (const [key, entry] of remembered) {
		if (entry.stored && entry.inFlight === undefined && entry.acceptedAt >= oldestMs) recent.push([key, entry.acceptedAt]);
	}
	for (const [key, acceptedAt] of recent.slice(-MAX_STORED_KEYS)) add(key, acceptedAt);
	if (!added && ownKeys.length === 0 && !force) return false;
	staticData[STORE_KEY] = capped(buckets);
	if (LEGACY_STORE_KEY in staticData) delete staticData[LEGACY_STORE_KEY];
	return true;
}

/** Adds one delivery's keys to static data that already holds this process's other records (the writer's). */
function appendRecord(staticData: IDataObject, keys: string[], acceptedAt: number, oldestMs: number): void {
	const missing = keys.filter((key) => !isStored(staticData, oldestMs, key));
	if (missing.length === 0 || acceptedAt < oldestMs) return;
	const buckets = storedBuckets(staticData, oldestMs);
	const start = String(acceptedAt - (acceptedAt % BUCKET_MS));
	buckets[start] = (buckets[start] ?? '') + missing.join('');
	staticData[STORE_KEY] = capped(buckets);
}

/** Drops the oldest hashes until at most MAX_STORED_KEYS remain. */
function capped(buckets: Buckets): Buckets {
	const starts = Object.keys(buckets).sort((a, b) => Number(a) - Number(b));
	let excess = starts.reduce((sum, start) => sum + buckets[start].length / HASH_LENGTH, 0) - MAX_STORED_KEYS;
	const result: Buckets = {};
	for (const start of starts) {
		const hashes = buckets[start];
		const drop = Math.min(Math.max(excess, 0), hashes.length / HASH_LENGTH);
		excess -= drop;
		if (drop * HASH_LENGTH < hashes.length) result[start] = hashes.slice(drop * HASH_LENGTH);
	}
	return result;
}
