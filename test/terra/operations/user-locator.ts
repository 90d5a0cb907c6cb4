/** The User field (resource locator) in its modes: a bare ID, By Reference ID. */
import { apiRequests, byReference, jsonOf, runTerra, userWithUniqueReference } from '../support';
import type { OperationsContext } from './context';

export function userLocatorCases({ emulator, garmin }: OperationsContext): void {
	describe('User resource locator modes', () => {
		it('accepts a bare user ID where a workflow gives the field as plain text (User → Get and Athlete → Get)', async () => {
			const user = garmin();
			const [fromUser] = jsonOf(await runTerra(emulator(), { resource: 'user', operation: 'get', user: user.user_id }));
			expect(fromUser.user_id).toBe(user.user_id);
			const [athlete] = jsonOf(await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: user.user_id }));
			expect(athlete.user_id).toBe(user.user_id);
			expect(apiRequests(emulator()).map((request) => request.query.user_id)).toEqual([user.user_id, user.user_id]);
		});

		it('“By Reference ID” resolves the user with /userInfo before the data request', async () => {
			const user = userWithUniqueReference(emulator());
			jsonOf(
				await runTerra(emulator(), {
					resource: 'athlete',
					operation: 'get',
					user: byReference(String(user.reference_id)),
				}),
			);
			const requests = apiRequests(emulator());
			expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /userInfo', 'GET /athlete']);
			expect(requests[0].query).toEqual({ reference_id: user.reference_id });
			expect(requests[1].query.user_id).toBe(user.user_id);
		});
	});
}
