/**
 * The fault kinds that break an answer rather than replace it (issue #10): a Terra that never answers, a 200 whose
 * JSON is cut in half, a body shorter than its Content-Length, an answer in the wrong shape; and faults aimed at one
 * page by query. Read with node:http, so what goes over the wire is seen exactly.
 */
import { request as httpRequest } from 'node:http';

import { startEmulator, type TerraEmulator } from '..';
import { call, startReceiver } from './helpers';

let emu: TerraEmulator;
let userId: string;

beforeAll(async () => {
	emu = await startEmulator({ seed: 42 });
	userId = emu.users[0].user_id;
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.faults.clear();
	emu.clearRequests();
});

interface Raw {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	bytes: Buffer;
	/** How the body ended: 'end' (complete), 'aborted' (the connection closed early), 'timeout' (nothing more came). */
	ending: 'end' | 'aborted' | 'timeout';
}

/** One GET with node:http, reporting how the answer ended; `timeoutMs` bounds the wait for a silent server. */
function rawGet(pathAndQuery: string, timeoutMs = 2000): Promise<Raw | 'no answer'> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${emu.baseUrl}${pathAndQuery}`, { headers: { 'dev-id': emu.devId, 'x-api-key': emu.apiKey } });
		req.setTimeout(timeoutMs, () => {
			req.destroy();
			resolve('no answer');
		});
		req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
		req.on('response', (res) => {
			const chunks: Buffer[] = [];
			const done = (ending: Raw['ending']) =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks), ending });
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => done('end'));
			res.on('aborted', () => done('aborted'));
			res.on('error', () => done('aborted'));
		});
		req.end();
	});
}

const dailyQuery = () => `/daily?user_id=${userId}&start_date=2026-06-01&end_date=2026-06-08&to_webhook=false`;

describe('answer-breaking faults', () => {
	test('hang: the request is accepted and recorded, and never answered; the next one is', async () => {
		emu.faults.inject({ method: 'GET', path: '/daily' }, { hang: true });
		const started = Date.now();
		expect(await rawGet(dailyQuery(), 500)).toBe('no answer');
		expect(Date.now() - started).toBeGreaterThanOrEqual(450);
		expect(emu.requests.map((request) => [request.path, request.status, request.fault])).toEqual([['/daily', 0, 'hang']]);
		const next = await rawGet(dailyQuery());
		expect(next !== 'no answer' && next.status).toBe(200);
	});

	test('invalidJson: a complete 200 whose body is the real answer cut in half, not valid JSON', async () => {
		const whole = await rawGet(dailyQuery());
		emu.faults.inject({ method: 'GET', path: '/daily' }, { invalidJson: true });
		const broken = await rawGet(dailyQuery());
		if (whole === 'no answer' || broken === 'no answer') throw new Error('no answer');
		expect([broken.status, broken.ending, broken.headers['content-type']]).toEqual([200, 'end', 'application/json']);
		expect(Number(broken.headers['content-length'])).toBe(broken.bytes.length);
		expect(broken.bytes.length).toBe(Math.floor(whole.bytes.length / 2));
		expect(whole.bytes.subarray(0, broken.bytes.length).equals(broken.bytes)).toBe(true);
		expect(() => JSON.parse(broken.bytes.toString('utf8'))).toThrow();
		expect(emu.requests.map((request) => request.fault)).toEqual([undefined, 'invalidJson']);
	});

	test('shortBody: Content-Length of the whole answer, half of it sent, then the connection closes', async () => {
		const whole = await rawGet(dailyQuery());
		emu.faults.inject({ method: 'GET', path: '/daily' }, { shortBody: true });
		const short = await rawGet(dailyQuery());
		if (whole === 'no answer' || short === 'no answer') throw new Error('no answer');
		expect([short.status, short.ending]).toEqual([200, 'aborted']);
		expect(Number(short.headers['content-length'])).toBe(whole.bytes.length);
		expect(short.bytes.length).toBe(Math.floor(whole.bytes.length / 2));
		expect(emu.requests[1]).toEqual(expect.objectContaining({ status: 200, fault: 'shortBody' }));
	});

	test('wrongShape: valid JSON, the real answer nested as {result: …}', async () => {
		const whole = await call(emu, emu.baseUrl, 'GET', '/subscriptions?page=0&per_page=3');
		emu.faults.inject({ method: 'GET', path: '/subscriptions' }, { wrongShape: true });
		const wrong = await call(emu, emu.baseUrl, 'GET', '/subscriptions?page=0&per_page=3');
		expect([wrong.status, wrong.body]).toEqual([200, { result: whole.body }]);
	});

	test('status with afterRoute: the route runs (a to_webhook request queues its delivery), then the status replaces the answer', async () => {
		const receiver = await startReceiver();
		emu.setWebhook(receiver.url);
		try {
			emu.faults.inject({ method: 'GET', path: '/daily' }, { status: 504, afterRoute: true });
			const answer = await call(emu, emu.baseUrl, 'GET', `/daily?user_id=${userId}&start_date=2026-06-01&end_date=2026-06-03&to_webhook=true`);
			expect(answer.status).toBe(504);
			expect(answer.body).toEqual(expect.objectContaining({ detail: 'emulated fault (504)' }));
			const deliveries = await emu.waitForDeliveries((all) => all.some((delivery) => delivery.type === 'daily' && delivery.ok));
			expect(deliveries.filter((delivery) => delivery.type === 'daily')).toHaveLength(1);
			expect(emu.requests.map((request) => [request.status, request.fault])).toEqual([[504, 'status']]);
		} finally {
			emu.setWebhook(undefined);
			await receiver.close();
		}
	});

	test('a fault can aim at one page by query: only page 1 is broken', async () => {
		emu.faults.inject({ method: 'GET', path: '/subscriptions', query: { page: '1' } }, { wrongShape: true });
		const page0 = await call(emu, emu.baseUrl, 'GET', '/subscriptions?page=0&per_page=3');
		const page1 = await call(emu, emu.baseUrl, 'GET', '/subscriptions?page=1&per_page=3');
		const again = await call(emu, emu.baseUrl, 'GET', '/subscriptions?page=1&per_page=3');
		expect(Object.keys(page0.body as object)).toEqual(['data']);
		expect(Object.keys(page1.body as object)).toEqual(['result']);
		expect(Object.keys(again.body as object)).toEqual(['data']);
	});

	test('the control API takes the new kinds, a query match, and still one kind per fault', async () => {
		const post = (body: unknown) => call(emu, emu.url, 'POST', '/__emulator/faults', { auth: false, body });
		for (const kind of ['hang', 'invalidJson', 'shortBody', 'wrongShape']) {
			expect((await post({ match: { path: '/daily', query: { page: '2' } }, fault: { [kind]: true } })).status).toBe(201);
		}
		expect((await post({ match: { path: '/daily' }, fault: { hang: true, wrongShape: true } })).status).toBe(400);
		expect((await post({ match: { path: '/daily', query: 'page=1' }, fault: { hang: true } })).status).toBe(400);
	});
});
