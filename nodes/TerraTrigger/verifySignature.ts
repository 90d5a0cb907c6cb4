/**
 * Verification of Terra's webhook signature header, as a pure function.
 *
 * Terra signs every webhook delivery with the destination's signing secret:
 *
 *   terra-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
 *
 * (sent as `X-Terra-Signature`, plus the older `Terra-Signature` duplicate). The header may carry several
 * signatures; only the `v1` scheme counts, so a delivery is genuine when ANY `v1` value matches. Other schemes
 * (such as `v0`) are ignored and never accepted, which rules out downgrade attacks.
 *
 * Nothing here throws, and nothing returned contains the secret or a signature value.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

import { getHeader } from './headers';

/** The two header names Terra uses, in the order they are tried. */
export const TERRA_SIGNATURE_HEADERS = ['x-terra-signature', 'terra-signature'] as const;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Headers longer than this are refused before any parsing (Terra's are about 80 characters). */
export const MAX_SIGNATURE_HEADER_LENGTH = 4096;

/** At most this many `v1` values are compared; a header with more is refused as malformed. */
export const MAX_V1_SIGNATURES = 16;

/** The largest timestamp accepted as a number: 15 digits stays well inside Number's exact integer range. */
const MAX_TIMESTAMP_DIGITS = 15;

const V1_SIGNATURE = /^[0-9a-f]{64}$/;
/** The form Terra sends, read with one match; anything else takes the general parse below (same result). */
const CANONICAL_HEADER = /^t=([0-9]{1,15}),v1=([0-9a-f]{64})$/;
const TIMESTAMP = /^[0-9]+$/;

export type SignatureFailureReason =
	/** No secret to verify with. An empty key would make every signature forgeable. */
	| 'no-secret-configured'
	/** The request's raw body was not available, so nothing can be verified. */
	| 'missing-raw-body'
	/** Neither `x-terra-signature` nor `terra-signature` is present (or it is empty). */
	| 'missing-header'
	/** The header could not be parsed: too long, conflicting `t` values, a non-numeric `t`, too many `v1`. */
	| 'malformed-header'
	/** The header has no `t` part. */
	| 'missing-timestamp'
	/** The header has no usable `v1` part (absent, empty, or not 64 lowercase hex digits). */
	| 'missing-v1-signature'
	/** Well-formed, but no `v1` value matches: wrong secret, or the body or timestamp was altered. */
	| 'no-matching-signature'
	/** Genuine, but signed longer ago than the tolerance allows (a replay, or a clock far behind). */
	| 'timestamp-too-old'
	/** Genuine, but signed further in the future than the tolerance allows. */
	| 'timestamp-in-future';

export type SignatureVerification =
	/**
	 * `contentId`: identifies the signed `<t>.<body>` (a hash of the matching signature, never the signature itself),
	 * so a repeat can be recognised without hashing the body again.
	 */
	| { valid: true; timestamp: number; contentId: string }
	| { valid: false; reason: SignatureFailureReason; timestamp?: number };

export interface VerifyTerraSignatureInput {
	/** The request body exactly as received (after any transfer decompression), never re-serialised JSON. */
	rawBody: Buffer | Uint8Array | undefined;
	/** The value of the `x-terra-signature` (or `terra-signature`) header. */
	header: string | string[] | undefined;
	/** The destination's signing secret. */
	secret: string;
	/** Largest allowed distance between `t` and now, in seconds; 0 turns the timestamp check off. Default 300. */
	toleranceSeconds?: number;
	/** The current time in Unix seconds (for tests). Defaults to the system clock. */
	nowSeconds?: number;
}

interface ParsedHeader {
	timestamp: string;
	signatures: string[];
}

/** Splits a Terra signature header into its `t` value and its well-formed `v1` values. */
export function parseSignatureHeader(
	header: string,
): ParsedHeader | { reason: SignatureFailureReason } {
	if (header.length > MAX_SIGNATURE_HEADER_LENGTH) return { reason: 'malformed-header' };
	const canonical = CANONICAL_HEADER.exec(header);
	if (canonical) return { timestamp: canonical[1], signatures: [canonical[2]] };

	let timestamp: string | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		// Parts without a key/value pair (empty parts from stray commas, unknown flags) are ignored.
		if (separator === -1) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') {
			if (!TIMESTAMP.test(value) || value.length > MAX_TIMESTAMP_DIGITS) {
				return { reason: 'malformed-header' };
			}
			// The same header repeated (proxies join repeats with ", ") is fine; two different `t` are not.
			if (timestamp !== undefined && timestamp !== value) return { reason: 'malformed-header' };
			timestamp = value;
		} else if (key === 'v1') {
			// Only well-formed values are compared; anything else can never match.
			if (V1_SIGNATURE.test(value)) signatures.push(value);
			if (signatures.length > MAX_V1_SIGNATURES) return { reason: 'malformed-header' };
		}
		// Any other scheme (v0, v2, …) and unknown keys are ignored on purpose.
	}
	if (timestamp === undefined) return { reason: 'missing-timestamp' };
	if (signatures.length === 0) return { reason: 'missing-v1-signature' };
	return { timestamp, signatures };
}

/**
 * HMAC-SHA256 over the bytes `<t>.<raw body>`, keyed with the secret. The prefix and the body go into the HMAC one
 * after the other: the body (often megabytes) is hashed where it lies, never copied.
 */
export function computeTerraSignature(secret: string, timestamp: string, rawBody: Buffer | Uint8Array): Buffer {
	return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();
}

/** One delivery's signatures by `t`: both headers (Terra sends both, with the same `t`) cost one hash together. */
type SignatureCache = Map<string, Buffer>;

type VerifyFields = Omit<VerifyTerraSignatureInput, 'header'>;

function effectiveTolerance(toleranceSeconds: number | undefined): number {
	if (toleranceSeconds === undefined) return DEFAULT_TOLERANCE_SECONDS;
	if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) return DEFAULT_TOLERANCE_SECONDS;
	return toleranceSeconds;
}

/** Checks one Terra signature header against the raw body and secret. Never throws. */
export function verifyTerraSignature(input: VerifyTerraSignatureInput): SignatureVerification {
	return verifySafely(input, input.header, new Map());
}

function verifySafely(fields: VerifyFields, header: VerifyTerraSignatureInput['header'], cache: SignatureCache): SignatureVerification {
	try {
		return verify(fields, header, cache);
	} catch {
		// Defensive only: every input above is validated before use, so this is not expected to happen.
		return { valid: false, reason: 'malformed-header' };
	}
}

function verify(fields: VerifyFields, rawHeader: VerifyTerraSignatureInput['header'], cache: SignatureCache): SignatureVerification {
	const { secret, rawBody } = fields;
	if (typeof secret !== 'string' || secret.length === 0) return { valid: false, reason: 'no-secret-configured' };
	if (rawBody === undefined || rawBody === null) return { valid: false, reason: 'missing-raw-body' };
	const header = Array.isArray(rawHeader) ? rawHeader.join(',') : rawHeader;
	if (typeof header !== 'string' || header.trim() === '') return { valid: false, reason: 'missing-header' };

	const parsed = parseSignatureHeader(header);
	if ('reason' in parsed) return { valid: false, reason: parsed.reason };

	let expected = cache.get(parsed.timestamp);
	if (expected === undefined) {
		expected = computeTerraSignature(secret, parsed.timestamp, rawBody);
		cache.set(parsed.timestamp, expected);
	}
	let matched = false;
	// Every candidate is compared (no early exit), each in constant time on equal-length buffers.
	for (const signature of parsed.signatures) {
		const candidate = Buffer.from(signature, 'hex');
		if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
	}
	const timestamp = Number(parsed.timestamp);
	if (!matched) return { valid: false, reason: 'no-matching-signature' };

	const tolerance = effectiveTolerance(fields.toleranceSeconds);
	if (tolerance > 0) {
		const now = fields.nowSeconds ?? Math.floor(Date.now() / 1000);
		if (now - timestamp > tolerance) return { valid: false, reason: 'timestamp-too-old', timestamp };
		if (timestamp - now > tolerance) return { valid: false, reason: 'timestamp-in-future', timestamp };
	}
	return { valid: true, timestamp, contentId: createHash('sha256').update(expected).digest('base64url').slice(0, 22) };
}

export interface VerifyTerraDeliveryInput extends VerifyFields {
	headers: Record<string, string | string[] | undefined> | undefined;
}

/**
 * Verifies a delivery from its headers: tries `x-terra-signature`, then `terra-signature` (Terra currently sends
 * both), and accepts if either verifies. A failure reports the reason for the first header present. The body is
 * hashed once per distinct `t`, and a second header equal to the first is not checked again: two headers with the
 * same timestamp cost one hash, whatever their outcome.
 */
export function verifyTerraDelivery(input: VerifyTerraDeliveryInput): SignatureVerification {
	const cache: SignatureCache = new Map();
	let firstFailure: SignatureVerification | undefined;
	let previous: string | undefined;
	for (const name of TERRA_SIGNATURE_HEADERS) {
		const header = getHeader(input.headers, name);
		if (header === undefined || header === previous) continue;
		previous = header;
		const result = verifySafely(input, header, cache);
		if (result.valid) return result;
		firstFailure ??= result;
	}
	return firstFailure ?? verifySafely(input, undefined, cache);
}
