/**
 * What the scenarios ask for: whose data, which days, the query the Terra node sends (written out for the HTTP
 * Request node and the direct fetch), the loads and the latency model. `--quick` shrinks the payloads and loads
 * (the same code paths, a smoke test): see `sizes(quick)`.
 */
import { USERS } from '../../examples/lib/fixtures';

const DAY_MS = 86_400_000;

/** The webhook signing secret of the benchmark's credential and emulator. */
export const BENCH_SIGNING_SECRET = 'bench-signing-secret-not-a-secret';

export function daysBetween(start: string, endExclusive: string): number {
	return Math.round((Date.parse(`${endExclusive}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** P1: one week of sleep (Full Records), the same GET from both nodes. */
export const SLEEP = { user: USERS.oura, start: '2026-07-01', end: '2026-07-08' };
export const SLEEP_QUERY = {
	user_id: SLEEP.user.userId,
	start_date: SLEEP.start,
	end_date: SLEEP.end,
	to_webhook: 'false',
	with_samples: 'false',
};

/** The Terra node's default window (Split Ranges Longer Than) and Parallel Requests. */
export const WINDOW_DAYS = 30;
export const DEFAULT_CONCURRENCY = 3;

/** A range of daily data with samples, ending 2026-07-01 (exclusive). */
export interface DailyRange {
	user: (typeof USERS)[keyof typeof USERS];
	start: string;
	end: string;
	days: number;
	windows: number;
	withSamples: boolean;
}

function dailyRange(days: number, withSamples: boolean): DailyRange {
	const end = '2026-07-01';
	const start = addDays(end, -days);
	return { user: USERS.garmin, start, end, days, windows: Math.ceil(days / WINDOW_DAYS), withSamples };
}

export function dailyQuery(range: DailyRange, start = range.start, end = range.end): Record<string, string> {
	return {
		user_id: range.user.userId,
		start_date: start,
		end_date: end,
		to_webhook: 'false',
		with_samples: String(range.withSamples),
	};
}

/** The latency model of the emulator for P4 and P5 (emulator/http/latency.ts). */
export interface Latency {
	perRequestMs: number;
	perDayMs: number;
}

export function sizes(quick: boolean) {
	return {
		/** P1 and Memory: a year of daily data with samples (~53 MB of JSON); quick: 90 days. */
		dailyYear: dailyRange(quick ? 90 : 365, true),
		/** P4: a 1-year and a 5-year backfill with samples; quick: the 1-year one without samples (time: < 3 min). */
		backfills: [
			{ id: '1y', label: '1 year', range: dailyRange(365, !quick) },
			...(quick ? [] : [{ id: '5y', label: '5 years', range: dailyRange(1826, true) }]),
		],
		/** P4's r2 budget check: four pulls of this range for one user (5 years, without samples). */
		budgetRange: dailyRange(1826, false),
		/** A request takes 250 ms plus 10 ms per day it returns (a 30-day window: 550 ms); quick: 20 ms flat. */
		latency: (quick ? { perRequestMs: 20, perDayMs: 0 } : { perRequestMs: 250, perDayMs: 10 }) satisfies Latency,
		/** P2: deliveries per contender and round, by body size, at this concurrency. */
		trigger: {
			concurrency: 20,
			loads: quick
				? [
						// The smallest and the largest body: the same code paths as 200 KB, in less time.
						{ id: '2kb', label: '2 KB', bytes: 2 * 1024, deliveries: 20 },
						{ id: '5mb', label: '5 MB', bytes: 5 * 1024 * 1024, deliveries: 4 },
					]
				: [
						// Rounds of about 7 s at 2 KB and 200 KB. Rounds of 200 at 2 KB lasted 1.4 s, and one of n8n's pauses (about
						// 150 ms stalling every request in flight, cause not pinned down) moved a single round by up to ±10 %.
						{ id: '2kb', label: '2 KB', bytes: 2 * 1024, deliveries: 1000 },
						{ id: '200kb', label: '200 KB', bytes: 200 * 1024, deliveries: 400 },
						{ id: '5mb', label: '5 MB', bytes: 5 * 1024 * 1024, deliveries: 20 },
					],
		},
		/** P5: this many connected users, one day of sleep each. */
		allUsers: { users: quick ? 20 : 200, day: '2026-07-01' },
	};
}
