/**
 * Serialised records per (type, user, samples, day). A day's records are a pure function of the seed, the type, the
 * user and the day (and whether samples are on), whatever range they are asked for in, so the JSON of a day can be
 * kept and reused. Long pulls with samples are tens of megabytes of JSON that take the emulator seconds of CPU to
 * generate; with the cache, asking again (the benchmark's repeated runs, overlapping windows) costs a string join,
 * which keeps the emulator's own CPU out of what a client's timing measures. Bounded: the oldest days go first.
 */
import type { TerraUser } from '../types';
import type { DataTypeDef, GenContext } from './generators';

/** About 5 years of daily data with samples for one user fit (≈ 265 MB of JSON). */
export const DEFAULT_DAY_CACHE_CHARS = 400 * 1024 * 1024;

export class DayCache {
	private readonly days = new Map<string, string>();

	private chars = 0;

	constructor(private readonly maxChars = DEFAULT_DAY_CACHE_CHARS) {}

	/** The day's records as JSON array elements joined by commas ('' when the day has none). */
	json(def: DataTypeDef, ctx: GenContext, day: string): string {
		const key = cacheKey(def, ctx.seed, ctx.user, ctx.withSamples, day);
		const cached = this.days.get(key);
		if (cached !== undefined) return cached;
		const json = def
			.generate(ctx, day)
			.map((record) => JSON.stringify(record))
			.join(',');
		this.store(key, json);
		return json;
	}

	get size(): number {
		return this.days.size;
	}

	clear(): void {
		this.days.clear();
		this.chars = 0;
	}

	private store(key: string, json: string): void {
		if (json.length > this.maxChars) return;
		this.days.set(key, json);
		this.chars += json.length;
		for (const [oldest, value] of this.days) {
			if (this.chars <= this.maxChars) break;
			this.days.delete(oldest);
			this.chars -= value.length;
		}
	}
}

function cacheKey(def: DataTypeDef, seed: number, user: TerraUser, withSamples: boolean, day: string): string {
	return `${seed}|${def.type}|${user.user_id}|${user.provider}|${withSamples ? 1 : 0}|${day}`;
}
