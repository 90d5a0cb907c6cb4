/** The User resource: Get by ID and by reference ID, Get Many, Get Bulk, Update on the legacy host. */
import { apiRequests, byId, byReference, jsonOf, runTerra } from '../support';
import type { OperationsContext } from './context';

export function userCases({ emulator, onlyRequest, expectRequest, garmin }: OperationsContext): void {
	describe('User', () => {
		it('Get by ID outputs the user with is_authenticated (GET /userInfo?user_id=)', async () => {
			const user = garmin();
			const [item] = jsonOf(await runTerra(emulator(), { resource: 'user', operation: 'get', user: byId(user.user_id) }));
			expect(onlyRequest('user:get').query).toEqual({ user_id: user.user_id });
			expect(item).toEqual(expect.objectContaining({ ...user, is_authenticated: true }));
		});

		it('Get by reference ID outputs every connection made under it (Terra answers an array)', async () => {
			const counts = new Map<string, number>();
			for (const user of emulator().users) counts.set(String(user.reference_id), (counts.get(String(user.reference_id)) ?? 0) + 1);
			const reference = [...counts].find(([, count]) => count > 1)![0];
			const items = jsonOf(
				await runTerra(emulator(), { resource: 'user', operation: 'get', user: byReference(reference) }),
			);
			expect(onlyRequest('user:get').query).toEqual({ reference_id: reference });
			const expected = emulator().users.filter((user) => user.reference_id === reference);
			expect(expected.length).toBeGreaterThan(1);
			expect(items.map((item) => item.user_id).sort()).toEqual(expected.map((user) => user.user_id).sort());
		});

		it('Get Many with Return All outputs every user, one item each', async () => {
			const items = jsonOf(await runTerra(emulator(), { resource: 'user', operation: 'getAll', returnAll: true }));
			const requests = apiRequests(emulator());
			requests.forEach((request) => expectRequest(request, 'user:getAll'));
			expect(requests[0].query).toEqual({ page: '0', per_page: '500' });
			expect(items.map((item) => item.user_id)).toEqual(emulator().users.map((user) => user.user_id));
		});

		it('Get Bulk posts a bare JSON array of user IDs (POST /bulkUserInfo)', async () => {
			const ids = emulator().users.slice(0, 3).map((user) => user.user_id);
			const items = jsonOf(
				await runTerra(emulator(), { resource: 'user', operation: 'getBulk', userIds: ids.join(', ') }),
			);
			expect(onlyRequest('user:getBulk').body).toEqual(ids);
			expect(items.map((item) => item.user_id)).toEqual(ids);
		});

		it('Update patches reference_id and active on the legacy host (PATCH /users/{user_id})', async () => {
			const user = emulator().users[1];
			const [item] = jsonOf(
				await runTerra(
					emulator(),
					{
						resource: 'user',
						operation: 'update',
						user: byId(user.user_id),
						updateFields: { referenceId: 'renamed-7', active: false },
					},
				),
			);
			const request = onlyRequest('user:update', 'legacy');
			expect(request.path).toBe(`/users/${user.user_id}`);
			expect(request.body).toEqual({ reference_id: 'renamed-7', active: false });
			expect(item).toEqual(expect.objectContaining({ user_id: user.user_id, reference_id: 'renamed-7', active: false }));
		});
	});
}
