/** The Athlete resource: the profile, read inline. */
import type { IDataObject } from 'n8n-workflow';

import { byId, jsonOf, runTerra, terraDirect } from '../support';
import type { OperationsContext } from './context';

export function athleteCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe('Athlete', () => {
		it('Get asks for inline data and outputs the profile’s Simplified columns with its user', async () => {
			const user = garmin();
			const [item] = jsonOf(
				await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: byId(user.user_id) }),
			);
			expect(onlyRequest('athlete:get').query).toEqual({ user_id: user.user_id, to_webhook: 'false' });
			const direct = (await terraDirect(emulator(), `/athlete?user_id=${user.user_id}&to_webhook=false`)).body as IDataObject;
			const athlete = direct.athlete as IDataObject;
			expect(item).toEqual({
				user_id: user.user_id,
				reference_id: user.reference_id,
				provider: 'GARMIN',
				first_name: athlete.first_name,
				last_name: athlete.last_name,
				sex: athlete.sex,
				age: athlete.age,
				date_of_birth: athlete.date_of_birth,
				city: athlete.city,
				country: athlete.country,
			});
		});
	});
}
