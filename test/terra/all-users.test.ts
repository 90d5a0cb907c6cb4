/**
 * “All Connected Users” on the data Get operations, and the user filters, against an emulator with 30 connected
 * users (the 8 seeded ones and 22 more, two of them inactive): the users are listed through /subscriptions page by
 * page, each one's data arrives exactly once, a failing user becomes an error item naming them (or fails the node,
 * naming them), and a 429 for one user is waited out without losing anyone.
 */
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, byReference, days, jsonOf, runTerra, terraDirect, useEmulator } from './support';

const emulator = useEmulator({ users: 8 });
let inactive: string[] = [];

beforeAll(() => {
	emulator().addUsers(20);
	inactive = emulator().addUsers(2, { inactive: true }).map((user) => user.user_id);
});

const WEEK = days('2024-03-01', '2024-03-07');
/** Terra's answer for a user it does not know (problem+json), for one user's requests. */
const USER_NOT_FOUND = { status: 404, body: { type: 'about:blank', title: 'not found', detail: 'user not found' }, times: Infinity };
const allUsers = (extra: IDataObject = {}) => ({
	resource: 'daily',
	operation: 'getAll',
	userScope: 'all',
	...WEEK,
	options: { userPageSize: 7, userConcurrency: 4 },
	...extra,
});

/** What Terra returns for one user's week, to compare the node's output with. */
async function directWeek(userId: string): Promise<IDataObject[]> {
	const { body } = await terraDirect(
		emulator(),
		`/daily?user_id=${userId}&start_date=2024-03-01&end_date=2024-03-08&to_webhook=false&with_samples=false`,
	);
	return (body as { data: IDataObject[] }).data;
}

describe('All Connected Users', () => {
	it('lists every user page by page and outputs each user’s records once, in listing order, paired to the input item', async () => {
		const result = await runTerra(emulator(), allUsers({ output: 'full' }));
		const items = jsonOf(result);
		const sent = apiRequests(emulator());
		const pages = sent.filter((request) => request.path === '/subscriptions');
		expect(pages.map((request) => request.query)).toEqual([0, 1, 2, 3, 4].map((page) => ({ page: String(page), per_page: '7' })));
		const everyone = emulator().users;
		expect(everyone).toHaveLength(30);
		const expected: IDataObject[] = [];
		for (const user of everyone) expected.push(...(await directWeek(user.user_id)));
		expect(items).toEqual(expected);
		expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const dailyRequests = sent.filter((request) => request.path === '/daily');
		expect(dailyRequests.map((request) => request.query.user_id).sort()).toEqual(everyone.map((user) => user.user_id).sort());
	});

	it('Simplified rows carry each user’s ID, reference ID and provider', async () => {
		const items = jsonOf(await runTerra(emulator(), allUsers({ userFilters: { providers: ['GARMIN', 'oura'] } })));
		const wanted = emulator().users.filter((user) => ['GARMIN', 'OURA'].includes(user.provider));
		expect(new Set(items.map((item) => item.user_id))).toEqual(new Set(wanted.map((user) => user.user_id)));
		for (const item of items) {
			const user = wanted.find((candidate) => candidate.user_id === item.user_id)!;
			expect([item.reference_id, item.provider]).toEqual([user.reference_id, user.provider]);
		}
		expect(items).toHaveLength(wanted.length * 7);
	});

	it('filters by Active Only and Reference ID', async () => {
		const active = jsonOf(await runTerra(emulator(), allUsers({ userFilters: { activeOnly: true } })));
		const seen = new Set(active.map((item) => item.user_id));
		expect(seen.size).toBe(28);
		for (const id of inactive) expect(seen.has(id)).toBe(false);

		const shared = jsonOf(await runTerra(emulator(), allUsers({ userFilters: { referenceId: 'demo-user-1' } })));
		expect(new Set(shared.map((item) => item.provider))).toEqual(
			new Set(emulator().users.filter((user) => user.reference_id === 'demo-user-1').map((user) => user.provider)),
		);
	});

	it('with Continue on Fail: a failing user is one error item naming them; a 429 midway is waited out; everyone else arrives once', async () => {
		const everyone = emulator().users;
		const failing = everyone[11];
		const throttled = everyone[17];
		emulator().faults.inject({ method: 'GET', path: '/daily', query: { user_id: failing.user_id } }, USER_NOT_FOUND);
		emulator().faults.inject(
			{ method: 'GET', path: '/daily', query: { user_id: throttled.user_id } },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 },
		);
		const result = await runTerra(emulator(), allUsers({ output: 'full' }), { continueOnFail: true });
		expect(result.error).toBeUndefined();

		const errors = result.items.filter((item) => 'error' in item.json);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toEqual({
			error: `User ${failing.user_id} (${failing.provider}, reference ${failing.reference_id}): Terra API error 404: user not found`,
			details: expect.stringMatching(/Reconnect them/),
			user_id: failing.user_id,
			provider: failing.provider,
			reference_id: failing.reference_id,
		});
		expect(errors[0].pairedItem).toEqual({ item: 0 });

		const records = result.items.filter((item) => !('error' in item.json)).map((item) => item.json);
		const throttledCalls = apiRequests(emulator()).filter((request) => request.path === '/daily' && request.query.user_id === throttled.user_id);
		expect(throttledCalls.map((request) => request.status)).toEqual([429, 200]);
		const expected: IDataObject[] = [];
		for (const user of everyone) if (user !== failing) expected.push(...(await directWeek(user.user_id)));
		expect(records).toEqual(expected);
	});

	it('without Continue on Fail: the node fails with an error that names the user', async () => {
		const failing = emulator().users[5];
		emulator().faults.inject({ method: 'GET', path: '/daily', query: { user_id: failing.user_id } }, USER_NOT_FOUND);
		const result = await runTerra(emulator(), allUsers());
		expect(result.error?.message).toBe(
			`User ${failing.user_id} (${failing.provider}, reference ${failing.reference_id}): Terra API error 404: user not found`,
		);
	});

	it('with an error output: the failing user goes to it as {error, details}, the message naming them', async () => {
		const failing = emulator().users[3];
		emulator().faults.inject({ method: 'GET', path: '/daily', query: { user_id: failing.user_id } }, USER_NOT_FOUND);
		const result = await runTerra(emulator(), allUsers(), { errorOutput: true });
		expect(result.error).toBeUndefined();
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].json).toEqual({
			error: expect.stringContaining(`User ${failing.user_id} (${failing.provider}`),
			details: expect.stringMatching(/Reconnect them/),
		});
		expect(result.items.some((item) => 'error' in item.json)).toBe(false);
		expect(new Set(result.items.map((item) => item.json.user_id)).size).toBe(29);
	});

	it('works for Athlete (no dates): one profile per user', async () => {
		const items = jsonOf(
			await runTerra(emulator(), { resource: 'athlete', operation: 'get', userScope: 'all', userFilters: { activeOnly: true } }),
		);
		expect(items.map((item) => item.user_id)).toEqual(emulator().users.filter((user) => user.active !== false).map((user) => user.user_id));
	});
});

describe('User → Get Many filters', () => {
	it('keeps only the matching users, paging on until Limit matches are found', async () => {
		const items = jsonOf(
			await runTerra(emulator(), {
				resource: 'user',
				operation: 'getAll',
				returnAll: false,
				limit: 3,
				userFilters: { providers: ['WHOOP'], activeOnly: true },
				options: { pageSize: 5 },
			}),
		);
		const whoop = emulator().users.filter((user) => user.provider === 'WHOOP' && user.active !== false);
		expect(items.map((item) => item.user_id)).toEqual(whoop.slice(0, 3).map((user) => user.user_id));
		const pages = apiRequests(emulator()).map((request) => request.query);
		expect(pages.every((query) => query.per_page === '5')).toBe(true);
		expect(pages.length).toBeGreaterThan(1);

		const byReferenceId = jsonOf(
			await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: true, userFilters: { referenceId: 'extra-user-20' } }),
		);
		expect(byReferenceId.map((item) => item.reference_id)).toEqual(['extra-user-20']);
	});
});

describe('error items name the user of single-user operations', () => {
	it('carries user_id, and provider and reference ID when the user was found by reference ID', async () => {
		const user = emulator().users.find((candidate) => candidate.reference_id === 'extra-user-12')!;
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 500, times: Infinity });
		const result = await runTerra(
			emulator(),
			{ resource: 'sleep', operation: 'getAll', user: byReference('extra-user-12'), ...WEEK, options: { maxWaitSeconds: 0 } },
			{ continueOnFail: true },
		);
		expect(result.items[0].json).toEqual(
			expect.objectContaining({ error: expect.stringMatching(/^Terra API error 500/), user_id: user.user_id, provider: user.provider, reference_id: 'extra-user-12' }),
		);
		emulator().faults.clear();
		const planned = await runTerra(
			emulator(),
			{ resource: 'plannedWorkout', operation: 'get', plannedWorkoutId: '999999', user: byId(user.user_id) },
			{ continueOnFail: true },
		);
		expect(planned.items[0].json).toEqual(expect.objectContaining({ error: expect.stringMatching(/^Terra API error 404/), user_id: user.user_id }));
	});
});
