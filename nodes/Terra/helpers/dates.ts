import type { INode } from 'n8n-workflow';

import { invalidInput } from './validation';

const DAY_SECONDS = 86_400;

/** Terra's rule r1: one request may cover at most this many days. */
export const MAX_DAYS_PER_REQUEST = 1825;

/** A Terra date parameter: the instant it stands for, and how the user wrote it (so windows keep that form). */
export interface TerraDate {
	seconds: number;
	format: 'date' | 'unix';
}

function isValidCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Terra accepts YYYY-MM-DD (read as 00:00 UTC) or 10-digit Unix seconds. n8n's date picker gives
 * "2024-05-01T00:00:00" (or with an offset from an expression): its calendar date is what the user picked.
 */
export function parseTerraDate(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): TerraDate {
	const raw = value instanceof Date ? value.toISOString() : typeof value === 'number' ? String(value) : value;
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (/^\d{10}$/.test(text)) return { seconds: Number(text), format: 'unix' };
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (match) {
		const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
		if (isValidCalendarDate(year, month, day)) {
			return { seconds: Date.UTC(year, month - 1, day) / 1000, format: 'date' };
		}
	}
	throw invalidInput(
		node,
		itemIndex,
		text ? `“${field}” is not a valid date: “${text.slice(0, 40)}”` : `“${field}” is empty`,
		'Use a date such as 2024-05-01 (picked in the date field or from an expression), or Unix time in seconds (10 digits, e.g. 1714521600).',
	);
}

/**
 * The calendar date (YYYY-MM-DD) of a date-picker value, for endpoints that take only dates (planned workouts,
 * lab-report filters); undefined when it is not a valid date.
 */
export function calendarDate(value: unknown): string | undefined {
	const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim()) : null;
	if (!match || !isValidCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return undefined;
	return `${match[1]}-${match[2]}-${match[3]}`;
}

export function formatTerraDate(seconds: number, format: TerraDate['format']): string {
	return format === 'unix' ? String(seconds) : new Date(seconds * 1000).toISOString().slice(0, 10);
}

export interface DateWindow {
	start: number;
	end: number;
}

/** Splits [start, end) into consecutive windows of at most `windowDays` days, in chronological order. */
export function splitIntoWindows(startSeconds: number, endSeconds: number, windowDays: number): DateWindow[] {
	const size = Math.max(1, Math.floor(windowDays)) * DAY_SECONDS;
	const windows: DateWindow[] = [];
	for (let cursor = startSeconds; cursor < endSeconds; cursor += size) {
		windows.push({ start: cursor, end: Math.min(cursor + size, endSeconds) });
	}
	return windows.length ? windows : [{ start: startSeconds, end: endSeconds }];
}

/** One request's range: a start, and an end unless the user gave none (then Terra returns one day). */
export interface TerraDateWindow {
	start: TerraDate;
	end?: TerraDate;
}

/** The requests for [start, end): windows of at most `windowDays` days, in the caller's date format. */
export function planWindows(start: TerraDate, end: TerraDate | undefined, windowDays: number): TerraDateWindow[] {
	if (!end) return [{ start }];
	// Keep the caller's format (dates stay dates); mixing a date with Unix seconds sends both as seconds.
	const format = start.format === end.format ? start.format : 'unix';
	return splitIntoWindows(start.seconds, end.seconds, windowDays).map((window) => ({
		start: { seconds: window.start, format },
		end: { seconds: window.end, format },
	}));
}
