/**
 * /subscriptions paging (Return All, Limit, the user list in the editor) and date-range splitting (windows, bounded
 * concurrency, ordered merge, Terra's 1,825-day rule), against the emulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { findProvider } from '../../emulator/data/providers';
import { providerName } from '../../nodes/Terra/methods/listSearch';
import { installRecordingLogger, runListSearch } from '../harness/n8n';
import { apiRequests, byId, credentialsFor, days, jsonOf, runTerra, TERRA_NODE, terraDirect, useEmulator } from './support';

const emulator = useEmulator({ users: 8 });
const user = () => emulator().users[0];

describe('User → Get Many paging', () => {
	it('Return All walks every page until Terra has no next page', async () => {
		const items = jsonOf(
			await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: true, options: { pageSize: 3 } }),
		);
		expect(apiRequests(emulator()).map((request) => request.query)).toEqual([
			{ page: '0', per_page: '3' },
			{ page: '1', per_page: '3' },
			{ page: '2', per_page: '3' },
		]);
		expect(items.map((item) => item.user_id)).toEqual(emulator().users.map((entry) => entry.user_id));
	});

	it('Limit stops requesting pages as soon as it has enough users', async () => {
		const items = jsonOf(
			await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: false, limit: 4, options: { pageSize: 3 } }),
		);
		expect(apiRequests(emulator())).toHaveLength(2);
		expect(items.map((item) => item.user_id)).toEqual(emulator().users.slice(0, 4).map((entry) => entry.user_id));
	});

	it('Limit smaller than a page asks Terra for just that many', async () => {
		const items = jsonOf(await runTerra(emulator(), { resource: 'user', operation: 'getAll', limit: 2 }));
		expect(apiRequests(emulator()).map((request) => request.query)).toEqual([{ page: '0', per_page: '2' }]);
		expect(items).toHaveLength(2);
	});
});

describe('the User field’s searchable list', () => {
	it('shows the provider’s display name and the reference ID, pages with a token, and filters', async () => {
		const page = await runListSearch({
			node: TERRA_NODE,
			parameters: { resource: 'sleep', operation: 'getAll' },
			credentials: credentialsFor(emulator()),
			method: 'searchUsers',
		});
		const first = emulator().users[0];
		expect(page.results[0]).toEqual({
			name: `${findProvider(first.provider)!.name} · ${first.reference_id} · ${first.user_id.slice(0, 8)}`,
			value: first.user_id,
		});
		expect(page.results).toHaveLength(emulator().users.length);
		// Terra's display names ("WHOOP", "Apple Health") where Terra gives one, never the raw enum ("APPLE").
		const names = page.results.map((result) => result.name.split(' · ')[0]);
		expect(names).toEqual(emulator().users.map((user) => findProvider(user.provider)?.name ?? providerName(user.provider)));
		expect(names.some((name, index) => name !== providerName(emulator().users[index].provider))).toBe(true);

		const filtered = await runListSearch({
			node: TERRA_NODE,
			parameters: { resource: 'sleep', operation: 'getAll' },
			credentials: credentialsFor(emulator()),
			method: 'searchUsers',
			filter: 'garmin',
		});
		expect(filtered.results.length).toBeGreaterThan(0);
		expect(filtered.results.every((result) => result.name.startsWith('Garmin · '))).toBe(true);
	});
});

describe('date-range splitting', () => {
	const range = (extra: IDataObject = {}) => ({
		resource: 'daily',
		operation: 'getAll',
		user: byId(user().user_id),
		...days('2024-01-01', '2024-03-30'),
		output: 'full',
		...extra,
	});

	it('splits 90 days (both ends included) into 30-day windows, each ending where the next starts, merged in date order', async () => {
		const logger = installRecordingLogger();
		const items = jsonOf(await runTerra(emulator(), range()));
		const windows = apiRequests(emulator())
			.map((request) => [request.query.start_date, request.query.end_date])
			.sort();
		expect(windows).toEqual([
			['2024-01-01', '2024-01-31'],
			['2024-01-31', '2024-03-01'],
			['2024-03-01', '2024-03-31'],
		]);
		const whole = (await terraDirect(
			emulator(),
			`/daily?user_id=${user().user_id}&start_date=2024-01-01&end_date=2024-03-31&to_webhook=false&with_samples=false`,
		)).body as { data: IDataObject[] };
		expect(items).toEqual(whole.data);
		expect(logger.entries.some((entry) => /window 3\/3/.test(entry.message))).toBe(true);
	});

	it('keeps date order when an earlier window answers last', async () => {
		// The first window goes alone (it learns Terra's rate budget); the second is slow, the third overtakes it.
		emulator().faults.inject({ method: 'GET', path: '/daily' }, { latencyMs: 1, times: 1 });
		emulator().faults.inject({ method: 'GET', path: '/daily' }, { latencyMs: 600, times: 1 });
		const items = jsonOf(await runTerra(emulator(), range({ options: { concurrency: 3 } })));
		const starts = items.map((item) => String((item.metadata as IDataObject).start_time));
		expect(starts).toEqual([...starts].sort());
		expect(starts.length).toBeGreaterThan(60);
	});

	it('never has more windows in flight than “Parallel Requests”', async () => {
		emulator().faults.inject({ method: 'GET', path: '/daily' }, { latencyMs: 400, times: Infinity });
		const started = Date.now();
		jsonOf(
			await runTerra(
				emulator(),
				range({ endDate: '2024-01-04T00:00:00', options: { windowDays: 1, concurrency: 2 } }),
			),
		);
		// 4 one-day windows, 400 ms each, at most 2 at a time: at least two rounds.
		expect(apiRequests(emulator())).toHaveLength(4);
		expect(Date.now() - started).toBeGreaterThanOrEqual(790);
	});

	it('honours a custom window size', async () => {
		jsonOf(await runTerra(emulator(), range({ endDate: '2024-01-14T00:00:00', options: { windowDays: 7 } })));
		expect(apiRequests(emulator()).map((request) => [request.query.start_date, request.query.end_date]).sort()).toEqual([
			['2024-01-01', '2024-01-08'],
			['2024-01-08', '2024-01-15'],
		]);
	});
});

describe('webhook delivery and Terra’s 1,825-day rule', () => {
	let sink: http.Server;
	let received = 0;

	beforeAll(async () => {
		sink = http.createServer((request, response) => {
			received++;
			request.resume();
			response.end('ok');
		});
		await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
		emulator().setWebhook(`http://127.0.0.1:${(sink.address() as AddressInfo).port}/terra`);
	});

	afterAll(async () => {
		emulator().setWebhook(undefined);
		await new Promise((resolve) => sink.close(resolve));
	});

	it('sends to_webhook=true and outputs Terra’s acknowledgement with its reference', async () => {
		const [ack] = jsonOf(
			await runTerra(emulator(), {
				resource: 'sleep',
				operation: 'getAll',
				user: byId(user().user_id),
				...days('2024-01-01', '2024-01-07'),
				delivery: 'webhook',
			}),
		);
		expect(apiRequests(emulator())[0].query.to_webhook).toBe('true');
		expect(ack).toEqual(
			expect.objectContaining({
				status: 'success',
				type: 'sleep',
				reference: expect.any(String),
				start_date: '2024-01-01',
				end_date: '2024-01-08',
			}),
		);
		await emulator().waitForDeliveries((all) => all.some((delivery) => delivery.reference === ack.reference && delivery.ok));
		expect(received).toBeGreaterThan(0);
	});

	it('splits a six-year range so no single request covers more than 1,825 days', async () => {
		const acks = jsonOf(
			await runTerra(emulator(), {
				resource: 'activity',
				operation: 'getAll',
				user: byId(user().user_id),
				...days('2015-01-01', '2020-12-31'),
				delivery: 'webhook',
			}),
		);
		const requests = apiRequests(emulator());
		expect(requests.every((request) => request.status === 200)).toBe(true);
		const spans = requests.map(
			(request) =>
				(Date.parse(String(request.query.end_date)) - Date.parse(String(request.query.start_date))) / 86_400_000,
		);
		expect(spans.sort((a, b) => a - b)).toEqual([367, 1825]);
		expect(acks).toHaveLength(2);
		expect(new Set(acks.map((ack) => ack.reference)).size).toBe(2);
	});

	it('caps inline windows at 1,825 days even when asked for more', async () => {
		jsonOf(
			await runTerra(emulator(), {
				resource: 'menstruation',
				operation: 'getAll',
				user: byId(user().user_id),
				...days('2019-01-01', '2024-01-04'),
				options: { windowDays: '={{ 5000 }}' },
			}),
		);
		const requests = apiRequests(emulator());
		expect(requests).toHaveLength(2);
		expect(requests.map((request) => request.status)).toEqual([200, 200]);
	});

	it('fails clearly when Terra has no destination to send to', async () => {
		emulator().setWebhook(undefined);
		const result = await runTerra(emulator(), {
			resource: 'sleep',
			operation: 'getAll',
			user: byId(user().user_id),
			...days('2024-01-01'),
			delivery: 'webhook',
		});
		emulator().setWebhook(`http://127.0.0.1:${(sink.address() as AddressInfo).port}/terra`);
		expect(result.error?.message).toMatch(/^Terra has no webhook destination to send this data to: /);
		expect((result.error as { description?: string }).description).toMatch(/Connections → Destinations → Webhook/);
	});
});
