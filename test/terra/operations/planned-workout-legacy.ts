/** The Planned Workout (Legacy) resource: Get Many on the legacy host. */
import type { IDataObject } from 'n8n-workflow';

import { byId, days, jsonOf, runTerra } from '../support';
import type { OperationsContext } from './context';

export function plannedWorkoutLegacyCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe('Planned Workout (Legacy)', () => {
		it('Get Many reads /plannedWorkout like the data endpoints, without with_samples', async () => {
			const user = garmin();
			const items = jsonOf(
				await runTerra(
					emulator(),
					{
						resource: 'plannedWorkoutLegacy',
						operation: 'getAll',
						user: byId(user.user_id),
						...days('2024-05-01', '2024-05-14'),
						output: 'full',
					},
				),
			);
			expect(onlyRequest('plannedWorkoutLegacy:getAll', 'legacy').query).toEqual({
				user_id: user.user_id,
				start_date: '2024-05-01',
				end_date: '2024-05-15',
				to_webhook: 'false',
			});
			const direct = await fetch(
				`${emulator().legacyBaseUrl}/plannedWorkout?user_id=${user.user_id}&start_date=2024-05-01&end_date=2024-05-15&to_webhook=false`,
				{ headers: { 'dev-id': emulator().devId, 'x-api-key': emulator().apiKey } },
			);
			expect(items).toEqual(((await direct.json()) as { data: IDataObject[] }).data);
		});
	});
}
