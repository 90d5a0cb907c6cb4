/**
 * Terra's data-read rate limits, per user_id (docs "rate-limits"): a request costs the number of days it
 * covers (undated = 1).
 * - r1: more than 1,825 days in a single request is rejected (retrying cannot help: no Retry-After).
 * - r2: more than 6,000 days per rolling hour per user is rejected, with Retry-After.
 */
export const R1_MAX_DAYS = 1825;
export const R2_MAX_DAYS_PER_HOUR = 6000;
const WINDOW_MS = 3_600_000;

export type RateDecision =
	| { ok: true; headers: Record<string, string> }
	| { ok: false; rule: 'r1' | 'r2'; headers: Record<string, string> };

export class RateLimiter {
	private readonly spent = new Map<string, Array<{ at: number; cost: number }>>();

	constructor(private readonly now: () => number = Date.now) {}

	check(userId: string, cost: number): RateDecision {
		if (cost > R1_MAX_DAYS)
			return { ok: false, rule: 'r1', headers: { 'X-Terra-RateLimit-Rule': 'r1' } };
		const now = this.now();
		const entries = (this.spent.get(userId) ?? []).filter((e) => e.at > now - WINDOW_MS);
		this.spent.set(userId, entries);
		const used = entries.reduce((sum, e) => sum + e.cost, 0);
		if (used + cost > R2_MAX_DAYS_PER_HOUR) {
			// Earliest moment enough spent cost has aged out of the window for this request to fit.
			let freed = 0;
			let retryAt = now + WINDOW_MS;
			for (const e of entries) {
				freed += e.cost;
				if (used - freed + cost <= R2_MAX_DAYS_PER_HOUR) {
					retryAt = e.at + WINDOW_MS;
					break;
				}
			}
			const retryAfter = String(Math.max(1, Math.ceil((retryAt - now) / 1000)));
			return {
				ok: false,
				rule: 'r2',
				headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': retryAfter },
			};
		}
		entries.push({ at: now, cost });
		const oldest = entries[0].at;
		return {
			ok: true,
			headers: {
				'X-Terra-RateLimit-Limit': String(R2_MAX_DAYS_PER_HOUR),
				'X-Terra-RateLimit-Remaining': String(R2_MAX_DAYS_PER_HOUR - used - cost),
				'X-Terra-RateLimit-Reset-After': String(
					Math.max(0, Math.ceil((oldest + WINDOW_MS - now) / 1000)),
				),
			},
		};
	}

	reset(): void {
		this.spent.clear();
	}
}
