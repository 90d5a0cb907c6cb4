/**
 * The date rule in the node, run through n8n-core against the emulator: every date field takes a calendar day, a
 * range includes both its days, and each endpoint gets it in its own convention (data GETs: end_date exclusive, so
 * last + 1; /plannedWorkouts and lab-report filters: inclusive, as they are). Dates come the way users give them:
 * n8n expressions ($today is a Luxon DateTime), workflow timezones, Unix seconds, JS Dates, presets.
 */
import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, days, jsonOf, runTerra, useEmulator } from './support';

const emulator = useEmulator();
const user = () => emulator().users[0];
const dailyFor = (extra: IDataObject) => ({ resource: 'daily', operation: 'getAll', user: byId(user().user_id), ...extra });
const sentDates = () => apiRequests(emulator()).map((request) => [request.query.start_date, request.query.end_date]);

/** Runs `attempt` until the calendar day in `zone` is the same before and after it (a run across midnight retries). */
async function withinOneDay<T>(zone: string, attempt: (today: DateTime) => Promise<T>): Promise<T> {
	for (;;) {
		const today = DateTime.now().setZone(zone).startOf('day');
		emulator().clearRequests();
		const result = await attempt(today);
		if (DateTime.now().setZone(zone).startOf('day').equals(today)) return result;
	}
}

describe('dates from n8n expressions in the workflow’s timezone', () => {
	it.each(['Pacific/Kiritimati', 'Etc/GMT+12', 'Europe/Berlin'])(
		'{{ $today.minus({ days: 1 }) }} to {{ $today }} in %s: yesterday and today there, end_date the day after',
		async (zone) => {
			const today = await withinOneDay(zone, async (day) => {
				jsonOf(
					await runTerra(
						emulator(),
						dailyFor({ datePreset: 'custom', startDate: '={{ $today.minus({ days: 1 }) }}', endDate: '={{ $today }}' }),
						{ timezone: zone },
					),
				);
				return day;
			});
			expect(sentDates()).toEqual([[today.minus({ days: 1 }).toISODate(), today.plus({ days: 1 }).toISODate()]]);
		},
	);

	it('Unix seconds and JS Dates take their date in the workflow’s timezone; offset strings keep their own', async () => {
		// 1709251200 = 2024-03-01T00:00:00Z, still 29 February in New York.
		jsonOf(await runTerra(emulator(), dailyFor({ ...days('2024-01-01'), startDate: '={{ 1709251200 }}' }), { timezone: 'America/New_York' }));
		jsonOf(
			await runTerra(emulator(), dailyFor({ ...days('2024-01-01'), startDate: "={{ new Date('2024-03-01T03:00:00Z') }}" }), {
				timezone: 'Asia/Tokyo',
			}),
		);
		jsonOf(
			await runTerra(emulator(), dailyFor({ ...days('2024-01-01'), startDate: '={{ "2024-03-05T23:30:00.000-05:00" }}' }), {
				timezone: 'Asia/Tokyo',
			}),
		);
		expect(sentDates()).toEqual([
			['2024-02-29', '2024-03-01'],
			['2024-03-01', '2024-03-02'],
			['2024-03-05', '2024-03-06'],
		]);
	});
});

describe('Date Range presets, from a fixed clock', () => {
	// 2024-03-05T10:30Z: 6 March 00:30 at UTC+14, 4 March 22:30 at UTC−12.
	beforeEach(() => {
		jest.useFakeTimers({
			now: Date.UTC(2024, 2, 5, 10, 30),
			doNotFake: [
				'hrtime',
				'nextTick',
				'performance',
				'queueMicrotask',
				'requestAnimationFrame',
				'cancelAnimationFrame',
				'requestIdleCallback',
				'cancelIdleCallback',
				'setImmediate',
				'clearImmediate',
				'setInterval',
				'clearInterval',
				'setTimeout',
				'clearTimeout',
			],
		});
	});
	afterEach(() => jest.useRealTimers());

	it.each([
		['Pacific/Kiritimati', 'yesterday', ['2024-03-05', '2024-03-06']],
		['Etc/GMT+12', 'yesterday', ['2024-03-03', '2024-03-04']],
		['Pacific/Kiritimati', 'today', ['2024-03-06', '2024-03-07']],
		['Etc/GMT+12', 'last7Days', ['2024-02-26', '2024-03-04']],
		['Europe/Berlin', 'last30Days', ['2024-02-04', '2024-03-05']],
	])('in %s, %s sends %j', async (zone, datePreset, expected) => {
		jsonOf(await runTerra(emulator(), dailyFor({ datePreset }), { timezone: zone }));
		expect(sentDates()).toEqual([expected]);
	});

	it('without a Date Range parameter (the default) it is yesterday', async () => {
		jsonOf(await runTerra(emulator(), dailyFor({}), { timezone: 'UTC' }));
		expect(sentDates()).toEqual([['2024-03-04', '2024-03-05']]);
	});
});

describe('one rule, each endpoint’s convention', () => {
	it('data: 1 to 7 March is seven daily summaries, sent as end_date 8 March; an empty end is the start day', async () => {
		const week = jsonOf(await runTerra(emulator(), dailyFor(days('2024-03-01', '2024-03-07'))));
		expect(week.map((item) => item.date)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07']);
		const one = jsonOf(await runTerra(emulator(), dailyFor(days('2024-03-01'))));
		expect(one.map((item) => item.date)).toEqual(['2024-03-01']);
		expect(sentDates()).toEqual([
			['2024-03-01', '2024-03-08'],
			['2024-03-01', '2024-03-02'],
		]);
	});

	it('planned workouts: Terra’s dates are inclusive, so they are sent as given; an empty end is the start day', async () => {
		for (const filters of [
			{ startDate: '2024-03-01T00:00:00', endDate: '2024-03-07T00:00:00' },
			{ startDate: '={{ $today.set({ year: 2024, month: 3, day: 9 }) }}' },
		]) {
			jsonOf(await runTerra(emulator(), { resource: 'plannedWorkout', operation: 'getAll', user: byId(user().user_id), filters, returnAll: true }));
		}
		expect(sentDates()).toEqual([
			['2024-03-01', '2024-03-07'],
			['2024-03-09', '2024-03-09'],
		]);
	});

	it('lab-report filters: inclusive too, sent as given, DateTimes included', async () => {
		jsonOf(
			await runTerra(emulator(), {
				resource: 'labReport',
				operation: 'getAll',
				returnAll: true,
				filters: { report_date_from: '2024-03-01T00:00:00', uploaded_at_to: '={{ $now.setZone("Pacific/Kiritimati").set({ year: 2024, month: 3, day: 7, hour: 0, minute: 30 }) }}' },
			}),
		);
		expect(apiRequests(emulator())[0].query).toEqual({ report_date_from: '2024-03-01', uploaded_at_to: '2024-03-07' });
	});
});
