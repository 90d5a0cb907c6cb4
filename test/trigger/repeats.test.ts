/**
 * Ignore Repeated Deliveries at node level: Terra's retries (same trace ID, signed afresh), replays of a captured
 * request, concurrent copies, and a restart (a fresh module, so nothing in memory) that has only the static data.
 */
import { postRaw, prepareEvent } from '../../emulator/webhooks/sendEvent';
import { restartedNodeType, useTriggerFixtures } from './triggerFixtures';

const SECRET = 'whsec_repeats_test_51c0';
const { trigger, emulator } = useTriggerFixtures(SECRET);

describe('Ignore Repeated Deliveries (on by default)', () => {
	it('Terra retrying a delivery it saw no answer to in time: three attempts, one execution', async () => {
		// n8n takes 400 ms to get to the node, Terra waits 100 ms: every attempt is abandoned and sent again (same
		// trace ID, signed afresh), while the earlier ones are still being handled.
		const server = await trigger({}, { delayBeforeWebhookMs: 400 });
		const emu = await emulator(server.url);
		const attempts = await emu.deliverRetrying(
			{ body: { type: 'sleep', user: emu.users[0], data: [{ metadata: { summary_id: 's1' } }] }, reference: 'r1', traceId: 'trace-1' },
			{ timeoutMs: 100, maxAttempts: 3, retryDelayMs: 50 },
		);
		expect(attempts.map((attempt) => attempt.error)).toEqual(Array(3).fill('no answer within 100 ms'));
		expect(new Set(attempts.map((attempt) => attempt.traceId))).toEqual(new Set(['trace-1']));
		await server.waitForDeliveries(3);
		expect(server.deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200]);
		expect(server.executions()).toHaveLength(1);
	});

	it('n8n fails to store the execution (SQLite lock timeout): Terra gets a 500, and its retry runs; nothing lost', async () => {
		const server = await trigger({}, { storesExecution: (attempt) => attempt > 1 });
		const emu = await emulator(server.url);
		const attempts = await emu.deliverRetrying(
			{ body: { type: 'sleep', user: emu.users[0], data: [{ metadata: { summary_id: 's0' } }] }, reference: 'r0', traceId: 'trace-0' },
			{ timeoutMs: 5000, maxAttempts: 3, retryDelayMs: 50 },
		);
		expect(attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
		expect(server.executions()).toHaveLength(1);
		// And now it is remembered: a later retry starts nothing.
		const [again] = await emu.deliverRetrying({ body: { type: 'sleep', user: emu.users[0], data: [] }, reference: 'r0', traceId: 'trace-0' }, { timeoutMs: 5000, maxAttempts: 1, retryDelayMs: 0 });
		expect(again.status).toBe(200);
		expect(server.executions()).toHaveLength(1);
	});

	it('a copy arriving while n8n is still storing the first waits for its answer: after a failure the copy runs, after a success it does not', async () => {
		const server = await trigger({}, { storeExecutionDelayMs: 300, storesExecution: (attempt) => attempt !== 1 });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		const headers = { ...prepared.headers, 'x-terra-trace-id': 'trace-in-flight' };
		const first = postRaw(server.url, prepared.rawBody, headers);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const copy = postRaw(server.url, prepared.rawBody, headers);
		expect([(await first).status, (await copy).status]).toEqual([500, 200]);
		expect(server.executions()).toHaveLength(1);

		const later = postRaw(server.url, prepared.rawBody, { ...headers, 'x-terra-trace-id': 'trace-in-flight-2' });
		await new Promise((resolve) => setTimeout(resolve, 100));
		const laterCopy = postRaw(server.url, prepared.rawBody, { ...headers, 'x-terra-trace-id': 'trace-in-flight-2' });
		expect([(await later).status, (await laterCopy).status]).toEqual([200, 200]);
		expect(server.executions()).toHaveLength(2);
	});

	it('replays: signed afresh (a later Terra retry) or exactly as captured, with or without the trace ID header → no execution', async () => {
		const server = await trigger();
		const emu = await emulator(server.url);
		const [first] = await emu.deliverRetrying({ body: { type: 'activity', user: emu.users[0], data: [] }, reference: 'r2', traceId: 'trace-2' }, { timeoutMs: 5000, maxAttempts: 1, retryDelayMs: 0 });
		expect(first.status).toBe(200);
		for (const replay of [
			{ mode: 'resigned' as const },
			{ mode: 'exact' as const },
			{ mode: 'exact' as const, headers: { 'x-terra-trace-id': null } },
		]) {
			expect((await emu.replay(first.id, replay)).status).toBe(200);
		}
		await server.waitForDeliveries(4);
		expect(server.executions()).toHaveLength(1);
	});

	it('what it does not recognise, as documented: an exact replay with a changed trace ID, and any repeat after the option is off', async () => {
		const server = await trigger();
		const emu = await emulator(server.url);
		const [first] = await emu.deliverRetrying({ body: { type: 'body', user: emu.users[0], data: [] }, reference: 'r3', traceId: 'trace-3' }, { timeoutMs: 5000, maxAttempts: 1, retryDelayMs: 0 });
		await emu.replay(first.id, { mode: 'exact', headers: { 'x-terra-trace-id': 'forged-new-trace' } });
		await server.waitForDeliveries(2);
		expect(server.executions()).toHaveLength(2);

		const off = await trigger({ ignoreRepeatedDeliveries: false });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		for (let i = 0; i < 2; i++) expect((await postRaw(off.url, prepared.rawBody, prepared.headers)).status).toBe(200);
		expect(off.executions()).toHaveLength(2);
	});

	it('two different deliveries with the same body signed in the same second both run (different trace IDs)', async () => {
		const server = await trigger();
		const prepared = prepareEvent({ type: 'daily', secret: SECRET });
		await postRaw(server.url, prepared.rawBody, prepared.headers);
		await postRaw(server.url, prepared.rawBody, { ...prepared.headers, 'x-terra-trace-id': 'another-delivery' });
		expect(server.executions()).toHaveLength(2);
	});

	it('test runs (Listen for test event) are never treated as repeats and record nothing', async () => {
		const server = await trigger({}, { mode: 'manual' });
		const prepared = prepareEvent({ type: 'sleep', secret: SECRET });
		for (let i = 0; i < 2; i++) await postRaw(server.url, prepared.rawBody, prepared.headers);
		expect(server.executions()).toHaveLength(2);
		expect(server.staticData).toEqual({});
	});

	it('a burst of 40 concurrent deliveries: a few static-data writes, not 40; with the next delivery’s, a restart recognises all of them', async () => {
		const workflowId = 'repeats-writes-workflow';
		const server = await trigger({}, { workflowId, storeExecutionDelayMs: 20 });
		const deliveries = Array.from({ length: 41 }, (_, index) => {
			const prepared = prepareEvent({ type: 'sleep', secret: SECRET, reference: `writes-ref-${index}` });
			return { rawBody: prepared.rawBody, headers: { ...prepared.headers, 'x-terra-trace-id': `writes-${index}` } };
		});
		const post = (url: string, { rawBody, headers }: (typeof deliveries)[number]) => postRaw(url, rawBody, headers).then((response) => response.status);
		const burst = await Promise.all(deliveries.slice(0, 40).map((delivery) => post(server.url, delivery)));
		expect(burst.every((status) => status === 200)).toBe(true);
		expect(server.executions()).toHaveLength(40);
		// Every save delays its request's answer behind the database's queue: one writer at a time keeps them few.
		expect(server.staticDataSaves).toBeGreaterThan(0);
		expect(server.staticDataSaves).toBeLessThanOrEqual(10);
		expect(await post(server.url, deliveries[40])).toBe(200);

		const restarted = await trigger({}, { workflowId, nodeType: restartedNodeType(), staticData: server.staticData });
		const again = await Promise.all(deliveries.map((delivery) => post(restarted.url, delivery)));
		expect(again.every((status) => status === 200)).toBe(true);
		expect(restarted.executions()).toHaveLength(0);
	});

	it('a burst of 40 concurrent deliveries, then all 40 again: 40 executions; after a restart, the static data alone still recognises them', async () => {
		const workflowId = 'repeats-burst-workflow';
		const server = await trigger({}, { workflowId });
		const deliveries = Array.from({ length: 40 }, (_, index) => ({ traceId: `burst-${index}`, prepared: prepareEvent({ type: 'sleep', secret: SECRET, reference: `burst-ref-${index}` }) }));
		const send = (url: string, resigned: boolean) =>
			Promise.all(
				deliveries.map(({ traceId, prepared }) => {
					const { headers } = resigned ? prepareEvent({ type: 'sleep', secret: SECRET, body: JSON.parse(prepared.rawBody) }) : prepared;
					return postRaw(url, prepared.rawBody, { ...headers, 'x-terra-trace-id': traceId });
				}),
			);
		expect((await send(server.url, false)).every((response) => response.status === 200)).toBe(true);
		expect((await send(server.url, true)).every((response) => response.status === 200)).toBe(true);
		expect(server.executions()).toHaveLength(40);

		const restarted = await trigger({}, { workflowId, nodeType: restartedNodeType(), staticData: server.staticData });
		expect((await send(restarted.url, true)).every((response) => response.status === 200)).toBe(true);
		expect(restarted.executions()).toHaveLength(0);
	});
});
