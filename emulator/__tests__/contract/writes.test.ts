/**
 * Contract: legacy writes. POST and DELETE of activity, body, nutrition and planned workouts (legacy), 200/207/400/404.
 */
import { call } from '../helpers';
import { both, describeContract, UNKNOWN_USER, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('legacy writes', () => {
		const WRITES: Array<[string, object]> = [
			[
				'/activity',
				{
					metadata: {
						summary_id: 'contract-activity-1',
						start_time: '2026-06-01T07:00:00+00:00',
						end_time: '2026-06-01T08:00:00+00:00',
						type: 8,
						upload_type: 2,
					},
					distance_data: { summary: { distance_meters: 10000 } },
				},
			],
			[
				'/body',
				{
					metadata: {
						start_time: '2026-06-01T00:00:00+00:00',
						end_time: '2026-06-02T00:00:00+00:00',
					},
					measurements_data: {
						measurements: [{ measurement_time: '2026-06-01T07:00:00+00:00', weight_kg: 70.2 }],
					},
				},
			],
			[
				'/nutrition',
				{
					metadata: {
						start_time: '2026-06-01T00:00:00+00:00',
						end_time: '2026-06-02T00:00:00+00:00',
					},
					summary: { macros: { calories: 2100 } },
				},
			],
			[
				'/plannedWorkout',
				{
					metadata: {
						id: 'contract-pw-1',
						name: 'Intervals',
						type: 'RUNNING',
						provider: 'GARMIN',
						planned_date: '2026-06-05T07:00:00+00:00',
					},
					steps: [
						{
							type: 'STEP',
							order: 0,
							intensity: 'WARMUP',
							durations: [{ duration_type: 'TIME', seconds: 600 }],
							targets: [{ target_type: 'HEART_RATE', hr_bpm_low: 110, hr_bpm_high: 130 }],
						},
					],
				},
			],
		];

		test.each(WRITES)('POST %s: 201 {user, log_ids, message}; 400; 404', async (t, record) => {
			await both(async (s) => {
				let res = await call(contract.emu, base(s), 'POST', `${t}?user_id=${contract.userId}`, {
					body: { data: [record, record] },
				});
				expect(res.status).toBe(201);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: contract.userId }),
					log_ids: [expect.any(String), expect.any(String)],
					message: expect.stringContaining('successfully'),
				});
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'POST', `${t}?user_id=${contract.userId}`, { body: { data: [] } });
				expect(res.status).toBe(400);
				expectContract(s, 'POST', t, res);
				res = await call(contract.emu, base(s), 'POST', `${t}?user_id=${UNKNOWN_USER}`, {
					body: { data: [record] },
				});
				expect(res.status).toBe(404);
				expectContract(s, 'POST', t, res);
			});
		});

		test.each([
			['/body', 'log_ids'],
			['/nutrition', 'data'],
			['/plannedWorkout', 'data'],
		])('DELETE %s {%s:[...]}: 200 all deleted, 207 mixed, 400', async (t, key) => {
			await both(async (s) => {
				const record = WRITES.find(([p]) => p === t)![1];
				const created = await call(contract.emu, base(s), 'POST', `${t}?user_id=${contract.userId}`, {
					body: { data: [record, record, record] },
				});
				const ids = (created.body as { log_ids: string[] }).log_ids.filter(
					(v, i, a) => a.indexOf(v) === i,
				);
				let res = await call(contract.emu, base(s), 'DELETE', `${t}?user_id=${contract.userId}`, {
					body: { [key]: [ids[0]] },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: contract.userId }),
					processed_data: [{ id: ids[0], response_code: 200 }],
				});
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'DELETE', `${t}?user_id=${contract.userId}`, {
					body: { [key]: [...ids.slice(1), 'no-such-log'] },
				});
				expect(res.status).toBe(207);
				expect(
					(res.body as { processed_data: Array<{ response_code: number }> }).processed_data.map(
						(p) => p.response_code,
					),
				).toContain(404);
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'DELETE', `${t}?user_id=${contract.userId}`, { body: { wrong: [] } });
				expect(res.status).toBe(400);
				expectContract(s, 'DELETE', t, res);
			});
		});
	});
});
