/**
 * Create and Delete on the legacy host (activity, body, nutrition, legacy planned workouts): bodies and 200/207.
 * Create runs with the current-host credential and still reaches the legacy surface (one credential is enough);
 * Delete runs with a legacy-host credential, which keeps working too.
 */
import { apiRequests, byId, jsonOf, runTerra } from '../support';
import type { OperationsContext } from './context';

export function legacyWriteCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe.each([
		['activity', 'activity:create'],
		['body', 'body:create'],
		['nutrition', 'nutrition:create'],
		['plannedWorkoutLegacy', 'plannedWorkoutLegacy:create'],
	] as const)('%s Create (legacy surface)', (resource, endpoint) => {
		it('posts {data: [...]} to the legacy host with the current-host credential, user_id in the query, and outputs the log IDs', async () => {
			const user = garmin();
			const records = [{ metadata: { start_time: '2024-04-01T08:00:00+00:00', end_time: '2024-04-01T09:00:00+00:00' } }];
			const [item] = jsonOf(
				await runTerra(
					emulator(),
					{ resource, operation: 'create', user: byId(user.user_id), records: JSON.stringify(records) },
				),
			);
			const request = onlyRequest(endpoint, 'legacy');
			expect(request.query).toEqual({ user_id: user.user_id });
			expect(request.body).toEqual({ data: records });
			expect(item.log_ids).toEqual([expect.any(String)]);
			expect(item.user).toEqual(expect.objectContaining({ user_id: user.user_id }));
		});
	});

	describe.each([
		['body', 'body:delete', 'log_ids'],
		['nutrition', 'nutrition:delete', 'data'],
		['plannedWorkoutLegacy', 'plannedWorkoutLegacy:delete', 'data'],
	] as const)('%s Delete (legacy surface)', (resource, endpoint, bodyKey) => {
		it(`sends the IDs under "${bodyKey}" and turns 200/207 into one result per ID`, async () => {
			const user = garmin();
			const created = jsonOf(
				await runTerra(
					emulator(),
					{ resource, operation: 'create', user: byId(user.user_id), records: '[{"metadata": {}}, {"metadata": {}}]' },
					{ surface: 'legacy' },
				),
			)[0].log_ids as string[];
			emulator().clearRequests();

			const allDeleted = jsonOf(
				await runTerra(
					emulator(),
					{ resource, operation: 'delete', user: byId(user.user_id), logIds: created[0] },
					{ surface: 'legacy' },
				),
			);
			const request = onlyRequest(endpoint, 'legacy');
			expect(request.status).toBe(200);
			expect(request.query).toEqual({ user_id: user.user_id });
			expect(request.body).toEqual({ [bodyKey]: [created[0]] });
			expect(allDeleted).toEqual([{ id: created[0], deleted: true, response_code: 200 }]);

			emulator().clearRequests();
			const mixed = jsonOf(
				await runTerra(
					emulator(),
					{ resource, operation: 'delete', user: byId(user.user_id), logIds: `${created[1]}, no-such-log` },
					{ surface: 'legacy' },
				),
			);
			expect(apiRequests(emulator())[0].status).toBe(207);
			expect(mixed).toEqual([
				{ id: created[1], deleted: true, response_code: 200 },
				{ id: 'no-such-log', deleted: false, response_code: 404 },
			]);
		});
	});
}
