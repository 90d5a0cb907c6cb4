/**
 * Contract: the Planned Workouts API. Workout templates, planning them for a user, planned workouts; the add-on
 * switched off.
 */
import { startEmulator } from '../..';
import { call } from '../helpers';
import { both, describeContract, UNKNOWN_USER, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('workouts (Planned Workouts API)', () => {
		const template = {
			name: 'Threshold intervals',
			sport: 'running',
			environment: 'outdoor',
			description: 'contract test',
			step_blocks: [
				{
					completion_condition: { type: 'reps', value: 1 },
					steps: [
						{
							completion_condition: { type: 'time', value: 600 },
							intensity_type: 'warmup',
							intensity_targets: [{ target_type: 'heart_rate', value_low: 110, value_high: 135 }],
						},
					],
				},
				{
					completion_condition: { type: 'reps', value: 4 },
					steps: [
						{ completion_condition: { type: 'distance', value: 1000 }, intensity_type: 'active' },
						{ completion_condition: { type: 'time', value: 90 }, intensity_type: 'recovery' },
					],
				},
			],
			estimated_duration_seconds: 2700,
		};

		test('templates: POST 200/400/401, GET list, GET one/404, DELETE 204/404 and 207/424 (injected)', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'POST', '/workouts', { body: template });
				expect(res.status).toBe(200);
				expectContract(s, 'POST', '/workouts', res, { closed: s === 'current' });
				const id = (res.body as { workout_id: string }).workout_id;
				for (const bad of [
					{ ...template, sport: 'quidditch' },
					{ ...template, step_blocks: [] },
					{
						...template,
						step_blocks: [
							{
								...template.step_blocks[0],
								steps: [
									{
										completion_condition: { type: 'time', value: 999_999 },
										intensity_type: 'active',
									},
								],
							},
						],
					},
				]) {
					res = await call(contract.emu, base(s), 'POST', '/workouts', { body: bad });
					expect(res.status).toBe(400);
					expectContract(s, 'POST', '/workouts', res);
				}
				res = await call(contract.emu, base(s), 'POST', '/workouts', { body: template, auth: false });
				expect(res.status).toBe(401);
				expectContract(s, 'POST', '/workouts', res);
				res = await call(contract.emu, base(s), 'GET', '/workouts');
				expect((res.body as Array<{ workout_id: string }>).some((w) => w.workout_id === id)).toBe(
					true,
				);
				expectContract(s, 'GET', '/workouts', res);
				res = await call(contract.emu, base(s), 'GET', `/workouts/${id}`);
				expect(res.body).toEqual(expect.objectContaining({ workout_id: id, name: template.name }));
				expectContract(s, 'GET', '/workouts/{workout_id}', res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'GET', '/workouts/999999');
				expect(res.status).toBe(404);
				expectContract(s, 'GET', '/workouts/{workout_id}', res);
				contract.emu.faults.inject({ method: 'DELETE', path: '/workouts/:id' }, { status: 207 });
				res = await call(contract.emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(207);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res, { closed: s === 'current' });
				contract.emu.faults.inject({ method: 'DELETE', path: '/workouts/:id' }, { status: 424 });
				res = await call(contract.emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(424);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
				res = await call(contract.emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
				res = await call(contract.emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(404);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
			}));

		test('planning: POST plan 201/400/404/424/403, list, get, patch, delete', async () => {
			await both(async (s) => {
				const created = await call(contract.emu, base(s), 'POST', '/workouts', { body: template });
				const id = (created.body as { workout_id: string }).workout_id;
				let res = await call(contract.emu, base(s), 'POST', `/workouts/${id}/plan?user_id=${contract.userId}`, {
					body: { planned_date: '2026-07-20', ftp: 250, max_heart_rate: 188 },
				});
				expect(res.status).toBe(201);
				expect(res.body).toEqual(
					expect.objectContaining({
						status: 'success',
						planned_workout_id: expect.any(String),
						provider_workout_id: expect.any(String),
					}),
				);
				expectContract(s, 'POST', '/workouts/{workout_id}/plan', res, { closed: s === 'current' });
				const pid = (res.body as { planned_workout_id: string }).planned_workout_id;
				for (const [url, body, status] of [
					[`/workouts/${id}/plan?user_id=${contract.userId}`, { planned_date: '20-07-2026' }, 400],
					[
						`/workouts/${id}/plan?user_id=${contract.userId}`,
						{ planned_date: '2026-07-20', ftp: 5000 },
						400,
					],
					[`/workouts/999999/plan?user_id=${contract.userId}`, { planned_date: '2026-07-20' }, 404],
					[`/workouts/${id}/plan?user_id=${UNKNOWN_USER}`, { planned_date: '2026-07-20' }, 404],
					[`/workouts/${id}/plan?user_id=${contract.ouraUserId}`, { planned_date: '2026-07-20' }, 424],
				] as Array<[string, object, number]>) {
					res = await call(contract.emu, base(s), 'POST', url, { body });
					expect({ url, status: res.status }).toEqual({ url, status });
					expectContract(s, 'POST', '/workouts/{workout_id}/plan', res);
				}
				res = await call(
					contract.emu,
					base(s),
					'GET',
					`/plannedWorkouts?user_id=${contract.userId}&start_date=2026-07-01&end_date=2026-07-31`,
				);
				expect(
					(res.body as Array<{ planned_workout_id: string | null }>).some(
						(p) => p.planned_workout_id === pid,
					),
				).toBe(true);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(contract.emu, base(s), 'GET', `/plannedWorkouts?user_id=${contract.userId}`);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(
					contract.emu,
					base(s),
					'GET',
					`/plannedWorkouts?user_id=${contract.userId}&start_date=2026-07-01`,
				);
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(contract.emu, base(s), 'GET', `/plannedWorkouts/${pid}?user_id=${contract.userId}`);
				expect(res.body).toEqual(
					expect.objectContaining({
						planned_workout_id: pid,
						planned_date: '2026-07-20',
						is_external: false,
					}),
				);
				expectContract(s, 'GET', '/plannedWorkouts/{planned_workout_id}', res, {
					closed: s === 'current',
				});
				res = await call(contract.emu, base(s), 'PATCH', `/plannedWorkouts/${pid}?user_id=${contract.userId}`, {
					body: { planned_date: '2026-07-22' },
				});
				expect((res.body as { planned_date: string }).planned_date).toBe('2026-07-22');
				expectContract(s, 'PATCH', '/plannedWorkouts/{planned_workout_id}', res, {
					closed: s === 'current',
				});
				res = await call(contract.emu, base(s), 'PATCH', `/plannedWorkouts/${pid}?user_id=${contract.userId}`, {
					body: { planned_date: 'soon' },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', '/plannedWorkouts/{planned_workout_id}', res);
				res = await call(contract.emu, base(s), 'DELETE', `/plannedWorkouts/${pid}?user_id=${contract.userId}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/plannedWorkouts/{planned_workout_id}', res);
				for (const m of ['GET', 'DELETE']) {
					res = await call(contract.emu, base(s), m, `/plannedWorkouts/${pid}?user_id=${contract.userId}`);
					expect(res.status).toBe(404);
					expectContract(s, m, '/plannedWorkouts/{planned_workout_id}', res);
				}
			});
			const noAddon = await startEmulator({ seed: 7, plannedWorkoutsAddon: false } as Parameters<
				typeof startEmulator
			>[0]);
			try {
				const created = await call(noAddon, noAddon.baseUrl, 'POST', '/workouts', {
					body: template,
				});
				const id = (created.body as { workout_id: string }).workout_id;
				const res = await call(
					noAddon,
					noAddon.baseUrl,
					'POST',
					`/workouts/${id}/plan?user_id=${noAddon.users[0].user_id}`,
					{ body: { planned_date: '2026-07-20' } },
				);
				expect(res.status).toBe(403);
				expectContract('current', 'POST', '/workouts/{workout_id}/plan', res);
				const patch = await call(
					noAddon,
					noAddon.baseUrl,
					'PATCH',
					`/plannedWorkouts/1?user_id=${noAddon.users[0].user_id}`,
					{ body: { planned_date: '2026-07-20' } },
				);
				expect(patch.status).toBe(403);
				expectContract('current', 'PATCH', '/plannedWorkouts/{planned_workout_id}', patch);
			} finally {
				await noAddon.close();
			}
		});
	});
});
