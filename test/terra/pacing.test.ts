/**
 * Terra's rate limit r2 (6,000 days per user per rolling hour) and long pulls: the node paces its windows by what
 * Terra reports (X-Terra-RateLimit-Remaining / -Reset-After), so it does not cause a 429 itself. It waits for the
 * reset when Max Wait allows and otherwise fails before sending, saying how many days the pull needs and when to
 * retry (nodes/Terra/transport/pacing.ts). Against the emulator, whose rate limiter implements r1 and r2.
 */
import type { IDataObject } from 'n8n-workflow';

import { R2_DAYS_PER_HOUR, requestCostDays, UserRateBudget } from '../../nodes/Terra/transport/pacing';
import { installRecordingLogger } from '../harness/n8n';
import { apiRequests, byId, jsonOf, runTerra, terraDirect, useEmulator } from './support';

const emulator = useEmulator();
const user = () => emulator().users[0];
const DAY = 86_400;

/** A pull of [startDate, endDate): Terra's end_date is `endDate`, the node's (inclusive) End Date the day before. */
const pull = (startDate: string, endDate: string, extra: IDataObject = {}) => ({
	resource: 'daily',
	operation: 'getAll',
	user: byId(user().user_id),
	datePreset: 'custom',
	startDate: `${startDate}T00:00:00`,
	endDate: `${new Date(Date.parse(`${endDate}T00:00:00Z`) - DAY * 1000).toISOString().slice(0, 10)}T00:00:00`,
	output: 'simplified',
	...extra,
});

/** Spends `days` of the user's r2 budget the way another client would (acknowledged to_webhook requests). */
async function spendBudget(days: number): Promise<void> {
	let start = Date.UTC(2000, 0, 1) / 1000;
	while (days > 0) {
		const chunk = Math.min(1825, days);
		const iso = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
		const answer = await terraDirect(emulator(), `/daily?user_id=${user().user_id}&start_date=${iso(start)}&end_date=${iso(start + chunk * DAY)}&to_webhook=true`);
		expect(answer.status).toBe(200);
		start += chunk * DAY;
		days -= chunk;
	}
	emulator().clearRequests();
}

/**
 * The requests Terra answered, once `count` have been answered: a pull that fails stops starting windows, but the
 * ones already in flight finish on their own (and must not spill into the next test).
 */
async function answered(count: number) {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const done = apiRequests(emulator()).filter((request) => request.status !== 0);
		if (done.length >= count || Date.now() > deadline) return done.map((request) => request.status);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

const spans = () =>
	apiRequests(emulator()).map((request) => (Date.parse(String(request.query.end_date)) - Date.parse(String(request.query.start_date))) / 86_400_000);

describe('the budget arithmetic', () => {
	it('a request costs its days (end − start), at least one', () => {
		expect(requestCostDays('2024-01-01', '2024-01-31')).toBe(30);
		expect(requestCostDays('2024-02-01', '2024-03-01')).toBe(29);
		expect(requestCostDays('2024-01-01', '2024-01-01')).toBe(1);
		expect(requestCostDays(undefined, undefined)).toBe(1);
	});

	it('one request asks first; the others wait for its answer, then go while they fit, then wait for the reset', () => {
		const budget = new UserRateBudget();
		expect(budget.decide(30, 0)).toEqual({ kind: 'send' });
		budget.reserve(30);
		expect(budget.decide(30, 0).kind).toBe('join');
		budget.settle(30, true, { limit: 6000, remaining: 100, resetAfterSeconds: 60 }, 0);
		expect(budget.remaining).toBe(100);
		budget.reserve(30);
		budget.reserve(30);
		budget.reserve(30);
		expect(budget.decide(30, 0)).toEqual({ kind: 'wait', untilMs: 60_000 });
		expect(budget.decide(10, 0)).toEqual({ kind: 'send' });
		// A late answer from before cannot raise the estimate; in-flight days count as spent.
		budget.settle(30, true, { remaining: 90, resetAfterSeconds: 60 }, 0);
		expect(budget.remaining).toBe(10);
	});

	it('answers without rate-limit headers leave nothing to pace by: everything goes', () => {
		const budget = new UserRateBudget();
		budget.reserve(30);
		budget.settle(30, true, undefined, 0);
		expect(budget.decide(5000, 0)).toEqual({ kind: 'send' });
		expect(R2_DAYS_PER_HOUR).toBe(6000);
	});
});

describe('long pulls inside Terra’s budget', () => {
	it('a 5-year pull: ceil(days / 30) requests, none over 1,825 days, no 429, records in order', async () => {
		const items = jsonOf(await runTerra(emulator(), pull('2021-01-01', '2026-01-01')));
		const days = 1826;
		expect(apiRequests(emulator())).toHaveLength(Math.ceil(days / 30));
		expect(apiRequests(emulator()).every((request) => request.status === 200)).toBe(true);
		expect(Math.max(...spans())).toBeLessThanOrEqual(30);
		expect(spans().reduce((sum, span) => sum + span, 0)).toBe(days);
		expect(items).toHaveLength(days);
		const starts = items.map((item) => String(item.date ?? item.start_time));
		expect(starts).toEqual([...starts].sort());
	});

	it('three 1-year pulls for one user in one execution share the budget and all fit (1,095 of 6,000 days)', async () => {
		const result = await runTerra(emulator(), pull('2023-01-01', '2024-01-01'), {
			input: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(jsonOf(result)).toHaveLength(3 * 365);
		expect(apiRequests(emulator()).every((request) => request.status === 200)).toBe(true);
	});
});

describe('a pull that would exceed the budget', () => {
	it('longer than an hour’s budget: fails before sending anything, unless Max Wait covers an hour', async () => {
		const result = await runTerra(emulator(), pull('2000-01-01', '2020-01-01', { delivery: 'webhook' }));
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('This pull covers 7,305 days, more than Terra allows per user per hour (6,000 days, rule r2)');
		expect((result.error as { description?: string }).description).toMatch(/Nothing was sent.*“Max Wait \(Seconds\)” to 3600/);
		expect(apiRequests(emulator())).toHaveLength(0);
	});

	it('with most of the budget spent elsewhere: sends what fits, then fails before the next window, saying when to retry', async () => {
		await spendBudget(5900);
		const result = await runTerra(emulator(), pull('2024-01-01', '2024-12-31'));
		expect(result.error?.name).toBe('NodeOperationError');
		// 100 days were left: the first window asks alone (70 left), two more fit (10 left), the fourth does not.
		expect(result.error?.message).toBe(
			'Terra’s rate limit would be exceeded: this pull still needs 275 days, 10 are left for this user (rule r2: 6,000 days per hour)',
		);
		expect((result.error as { description?: string }).description).toMatch(
			/^Terra frees budget for this user in [\d,]+ s \(about \d\d:\d\d UTC\)\. Nothing was sent for window 4 of 13 or later \(3 already fetched\)\. Run the node again after that, raise “Max Wait \(Seconds\)” to at least [\d]+/,
		);
		expect(await answered(3)).toEqual([200, 200, 200]);
	});

	it('items for the same user share one budget: the second item fails before its request, the first is kept', async () => {
		await spendBudget(2500);
		// Two items of 2,000 days each in windows of 1,825 days (1,825 + 175): 4,000 > the 3,500 left. The first item
		// leaves 1,500, and the second item's first window (1,825) does not fit.
		const result = await runTerra(emulator(), pull('2010-01-01', '2015-06-24', { options: { windowDays: 1825 } }), {
			input: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		const items = jsonOf(result);
		expect(items.filter((item) => !item.error)).toHaveLength(2000);
		expect(items.slice(2000)).toEqual([
			{
				error: 'Terra’s rate limit would be exceeded: this pull still needs 2,000 days, 1,500 are left for this user (rule r2: 6,000 days per hour)',
				details: expect.stringMatching(/Nothing was sent for window 1 of 2 or later \(0 already fetched\)/),
				// The error item names its user (as every data Get's errors do).
				user_id: user().user_id,
			},
		]);
		expect(await answered(2)).toEqual([200, 200]);
		// The refused window's later sibling (175 days, which would fit) was not sent either.
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(apiRequests(emulator())).toHaveLength(2);
	});

	it('waits for Terra’s reset when it comes within Max Wait, then goes on (no 429)', async () => {
		const logger = installRecordingLogger();
		// The first window's answer says only 20 days are left, freed in 2 s.
		emulator().faults.inject(
			{ method: 'GET', path: '/daily' },
			{
				status: 200,
				body: { user: user(), data: [], type: 'daily' },
				headers: { 'X-Terra-RateLimit-Limit': '6000', 'X-Terra-RateLimit-Remaining': '20', 'X-Terra-RateLimit-Reset-After': '2' },
				times: 1,
			},
		);
		const started = Date.now();
		const items = jsonOf(await runTerra(emulator(), pull('2024-01-01', '2024-03-01')));
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
		expect(items).toHaveLength(30);
		expect(apiRequests(emulator()).map((request) => request.status)).toEqual([200, 200]);
		expect(logger.entries.some((entry) => /Terra rate limit: 30 days do not fit the 20 left; waiting 2 s/.test(entry.message))).toBe(true);
	});

	it('does not wait longer than Max Wait for the reset: fails before sending', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/daily' },
			{
				status: 200,
				body: { user: user(), data: [], type: 'daily' },
				headers: { 'X-Terra-RateLimit-Remaining': '20', 'X-Terra-RateLimit-Reset-After': '30' },
				times: 1,
			},
		);
		const result = await runTerra(emulator(), pull('2024-01-01', '2024-03-01', { options: { maxWaitSeconds: 5 } }));
		expect(result.error?.message).toMatch(/^Terra’s rate limit would be exceeded: this pull still needs 30 days, 20 are left/);
		expect((result.error as { description?: string }).description).toMatch(/in 30 s .*at least 30 so the node waits/);
		expect(await answered(1)).toEqual([200]);
	});
});
