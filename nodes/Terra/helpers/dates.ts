/**
 * The node's one date rule: every date is a calendar day, and a range includes both its first and its last day
 * (1 to 7 November is seven days). Each endpoint gets it in its own convention: Terra's data GETs take an exclusive
 * end_date (sent as last + 1), /plannedWorkouts and the lab-report filters take inclusive dates (sent as they are).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { addDays, dayInZone, dayNumber, readDay, type CalendarDay } from './calendarDay';
import { WITHOUT_SCHEMA_WALK } from './parameters';
import { invalidInput } from './validation';

/** Terra's rule r1: one request may cover at most this many days. */
export const MAX_DAYS_PER_REQUEST = 1825;

const DATE_HINT =
	'Pick a date in the field, or use an expression such as {{ $today.minus({ days: 1 }) }}, a date such as 2024-05-01, or Unix time in seconds (10 digits).';

/** A date parameter as a calendar day, or undefined when it is empty and not required. */
export function dateParameter(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	required: boolean,
): CalendarDay | undefined {
	const reading = readDay(value, context.getTimezone());
	if (reading.kind === 'day') return reading.day;
	if (reading.kind === 'empty' && !required) return undefined;
	throw invalidInput(
		context.getNode(),
		itemIndex,
		reading.kind === 'empty' ? `“${field}” is empty` : `“${field}” is not a valid date: got ${reading.received}`,
		reading.kind === 'invalid' && reading.hint ? `${reading.hint} ${DATE_HINT}` : DATE_HINT,
	);
}

/** A range of calendar days, both ends included. */
export interface DayRange {
	first: CalendarDay;
	last: CalendarDay;
}

export type DatePreset = 'yesterday' | 'today' | 'last7Days' | 'last30Days' | 'custom';

export function todayIn(timeZone: string, nowMs: number): CalendarDay {
	return dayInZone(nowMs, timeZone);
}

/** Yesterday, today, or the 7 or 30 full days before today (today not included). */
export function presetRange(preset: Exclude<DatePreset, 'custom'>, today: CalendarDay): DayRange {
	switch (preset) {
		case 'today':
			return { first: today, last: today };
		case 'last7Days':
			return { first: addDays(today, -7), last: addDays(today, -1) };
		case 'last30Days':
			return { first: addDays(today, -30), last: addDays(today, -1) };
		default:
			return { first: addDays(today, -1), last: addDays(today, -1) };
	}
}

export function rangeLength(range: DayRange): number {
	return dayNumber(range.last) - dayNumber(range.first) + 1;
}

/** Start and end as the user gave them: the start is required, an empty end means the start day only. */
export function customRange(
	context: IExecuteFunctions,
	itemIndex: number,
	start: unknown,
	end: unknown,
	labels: { start: string; end: string } = { start: 'Start Date', end: 'End Date' },
): DayRange {
	const first = dateParameter(context, itemIndex, labels.start, start, true)!;
	const last = dateParameter(context, itemIndex, labels.end, end, false) ?? first;
	if (last < first) {
		throw invalidInput(
			context.getNode(),
			itemIndex,
			`“${labels.end}” (${last}) is before “${labels.start}” (${first})`,
			'The end date must be on or after the start date. Both days are included: for a single day, give the same date twice or leave the end date empty.',
		);
	}
	return { first, last };
}

/** Date Range on the data Get Many operations: a preset, computed in the workflow's timezone, or Custom. */
export function readDateRange(context: IExecuteFunctions, itemIndex: number): DayRange {
	const preset = context.getNodeParameter('datePreset', itemIndex, 'yesterday', WITHOUT_SCHEMA_WALK) as DatePreset;
	if (preset !== 'custom') return presetRange(preset, todayIn(context.getTimezone(), Date.now()));
	return customRange(
		context,
		itemIndex,
		context.getNodeParameter('startDate', itemIndex, '', WITHOUT_SCHEMA_WALK),
		context.getNodeParameter('endDate', itemIndex, '', WITHOUT_SCHEMA_WALK),
	);
}

/** One data GET's dates in Terra's convention: start_date included, end_date excluded. */
export interface TerraWindow {
	start_date: CalendarDay;
	end_date: CalendarDay;
}

/** The requests for a range: consecutive windows of at most `windowDays` days, in date order. */
export function dataWindows(range: DayRange, windowDays: number): TerraWindow[] {
	const size = Math.min(MAX_DAYS_PER_REQUEST, Math.max(1, Math.floor(windowDays)));
	const end = addDays(range.last, 1);
	const windows: TerraWindow[] = [];
	for (let start = range.first; start < end; start = addDays(start, size)) {
		const next = addDays(start, size);
		windows.push({ start_date: start, end_date: next < end ? next : end });
	}
	return windows;
}
