/**
 * The six data resources (activity, body, daily, menstruation, nutrition, sleep): Get Many, Full Records and
 * Simplified (its columns across providers: simplified.test.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, days, jsonOf, runTerra, terraDirect } from '../support';
import type { OperationsContext } from './context';

export function dataCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe.each(['activity', 'body', 'daily', 'menstruation', 'nutrition', 'sleep'] as const)('%s', (resource) => {
		it('Get Many sends the range, to_webhook=false and with_samples explicitly, one item per record', async () => {
			// The first user whose provider has this data type for the week (menstruation needs a user who logs it).
			let user = garmin();
			let query = '';
			for (const candidate of [garmin(), ...emulator().users]) {
				user = candidate;
				query = `user_id=${user.user_id}&start_date=2024-03-01&end_date=2024-03-08&to_webhook=false&with_samples=true`;
				const probe = (await terraDirect(emulator(), `/${resource}?${query}`)).body as { data?: unknown[] };
				if (probe.data?.length) break;
			}
			emulator().clearRequests();
			const full = jsonOf(
				await runTerra(emulator(), {
					resource,
					operation: 'getAll',
					user: byId(user.user_id),
					...days('2024-03-01', '2024-03-07'),
					withSamples: true,
					output: 'full',
				}),
			);
			expect(onlyRequest(`${resource}:getAll`).query).toEqual({
				user_id: user.user_id,
				start_date: '2024-03-01',
				end_date: '2024-03-08',
				to_webhook: 'false',
				with_samples: 'true',
			});
			const direct = (await terraDirect(emulator(), `/${resource}?${query}`)).body as { data: IDataObject[] };
			expect(direct.data.length).toBeGreaterThan(0);
			expect(full).toEqual(direct.data);

			emulator().clearRequests();
			const simplified = jsonOf(
				await runTerra(emulator(), {
					resource,
					operation: 'getAll',
					user: byId(user.user_id),
					...days('2024-03-01', '2024-03-07'),
				}),
			);
			expect(apiRequests(emulator())[0].query.with_samples).toBe('false');
			const withoutSamples = (await terraDirect(emulator(), `/${resource}?${query.replace('with_samples=true', 'with_samples=false')}`))
				.body as { data: IDataObject[] };
			expect(simplified).toHaveLength(withoutSamples.data.length);
			for (const [index, item] of simplified.entries()) {
				expect(item.user_id).toBe(user.user_id);
				expect(item.reference_id).toBe(user.reference_id);
				expect(item.provider).toBe(user.provider);
				const metadata = withoutSamples.data[index].metadata as IDataObject;
				expect(item.date).toBe(String(metadata.start_time).slice(0, 10));
				expect(item.record_id).toBe(metadata.summary_id ?? `${resource}:${user.user_id}:${String(metadata.start_time).slice(0, 10)}`);
				expect(JSON.stringify(item)).not.toMatch(/_samples/);
			}
		});
	});
}
