/**
 * What verification costs (issue #12, P3): the body is hashed where it lies, never copied, and a delivery carrying
 * both signature headers hashes it once. `npm run bench` times it against a bare HMAC; these tests make a regression
 * fail here rather than only in the benchmark's chart. No timings are asserted.
 */
import crypto from 'node:crypto';

import { verifyTerraDelivery, verifyTerraSignature } from '../../nodes/TerraTrigger/verifySignature';

const SECRET = 'whsec-cost-test-secret';
const NOW = 1_723_808_700;
const MB = 1024 * 1024;

function sign(body: Uint8Array, t: number | string, secret = SECRET): string {
	return crypto.createHmac('sha256', secret).update(`${t}.`, 'utf8').update(body).digest('hex');
}

/** A 20 MB JSON-ish body. */
function bigBody(): Buffer {
	const body = Buffer.alloc(20 * MB, 'x');
	body.write('{"type":"daily","data":"', 0);
	body.write('"}', body.length - 2);
	return body;
}

/** Counts createHmac calls and the bytes fed to each HMAC, and whether the body went in as the same object. */
function watchHmacs(body: Uint8Array) {
	const real = crypto.createHmac.bind(crypto);
	const hmacs: Array<{ bytes: number; bodyPassedAsIs: boolean }> = [];
	const spy = jest.spyOn(crypto, 'createHmac').mockImplementation(((algorithm: string, key: crypto.BinaryLike) => {
		const hmac = real(algorithm, key);
		const seen = { bytes: 0, bodyPassedAsIs: false };
		hmacs.push(seen);
		const update = hmac.update.bind(hmac);
		hmac.update = ((data: crypto.BinaryLike, encoding?: crypto.Encoding) => {
			seen.bytes += typeof data === 'string' ? Buffer.byteLength(data, encoding ?? 'utf8') : data.byteLength;
			if (data === body) seen.bodyPassedAsIs = true;
			return encoding ? update(data as string, encoding) : update(data);
		}) as typeof hmac.update;
		return hmac;
	}) as typeof crypto.createHmac);
	return { hmacs, restore: () => spy.mockRestore() };
}

afterEach(() => jest.restoreAllMocks());

describe('verification does not copy the body', () => {
	const body = bigBody();
	const header = `t=${NOW},v1=${sign(body, NOW)}`;
	const headers = { 'x-terra-signature': header, 'terra-signature': header, 'content-type': 'application/json' };

	it('neither Buffer.concat nor Buffer.from sees the body, and the HMAC gets the body object itself', () => {
		const concat = jest.spyOn(Buffer, 'concat');
		const from = jest.spyOn(Buffer, 'from');
		const watch = watchHmacs(body);
		expect(verifyTerraDelivery({ rawBody: body, headers, secret: SECRET, nowSeconds: NOW })).toEqual({
			valid: true,
			timestamp: NOW,
			contentId: expect.stringMatching(/^[\w-]{22}$/),
		});
		expect(concat).not.toHaveBeenCalled();
		const bodySized = from.mock.calls.filter(([value]) => {
			const length = (value as { length?: unknown } | null)?.length;
			return value === body || (typeof length === 'number' && length >= MB);
		});
		expect(bodySized).toEqual([]);
		expect(watch.hmacs).toEqual([{ bytes: `${NOW}.`.length + body.length, bodyPassedAsIs: true }]);
	});

	it('a Uint8Array body (not a Buffer) is hashed as is too', () => {
		const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
		const watch = watchHmacs(view);
		expect(verifyTerraSignature({ rawBody: view, header, secret: SECRET, nowSeconds: NOW }).valid).toBe(true);
		expect(watch.hmacs).toEqual([{ bytes: `${NOW}.`.length + body.length, bodyPassedAsIs: true }]);
	});

	it('allocates less than a tenth of the body (arrayBuffers, across the call)', () => {
		// Twice: the first call may set up lazily allocated internals.
		for (let round = 0; round < 2; round++) {
			const before = process.memoryUsage().arrayBuffers;
			const result = verifyTerraDelivery({ rawBody: body, headers, secret: SECRET, nowSeconds: NOW });
			const grown = process.memoryUsage().arrayBuffers - before;
			expect(result.valid).toBe(true);
			expect(grown).toBeLessThan(body.length / 10);
		}
	});
});

describe('a delivery with both signature headers hashes its body once per timestamp', () => {
	const body = Buffer.from(JSON.stringify({ type: 'sleep', user: { user_id: 'u1' }, data: [{ a: 1 }] }));
	const genuine = `t=${NOW},v1=${sign(body, NOW)}`;
	const forged = `t=${NOW},v1=${sign(body, NOW, 'not-the-secret')}`;
	const run = (headers: Record<string, string>) => {
		const watch = watchHmacs(body);
		const result = verifyTerraDelivery({ rawBody: body, headers, secret: SECRET, nowSeconds: NOW });
		watch.restore();
		return { result, hashes: watch.hmacs.length };
	};

	it.each([
		['both genuine (what Terra sends)', { 'x-terra-signature': genuine, 'terra-signature': genuine }, true],
		['both forged, the same value', { 'x-terra-signature': forged, 'terra-signature': forged }, false],
		['x-terra-signature forged, terra-signature genuine', { 'x-terra-signature': forged, 'terra-signature': genuine }, true],
		['x-terra-signature genuine, terra-signature forged', { 'x-terra-signature': genuine, 'terra-signature': forged }, true],
		['both forged, different values', { 'x-terra-signature': forged, 'terra-signature': `t=${NOW},v1=${'0'.repeat(64)}` }, false],
	])('%s: one hash', (_name, headers, valid) => {
		const { result, hashes } = run(headers);
		expect(result.valid).toBe(valid);
		expect(hashes).toBe(1);
	});

	it('two headers with different timestamps: one hash each (the signed bytes differ)', () => {
		const older = `t=${NOW - 10},v1=${sign(body, NOW - 10)}`;
		const { result, hashes } = run({ 'x-terra-signature': forged.replace(`t=${NOW}`, `t=${NOW - 20}`), 'terra-signature': older });
		expect(result).toEqual({ valid: true, timestamp: NOW - 10, contentId: expect.stringMatching(/^[\w-]{22}$/) });
		expect(hashes).toBe(2);
	});

	it('a malformed header costs no hash at all', () => {
		const { result, hashes } = run({ 'x-terra-signature': 'garbage', 'terra-signature': `v1=${'a'.repeat(64)}` });
		expect(result).toEqual({ valid: false, reason: 'missing-timestamp' });
		expect(hashes).toBe(0);
	});
});
