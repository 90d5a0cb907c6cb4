/**
 * Contract: the data GETs. Sync bodies with and without samples, to_webhook acknowledgements (large ranges too), no
 * webhook destination, processing bodies.
 */
import { startEmulator } from '../..';
import { closed, componentSchema, validate } from '../contract-specs';
import { call } from '../helpers';
import { both, describeContract, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('data GETs', () => {
		const DATED = [
			'/activity',
			'/body',
			'/daily',
			'/menstruation',
			'/nutrition',
			'/sleep',
			'/plannedWorkout',
		];

		test.each(DATED)(
			'GET %s: sync {user,data,type} (with and without samples) and the to_webhook acknowledgement',
			async (t) => {
				await both(async (s) => {
					contract.emu.resetRateLimits();
					const user =
						t === '/menstruation'
							? contract.emu.users.find((u, i) => i > 0 && u.provider === 'FITBIT')!.user_id
							: contract.userId;
					for (const samples of [false, true]) {
						const res = await call(
							contract.emu,
							base(s),
							'GET',
							`${t}?user_id=${user}&start_date=2026-06-01&end_date=2026-06-08&to_webhook=false&with_samples=${samples}`,
						);
						expect(res.status).toBe(200);
						expect(res.headers['terra-reference']).toBeTruthy();
						expect(res.headers['x-terra-ratelimit-limit']).toBe('6000');
						expect(res.body).toEqual(
							expect.objectContaining({
								user: expect.objectContaining({ user_id: user }),
								data: expect.any(Array),
								type: expect.any(String),
							}),
						);
						expectContract(s, 'GET', t, res, { branch: 0, closed: s === 'current' });
					}
					const ack = await call(
						contract.emu,
						base(s),
						'GET',
						`${t}?user_id=${user}&start_date=2026-06-01&end_date=2026-06-03`,
					);
					expect(ack.status).toBe(200);
					const body = ack.body as Record<string, unknown>;
					expect(body).toEqual(
						expect.objectContaining({
							status: 'success',
							reference: ack.headers['terra-reference'],
							user: expect.objectContaining({ user_id: user }),
						}),
					);
					expect(body.message === undefined || s === 'legacy').toBe(true);
					expectContract(s, 'GET', t, ack, {
						branch: 'DataSentToWebhook',
						closed: s === 'current',
					});
				});
			},
		);

		test('GET /athlete: AthleteCollection and acknowledgement', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'GET', `/athlete?user_id=${contract.userId}&to_webhook=false`);
				expect(res.body).toEqual(
					expect.objectContaining({
						athlete: expect.objectContaining({ first_name: expect.any(String) }),
						type: 'athlete',
					}),
				);
				expectContract(s, 'GET', '/athlete', res, {
					branch: 'AthleteCollection',
					closed: s === 'current',
				});
				res = await call(contract.emu, base(s), 'GET', `/athlete?user_id=${contract.userId}`);
				expectContract(s, 'GET', '/athlete', res, {
					branch: 'DataSentToWebhook',
					closed: s === 'current',
				});
			}));

		test('a large to_webhook request acknowledges with a message', async () => {
			const res = await call(
				contract.emu,
				contract.emu.baseUrl,
				'GET',
				`/daily?user_id=${contract.userId}&start_date=2026-01-01&end_date=2026-03-15`,
			);
			expect((res.body as Record<string, unknown>).message).toEqual(
				expect.stringContaining('chunks'),
			);
			expectContract('current', 'GET', '/daily', res, {
				branch: 'DataSentToWebhook',
				closed: true,
			});
		});

		test('no webhook destination: problem-shaped 200 (NoDestinationsAvailable)', async () => {
			const bare = await startEmulator({ seed: 7 });
			try {
				const res = await call(
					bare,
					bare.baseUrl,
					'GET',
					`/sleep?user_id=${bare.users[0].user_id}&start_date=2026-06-01`,
				);
				expect(res.status).toBe(200);
				expect(res.body).toEqual(
					expect.objectContaining({
						type: 'about:blank',
						title: 'ok',
						detail: expect.stringContaining('no destinations available'),
					}),
				);
				expect(
					validate(contract.specs.current, closed(componentSchema(contract.specs.current, 'Problem')), res.body),
				).toEqual([]);
				expectContract('current', 'GET', '/sleep', res);
			} finally {
				await bare.close();
			}
		});

		test('processing fault: Garmin-style RequestProcessing body (v5), then data', async () => {
			contract.emu.faults.inject(
				{ method: 'GET', path: '/activity' },
				{ processing: { retryAfterSeconds: 5 } },
			);
			let res = await call(
				contract.emu,
				contract.emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${contract.userId}&start_date=2026-06-01&to_webhook=false`,
			);
			expect(res.body).toEqual(
				expect.objectContaining({
					type: 'processing',
					retry_after_seconds: 5,
					message: 'Request is processing, try again later',
				}),
			);
			expectContract('legacy', 'GET', '/activity', res, { branch: 'RequestProcessing' });
			res = await call(
				contract.emu,
				contract.emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${contract.userId}&start_date=2026-06-01&to_webhook=false`,
			);
			expectContract('legacy', 'GET', '/activity', res, { branch: 0 });
		});
	});
});
