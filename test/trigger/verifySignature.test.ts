/**
 * Unit tests of the pure Terra signature verifier (nodes/TerraTrigger/verifySignature.ts): every accepted form of a
 * genuine signature, and every rejection reason.
 */
import { createHash, createHmac } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

import {
	MAX_SIGNATURE_HEADER_LENGTH,
	MAX_V1_SIGNATURES,
	parseSignatureHeader,
	verifyTerraDelivery,
	verifyTerraSignature,
	type SignatureVerification,
} from '../../nodes/TerraTrigger/verifySignature';
import { signTerraPayload } from '../../emulator/webhooks/signature';

const SECRET = 'whsec-unit-test-secret';
const NOW = 1_723_808_700; // 2024-08-16, the timestamp of Terra's docs example
/** A valid result identifies the signed content (a hash of the matching signature, 22 base64url characters). */
const ANY_CONTENT_ID = expect.stringMatching(/^[\w-]{22}$/);

/** Independent reference implementation (string-based, like Terra's SDKs) used to build expected signatures. */
function sign(secret: string, t: number | string, body: Buffer | string): string {
	const hmac = createHmac('sha256', secret);
	hmac.update(`${t}.`, 'utf8');
	hmac.update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
	return hmac.digest('hex');
}

function verify(
	body: Buffer | string,
	header: string | string[] | undefined,
	extra: { secret?: string; toleranceSeconds?: number; nowSeconds?: number } = {},
): SignatureVerification {
	return verifyTerraSignature({
		rawBody: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
		header,
		secret: extra.secret ?? SECRET,
		toleranceSeconds: extra.toleranceSeconds ?? 300,
		nowSeconds: extra.nowSeconds ?? NOW,
	});
}

const BODY = JSON.stringify({ type: 'sleep', user: { user_id: 'u1', provider: 'OURA' }, data: [{ a: 1 }] });
const V1 = sign(SECRET, NOW, BODY);
const OTHER = sign('some-other-secret', NOW, BODY);
/** What a valid result carries for V1: a hash of the matching signature, not the signature. */
const CONTENT_ID = createHash('sha256').update(Buffer.from(V1, 'hex')).digest('base64url').slice(0, 22);

describe('verifyTerraSignature: genuine signatures are accepted in every form Terra (or a proxy) may send', () => {
	const accepted: Array<[string, string]> = [
		['canonical t=…,v1=…', `t=${NOW},v1=${V1}`],
		['reordered: v1 before t', `v1=${V1},t=${NOW}`],
		['spaces after commas (docs example style)', `t=${NOW}, v1=${V1}`],
		['whitespace around keys, values and separators', `  t = ${NOW} ,\tv1 =  ${V1}  `],
		['an extra v0 part after v1', `t=${NOW},v1=${V1},v0=${OTHER}`],
		['an extra v0 part before v1', `v0=${OTHER},t=${NOW},v1=${V1}`],
		['unknown extra parts (v2, flags, junk keys)', `t=${NOW},v2=abc,foo=bar,v1=${V1},x=`],
		['empty parts from stray commas', `,t=${NOW},,v1=${V1},`],
		['several v1, the matching one first', `t=${NOW},v1=${V1},v1=${OTHER}`],
		['several v1, the matching one in the middle', `t=${NOW},v1=${OTHER},v1=${V1},v1=${'0'.repeat(64)}`],
		['several v1, the matching one last', `t=${NOW},v1=${OTHER},v1=${'f'.repeat(64)},v1=${V1}`],
		['several v1 next to malformed ones', `t=${NOW},v1=zz,v1=${V1.toUpperCase()},v1=${V1}`],
		['the same header repeated (joined by a proxy with ", ")', `t=${NOW},v1=${V1}, t=${NOW},v1=${V1}`],
	];

	it.each(accepted)('%s', (_name, header) => {
		expect(verify(BODY, header)).toEqual({ valid: true, timestamp: NOW, contentId: CONTENT_ID });
	});

	it('a header value given as an array (several header lines) is joined', () => {
		expect(verify(BODY, [`t=${NOW}`, `v1=${V1}`])).toEqual({ valid: true, timestamp: NOW, contentId: CONTENT_ID });
	});

	it('matches the emulator’s signTerraPayload byte for byte', () => {
		expect(verify(BODY, signTerraPayload(SECRET, BODY, NOW))).toEqual({ valid: true, timestamp: NOW, contentId: ANY_CONTENT_ID });
	});

	const bodies: Array<[string, string | Buffer]> = [
		['unicode: accents, CJK, emoji and astral-plane characters', '{"name":"Zoë 山田 🏃‍♀️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢","note":"naïve café"}'],
		['unicode: combining characters and right-to-left text', '{"a":"e\u0301","b":"\u05e9\u05dc\u05d5\u05dd","c":"\u200f!"}'],
		['escaped unicode kept as sent (not re-serialised)', '{"name":"Zo\\u00eb","emoji":"\\ud83c\\udfc3"}'],
		['pretty-printed JSON with odd spacing, tabs and CRLF', '{\r\n\t"type" :   "sleep" ,\r\n  "data":[ 1,2 ,3 ]\r\n}\r\n'],
		['a trailing newline', `${BODY}\n`],
		['a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BODY)])],
		['bytes that are not valid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d])],
		['an empty body', ''],
		['a 2 MB body', JSON.stringify({ type: 'activity', data: 'x'.repeat(2 * 1024 * 1024) })],
	];

	it.each(bodies)('raw body with %s', (_name, body) => {
		const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
		expect(verify(raw, `t=${NOW},v1=${sign(SECRET, NOW, raw)}`)).toEqual({ valid: true, timestamp: NOW, contentId: ANY_CONTENT_ID });
	});

	it('verifies the bytes, not the parsed JSON: the same data re-serialised no longer verifies', () => {
		const raw = '{ "type": "sleep",  "data": [ { "a": 1 } ] }';
		const header = `t=${NOW},v1=${sign(SECRET, NOW, raw)}`;
		expect(verify(raw, header).valid).toBe(true);
		expect(verify(JSON.stringify(JSON.parse(raw)), header)).toEqual({ valid: false, reason: 'no-matching-signature' });
	});

	it('tolerance 0 turns the timestamp check off: an ancient (and a far-future) signature still verifies', () => {
		for (const t of [1, 0, 946_684_800, 32_503_680_000]) {
			const header = `t=${t},v1=${sign(SECRET, t, BODY)}`;
			expect(verify(BODY, header, { toleranceSeconds: 0 })).toEqual({ valid: true, timestamp: t, contentId: ANY_CONTENT_ID });
		}
	});

	it('the timestamp is signed as sent (leading zeros are part of the signed string)', () => {
		const t = `000${NOW}`;
		expect(verify(BODY, `t=${t},v1=${sign(SECRET, t, BODY)}`)).toEqual({ valid: true, timestamp: NOW, contentId: ANY_CONTENT_ID });
		expect(verify(BODY, `t=${t},v1=${V1}`)).toEqual({ valid: false, reason: 'no-matching-signature' });
	});

	it('the tolerance window is inclusive on both sides', () => {
		const old = NOW - 300;
		const future = NOW + 300;
		expect(verify(BODY, `t=${old},v1=${sign(SECRET, old, BODY)}`).valid).toBe(true);
		expect(verify(BODY, `t=${future},v1=${sign(SECRET, future, BODY)}`).valid).toBe(true);
	});

	it('uses the system clock when nowSeconds is not given', () => {
		const t = Math.floor(Date.now() / 1000);
		const result = verifyTerraSignature({
			rawBody: Buffer.from(BODY),
			header: `t=${t},v1=${sign(SECRET, t, BODY)}`,
			secret: SECRET,
			toleranceSeconds: 300,
		});
		expect(result).toEqual({ valid: true, timestamp: t, contentId: ANY_CONTENT_ID });
	});

	it('an invalid tolerance (negative, NaN) falls back to the 300 s default instead of disabling the check', () => {
		const t = NOW - 301;
		const header = `t=${t},v1=${sign(SECRET, t, BODY)}`;
		for (const toleranceSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(verify(BODY, header, { toleranceSeconds })).toEqual({
				valid: false,
				reason: 'timestamp-too-old',
				timestamp: t,
			});
		}
	});

	it('gzip-encoded delivery: n8n gunzips before setting rawBody, and the signature covers the decoded JSON', () => {
		// n8n's body parser (packages/cli/src/middlewares/body-parser.ts, rawBodyReader) pipes the request through
		// zlib's createGunzip() when Content-Encoding is gzip (createInflate() for deflate) and stores the result as
		// req.rawBody. So the trigger always sees, and verifies, the uncompressed bytes Terra signed.
		const json = JSON.stringify({ type: 'activity', data: [{ note: 'gzip ✓', values: [1, 2, 3] }] });
		const header = `t=${NOW},v1=${sign(SECRET, NOW, json)}`;
		const onTheWire = gzipSync(Buffer.from(json, 'utf8'));
		const rawBodyAsN8nSetsIt = gunzipSync(onTheWire);
		expect(verify(rawBodyAsN8nSetsIt, header)).toEqual({ valid: true, timestamp: NOW, contentId: ANY_CONTENT_ID });
		// The compressed bytes are not what was signed.
		expect(verify(onTheWire, header)).toEqual({ valid: false, reason: 'no-matching-signature' });
	});
});

describe('verifyTerraDelivery: header lookup', () => {
	const header = `t=${NOW},v1=${V1}`;
	const run = (headers: Record<string, string | undefined>) =>
		verifyTerraDelivery({ rawBody: Buffer.from(BODY), headers, secret: SECRET, nowSeconds: NOW });

	it.each([
		['x-terra-signature only', { 'x-terra-signature': header }],
		['terra-signature only', { 'terra-signature': header }],
		['both (what Terra sends today)', { 'x-terra-signature': header, 'terra-signature': header }],
		['mixed-case X-Terra-Signature', { 'X-Terra-Signature': header }],
		['upper-case TERRA-SIGNATURE', { 'TERRA-SIGNATURE': header }],
		['x-terra-signature broken, terra-signature genuine', { 'x-terra-signature': 'garbage', 'terra-signature': header }],
		['terra-signature broken, x-terra-signature genuine', { 'x-terra-signature': header, 'terra-signature': `t=${NOW},v1=${OTHER}` }],
	])('%s', (_name, headers) => {
		expect(run(headers)).toEqual({ valid: true, timestamp: NOW, contentId: ANY_CONTENT_ID });
	});

	it('reports the x-terra-signature failure first when both fail', () => {
		expect(run({ 'x-terra-signature': `t=${NOW},v1=${OTHER}`, 'terra-signature': 'garbage' })).toEqual({
			valid: false,
			reason: 'no-matching-signature',
		});
	});

	it('no signature header at all', () => {
		expect(run({ 'content-type': 'application/json', 'x-terra-signaturex': header })).toEqual({
			valid: false,
			reason: 'missing-header',
		});
		expect(verifyTerraDelivery({ rawBody: Buffer.from(BODY), headers: undefined, secret: SECRET })).toEqual({
			valid: false,
			reason: 'missing-header',
		});
	});
});

describe('verifyTerraSignature: rejections, with a reason and never an exception', () => {
	// Every row has all five columns: jest passes an extra `done` argument to a callback with more parameters
	// than the row has values, and would then wait for it.
	const cases: Array<[string, Buffer | string | undefined, string | undefined, string, object]> = [
		['no secret configured', BODY, `t=${NOW},v1=${V1}`, 'no-secret-configured', { secret: '' }],
		['missing raw body', undefined, `t=${NOW},v1=${V1}`, 'missing-raw-body', {}],
		['missing header', BODY, undefined, 'missing-header', {}],
		['empty header', BODY, '', 'missing-header', {}],
		['whitespace-only header', BODY, '   ', 'missing-header', {}],
		['wrong secret', BODY, `t=${NOW},v1=${OTHER}`, 'no-matching-signature', {}],
		['no t', BODY, `v1=${V1}`, 'missing-timestamp', {}],
		['empty t', BODY, `t=,v1=${V1}`, 'malformed-header', {}],
		['non-numeric t', BODY, `t=abc,v1=${V1}`, 'malformed-header', {}],
		['negative t', BODY, `t=-${NOW},v1=${V1}`, 'malformed-header', {}],
		['decimal t', BODY, `t=${NOW}.5,v1=${V1}`, 'malformed-header', {}],
		['t in exponent notation', BODY, `t=1.7e9,v1=${V1}`, 'malformed-header', {}],
		['absurdly long t', BODY, `t=${'9'.repeat(16)},v1=${V1}`, 'malformed-header', {}],
		['two different t values', BODY, `t=${NOW},t=${NOW + 1},v1=${V1}`, 'malformed-header', {}],
		['no v1', BODY, `t=${NOW}`, 'missing-v1-signature', {}],
		['empty v1', BODY, `t=${NOW},v1=`, 'missing-v1-signature', {}],
		['a valid v0 only (downgrade attempt)', BODY, `t=${NOW},v0=${V1}`, 'missing-v1-signature', {}],
		['valid signature under an unknown scheme only', BODY, `t=${NOW},v2=${V1},V1=${V1}`, 'missing-v1-signature', {}],
		['upper-case hex v1 (Terra sends lower-case)', BODY, `t=${NOW},v1=${V1.toUpperCase()}`, 'missing-v1-signature', {}],
		['non-hex v1', BODY, `t=${NOW},v1=${'g'.repeat(64)}`, 'missing-v1-signature', {}],
		['odd-length v1', BODY, `t=${NOW},v1=${V1.slice(0, 63)}`, 'missing-v1-signature', {}],
		['v1 one byte short', BODY, `t=${NOW},v1=${V1.slice(0, 62)}`, 'missing-v1-signature', {}],
		['v1 one byte long', BODY, `t=${NOW},v1=${V1}00`, 'missing-v1-signature', {}],
		['base64 v1 (the legacy docs’ warning)', BODY, `t=${NOW},v1=${Buffer.from(V1, 'hex').toString('base64')}`, 'missing-v1-signature', {}],
		['key and value swapped', BODY, `${NOW}=t,${V1}=v1`, 'missing-timestamp', {}],
		['t and v1 separated by ; instead of ,', BODY, `t=${NOW};v1=${V1}`, 'malformed-header', {}],
		['header longer than the limit', BODY, `t=${NOW},v1=${V1},x=${'a'.repeat(MAX_SIGNATURE_HEADER_LENGTH)}`, 'malformed-header', {}],
		['more v1 values than the limit', BODY, `t=${NOW},${Array.from({ length: MAX_V1_SIGNATURES }, () => `v1=${OTHER}`).join(',')},v1=${V1}`, 'malformed-header', {}],
		['signature for another body', `${BODY} `, `t=${NOW},v1=${V1}`, 'no-matching-signature', {}],
		['signature for another timestamp', BODY, `t=${NOW + 1},v1=${V1}`, 'no-matching-signature', {}],
		['timestamp in milliseconds (the Vantage sample’s bug)', BODY, `t=${NOW * 1000},v1=${sign(SECRET, NOW * 1000, BODY)}`, 'timestamp-in-future', {}],
	];

	it.each(cases)('%s', (_name, body, header, reason, extra) => {
		const result = verifyTerraSignature({
			rawBody: body === undefined ? undefined : Buffer.from(body),
			header,
			secret: SECRET,
			toleranceSeconds: 300,
			nowSeconds: NOW,
			...extra,
		});
		expect(result.valid).toBe(false);
		expect(result).toMatchObject({ reason });
	});

	it('signed too long ago', () => {
		const t = NOW - 301;
		expect(verify(BODY, `t=${t},v1=${sign(SECRET, t, BODY)}`)).toEqual({
			valid: false,
			reason: 'timestamp-too-old',
			timestamp: t,
		});
	});

	it('signed too far in the future', () => {
		const t = NOW + 301;
		expect(verify(BODY, `t=${t},v1=${sign(SECRET, t, BODY)}`)).toEqual({
			valid: false,
			reason: 'timestamp-in-future',
			timestamp: t,
		});
	});

	it('a custom tolerance is honoured', () => {
		const t = NOW - 3600;
		const header = `t=${t},v1=${sign(SECRET, t, BODY)}`;
		expect(verify(BODY, header, { toleranceSeconds: 3599 })).toMatchObject({ valid: false, reason: 'timestamp-too-old' });
		expect(verify(BODY, header, { toleranceSeconds: 3600 })).toEqual({ valid: true, timestamp: t, contentId: ANY_CONTENT_ID });
	});

	it('the signature is checked before the timestamp: a stale forgery reports no-matching-signature', () => {
		const t = NOW - 10_000;
		expect(verify(BODY, `t=${t},v1=${sign('wrong', t, BODY)}`)).toEqual({ valid: false, reason: 'no-matching-signature' });
	});

	it('never throws, whatever it is given', () => {
		const weird: unknown[] = [null, 42, {}, [], ['a', 1], Symbol.iterator, 't=1,v1=' + '\u0000'.repeat(64)];
		for (const header of weird) {
			for (const rawBody of [undefined, null, Buffer.alloc(0), 'string body', 7]) {
				for (const secret of [SECRET, '', undefined, 12]) {
					expect(() =>
						verifyTerraSignature({
							rawBody: rawBody as Buffer,
							header: header as string,
							secret: secret as string,
							nowSeconds: NOW,
						}),
					).not.toThrow();
				}
			}
		}
	});

	it('results never contain the secret or a signature value', () => {
		const headers = [`t=${NOW},v1=${V1}`, `t=${NOW},v1=${OTHER}`, `t=${NOW - 999},v1=${sign(SECRET, NOW - 999, BODY)}`, 'garbage', `t=${NOW},v0=${V1}`];
		for (const header of headers) {
			const serialised = JSON.stringify(verify(BODY, header));
			expect(serialised).not.toContain(SECRET);
			expect(serialised).not.toContain(V1);
			expect(serialised).not.toContain(OTHER);
		}
	});
});

describe('parseSignatureHeader', () => {
	it('keeps t as sent and only the well-formed v1 values', () => {
		expect(parseSignatureHeader(` v0=${OTHER}, v1=${V1} ,t=${NOW},v1=nothex, v1=${OTHER}`)).toEqual({
			timestamp: String(NOW),
			signatures: [V1, OTHER],
		});
	});
});
