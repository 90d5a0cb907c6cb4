/** The Athlete resource: the profile, read inline. */
import type { IDataObject } from 'n8n-workflow';

import { byId, jsonOf, runTerra, terraDirect } from '../support';
import type { OperationsContext } from './context';

export function athleteCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe('Athlete', () => {
		it('Get asks for inline data and outputs the profile with its user', async () => {
			const user = garmin();
			const [item] = jsonOf(
				await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: byId(user.user_id) }),
			);
			expect(onlyRequest('athlete:get').query).toEqual({ user_id: user.user_id, to_webhook: 'false' });
			const direct = (await terraDirect(emulator(), `/athlete?user_id=${user.user_id}&to_webhook=false`)).body as IDataObject;
			expect(item).toEqual({ user_id: user.user_id, provider: 'GARMIN', ...(direct.athlete as IDataObject) });
		});
	});
}
