/** Rate limits, fault injection, request recording, the control API, validation details and determinism. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { request } from 'undici';
import { startEmulator, buildSampleEvent, type TerraEmulator } from '..';
import { DATA_TYPES, generateRange } from '../data/generators';
import { seedUsers } from '../data/users';
import { DAY_MS, daysInRange, toIsoDate } from '../util/time';
import { call, multipart, PDF_BYTES, startReceiver } from './helpers';

let emu: TerraEmulator;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
	emu = await startEmulator({ seed: 42 });
	userId = emu.users[0].user_id;
	otherUserId = emu.users[1].user_id;
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetRateLimits();
	emu.faults.clear();
});

const sync = (user: string, start: string, end?: string, base = emu.baseUrl, type = 'daily') =>
	call(
		emu,
		base,
		'GET',
		`/${type}?user_id=${user}&start_date=${start}${end ? `&end_date=${end}` : ''}&to_webhook=false`,
	);

describe('rate limits (per user_id; cost = days in range)', () => {
	test('r1: more than 1,825 days in one request -> 429 r1 without Retry-After', async () => {
		const ok = await sync(userId, '2021-01-01', '2025-12-31'); // 1,825 days exactly
		expect(ok.status).toBe(200);
		const res = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2021-01-01&end_date=2026-01-01`,
		);
		expect(res.status).toBe(429);
		expect(res.headers['x-terra-ratelimit-rule']).toBe('r1');
		expect(res.headers['retry-after']).toBeUndefined();
		expect(res.body).toEqual(
			expect.objectContaining({ detail: 'rate limit exceeded', title: 'too many requests' }),
		);
		const legacy = await call(
			emu,
			emu.legacyBaseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2021-01-01&end_date=2026-01-01`,
		);
		expect(legacy.status).toBe(429);
		expect(legacy.body).toEqual({ status: 'error', message: 'rate limit exceeded' });
		expect(legacy.headers['x-terra-ratelimit-rule']).toBe('r1');
	});

	test('r2: more than 6,000 days per rolling hour -> 429 r2 with Retry-After; success headers count down', async () => {
		const a = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/sleep?user_id=${userId}&start_date=2021-01-01&end_date=2025-12-31&to_webhook=false`,
		);
		expect(a.headers['x-terra-ratelimit-limit']).toBe('6000');
		expect(a.headers['x-terra-ratelimit-remaining']).toBe(String(6000 - 1825));
		expect(Number(a.headers['x-terra-ratelimit-reset-after'])).toBeGreaterThan(3500);
		await sync(userId, '2021-01-01', '2025-12-31');
		const c = await sync(userId, '2021-01-01', '2025-12-31');
		expect(c.headers['x-terra-ratelimit-remaining']).toBe(String(6000 - 3 * 1825));
		const blocked = await sync(userId, '2024-01-01', '2025-12-31'); // 730 more days: 6,205 > 6,000
		expect(blocked.status).toBe(429);
		expect(blocked.headers['x-terra-ratelimit-rule']).toBe('r2');
		expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
		expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(3600);
		// A request that still fits passes; other users have their own budget.
		expect((await sync(userId, '2025-01-01', '2025-07-01')).status).toBe(200);
		expect((await sync(otherUserId, '2021-01-01', '2025-12-31')).status).toBe(200);
		emu.resetRateLimits();
		expect((await sync(userId, '2024-01-01', '2025-12-31')).status).toBe(200);
	});

	test('undated /athlete costs 1; to_webhook requests count too', async () => {
		const res = await call(emu, emu.baseUrl, 'GET', `/athlete?user_id=${userId}&to_webhook=false`);
		expect(res.headers['x-terra-ratelimit-remaining']).toBe('5999');
		const viaWebhook = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/sleep?user_id=${userId}&start_date=2026-01-01&end_date=2026-01-11`,
		);
		expect(viaWebhook.headers['x-terra-ratelimit-remaining']).toBe('5989');
	});
});

describe('validation details', () => {
	test('end_date is exclusive; start == end or no end is one day; unix seconds accepted', async () => {
		const count = async (s: string, e?: string) =>
			((await sync(userId, s, e)).body as { data: unknown[] }).data.length;
		expect(await count('2026-06-01', '2026-06-03')).toBe(2);
		expect(await count('2026-06-01', '2026-06-01')).toBe(1);
		expect(await count('2026-06-01')).toBe(1);
		expect(
			await count(String(Date.UTC(2026, 5, 1) / 1000), String(Date.UTC(2026, 5, 4) / 1000)),
		).toBe(3);
		const res = await sync(userId, '2026-06-03', '2026-06-01');
		expect(res.status).toBe(400);
	});

	test('unknown routes and wrong methods use the surface error shape', async () => {
		const missing = await call(emu, emu.baseUrl, 'GET', '/nope');
		expect(missing.status).toBe(404);
		expect(missing.contentType).toBe('application/problem+json');
		const wrong = await call(emu, emu.legacyBaseUrl, 'PUT', '/activity');
		expect(wrong.status).toBe(405);
		expect(wrong.body).toEqual({ status: 'error', message: 'method PUT not allowed' });
		const badKey = await call(emu, emu.baseUrl, 'GET', `/userInfo?user_id=${userId}`, {
			auth: { 'dev-id': emu.devId, 'x-api-key': 'nope' },
		});
		expect(badKey.status).toBe(401);
	});
});

describe('fault injection', () => {
	test('status for the next N calls on a route (surface shapes, method filter), then normal', async () => {
		emu.faults.inject({ method: 'GET', path: '/daily' }, { status: 503, times: 2 });
		expect((await sync(userId, '2026-06-01')).status).toBe(503);
		const legacy = await sync(userId, '2026-06-01', undefined, emu.legacyBaseUrl);
		expect(legacy.status).toBe(503);
		expect(legacy.body).toEqual({ status: 'error', message: expect.any(String) });
		expect((await sync(userId, '2026-06-01')).status).toBe(200);
		emu.faults.inject({ method: 'POST', path: '/daily' }, { status: 500 });
		expect((await sync(userId, '2026-06-01')).status).toBe(200);
	});

	test('custom body and headers, e.g. a provider 429 with Retry-After; Infinity until cleared', async () => {
		emu.faults.inject(
			{ path: '/sleep' },
			{
				status: 429,
				headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '7' },
				times: Infinity,
			},
		);
		for (let i = 0; i < 3; i++) {
			const res = await sync(userId, '2026-06-01', undefined, emu.baseUrl, 'sleep');
			expect([
				res.status,
				res.headers['retry-after'],
				res.headers['x-terra-ratelimit-rule'],
			]).toEqual([429, '7', 'r2']);
			expect(res.body).toEqual(expect.objectContaining({ detail: 'rate limit exceeded' }));
		}
		emu.faults.clear();
		expect((await sync(userId, '2026-06-01', undefined, emu.baseUrl, 'sleep')).status).toBe(200);
		emu.faults.inject({ path: '/workouts/:id' }, { status: 500, body: { custom: true } });
		const w = await call(emu, emu.baseUrl, 'GET', '/workouts/77');
		expect([w.status, w.body]).toEqual([500, { custom: true }]);
	});

	test('latency', async () => {
		emu.faults.inject({ path: '/userInfo' }, { latencyMs: 300 });
		const started = Date.now();
		const res = await call(emu, emu.baseUrl, 'GET', `/userInfo?user_id=${userId}`);
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('reset destroys the socket (ECONNRESET-style failure), next call works', async () => {
		emu.faults.inject({ path: '/subscriptions' }, { reset: true });
		await expect(call(emu, emu.baseUrl, 'GET', '/subscriptions')).rejects.toThrow(
			/other side closed|socket|ECONNRESET/i,
		);
		expect((await call(emu, emu.baseUrl, 'GET', '/subscriptions')).status).toBe(200);
	});

	test('processing: Garmin-style processing body first, real data on the next identical call', async () => {
		emu.faults.inject(
			{ method: 'GET', path: '/activity' },
			{ processing: { retryAfterSeconds: 3 } },
		);
		const first = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`,
		);
		expect(first.body).toEqual({
			type: 'processing',
			message: 'Request is processing, try again later',
			retry_after_seconds: 3,
			user: expect.objectContaining({ user_id: userId }),
		});
		const second = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`,
		);
		expect(second.body).toEqual(
			expect.objectContaining({ type: 'activity', data: expect.any(Array) }),
		);
	});

	test('faults over the control API (times "Infinity"), then DELETE', async () => {
		let res = await call(emu, emu.url, 'POST', '/__emulator/faults', {
			auth: false,
			body: { match: { path: '/integrations' }, fault: { status: 502, times: 'Infinity' } },
		});
		expect(res.status).toBe(201);
		expect((await call(emu, emu.baseUrl, 'GET', '/integrations')).status).toBe(502);
		expect((await call(emu, emu.baseUrl, 'GET', '/integrations')).status).toBe(502);
		res = await call(emu, emu.url, 'DELETE', '/__emulator/faults', { auth: false });
		expect(res.status).toBe(204);
		expect((await call(emu, emu.baseUrl, 'GET', '/integrations')).status).toBe(200);
	});
});

describe('more users, and faults for one user', () => {
	let big: TerraEmulator;
	beforeAll(async () => {
		big = await startEmulator({ seed: 42 });
	});
	afterAll(() => big.close());

	test('POST /__emulator/users adds users after the seeded ones, which stay as they are', async () => {
		const seeded = seedUsers(42, 8);
		const res = await call(big, big.url, 'POST', '/__emulator/users', { auth: false, body: { count: 20 } });
		expect(res.status).toBe(201);
		const added = res.body as typeof big.users;
		expect(added).toHaveLength(20);
		expect(big.users.slice(0, 8)).toEqual(seeded);
		expect(big.users.slice(8)).toEqual(added);
		expect(new Set(big.users.map((user) => user.user_id)).size).toBe(28);
		expect(added.map((user) => user.reference_id)).toEqual(added.map((_user, index) => `extra-user-${index + 9}`));
		expect(new Set(added.map((user) => user.provider)).size).toBeGreaterThan(4);
		const inactive = big.addUsers(2, { inactive: true });
		expect(inactive.map((user) => user.active)).toEqual([false, false]);
		// Paging sees them all; a twin emulator adding the same count gets the same users.
		const page = await call(big, big.baseUrl, 'GET', '/subscriptions?page=2&per_page=10');
		expect((page.body as { data: { results: unknown[]; next: number | null } }).data).toEqual(
			expect.objectContaining({ results: big.users.slice(20, 30), next: null }),
		);
		const twin = await startEmulator({ seed: 42 });
		try {
			twin.addUsers(20);
			expect(twin.users).toEqual(big.users.slice(0, 28));
		} finally {
			await twin.close();
		}
		const bad = await call(big, big.url, 'POST', '/__emulator/users', { auth: false, body: { count: 0 } });
		expect(bad.status).toBe(400);
	});

	test('a fault with match.query fails only the requests with that query value', async () => {
		const [first, second] = big.users;
		const res = await call(big, big.url, 'POST', '/__emulator/faults', {
			auth: false,
			body: { match: { method: 'GET', path: '/daily', query: { user_id: second.user_id } }, fault: { status: 404, times: 'Infinity' } },
		});
		expect(res.status).toBe(201);
		const get = (user: string) =>
			call(big, big.baseUrl, 'GET', `/daily?user_id=${user}&start_date=2026-06-01&to_webhook=false`);
		expect((await get(first.user_id)).status).toBe(200);
		expect((await get(second.user_id)).status).toBe(404);
		expect((await get(second.user_id)).status).toBe(404);
		expect((await get(first.user_id)).status).toBe(200);
		const invalid = await call(big, big.url, 'POST', '/__emulator/faults', {
			auth: false,
			body: { match: { path: '/daily', query: { user_id: 7 } }, fault: { status: 500 } },
		});
		expect(invalid.status).toBe(400);
		big.faults.clear();
	});
});

describe('request recording', () => {
	test('every request, in order, with surface, prefix-less path, query, lower-cased headers, parsed body', async () => {
		emu.clearRequests();
		await call(
			emu,
			emu.baseUrl,
			'GET',
			`/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`,
			{ headers: { 'X-Custom': 'Yes' } },
		);
		await call(emu, emu.legacyBaseUrl, 'POST', `/body?user_id=${userId}`, {
			body: { data: [{ metadata: { start_time: 'a', end_time: 'b' } }] },
		});
		const pdf = multipart(
			{ filename: 'r.pdf', contentType: 'application/pdf', data: PDF_BYTES },
			{ note: 'hi' },
		);
		await call(emu, emu.baseUrl, 'POST', '/lab-reports?reference_id=p1', {
			rawBody: pdf.body,
			contentType: pdf.contentType,
		});
		await call(emu, emu.url, 'POST', '/widget/session', { body: { providers: 'GARMIN' } });
		await call(emu, emu.baseUrl, 'GET', `/userInfo?user_id=${userId}&x=1&x=2`);
		const [a, b, c, d, e] = emu.requests;
		expect(emu.requests).toHaveLength(5);
		expect(a).toEqual(
			expect.objectContaining({
				method: 'GET',
				path: '/activity',
				surface: 'current',
				status: 200,
				query: { user_id: userId, start_date: '2026-06-01', to_webhook: 'false' },
			}),
		);
		expect(a.url).toBe(`/api/v2/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`);
		expect(a.headers['x-custom']).toBe('Yes');
		expect(a.headers['dev-id']).toBe(emu.devId);
		expect(b).toEqual(
			expect.objectContaining({
				method: 'POST',
				path: '/body',
				surface: 'legacy',
				status: 201,
				body: { data: [{ metadata: { start_time: 'a', end_time: 'b' } }] },
			}),
		);
		expect(Buffer.isBuffer(b.rawBody) && JSON.parse(b.rawBody.toString())).toEqual(b.body);
		expect(c.body).toEqual({
			fields: { note: 'hi' },
			files: [
				{
					field: 'file',
					filename: 'r.pdf',
					contentType: 'application/pdf',
					size: PDF_BYTES.length,
					sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
				},
			],
		});
		expect(c.status).toBe(202);
		expect(d).toEqual(
			expect.objectContaining({ surface: 'widget', path: '/widget/session', status: 201 }),
		);
		expect(e.query.x).toEqual(['1', '2']);
		const overHttp = await call(emu, emu.url, 'GET', '/__emulator/requests', { auth: false });
		const logged = overHttp.body as Array<{ rawBody: string; surface: string }>;
		expect(Buffer.from(logged[1].rawBody, 'base64').toString()).toBe(b.rawBody.toString());
		expect(logged[logged.length - 1].surface).toBe('control');
		emu.clearRequests();
		expect(emu.requests).toHaveLength(0);
	});
});

describe('control API', () => {
	test('webhook destination, events, deliveries, users, reset-rate-limits', async () => {
		const receiver = await startReceiver();
		try {
			let res = await call(emu, emu.url, 'PUT', '/__emulator/webhook', {
				auth: false,
				body: { url: receiver.url, secret: 'ctl-secret' },
			});
			expect(res.body).toEqual({ url: receiver.url, secret: 'ctl-secret' });
			expect(emu.signingSecret).toBe('ctl-secret');
			res = await call(emu, emu.url, 'POST', '/__emulator/events', {
				auth: false,
				body: { type: 'permission_change', user_id: otherUserId },
			});
			expect(res.status).toBe(200);
			expect((res.body as { status: number }).status).toBe(200);
			expect(receiver.received[0].body).toEqual(
				expect.objectContaining({
					type: 'permission_change',
					user: expect.objectContaining({ user_id: otherUserId }),
				}),
			);
			res = await call(emu, emu.url, 'POST', '/__emulator/events', {
				auth: false,
				body: { type: 's3_payload' },
			});
			// Found by type: under load the sender may retry the first delivery before this one arrives.
			const s3 = receiver.received.find((delivery) => (delivery.body as { type?: string }).type === 's3_payload')!
				.body as { url: string };
			expect((await call(emu, s3.url, 'GET', '', { auth: false })).body).toEqual(
				expect.objectContaining({ type: 'activity' }),
			);
			res = await call(emu, emu.url, 'GET', '/__emulator/deliveries', { auth: false });
			expect((res.body as Array<{ type: string }>).map((d) => d.type)).toEqual(
				expect.arrayContaining(['permission_change', 's3_payload']),
			);
			res = await call(emu, emu.url, 'GET', '/__emulator/users', { auth: false });
			expect(res.body).toEqual(emu.users);
			await sync(userId, '2021-01-01', '2025-12-31');
			res = await call(emu, emu.url, 'POST', '/__emulator/reset-rate-limits', { auth: false });
			expect(res.status).toBe(204);
			expect((await sync(userId, '2026-01-01')).headers['x-terra-ratelimit-remaining']).toBe(
				'5999',
			);
			res = await call(emu, emu.url, 'PUT', '/__emulator/webhook', {
				auth: false,
				body: { url: null },
			});
			expect(res.body).toEqual({ url: null, secret: 'ctl-secret' });
			expect(
				(
					await call(emu, emu.url, 'POST', '/__emulator/events', {
						auth: false,
						body: { type: 'auth' },
					})
				).status,
			).toBe(502);
		} finally {
			emu.setWebhook(undefined, 'emulator-signing-secret');
			await receiver.close();
		}
	});
});

describe('determinism', () => {
	test('same seed -> identical users and data over HTTP; different seed -> different', async () => {
		const twin = await startEmulator({ seed: 42 });
		const other = await startEmulator({ seed: 43 });
		try {
			expect(twin.users).toEqual(emu.users);
			expect(other.users.map((u) => u.user_id)).not.toEqual(emu.users.map((u) => u.user_id));
			for (const t of ['activity', 'sleep', 'body', 'nutrition']) {
				const url = (e: TerraEmulator) =>
					`/${t}?user_id=${e.users[0].user_id}&start_date=2026-03-01&end_date=2026-03-15&to_webhook=false&with_samples=true`;
				const [a, b, c] = await Promise.all([
					call(emu, emu.baseUrl, 'GET', url(emu)),
					call(twin, twin.baseUrl, 'GET', url(twin)),
					call(other, other.baseUrl, 'GET', url(other)),
				]);
				expect(b.raw).toBe(a.raw);
				expect((c.body as { data: unknown }).data).not.toEqual((a.body as { data: unknown }).data);
			}
		} finally {
			await Promise.all([twin.close(), other.close()]);
		}
	});

	test('property: a range equals the concatenation of its sub-ranges (data is a function of day, not request)', () => {
		const users = seedUsers(11, 8);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 600 }),
				fc.integer({ min: 1, max: 20 }),
				fc.integer({ min: 0, max: 20 }),
				fc.integer({ min: 0, max: 7 }),
				fc.constantFrom(...DATA_TYPES.filter((d) => d.dated)),
				(offset, len, cut, u, def) => {
					const start = Date.UTC(2025, 0, 1) + offset * DAY_MS;
					const split = Math.min(cut, len);
					const ctx = { seed: 11, user: users[u], withSamples: false };
					const whole = generateRange(def, ctx, daysInRange(start, start + len * DAY_MS));
					const parts = [
						...generateRange(def, ctx, daysInRange(start, start + split * DAY_MS)),
						...generateRange(def, ctx, daysInRange(start + split * DAY_MS, start + len * DAY_MS)),
					];
					expect(parts).toEqual(whole);
				},
			),
			{ numRuns: 60 },
		);
	});

	test('property: with_samples only fills sample arrays; every other field is the same', () => {
		const users = seedUsers(11, 8);
		// Arrays that are empty without samples may be filled with them (samples, intervals, detailed series);
		// everything else must be identical.
		const sampleBlind = (plain: unknown, sampled: unknown): unknown => {
			if (Array.isArray(plain)) {
				return plain.length === 0 && Array.isArray(sampled)
					? []
					: plain.map((entry, index) => sampleBlind(entry, (sampled as unknown[])?.[index]));
			}
			if (!plain || typeof plain !== 'object' || !sampled || typeof sampled !== 'object') return sampled;
			return Object.fromEntries(
				Object.entries(sampled as Record<string, unknown>).map(([key, entry]) => [
					key,
					sampleBlind((plain as Record<string, unknown>)[key], entry),
				]),
			);
		};
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 600 }),
				fc.integer({ min: 0, max: 7 }),
				fc.constantFrom(...DATA_TYPES.filter((d) => d.dated)),
				(offset, u, def) => {
					const start = Date.UTC(2025, 0, 1) + offset * DAY_MS;
					const days = daysInRange(start, start + 3 * DAY_MS);
					const plain = generateRange(def, { seed: 11, user: users[u], withSamples: false }, days);
					const sampled = generateRange(def, { seed: 11, user: users[u], withSamples: true }, days);
					expect(sampleBlind(plain, sampled)).toEqual(plain);
				},
			),
			{ numRuns: 40 },
		);
	});

	test('buildSampleEvent is deterministic per (type, seed, user, date, reference)', () => {
		const opts = { seed: 5, date: '2026-06-01', reference: 'ref-1' };
		expect(buildSampleEvent('activity', opts)).toEqual(buildSampleEvent('activity', opts));
		expect(buildSampleEvent('activity', opts)).not.toEqual(
			buildSampleEvent('activity', { ...opts, seed: 6 }),
		);
		expect(buildSampleEvent('large_request_sending', opts).reference).toBe('ref-1');
		expect(toIsoDate(Date.UTC(2026, 5, 1))).toBe('2026-06-01');
	});

	test('long with_samples ranges make large payloads (minute-level heart rate)', async () => {
		const res = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/daily?user_id=${userId}&start_date=2026-01-01&end_date=2026-01-08&to_webhook=false&with_samples=true`,
		);
		expect(res.raw.length).toBeGreaterThan(7 * 100_000);
		const lean = await call(
			emu,
			emu.baseUrl,
			'GET',
			`/daily?user_id=${userId}&start_date=2026-01-01&end_date=2026-01-08&to_webhook=false`,
		);
		expect(lean.raw.length).toBeLessThan(res.raw.length / 10);
	});
});

describe('emulator CLI', () => {
	test('prints URLs, credentials and users; stops cleanly on SIGTERM', async () => {
		const root = path.resolve(__dirname, '../..');
		const child = spawn(
			process.execPath,
			[
				require.resolve('ts-node/dist/bin.js'),
				'--transpile-only',
				'-P',
				'tsconfig.dev.json',
				'scripts/emulator.ts',
				'--port',
				'0',
				'--seed',
				'42',
				'--users',
				'3',
				'--dev-id',
				'cli-dev',
				'--api-key',
				'cli-key',
			],
			{ cwd: root },
		);
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const started = Date.now();
		while (!/demo-user-1\n[\s\S]*demo-user-1/.test(out) && Date.now() - started < 20_000)
			await new Promise((r) => setTimeout(r, 50));
		const base = /current API[^\n]*?(http:\/\/\S+)/.exec(out)?.[1];
		expect(base).toMatch(/\/api\/v2$/);
		expect(out).toContain('dev-id: cli-dev');
		const users = await request(`${base}/subscriptions`, {
			headers: { 'dev-id': 'cli-dev', 'x-api-key': 'cli-key' },
		});
		expect(((await users.body.json()) as { users: unknown[] }).users).toHaveLength(3);
		const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
		expect(out).toContain('stopping the Terra emulator');
	}, 30_000);
});
