/**
 * Retries, error mapping, continueOnFail and secrecy, against the emulator's fault injection and its two error
 * shapes (problem+json `detail` on the current host, `{status, message}` on the legacy host).
 */
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, credentialsFor, days, jsonOf, runTerra, TERRA_NODE, useEmulator } from './support';
import { runNode } from '../harness/n8n';

const emulator = useEmulator();
const user = () => emulator().users[0];
const sleepWeek = (extra: IDataObject = {}) => ({
	resource: 'sleep',
	operation: 'getAll',
	user: byId(user().user_id),
	...days('2024-02-01', '2024-02-07'),
	...extra,
});

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const started = Date.now();
	const result = await run();
	return { result, ms: Date.now() - started };
}

describe('retries', () => {
	it('waits for Retry-After on a 429 with rule r2, then succeeds', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/sleep' },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '1' }, times: 1 },
		);
		const { result, ms } = await timed(() => runTerra(emulator(), sleepWeek()));
		expect(jsonOf(result).length).toBeGreaterThan(0);
		expect(apiRequests(emulator()).map((request) => request.status)).toEqual([429, 200]);
		expect(ms).toBeGreaterThanOrEqual(1000);
	});

	it('does not wait for a Retry-After longer than Max Wait, and says when to retry', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/sleep' },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r2', 'Retry-After': '900' }, times: 1 },
		);
		const { result, ms } = await timed(() => runTerra(emulator(), sleepWeek({ options: { maxWaitSeconds: 60 } })));
		expect(result.error?.message).toMatch(/^Terra API error 429: rate limit exceeded/);
		expect((result.error as { description?: string }).description).toMatch(/6,000 days.*Retry after 900 s/);
		expect(apiRequests(emulator())).toHaveLength(1);
		expect(ms).toBeLessThan(1000);
	});

	it('never retries rule r1 (a range too long for one request)', async () => {
		emulator().faults.inject(
			{ method: 'GET', path: '/sleep' },
			{ status: 429, headers: { 'X-Terra-RateLimit-Rule': 'r1' }, times: 1 },
		);
		const result = await runTerra(emulator(), sleepWeek());
		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as { httpCode?: string }).httpCode).toBe('429');
		expect((result.error as { description?: string }).description).toMatch(/1,825 days.*rule r1/);
		expect(apiRequests(emulator())).toHaveLength(1);
	});

	it('retries a 503 on a GET with backoff, then succeeds', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 503, times: 1 });
		const { result, ms } = await timed(() => runTerra(emulator(), sleepWeek()));
		expect(jsonOf(result).length).toBeGreaterThan(0);
		expect(apiRequests(emulator()).map((request) => request.status)).toEqual([503, 200]);
		expect(ms).toBeGreaterThanOrEqual(500); // the first backoff is 0.5–1 s
	});

	it('bounds 5xx retries by the total wait budget', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { status: 502, times: Infinity });
		// Backoffs are 0.5–1 s, then 1–2 s, then 2–4 s: with 3 s of budget exactly two retries fit.
		const { result, ms } = await timed(() => runTerra(emulator(), sleepWeek({ options: { maxWaitSeconds: 3 } })));
		expect((result.error as { httpCode?: string }).httpCode).toBe('502');
		expect(apiRequests(emulator())).toHaveLength(3);
		expect(ms).toBeLessThan(4500);
	});

	it('retries a connection reset on a GET', async () => {
		emulator().faults.inject({ method: 'GET', path: '/sleep' }, { reset: true, times: 1 });
		const result = await runTerra(emulator(), sleepWeek());
		expect(jsonOf(result).length).toBeGreaterThan(0);
		expect(apiRequests(emulator()).filter((request) => request.path === '/sleep').length).toBeGreaterThanOrEqual(1);
	});

	it('does not retry a 500 on a POST (it may have been processed)', async () => {
		emulator().faults.inject({ method: 'POST', path: '/auth/authenticateUser' }, { status: 500, times: 1 });
		const result = await runTerra(emulator(), {
			resource: 'authentication',
			operation: 'generateAuthLink',
			provider: 'GARMIN',
		});
		expect((result.error as { httpCode?: string }).httpCode).toBe('500');
		expect(apiRequests(emulator())).toHaveLength(1);
	});

	it('waits for a provider that is still processing ("retry after N s"), then returns the data', async () => {
		emulator().faults.inject({ method: 'GET', path: '/activity' }, { processing: { retryAfterSeconds: 1 }, times: 1 });
		const { result, ms } = await timed(() =>
			runTerra(emulator(), { ...sleepWeek(), resource: 'activity', output: 'full' }),
		);
		const items = jsonOf(result);
		expect(items.length).toBeGreaterThan(0);
		expect(items[0]).toHaveProperty('metadata');
		expect(apiRequests(emulator())).toHaveLength(2);
		expect(ms).toBeGreaterThanOrEqual(1000);
	});

	it('gives up on a provider still processing when Max Wait is too short', async () => {
		emulator().faults.inject({ method: 'GET', path: '/activity' }, { processing: { retryAfterSeconds: 30 }, times: 1 });
		const result = await runTerra(emulator(), {
			...sleepWeek(),
			resource: 'activity',
			options: { maxWaitSeconds: 5 },
		});
		expect(result.error?.message).toBe('Terra is still processing this activity request (retry after 30 s)');
		expect(apiRequests(emulator())).toHaveLength(1);
	});
});

describe('error mapping', () => {
	it('carries Terra’s problem+json detail on the current host (401 → fix the credential)', async () => {
		const credentials = credentialsFor(emulator());
		credentials.terraApi.apiKey = 'not-the-key';
		const result = await runNode({ node: TERRA_NODE, parameters: sleepWeek(), credentials });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^Terra API error 401: .+/);
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		expect((result.error as { description?: string }).description).toMatch(/Dev ID and API key/);
		expect(JSON.stringify(result.error)).not.toContain('not-the-key');
	});

	it('carries Terra’s message on the legacy host ({status: "error", message})', async () => {
		const result = await runTerra(
			emulator(),
			{ ...sleepWeek(), user: byId('0f0f0f0f-0000-4000-8000-000000000000') },
			{ surface: 'legacy' },
		);
		expect(apiRequests(emulator())[0].surface).toBe('legacy');
		expect(result.error?.message).toMatch(/^Terra API error 404: .*user/i);
		expect((result.error as { description?: string }).description).toMatch(/Reconnect them/);
	});

	it('points a 410 from the retired widget endpoint at the Widget API', async () => {
		emulator().faults.inject(
			{ method: 'POST', path: '/auth/generateWidgetSession' },
			{ status: 410, body: { status: 'error', message: 'Use POST https://access.tryterra.co/api/widget/session' } },
		);
		const result = await runTerra(emulator(), {
			resource: 'authentication',
			operation: 'generateWidgetSession',
			widgetEndpoint: 'legacy',
		});
		expect(result.error?.message).toBe('Terra API error 410: Use POST https://access.tryterra.co/api/widget/session');
		expect((result.error as { description?: string }).description).toMatch(/set Endpoint to “Widget API”/);
		expect(apiRequests(emulator())).toHaveLength(1);
	});

	it('turns a problem+json 404 for an unknown user into “reconnect the user”', async () => {
		const result = await runTerra(emulator(), { ...sleepWeek(), user: byId('0f0f0f0f-0000-4000-8000-000000000000') });
		expect(result.error?.message).toBe('Terra API error 404: user not found');
		expect((result.error as { description?: string }).description).toMatch(/deauthenticated, or reconnected/);
	});

	it('never puts the API key or signing secret in errors or continue-on-fail output', async () => {
		const result = await runTerra(
			emulator(),
			{ ...sleepWeek(), user: byId('0f0f0f0f-0000-4000-8000-000000000000') },
			{ continueOnFail: true },
		);
		const everything = JSON.stringify({ items: result.items, error: result.error, run: result.run });
		expect(everything).not.toContain(emulator().apiKey);
		expect(everything).not.toContain(emulator().signingSecret);
	});
});

describe('continue on fail', () => {
	it('yields an error item for the failing input item while the others succeed, each paired to its input', async () => {
		const good = user().user_id;
		const unknown = '0f0f0f0f-0000-4000-8000-000000000000';
		const result = await runTerra(
			emulator(),
			{ resource: 'athlete', operation: 'get', user: byId('={{ $json.userId }}') },
			{ continueOnFail: true, input: [{ json: { userId: good } }, { json: { userId: unknown } }, { json: { userId: good } }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.user_id).toBe(good);
		expect(result.items[1].json).toEqual({
			error: 'Terra API error 404: user not found',
			details: expect.stringMatching(/Reconnect them/),
			user_id: unknown,
		});
		expect(result.items[2].json.user_id).toBe(good);
	});

	it('stops at the failing item without continue on fail', async () => {
		const result = await runTerra(
			emulator(),
			{ resource: 'athlete', operation: 'get', user: byId('={{ $json.userId }}') },
			{ input: [{ json: { userId: 'bad' } }, { json: { userId: user().user_id } }] },
		);
		expect(result.error?.message).toMatch(/“User” is not a Terra user ID/);
		expect(apiRequests(emulator())).toEqual([]);
	});
});

describe('rate-limit information', () => {
	it('is part of the Raw Response output', async () => {
		const [item] = jsonOf(await runTerra(emulator(), sleepWeek({ output: 'raw' })));
		expect(item.rate_limit).toEqual({
			limit: 6000,
			remaining: expect.any(Number),
			resetAfterSeconds: expect.any(Number),
		});
		expect(item.user).toEqual(expect.objectContaining({ user_id: user().user_id }));
		expect(Array.isArray(item.data)).toBe(true);
	});
});
