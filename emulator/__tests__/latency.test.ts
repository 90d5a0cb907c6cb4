/**
 * The latency model (http/latency.ts) and the per-day record cache (data/dayCache.ts): Terra-like response times
 * for benchmarks, settable at start and through the control API, and cached answers byte for byte the same as
 * freshly generated ones. Only lower bounds of time are asserted (a loaded machine is only ever slower), except
 * where the point is that waits overlap, and there the margin is most of a second.
 */
import { request } from 'undici';

import { startEmulator, type TerraEmulator } from '..';
import { DayCache } from '../data/dayCache';
import { DATA_TYPES, generateRange } from '../data/generators';
import { latencyFor, latencyModel, NO_LATENCY } from '../http/latency';
import { daysInRange, parseTerraDate } from '../util/time';
import { call } from './helpers';

let emu: TerraEmulator;
let userId: string;

beforeAll(async () => {
	emu = await startEmulator({ seed: 42 });
	userId = emu.users[0].user_id;
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.setLatency(NO_LATENCY);
	emu.resetRateLimits();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = performance.now();
	const value = await fn();
	return { ms: performance.now() - started, value };
}

const daily = (days: number, toWebhook = false) =>
	call(
		emu,
		emu.baseUrl,
		'GET',
		`/daily?user_id=${userId}&start_date=2026-03-01&end_date=2026-03-${String(1 + days).padStart(2, '0')}&to_webhook=${toWebhook}`,
	);

const control = async (method: 'GET' | 'PUT', body?: unknown) => {
	const response = await request(`${emu.url}/__emulator/latency`, {
		method,
		headers: body === undefined ? undefined : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
};

describe('latency model', () => {
	test('none by default; the model is per request plus per covered day', () => {
		expect(latencyModel(undefined)).toEqual({ perRequestMs: 0, perDayMs: 0 });
		expect(latencyFor({ perRequestMs: 250, perDayMs: 10 }, 30)).toBe(550);
		expect(latencyFor({ perRequestMs: 250, perDayMs: 10 }, 0)).toBe(250);
		expect(latencyModel({ perDayMs: 5 }, { perRequestMs: 100, perDayMs: 0 })).toEqual({ perRequestMs: 100, perDayMs: 5 });
	});

	test('a start option holds back every Terra API answer, errors included', async () => {
		const slow = await startEmulator({ seed: 42, latency: { perRequestMs: 400 } });
		try {
			const ok = await timed(() => call(slow, slow.baseUrl, 'GET', `/userInfo?user_id=${slow.users[0].user_id}`));
			expect(ok.value.status).toBe(200);
			expect(ok.ms).toBeGreaterThanOrEqual(390);
			const missing = await timed(() => call(slow, slow.baseUrl, 'GET', '/userInfo?user_id=00000000-0000-4000-8000-000000000000'));
			expect(missing.value.status).toBe(404);
			expect(missing.ms).toBeGreaterThanOrEqual(390);
		} finally {
			await slow.close();
		}
	});

	test('a data GET that returns data waits per day on top; its acknowledgement (to_webhook) does not', async () => {
		emu.setLatency({ perRequestMs: 100, perDayMs: 400 });
		const tenDays = await timed(() => daily(10));
		expect(tenDays.value.status).toBe(200);
		expect((tenDays.value.body as { data: unknown[] }).data).toHaveLength(10);
		expect(tenDays.ms).toBeGreaterThanOrEqual(100 + 10 * 400 - 10);

		emu.setWebhook(undefined);
		// 28 days × 400 ms would be over 11 s: the acknowledgement must not pay for days it does not return.
		const ack = await timed(() => daily(28, true));
		expect(ack.value.status).toBe(200);
		expect(ack.ms).toBeGreaterThanOrEqual(90);
		expect(ack.ms).toBeLessThan(8000);
	});

	test('concurrent requests wait side by side (a timer, not work)', async () => {
		emu.setLatency({ perRequestMs: 1500, perDayMs: 0 });
		const together = await timed(() => Promise.all([daily(1), daily(1), daily(1)]));
		expect(together.value.map((result) => result.status)).toEqual([200, 200, 200]);
		expect(together.ms).toBeGreaterThanOrEqual(1490);
		// One after the other they would take 4.5 s.
		expect(together.ms).toBeLessThan(3500);
	});

	test('the control API reads and changes the model (unnamed parts stay), and is itself never held back', async () => {
		expect(await control('GET')).toEqual({ status: 200, body: { perRequestMs: 0, perDayMs: 0 } });
		expect(await control('PUT', { perRequestMs: 250 })).toEqual({ status: 200, body: { perRequestMs: 250, perDayMs: 0 } });
		expect(await control('PUT', { perDayMs: '12' })).toEqual({ status: 200, body: { perRequestMs: 250, perDayMs: 12 } });
		const userInfo = await timed(() => call(emu, emu.baseUrl, 'GET', `/userInfo?user_id=${userId}`));
		expect(userInfo.ms).toBeGreaterThanOrEqual(240);
		await control('PUT', { perRequestMs: 6000 });
		const read = await timed(() => control('GET'));
		expect(read.value.body).toEqual({ perRequestMs: 6000, perDayMs: 12 });
		expect(read.ms).toBeLessThan(5000);
	});

	test.each([
		['negative', { perRequestMs: -1 }],
		['not a number', { perDayMs: 'soon' }],
		['over ten minutes', { perRequestMs: 600_001 }],
		['infinite', { perDayMs: 'Infinity' }],
	])('the control API refuses a model that is %s (400) and keeps the one in force', async (_name, body) => {
		emu.setLatency({ perRequestMs: 7, perDayMs: 3 });
		const refused = await control('PUT', body);
		expect(refused.status).toBe(400);
		expect(String(refused.body.message)).toMatch(/milliseconds from 0 to 600000/);
		expect((await control('GET')).body).toEqual({ perRequestMs: 7, perDayMs: 3 });
	});
});

describe('per-day record cache', () => {
	const def = DATA_TYPES.find((type) => type.type === 'daily')!;

	test('an inline answer is byte for byte JSON.stringify({user, data, type}), fresh and from the cache', async () => {
		const user = emu.users[0];
		for (const withSamples of [false, true]) {
			const query = `user_id=${user.user_id}&start_date=2026-02-20&end_date=2026-03-05&to_webhook=false&with_samples=${withSamples}`;
			const days = daysInRange(parseTerraDate('2026-02-20')!, parseTerraDate('2026-03-05')!);
			const expected = JSON.stringify({ user, data: generateRange(def, { seed: 42, user, withSamples }, days), type: 'daily' });
			for (let round = 0; round < 2; round++) {
				const answer = await call(emu, emu.baseUrl, 'GET', `/daily?${query}`);
				expect(answer.status).toBe(200);
				expect(answer.contentType).toMatch(/^application\/json/);
				expect(answer.raw).toBe(expected);
			}
		}
		// A range overlapping the cached days, on the legacy surface.
		const overlapping = await call(emu, emu.legacyBaseUrl, 'GET', `/daily?user_id=${user.user_id}&start_date=2026-03-01&end_date=2026-03-10&to_webhook=false`);
		const days = daysInRange(parseTerraDate('2026-03-01')!, parseTerraDate('2026-03-10')!);
		expect(overlapping.raw).toBe(JSON.stringify({ user, data: generateRange(def, { seed: 42, user, withSamples: false }, days), type: 'daily' }));
	});

	test('bounded: the oldest days go first once the cache is full', () => {
		const user = emu.users[1];
		const ctx = { seed: 42, user, withSamples: false };
		const oneDay = new DayCache().json(def, ctx, '2026-01-01').length;
		const cache = new DayCache(oneDay * 3 + 10);
		for (const day of ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']) cache.json(def, ctx, day);
		expect(cache.size).toBe(3);
		// Still correct after eviction.
		expect(cache.json(def, ctx, '2026-01-01')).toBe(generateRange(def, ctx, ['2026-01-01']).map((r) => JSON.stringify(r)).join(','));
	});
});
