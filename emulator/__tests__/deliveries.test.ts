/**
 * The control routes for testing a webhook receiver: Terra's retry-on-timeout (awaited), replays of a recorded
 * delivery, and s3 objects that are padded, redirect or answer slowly.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startEmulator, type TerraEmulator } from '..';
import { call } from './helpers';

const SECRET = 'whsec_deliveries_test';

interface Received {
	headers: IncomingHttpHeaders;
	rawBody: string;
}

/** A receiver that answers 200 after `delayMs`, recording every request once its body has arrived. */
async function slowReceiver(delayMs: number): Promise<{ url: string; received: Received[]; server: Server }> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			setTimeout(() => res.end('ok'), delayMs);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, server };
}

describe('delivery control routes', () => {
	let emu: TerraEmulator;
	const servers: Server[] = [];

	beforeEach(async () => {
		emu = await startEmulator({ signingSecret: SECRET });
	});

	afterEach(async () => {
		await emu.close();
		for (const server of servers.splice(0)) {
			server.closeAllConnections();
			server.close();
		}
	});

	test('retrying: an attempt not answered in time is sent again (same body and trace ID, new signature), up to maxAttempts', async () => {
		const receiver = await slowReceiver(1500);
		servers.push(receiver.server);
		const res = await call(emu, emu.url, 'POST', '/__emulator/deliveries/retrying', {
			auth: false,
			body: { url: receiver.url, type: 'sleep', traceId: 'trace-r', reference: 'ref-r', timeoutMs: 100, maxAttempts: 3, retryDelayMs: 1100 },
		});
		expect(res.status).toBe(200);
		const attempts = res.body as Array<Record<string, unknown>>;
		expect(attempts.map((attempt) => [attempt.attempt, attempt.error, attempt.traceId])).toEqual([
			[1, 'no answer within 100 ms', 'trace-r'],
			[2, 'no answer within 100 ms', 'trace-r'],
			[3, 'no answer within 100 ms', 'trace-r'],
		]);
		// Every attempt reached the receiver in full; each was signed afresh (its own second).
		expect(receiver.received).toHaveLength(3);
		expect(new Set(receiver.received.map((r) => r.rawBody)).size).toBe(1);
		expect(new Set(receiver.received.map((r) => r.headers['x-terra-signature'])).size).toBe(3);
		expect(receiver.received.every((r) => r.headers['terra-reference'] === 'ref-r')).toBe(true);
	});

	test('retrying stops at the first 2xx; padToBytes makes a body at least that large', async () => {
		const receiver = await slowReceiver(0);
		servers.push(receiver.server);
		const res = await call(emu, emu.url, 'POST', '/__emulator/deliveries/retrying', {
			auth: false,
			body: { url: receiver.url, type: 'activity', padToBytes: 200_000, timeoutMs: 5000, maxAttempts: 3 },
		});
		expect((res.body as Array<{ status: number }>).map((attempt) => attempt.status)).toEqual([200]);
		expect(receiver.received[0].rawBody.length).toBeGreaterThanOrEqual(200_000);
		expect(JSON.parse(receiver.received[0].rawBody)).toMatchObject({ type: 'activity', padding: expect.any(String) });
	});

	test('replay: exact keeps the captured signature, resigned signs afresh; headers can be changed or removed', async () => {
		const receiver = await slowReceiver(0);
		servers.push(receiver.server);
		const [first] = await emu.deliverRetrying({ body: { type: 'daily' }, reference: 'ref-p', traceId: 'trace-p', url: receiver.url }, { timeoutMs: 5000, maxAttempts: 1, retryDelayMs: 0 });
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const exact = await call(emu, emu.url, 'POST', `/__emulator/deliveries/${first.id}/replay`, { auth: false, body: { mode: 'exact', headers: { 'x-terra-trace-id': null } } });
		const resigned = await call(emu, emu.url, 'POST', `/__emulator/deliveries/${first.id}/replay`, { auth: false, body: { mode: 'resigned', headers: { 'x-terra-trace-id': 'changed' } } });
		expect([exact.status, resigned.status]).toEqual([200, 200]);
		const [original, replayed, retried] = receiver.received;
		expect(replayed.headers['x-terra-signature']).toBe(original.headers['x-terra-signature']);
		expect(replayed.headers['x-terra-trace-id']).toBeUndefined();
		expect(retried.headers['x-terra-signature']).not.toBe(original.headers['x-terra-signature']);
		expect(retried.headers['x-terra-trace-id']).toBe('changed');
		expect(new Set([original, replayed, retried].map((r) => r.rawBody)).size).toBe(1);
		expect(emu.deliveries.map((delivery) => delivery.replayOf)).toEqual([undefined, 'exact', 'resigned']);
		expect((await call(emu, emu.url, 'POST', '/__emulator/deliveries/unknown/replay', { auth: false, body: { mode: 'exact' } })).status).toBe(404);
	});

	test('s3 objects: padded, redirecting, or answering after a delay', async () => {
		const create = async (body: object) => (await call(emu, emu.url, 'POST', '/__emulator/s3', { auth: false, body })).body as { id: string; url: string; bytes: number };
		const padded = await create({ type: 'sleep', padToBytes: 100_000 });
		expect(padded.bytes).toBeGreaterThanOrEqual(100_000);
		const fetched = await request(padded.url);
		expect(fetched.headers['content-length']).toBe(String(padded.bytes));
		expect(((await fetched.body.json()) as { type: string }).type).toBe('sleep');

		const moved = await create({ redirectTo: padded.url, redirectStatus: 301 });
		const redirect = await request(moved.url);
		await redirect.body.text();
		expect([redirect.statusCode, redirect.headers.location]).toEqual([301, padded.url]);

		const slow = await create({ delayMs: 300 });
		const started = Date.now();
		const answer = await request(slow.url);
		await answer.body.text();
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});
});
