/**
 * Every date this node takes is a calendar day (YYYY-MM-DD). This reads one from whatever n8n hands a node:
 * - a Luxon DateTime ($now, $today, .minus(), DateTime.fromISO()): its date in its own zone. Recognised by its
 *   shape (isLuxonDateTime / toISODate), so the node needs no luxon at run time;
 * - a string with a date, optionally a time and an offset (the date picker's "2024-05-01T00:00:00", an ISO
 *   timestamp "2024-05-01T23:30:00-05:00"): the date as written, which is the date in its own offset;
 * - a JS Date or 10-digit Unix seconds (instants without a zone): their date in the workflow's timezone.
 */

/** YYYY-MM-DD. */
export type CalendarDay = string;

export type DayReading =
	| { kind: 'day'; day: CalendarDay }
	| { kind: 'empty' }
	| { kind: 'invalid'; received: string; hint?: string };

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP =
	/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/i;

export function isCalendarDay(text: string): boolean {
	const match = ISO_DAY.exec(text);
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		year >= 1000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/** Days since 1970-01-01 of a calendar day, for arithmetic. */
export function dayNumber(day: CalendarDay): number {
	return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

export function addDays(day: CalendarDay, days: number): CalendarDay {
	return new Date((dayNumber(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in an IANA timezone ("Europe/Berlin"), with Intl (no date library). */
export function dayInZone(epochMs: number, timeZone: string): CalendarDay {
	let format = formatters.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
		formatters.set(timeZone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
	return `${parts.year}-${parts.month}-${parts.day}`;
}

function looksLikeDateTime(value: object): value is { toISODate(): unknown; isValid?: unknown; invalidReason?: unknown } {
	const candidate = value as { isLuxonDateTime?: unknown; toISODate?: unknown; toISO?: unknown };
	return (
		(candidate.isLuxonDateTime === true || typeof candidate.toISO === 'function') &&
		typeof candidate.toISODate === 'function'
	);
}

function quoted(text: string): string {
	return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

/** "the string “last tuesday”", "the number 1709251200000", "an object {"a":1}": what the user handed over. */
export function describeReceived(value: unknown): string {
	if (typeof value === 'string') return `the string ${quoted(value)}`;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return `the ${typeof value} ${String(value)}`;
	}
	if (Array.isArray(value)) return `an array ${quoted(safeJson(value))}`;
	if (typeof value === 'object' && value !== null) return `an object ${quoted(safeJson(value))}`;
	return `a ${typeof value}`;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

function fromInstant(epochMs: number, timeZone: string, received: string): DayReading {
	if (!Number.isFinite(epochMs)) return { kind: 'invalid', received };
	const day = dayInZone(epochMs, timeZone);
	return isCalendarDay(day) ? { kind: 'day', day } : { kind: 'invalid', received, hint: 'The year is out of range.' };
}

const MILLISECONDS_HINT = 'It looks like milliseconds: Unix time here is in seconds (10 digits), so divide by 1000.';

function fromText(text: string, timeZone: string): DayReading {
	if (/^\d{10}$/.test(text)) return fromInstant(Number(text) * 1000, timeZone, `the string ${quoted(text)}`);
	if (/^\d{13}$/.test(text)) return { kind: 'invalid', received: `the string ${quoted(text)}`, hint: MILLISECONDS_HINT };
	const match = ISO_TIMESTAMP.exec(text);
	const [hour, minute, second, offsetHours, offsetMinutes] = (match?.slice(2) ?? []).map((part) => Number(part ?? 0));
	const timeValid = hour < 24 && minute < 60 && second < 60 && offsetHours <= 18 && offsetMinutes < 60;
	if (match && timeValid && isCalendarDay(match[1])) return { kind: 'day', day: match[1] };
	return { kind: 'invalid', received: `the string ${quoted(text)}` };
}

/** Reads a calendar day from a parameter value; `timeZone` (the workflow's) places zone-less instants. */
export function readDay(value: unknown, timeZone: string): DayReading {
	if (value === undefined || value === null) return { kind: 'empty' };
	if (typeof value === 'string') return value.trim() ? fromText(value.trim(), timeZone) : { kind: 'empty' };
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 1e9 && value < 1e10) {
			return fromInstant(value * 1000, timeZone, describeReceived(value));
		}
		const hint = Number.isInteger(value) && value >= 1e12 && value < 1e13 ? MILLISECONDS_HINT : undefined;
		return { kind: 'invalid', received: describeReceived(value), hint };
	}
	if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
		const time = (value as Date).getTime();
		return fromInstant(time, timeZone, Number.isNaN(time) ? 'an invalid Date' : `the Date ${new Date(time).toISOString()}`);
	}
	if (typeof value === 'object' && looksLikeDateTime(value)) {
		const day = value.isValid === false ? null : value.toISODate();
		if (typeof day === 'string' && isCalendarDay(day)) return { kind: 'day', day };
		const reason = typeof value.invalidReason === 'string' ? ` (${value.invalidReason})` : '';
		return { kind: 'invalid', received: `an invalid DateTime${reason}` };
	}
	return { kind: 'invalid', received: describeReceived(value) };
}
