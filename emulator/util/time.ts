/** Date helpers. Terra dates are calendar days (YYYY-MM-DD read as 00:00 UTC) or 10-digit unix seconds. */

export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UNIX_SECONDS = /^\d{10}$/;

/** Parses a Terra date query value to epoch ms, or undefined when malformed. */
export function parseTerraDate(value: string): number | undefined {
	if (UNIX_SECONDS.test(value)) return Number(value) * 1000;
	const m = ISO_DATE.exec(value);
	if (!m) return undefined;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	// Reject impossible dates such as 2026-02-30 (Date.UTC would roll them over).
	if (toIsoDate(ms) !== value) return undefined;
	return ms;
}

/** Strict YYYY-MM-DD check (used where the spec says format: date only). */
export function isIsoDate(value: string): boolean {
	return ISO_DATE.test(value) && parseTerraDate(value) !== undefined;
}

export function toIsoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

export function startOfUtcDay(ms: number): number {
	return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Calendar days [start, end) as YYYY-MM-DD strings. */
export function daysInRange(startMs: number, endMs: number): string[] {
	const out: string[] = [];
	for (let d = startOfUtcDay(startMs); d < endMs; d += DAY_MS) out.push(toIsoDate(d));
	return out;
}

/**
 * Formats an instant as Terra does: local wall time with microsecond precision and the UTC offset,
 * e.g. 2026-07-01T07:04:11.000000+01:00.
 */
export function formatLocal(utcMs: number, offsetMinutes: number): string {
	const local = new Date(utcMs + offsetMinutes * 60_000).toISOString(); // 2026-07-01T06:04:11.000Z
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const hh = String(Math.floor(abs / 60)).padStart(2, '0');
	const mm = String(abs % 60).padStart(2, '0');
	return `${local.slice(0, 19)}.${local.slice(20, 23)}000${sign}${hh}:${mm}`;
}

/** UTC ISO timestamp with microseconds and +00:00, as in webhook user records. */
export function formatUtc(utcMs: number): string {
	return formatLocal(utcMs, 0);
}

/** Epoch ms of local midnight of a calendar day for a given UTC offset. */
export function localMidnight(isoDate: string, offsetMinutes: number): number {
	return (parseTerraDate(isoDate) as number) - offsetMinutes * 60_000;
}
