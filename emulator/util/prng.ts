import { createHash } from 'node:crypto';

/**
 * Deterministic randomness. Every synthetic value is drawn from a generator seeded by a hash of
 * (emulator seed, user, date, type, ...), so the same inputs always give the same data, independent of
 * request order or of what else was generated before.
 */
export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	constructor(...parts: Array<string | number>) {
		const digest = createHash('sha256').update(parts.map(String).join('\u001f')).digest();
		this.a = digest.readUInt32LE(0);
		this.b = digest.readUInt32LE(4);
		this.c = digest.readUInt32LE(8);
		this.d = digest.readUInt32LE(12) || 1;
	}

	/** sfc32: small, fast and good enough for synthetic data. Returns [0, 1). */
	next(): number {
		this.a >>>= 0;
		this.b >>>= 0;
		this.c >>>= 0;
		this.d >>>= 0;
		const t = (this.a + this.b + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return (t >>> 0) / 4294967296;
	}

	/** Uniform float in [min, max). */
	float(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** Uniform integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return Math.floor(this.float(min, max + 1));
	}

	/** Roughly normal (sum of uniforms), clamped to [min, max] when given. */
	normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
		const z = this.next() + this.next() + this.next() + this.next() - 2; // variance 1/3
		return Math.min(max, Math.max(min, mean + z * sd * Math.sqrt(3)));
	}

	bool(probabilityTrue = 0.5): boolean {
		return this.next() < probabilityTrue;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** RFC 4122 version-4-shaped UUID from this generator's stream. */
	uuid(): string {
		const hex: string[] = [];
		for (let i = 0; i < 16; i++) hex.push(this.int(0, 255).toString(16).padStart(2, '0'));
		hex[6] = '4' + hex[6][1];
		hex[8] = ((parseInt(hex[8], 16) & 0x3f) | 0x80).toString(16);
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}

	hex(bytes: number): string {
		let out = '';
		for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, '0');
		return out;
	}
}

/** Round to a number of decimals (synthetic values look like device readings, not float noise). */
export function round(value: number, decimals = 1): number {
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}
