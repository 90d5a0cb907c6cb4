/**
 * Property/fuzz tests of the Terra signature verifier: 12,000 generated attacks (forged, tampered, replayed,
 * future-dated, truncated and malformed headers), of which none may be accepted. A positive property first checks
 * that the generators produce genuine deliveries the verifier accepts, so the attacks start from real signatures.
 *
 * Each category runs the number of cases in its test name; the count is asserted after the run. A failure prints
 * fast-check's seed and the shrunk counterexample (re-run with FC_SEED=<seed> to reproduce).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

import { verifyTerraSignature, type SignatureVerification } from '../../nodes/TerraTrigger/verifySignature';

const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

function sign(secret: string, t: string | number, body: Uint8Array): string {
	return createHmac('sha256', secret).update(`${t}.`, 'utf8').update(body).digest('hex');
}

interface Delivery {
	secret: string;
	body: Uint8Array;
	t: number;
	now: number;
	tolerance: number;
}

const secretArb = fc.string({ minLength: 1, maxLength: 64, unit: 'binary' });
const bodyArb = fc.oneof(
	fc.uint8Array({ minLength: 0, maxLength: 512 }),
	fc.json({ maxDepth: 3 }).map((json) => new Uint8Array(Buffer.from(json, 'utf8'))),
	fc.string({ maxLength: 256, unit: 'grapheme' }).map((text) => new Uint8Array(Buffer.from(text, 'utf8'))),
);
const nowArb = fc.integer({ min: 1_500_000_000, max: 2_500_000_000 });
const toleranceArb = fc.integer({ min: 1, max: 86_400 });

/** A genuine delivery: t within the tolerance of now. */
const deliveryArb: fc.Arbitrary<Delivery> = fc
	.record({ secret: secretArb, body: bodyArb, now: nowArb, tolerance: toleranceArb, offset: fc.double({ min: -1, max: 1, noNaN: true }) })
	.map(({ offset, ...rest }) => ({ ...rest, t: rest.now + Math.trunc(offset * rest.tolerance) }));

function check(delivery: Delivery, header: string, body: Uint8Array = delivery.body): SignatureVerification {
	return verifyTerraSignature({
		rawBody: Buffer.from(body),
		header,
		secret: delivery.secret,
		toleranceSeconds: delivery.tolerance,
		nowSeconds: delivery.now,
	});
}

/** Runs a property that must never see an accepted delivery; returns how many cases ran. */
function assertNoneAccepted<T>(arb: fc.Arbitrary<T>, numRuns: number, attempt: (value: T) => SignatureVerification): number {
	let ran = 0;
	fc.assert(
		fc.property(arb, (value) => {
			ran += 1;
			const result = attempt(value);
			return result.valid === false;
		}),
		{ numRuns, seed: SEED },
	);
	return ran;
}

const RUNS = {
	forged: 2000,
	tamperedBody: 2000,
	tamperedSignature: 2000,
	replayed: 1000,
	future: 1000,
	truncated: 1000,
	malformed: {
		randomStrings: 600,
		missingT: 300,
		missingV1: 300,
		v0Only: 300,
		nonHex: 300,
		wrongLength: 300,
		duplicateOrEmptyParts: 600,
	},
};
const TOTAL =
	RUNS.forged +
	RUNS.tamperedBody +
	RUNS.tamperedSignature +
	RUNS.replayed +
	RUNS.future +
	RUNS.truncated +
	Object.values(RUNS.malformed).reduce((sum, n) => sum + n, 0);

const HEX = '0123456789abcdef';

describe(`verifier fuzz: ${TOTAL.toLocaleString('en')} generated attacks, zero accepted`, () => {
	const counted: Record<string, number> = {};

	afterAll(() => {
		const lines = Object.entries(counted).map(([name, n]) => `  ${name.padEnd(34)} ${String(n).padStart(6)} cases, 0 accepted`);
		const total = Object.values(counted).reduce((sum, n) => sum + n, 0);
		process.stdout.write(`\nTerra signature fuzz: ${total} attack cases run, 0 accepted\n${lines.join('\n')}\n`);
	});

	it('sanity: 1,000 genuine deliveries (random secret, body, clock and tolerance) are all accepted', () => {
		let ran = 0;
		fc.assert(
			fc.property(deliveryArb, fc.boolean(), (delivery, reorder) => {
				ran += 1;
				const v1 = sign(delivery.secret, delivery.t, delivery.body);
				const header = reorder ? `v1=${v1},t=${delivery.t}` : `t=${delivery.t},v1=${v1}`;
				const result = check(delivery, header);
				return result.valid && result.timestamp === delivery.t;
			}),
			{ numRuns: 1000, seed: SEED },
		);
		expect(ran).toBe(1000);
	});

	it(`forged: ${RUNS.forged} deliveries signed with a random other secret`, () => {
		// HMAC pads keys shorter than its block with zero bytes, so "k" and "k\0" are the same key: such pairs are
		// the same secret, not a forgery.
		const keyOf = (secret: string) => Buffer.from(secret, 'utf8').toString('hex').replace(/(00)+$/, '');
		const arb = fc.tuple(deliveryArb, secretArb).filter(([delivery, forged]) => keyOf(forged) !== keyOf(delivery.secret));
		counted.forged = assertNoneAccepted(arb, RUNS.forged, ([delivery, forged]) =>
			check(delivery, `t=${delivery.t},v1=${sign(forged, delivery.t, delivery.body)}`),
		);
		expect(counted.forged).toBe(RUNS.forged);
	});

	it(`tampered body: ${RUNS.tamperedBody} genuine signatures with one byte of the body changed`, () => {
		const arb = fc
			.tuple(
				deliveryArb.filter((delivery) => delivery.body.length > 0),
				fc.nat(),
				fc.integer({ min: 1, max: 255 }),
			)
			.map(([delivery, position, delta]) => {
				const index = position % delivery.body.length;
				const tampered = new Uint8Array(delivery.body);
				tampered[index] = (tampered[index] + delta) % 256; // delta 1..255 always changes the byte
				return { delivery, tampered };
			});
		counted['tampered body'] = assertNoneAccepted(arb, RUNS.tamperedBody, ({ delivery, tampered }) =>
			check(delivery, `t=${delivery.t},v1=${sign(delivery.secret, delivery.t, delivery.body)}`, tampered),
		);
		expect(counted['tampered body']).toBe(RUNS.tamperedBody);
	});

	it(`tampered signature: ${RUNS.tamperedSignature} genuine signatures with one hex digit changed`, () => {
		const arb = fc.tuple(deliveryArb, fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 15 })).map(([delivery, index, delta]) => {
			const v1 = sign(delivery.secret, delivery.t, delivery.body);
			const digit = HEX[(HEX.indexOf(v1[index]) + delta) % 16];
			return { delivery, header: `t=${delivery.t},v1=${v1.slice(0, index)}${digit}${v1.slice(index + 1)}` };
		});
		counted['tampered signature'] = assertNoneAccepted(arb, RUNS.tamperedSignature, ({ delivery, header }) => check(delivery, header));
		expect(counted['tampered signature']).toBe(RUNS.tamperedSignature);
	});

	it(`replayed too late: ${RUNS.replayed} genuine signatures older than the tolerance`, () => {
		const arb = fc.tuple(deliveryArb, fc.integer({ min: 1, max: 10_000_000 })).map(([delivery, late]) => ({
			...delivery,
			t: delivery.now - delivery.tolerance - late,
		}));
		counted['replayed too late'] = assertNoneAccepted(arb, RUNS.replayed, (delivery) => {
			const result = check(delivery, `t=${delivery.t},v1=${sign(delivery.secret, delivery.t, delivery.body)}`);
			if (!result.valid && result.reason !== 'timestamp-too-old') throw new Error(`unexpected reason ${result.reason}`);
			return result;
		});
		expect(counted['replayed too late']).toBe(RUNS.replayed);
	});

	it(`future-dated: ${RUNS.future} genuine signatures further ahead than the tolerance`, () => {
		const arb = fc.tuple(deliveryArb, fc.integer({ min: 1, max: 10_000_000 })).map(([delivery, ahead]) => ({
			...delivery,
			t: delivery.now + delivery.tolerance + ahead,
		}));
		counted['future-dated'] = assertNoneAccepted(arb, RUNS.future, (delivery) => {
			const result = check(delivery, `t=${delivery.t},v1=${sign(delivery.secret, delivery.t, delivery.body)}`);
			if (!result.valid && result.reason !== 'timestamp-in-future') throw new Error(`unexpected reason ${result.reason}`);
			return result;
		});
		expect(counted['future-dated']).toBe(RUNS.future);
	});

	it(`truncated: ${RUNS.truncated} genuine headers cut short at a random length`, () => {
		const arb = fc.tuple(deliveryArb, fc.boolean(), fc.nat()).map(([delivery, reorder, cut]) => {
			const v1 = sign(delivery.secret, delivery.t, delivery.body);
			const full = reorder ? `v1=${v1},t=${delivery.t}` : `t=${delivery.t},v1=${v1}`;
			return { delivery, header: full.slice(0, cut % full.length) };
		});
		counted.truncated = assertNoneAccepted(arb, RUNS.truncated, ({ delivery, header }) => check(delivery, header));
		expect(counted.truncated).toBe(RUNS.truncated);
	});

	describe('malformed headers', () => {
		it(`random strings: ${RUNS.malformed.randomStrings} arbitrary header values (some shaped like t=…,v1=…)`, () => {
			const shaped = fc
				.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 80 }))
				.map(([t, v1]) => `t=${t},v1=${v1}`);
			const headerArb = fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), shaped, fc.stringMatching(/^t=\d{1,12},v1=[0-9a-f]{64}$/));
			counted['malformed: random strings'] = assertNoneAccepted(fc.tuple(deliveryArb, headerArb), RUNS.malformed.randomStrings, ([delivery, header]) =>
				check(delivery, header),
			);
			expect(counted['malformed: random strings']).toBe(RUNS.malformed.randomStrings);
		});

		it(`missing t: ${RUNS.malformed.missingT} headers with a genuine v1 but no t`, () => {
			const arb = fc.tuple(deliveryArb, fc.constantFrom('', 'ts=', 'T=', 'time=', ' t :')).map(([delivery, prefix]) => {
				const v1 = sign(delivery.secret, delivery.t, delivery.body);
				return { delivery, header: prefix === '' ? `v1=${v1}` : `${prefix}${delivery.t},v1=${v1}` };
			});
			counted['malformed: missing t'] = assertNoneAccepted(arb, RUNS.malformed.missingT, ({ delivery, header }) => check(delivery, header));
			expect(counted['malformed: missing t']).toBe(RUNS.malformed.missingT);
		});

		it(`missing v1: ${RUNS.malformed.missingV1} headers with t and the genuine digest under another key`, () => {
			const arb = fc.tuple(deliveryArb, fc.constantFrom('', 'v=', 'V1=', 'v11=', 'sig=', 'v2=', 'signature=')).map(([delivery, key]) => {
				const v1 = sign(delivery.secret, delivery.t, delivery.body);
				return { delivery, header: key === '' ? `t=${delivery.t}` : `t=${delivery.t},${key}${v1}` };
			});
			counted['malformed: missing v1'] = assertNoneAccepted(arb, RUNS.malformed.missingV1, ({ delivery, header }) => check(delivery, header));
			expect(counted['malformed: missing v1']).toBe(RUNS.malformed.missingV1);
		});

		it(`v0 only: ${RUNS.malformed.v0Only} headers whose only valid signature is a v0 (downgrade)`, () => {
			const arb = fc.tuple(deliveryArb, fc.boolean()).map(([delivery, withBadV1]) => {
				const genuine = sign(delivery.secret, delivery.t, delivery.body);
				const bad = sign(`${delivery.secret}x`, delivery.t, delivery.body);
				return { delivery, header: `t=${delivery.t},v0=${genuine}${withBadV1 ? `,v1=${bad}` : ''}` };
			});
			counted['malformed: v0 only'] = assertNoneAccepted(arb, RUNS.malformed.v0Only, ({ delivery, header }) => check(delivery, header));
			expect(counted['malformed: v0 only']).toBe(RUNS.malformed.v0Only);
		});

		it(`non-hex: ${RUNS.malformed.nonHex} genuine digests with a non-hex character, upper-case, or base64`, () => {
			const arb = fc
				.tuple(deliveryArb, fc.integer({ min: 0, max: 63 }), fc.constantFrom('g', 'z', 'G', 'x', ' ', '-', '+', '/', '=', '\u00e9', '\u0000'), fc.constantFrom('char', 'upper', 'base64'))
				.filter(([delivery, , , mode]) => mode !== 'upper' || /[a-f]/.test(sign(delivery.secret, delivery.t, delivery.body)))
				.map(([delivery, index, char, mode]) => {
					const v1 = sign(delivery.secret, delivery.t, delivery.body);
					let value = `${v1.slice(0, index)}${char}${v1.slice(index + 1)}`;
					if (mode === 'upper') value = v1.toUpperCase();
					if (mode === 'base64') value = Buffer.from(v1, 'hex').toString('base64');
					return { delivery, header: `t=${delivery.t},v1=${value}` };
				});
			counted['malformed: non-hex'] = assertNoneAccepted(arb, RUNS.malformed.nonHex, ({ delivery, header }) => check(delivery, header));
			expect(counted['malformed: non-hex']).toBe(RUNS.malformed.nonHex);
		});

		it(`wrong length: ${RUNS.malformed.wrongLength} genuine digests shortened or lengthened`, () => {
			const arb = fc.tuple(deliveryArb, fc.integer({ min: -64, max: 64 }).filter((n) => n !== 0), fc.stringMatching(/^[0-9a-f]{64}$/)).map(([delivery, change, pad]) => {
				const v1 = sign(delivery.secret, delivery.t, delivery.body);
				const value = change < 0 ? v1.slice(0, 64 + change) : `${v1}${pad.slice(0, change)}`;
				return { delivery, header: `t=${delivery.t},v1=${value}` };
			});
			counted['malformed: wrong length'] = assertNoneAccepted(arb, RUNS.malformed.wrongLength, ({ delivery, header }) => check(delivery, header));
			expect(counted['malformed: wrong length']).toBe(RUNS.malformed.wrongLength);
		});

		it(`duplicate/empty parts: ${RUNS.malformed.duplicateOrEmptyParts} headers with conflicting t, empty t or empty v1`, () => {
			const arb = fc
				.tuple(deliveryArb, fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('conflicting-t', 'conflicting-t-first', 'empty-t', 'empty-v1', 'empty-v1-twice', 'only-separators'), fc.boolean())
				.map(([delivery, shift, mode, padCommas]) => {
					const v1 = sign(delivery.secret, delivery.t, delivery.body);
					const sep = padCommas ? ',,' : ',';
					const headers: Record<string, string> = {
						// the genuine signature is present, but so is a second, different t: ambiguous, refused
						'conflicting-t': `t=${delivery.t}${sep}t=${delivery.t + shift}${sep}v1=${v1}`,
						'conflicting-t-first': `t=${delivery.t + shift}${sep}v1=${v1}${sep}t=${delivery.t}`,
						'empty-t': `t=${sep}v1=${v1}`,
						'empty-v1': `t=${delivery.t}${sep}v1=${sep}v0=${v1}`,
						'empty-v1-twice': `t=${delivery.t}${sep}v1=${sep}v1= ${sep}`,
						'only-separators': `${sep}=${sep} = ${sep}`,
					};
					return { delivery, header: headers[mode] };
				});
			counted['malformed: duplicate/empty parts'] = assertNoneAccepted(arb, RUNS.malformed.duplicateOrEmptyParts, ({ delivery, header }) =>
				check(delivery, header),
			);
			expect(counted['malformed: duplicate/empty parts']).toBe(RUNS.malformed.duplicateOrEmptyParts);
		});
	});

	it(`total: at least 10,000 attack cases ran and none was accepted`, () => {
		const total = Object.values(counted).reduce((sum, n) => sum + n, 0);
		expect(total).toBe(TOTAL);
		expect(total).toBeGreaterThanOrEqual(10_000);
	});
});
