/**
 * One table fed by push and pull: for every data type in the Terra node's catalogue, the emulator's records pulled
 * by the Terra node (Output: Simplified) and the same records delivered by Terra's webhook (the node's Delivery:
 * Send to My Webhook Destination, which makes the emulator send the data events) to a Terra Trigger with Output:
 * Simplified give identical items (same keys in the same order, same values, same record_id), except the trigger's
 * push-only columns, which are checked against the delivery's own headers. Expectations come from the catalogue, so
 * the test follows its column lists.
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type TerraEmulator } from '../../emulator';
import { TERRA_DATA_TYPES } from '../../nodes/Terra/actions/data/catalogue';
import { PUSH_COLUMNS, simplifiedItems } from '../../nodes/TerraTrigger/simplified';
import { buildDeliveryMetadata } from '../../nodes/TerraTrigger/output';
import { byId, days, jsonOf, runTerra, type Surface } from '../terra/support';
import { startTriggerServer, type TriggerServer } from './webhookHarness';

const SECRET = 'one-table-secret';
const FIRST = '2024-03-01';
const LAST = '2024-03-07';

let server: TriggerServer;
let emulator: TerraEmulator;

beforeAll(async () => {
	server = await startTriggerServer({
		parameters: { events: ['*'], output: 'simplified', ignoreRepeatedDeliveries: false },
		credentials: { signingSecret: SECRET },
	});
	// 24 users, so every type (menstruation too) has a user with records in the week.
	emulator = await startEmulator({ port: 0, users: 24, signingSecret: SECRET, webhookUrl: server.url, webhookRetry: { maxAttempts: 1 } });
});

afterAll(async () => {
	await emulator?.close();
	await server?.close();
});

function without(item: IDataObject, keys: readonly string[]): IDataObject {
	return Object.fromEntries(Object.entries(item).filter(([key]) => !keys.includes(key)));
}

describe.each(TERRA_DATA_TYPES.map((type) => [type.resource, type] as const))('%s: pulled and pushed', (resource, type) => {
	const surface: Surface = resource === 'plannedWorkoutLegacy' ? 'legacy' : 'current';

	it('give identical Simplified items (keys, values, record_id) apart from the terra_ columns', async () => {
		const base = (operation: string, user: string) => ({
			resource,
			operation: type.dated ? 'getAll' : 'get',
			user: byId(user),
			...(type.dated ? days(FIRST, LAST) : {}),
			...(operation === 'push' ? { delivery: 'webhook' } : { delivery: 'inline', output: 'simplified' }),
		});
		let pulled: IDataObject[] = [];
		let userId = '';
		for (const user of emulator.users) {
			pulled = jsonOf(await runTerra(emulator, base('pull', user.user_id), { surface }));
			userId = user.user_id;
			if (pulled.length > 0) break;
		}
		expect(pulled.length).toBeGreaterThan(0);
		expect(Object.keys(pulled[0])).toEqual([
			'user_id',
			'reference_id',
			'provider',
			...(type.dated ? ['date', 'record_id'] : []),
			...Object.keys(type.simplified.metrics),
		]);

		const before = server.deliveries.length;
		const sentBefore = emulator.deliveries.length;
		jsonOf(await runTerra(emulator, base('push', userId), { surface }));
		await emulator.waitForDeliveries((all) => all.length > sentBefore, 10_000);
		const [delivery] = (await server.waitForDeliveries(before + 1)).slice(before);
		const sent = emulator.deliveries[sentBefore];
		expect(delivery.executed).toBe(true);
		const pushed = delivery.items.map((item) => item.json);

		expect(pushed.map((item) => without(item, PUSH_COLUMNS))).toEqual(pulled);
		for (const item of pushed) {
			expect(Object.keys(item)).toEqual([...Object.keys(pulled[0]), ...PUSH_COLUMNS]);
			expect(item).toMatchObject({
				terra_event_type: sent.type,
				terra_trace_id: sent.headers['x-terra-trace-id'],
				terra_ordering_timestamp: Number(sent.headers['x-terra-ordering-timestamp']),
				terra_received_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
			});
		}
		if (type.dated) expect(new Set(pushed.map((item) => item.record_id)).size).toBe(pushed.length);
	});
});

describe('Simplified output of other events', () => {
	it('an auth event and a hormone event (no Simplified columns) keep their usual shape', async () => {
		for (const eventType of ['auth', 'hormone']) {
			const before = server.deliveries.length;
			const sent = await emulator.sendEvent({ url: server.url, type: eventType });
			expect(sent.status).toBe(200);
			const [delivery] = (await server.waitForDeliveries(before + 1)).slice(before);
			expect(delivery.items).toHaveLength(1);
			const body = JSON.parse(sent.rawBody) as IDataObject;
			expect(delivery.items[0].json).toEqual({ ...body, type: body.type, user: body.user ?? null, terra: expect.objectContaining({ eventType }) });
		}
	});

	it('without X-Terra-Ordering-Timestamp, terra_ordering_timestamp is when the delivery was received', () => {
		const receivedAt = new Date('2026-05-01T10:00:00.123Z');
		const body = { type: 'daily', user: { user_id: 'u1', provider: 'OURA', reference_id: null }, data: [{ metadata: { start_time: '2026-04-30T00:00:00+02:00' } }] };
		const metadata = buildDeliveryMetadata({ headers: {}, body, eventType: 'daily', signatureTimestamp: null, verified: true, receivedAt });
		const [item] = simplifiedItems(body, metadata)!;
		expect(item).toMatchObject({
			user_id: 'u1',
			provider: 'OURA',
			reference_id: null,
			date: '2026-04-30',
			record_id: 'daily:u1:2026-04-30',
			terra_ordering_timestamp: receivedAt.getTime(),
			terra_trace_id: null,
		});
	});
});
