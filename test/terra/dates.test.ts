/**
 * The node's date rule on its own, over generated inputs (fast-check): every value n8n can hand a date field maps
 * to the calendar day a user means, or to a clear refusal.
 * - Luxon DateTimes ($today, .minus(), DateTime.fromISO()) and offset strings: the date in their own zone, whatever
 *   the workflow's timezone; checked in zones from UTC−12 to UTC+14, at 00:30, 23:30 and any time.
 * - JS Dates and Unix seconds (instants without a zone): the date in the workflow's timezone.
 * - Presets from a fixed clock, at zone boundaries; windows that cover a range exactly, end excluded for Terra.
 * luxon is n8n-workflow's own copy (tests only: the node recognises DateTimes by shape).
 * A failure prints fast-check's seed and the shrunk counterexample (re-run with FC_SEED=<seed> to reproduce).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';

import { addDays, dayNumber, isCalendarDay, readDay } from '../../nodes/Terra/helpers/calendarDay';
import { dataWindows, MAX_DAYS_PER_REQUEST, presetRange, rangeLength, todayIn } from '../../nodes/Terra/helpers/dates';

const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const RUNS = { numRuns: 400, seed: SEED };

/** UTC−12 to UTC+14, half- and quarter-hour offsets, and zones with daylight saving time. */
const ZONES = [
	'Etc/GMT+12',
	'Pacific/Pago_Pago',
	'America/Los_Angeles',
	'America/New_York',
	'America/St_Johns',
	'UTC',
	'Europe/London',
	'Europe/Berlin',
	'Asia/Kolkata',
	'Asia/Kathmandu',
	'Australia/Adelaide',
	'Pacific/Chatham',
	'Pacific/Kiritimati',
];
const zoneArb = fc.constantFrom(...ZONES);
/** A calendar day between 1971 and 2099 (Unix seconds keep 10 digits inside it). */
const dayArb = fc
	.integer({ min: dayNumber('1971-01-01'), max: dayNumber('2099-12-31') })
	.map((days) => addDays('1970-01-01', days));
const instantArb = fc.integer({ min: Date.UTC(2001, 8, 10), max: Date.UTC(2286, 0, 1) });
const timeArb = fc.oneof(
	fc.constant({ hour: 0, minute: 30 }),
	fc.constant({ hour: 23, minute: 30 }),
	fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
);

function dateTimeAt(day: string, time: { hour: number; minute: number }, zone: string): DateTime {
	const [year, month, date] = day.split('-').map(Number);
	return DateTime.fromObject({ year, month, day: date, ...time }, { zone });
}

describe('reading a calendar day', () => {
	it('a Luxon DateTime gives its date in its own zone, whatever the workflow’s timezone', () => {
		fc.assert(
			fc.property(dayArb, timeArb, zoneArb, zoneArb, (day, time, zone, workflowZone) => {
				const value = dateTimeAt(day, time, zone);
				// Daylight saving can skip the wall time (e.g. 02:30 in spring); luxon then moves it within the day.
				expect(readDay(value, workflowZone)).toEqual({ kind: 'day', day: value.toISODate() });
				expect(value.toISODate()).toBe(day);
			}),
			RUNS,
		);
	});

	it('$today.minus({ days: 1 }) at 00:30 and 23:30 in UTC+14 and UTC−12 is the day before in that zone', () => {
		for (const zone of ['Pacific/Kiritimati', 'Etc/GMT+12']) {
			for (const time of ['00:30', '23:30']) {
				const now = DateTime.fromISO(`2024-03-01T${time}`, { zone });
				const today = now.startOf('day');
				expect(readDay(today.minus({ days: 1 }), 'UTC')).toEqual({ kind: 'day', day: '2024-02-29' });
				expect(readDay(now, 'UTC')).toEqual({ kind: 'day', day: '2024-03-01' });
			}
		}
	});

	it('a JS Date and Unix seconds give their date in the workflow’s timezone', () => {
		fc.assert(
			fc.property(instantArb, zoneArb, (ms, zone) => {
				const expected = DateTime.fromMillis(ms, { zone }).toISODate();
				expect(readDay(new Date(ms), zone)).toEqual({ kind: 'day', day: expected });
				const seconds = Math.floor(ms / 1000);
				const fromSeconds = DateTime.fromMillis(seconds * 1000, { zone }).toISODate();
				expect(readDay(seconds, zone)).toEqual({ kind: 'day', day: fromSeconds });
				expect(readDay(String(seconds), zone)).toEqual({ kind: 'day', day: fromSeconds });
			}),
			RUNS,
		);
	});

	it('an ISO string gives the date as written: with or without time, offset, Z or fraction', () => {
		const offsetArb = fc.oneof(
			fc.constant(''),
			fc.constant('Z'),
			fc
				.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 14 }), minutes: fc.constantFrom(0, 30, 45) })
				.map(({ sign, hours, minutes }) => `${sign}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`),
		);
		const timeTextArb = fc.oneof(
			fc.constant(''),
			fc
				.record({
					separator: fc.constantFrom('T', ' '),
					hour: fc.integer({ min: 0, max: 23 }),
					minute: fc.integer({ min: 0, max: 59 }),
					second: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
					fraction: fc.constantFrom('', '.000', '.123456'),
					offset: offsetArb,
				})
				.map(({ separator, hour, minute, second, fraction, offset }) => {
					const pad = (value: number) => String(value).padStart(2, '0');
					const seconds = second === undefined ? '' : `:${pad(second)}${fraction}`;
					return `${separator}${pad(hour)}:${pad(minute)}${seconds}${offset}`;
				}),
		);
		fc.assert(
			fc.property(dayArb, timeTextArb, zoneArb, (day, time, workflowZone) => {
				expect(readDay(`${day}${time}`, workflowZone)).toEqual({ kind: 'day', day });
			}),
			RUNS,
		);
	});

	it('what luxon and n8n write for a DateTime (toISO, toString) reads back as the date in its own zone', () => {
		fc.assert(
			fc.property(instantArb, zoneArb, zoneArb, (ms, zone, workflowZone) => {
				const value = DateTime.fromMillis(ms, { zone });
				expect(readDay(value.toISO(), workflowZone)).toEqual({ kind: 'day', day: value.toISODate() });
				expect(readDay(value.toString(), workflowZone)).toEqual({ kind: 'day', day: value.toISODate() });
			}),
			RUNS,
		);
	});

	it('empty values are empty, not invalid', () => {
		for (const value of [undefined, null, '', '   ']) expect(readDay(value, 'UTC')).toEqual({ kind: 'empty' });
	});

	it.each([
		['last tuesday', 'the string “last tuesday”'],
		['2024-02-30', 'the string “2024-02-30”'],
		['2024-13-01', 'the string “2024-13-01”'],
		['2024-03-05T24:00:00', 'the string “2024-03-05T24:00:00”'],
		['12/01/2026', 'the string “12/01/2026”'],
		['20240305', 'the string “20240305”'],
		[1709251200000, 'the number 1709251200000'],
		['1709251200000', 'the string “1709251200000”'],
		[170925120, 'the number 170925120'],
		[1709251200.5, 'the number 1709251200.5'],
		[Number.NaN, 'the number NaN'],
		[true, 'the boolean true'],
		[{ date: '2024-03-05' }, 'an object “{"date":"2024-03-05"}”'],
		[['2024-03-05'], 'an array “["2024-03-05"]”'],
		[new Date(Number.NaN), 'an invalid Date'],
		[DateTime.fromISO('not a date'), 'an invalid DateTime (unparsable)'],
	])('refuses %p, saying what it got', (value, received) => {
		expect(readDay(value, 'UTC')).toEqual(expect.objectContaining({ kind: 'invalid', received }));
	});

	it('says milliseconds are not seconds', () => {
		expect(readDay(1709251200000, 'UTC')).toEqual(expect.objectContaining({ hint: expect.stringMatching(/milliseconds.*divide by 1000/) }));
	});

	it('never throws, and never returns anything but a real calendar day, for any junk', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.anything(), fc.double(), fc.date({ noInvalidDate: false })), zoneArb, (value, zone) => {
				const reading = readDay(value, zone);
				if (reading.kind === 'day') expect(isCalendarDay(reading.day)).toBe(true);
				if (reading.kind === 'invalid') expect(reading.received.length).toBeGreaterThan(0);
			}),
			{ ...RUNS, numRuns: 2000 },
		);
	});
});

describe('date presets from a fixed clock', () => {
	// 2024-03-05T10:30Z is already 6 March 00:30 at UTC+14 and still 4 March 22:30 at UTC−12.
	const clock = Date.UTC(2024, 2, 5, 10, 30);

	it.each([
		['Pacific/Kiritimati', '2024-03-06'],
		['Etc/GMT+12', '2024-03-04'],
		['Europe/Berlin', '2024-03-05'],
		['UTC', '2024-03-05'],
	])('today in %s is %s, and the presets count back from it', (zone, today) => {
		expect(todayIn(zone, clock)).toBe(today);
		expect(presetRange('yesterday', today)).toEqual({ first: addDays(today, -1), last: addDays(today, -1) });
		expect(presetRange('today', today)).toEqual({ first: today, last: today });
		expect(presetRange('last7Days', today)).toEqual({ first: addDays(today, -7), last: addDays(today, -1) });
		expect(presetRange('last30Days', today)).toEqual({ first: addDays(today, -30), last: addDays(today, -1) });
	});

	it('at 00:30 and 23:30 local time, and across daylight-saving changes, “today” is the local date', () => {
		fc.assert(
			fc.property(dayArb, timeArb, zoneArb, (day, time, zone) => {
				const now = dateTimeAt(day, time, zone);
				expect(todayIn(zone, now.toMillis())).toBe(now.toISODate());
				const range = presetRange('last7Days', todayIn(zone, now.toMillis()));
				expect(range).toEqual({ first: now.minus({ days: 7 }).toISODate(), last: now.minus({ days: 1 }).toISODate() });
				expect(rangeLength(range)).toBe(7);
			}),
			RUNS,
		);
	});
});

describe('Terra windows for an inclusive range', () => {
	it('cover first..last exactly, each ending where the next starts, the last ending the day after the range', () => {
		fc.assert(
			fc.property(dayArb, fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 2500 }), (first, extra, windowDays) => {
				const range = { first, last: addDays(first, extra) };
				const windows = dataWindows(range, windowDays);
				expect(windows[0].start_date).toBe(first);
				expect(windows.at(-1)!.end_date).toBe(addDays(range.last, 1));
				let covered = 0;
				const problems: string[] = [];
				for (const [index, window] of windows.entries()) {
					const span = dayNumber(window.end_date) - dayNumber(window.start_date);
					if (span <= 0 || span > Math.min(windowDays, MAX_DAYS_PER_REQUEST)) problems.push(`window ${index} spans ${span} days`);
					if (index > 0 && window.start_date !== windows[index - 1].end_date) problems.push(`gap before window ${index}`);
					covered += span;
				}
				expect(problems).toEqual([]);
				expect(covered).toBe(rangeLength(range));
			}),
			RUNS,
		);
	});

	it('1 to 7 November is one request of seven days: end_date 8 November', () => {
		expect(dataWindows({ first: '2026-11-01', last: '2026-11-07' }, 30)).toEqual([
			{ start_date: '2026-11-01', end_date: '2026-11-08' },
		]);
	});
});
