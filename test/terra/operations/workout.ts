/**
 * Workout Template and Planned Workout: one template is created, read, listed, planned for a user, its planned workout
 * read, rescheduled and deleted, then the template deleted. The cases run in this order and share the IDs.
 */
import { byId, jsonOf, runTerra, VALID_STEP_BLOCKS } from '../support';
import type { OperationsContext } from './context';

export function workoutCases({ emulator, onlyRequest, garmin }: OperationsContext): void {
	describe('Workout Template and Planned Workout', () => {
		let workoutId = '';
		let plannedWorkoutId = '';

		it('Create posts the WorkoutTemplate and outputs the new workout_id', async () => {
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'workout',
					operation: 'create',
					name: '5 x 1 km',
					sport: 'running',
					stepBlocks: JSON.stringify(VALID_STEP_BLOCKS),
					additionalFields: { environment: 'outdoor', estimated_duration_seconds: 2400 },
				}),
			);
			expect(onlyRequest('workout:create').body).toEqual({
				name: '5 x 1 km',
				sport: 'running',
				step_blocks: VALID_STEP_BLOCKS,
				environment: 'outdoor',
				estimated_duration_seconds: 2400,
			});
			expect(item).toEqual({ status: 'success', workout_id: expect.stringMatching(/^\d+$/) });
			workoutId = String(item.workout_id);
		});

		it('Get reads one template by its numeric ID', async () => {
			const [item] = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'get', workoutId }));
			expect(onlyRequest('workout:get').path).toBe(`/workouts/${workoutId}`);
			expect(item).toEqual(expect.objectContaining({ workout_id: workoutId, name: '5 x 1 km', sport: 'running' }));
		});

		it('Get Many lists templates with Limit applied', async () => {
			const all = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'getAll', returnAll: true }));
			expect(onlyRequest('workout:getAll').query).toEqual({});
			expect(all.map((item) => item.workout_id)).toContain(workoutId);
			const limited = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'getAll', limit: 1 }));
			expect(limited).toEqual(all.slice(0, 1));
		});

		it('Plan schedules the template for a user on a calendar date', async () => {
			const user = garmin();
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'workout',
					operation: 'plan',
					workoutId,
					user: byId(user.user_id),
					plannedDate: '2026-12-01T00:00:00',
					metrics: { ftp: 250, max_heart_rate: 190 },
				}),
			);
			const request = onlyRequest('workout:plan');
			expect(request.path).toBe(`/workouts/${workoutId}/plan`);
			expect(request.query).toEqual({ user_id: user.user_id });
			expect(request.body).toEqual({ planned_date: '2026-12-01', ftp: 250, max_heart_rate: 190 });
			expect(request.status).toBe(201);
			expect(item).toEqual(expect.objectContaining({ status: 'success', planned_workout_id: expect.stringMatching(/^\d+$/) }));
			plannedWorkoutId = String(item.planned_workout_id);
		});

		it('Planned Workout Get Many lists the user’s calendar for a date range', async () => {
			const user = garmin();
			const items = jsonOf(
				await runTerra(emulator(), {
					resource: 'plannedWorkout',
					operation: 'getAll',
					user: byId(user.user_id),
					filters: { startDate: '2026-11-25T00:00:00', endDate: '2026-12-05T00:00:00' },
					returnAll: true,
				}),
			);
			expect(onlyRequest('plannedWorkout:getAll').query).toEqual({
				user_id: user.user_id,
				start_date: '2026-11-25',
				end_date: '2026-12-05',
			});
			expect(items.map((item) => String(item.planned_workout_id))).toContain(plannedWorkoutId);
		});

		it('Planned Workout Get reads one planned workout with user_id in the query', async () => {
			const user = garmin();
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'plannedWorkout',
					operation: 'get',
					plannedWorkoutId,
					user: byId(user.user_id),
				}),
			);
			const request = onlyRequest('plannedWorkout:get');
			expect(request.path).toBe(`/plannedWorkouts/${plannedWorkoutId}`);
			expect(request.query).toEqual({ user_id: user.user_id });
			expect(item).toEqual(expect.objectContaining({ planned_workout_id: plannedWorkoutId, planned_date: '2026-12-01' }));
		});

		it('Planned Workout Reschedule patches only planned_date', async () => {
			const user = garmin();
			const [item] = jsonOf(
				await runTerra(emulator(), {
					resource: 'plannedWorkout',
					operation: 'reschedule',
					plannedWorkoutId,
					user: byId(user.user_id),
					plannedDate: '2026-12-03T00:00:00',
				}),
			);
			const request = onlyRequest('plannedWorkout:reschedule');
			expect(request.body).toEqual({ planned_date: '2026-12-03' });
			expect(item).toEqual(expect.objectContaining({ planned_workout_id: plannedWorkoutId, planned_date: '2026-12-03' }));
		});

		it('Planned Workout Delete answers 204 and outputs {deleted: true}', async () => {
			const user = garmin();
			const items = jsonOf(
				await runTerra(emulator(), {
					resource: 'plannedWorkout',
					operation: 'delete',
					plannedWorkoutId,
					user: byId(user.user_id),
				}),
			);
			expect(onlyRequest('plannedWorkout:delete').status).toBe(204);
			expect(items).toEqual([{ planned_workout_id: plannedWorkoutId, deleted: true }]);
		});

		it('Workout Delete answers 204 → deleted; 207 → kept, with Terra’s message', async () => {
			emulator().faults.inject(
				{ method: 'DELETE', path: '/workouts' },
				{ status: 207, body: { message: 'deleted on GARMIN, failed on WAHOO' } },
			);
			const partial = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'delete', workoutId }));
			expect(partial).toEqual([
				{ workout_id: workoutId, deleted: false, partial: true, message: 'deleted on GARMIN, failed on WAHOO' },
			]);
			emulator().clearRequests();
			const deleted = jsonOf(await runTerra(emulator(), { resource: 'workout', operation: 'delete', workoutId }));
			expect(onlyRequest('workout:delete').status).toBe(204);
			expect(deleted).toEqual([{ workout_id: workoutId, deleted: true }]);
		});
	});
}
