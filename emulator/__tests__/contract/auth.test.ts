/**
 * Contract: onboarding. Auth links, widget sessions (auth API and widget API), deauthentication, mobile SDK tokens, and
 * the public provider lists.
 */
import { startEmulator } from '../..';
import { validate } from '../contract-specs';
import { call } from '../helpers';
import { both, describeContract, SURFACES, UNKNOWN_USER, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('auth', () => {
		test('POST /auth/authenticateUser: 200, 400, 404, 401', () =>
			both(async (s) => {
				const t = '/auth/authenticateUser';
				let res = await call(contract.emu, base(s), 'POST', `${t}?resource=GARMIN`, {
					body: {
						reference_id: 'contract-1',
						auth_success_redirect_url: 'https://example.com/ok',
						auth_failure_redirect_url: 'https://example.com/ko',
						language: 'en',
					},
				});
				expect(res.status).toBe(200);
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'POST', t);
				expect(res.status).toBe(400);
				expectContract(s, 'POST', t, res);
				res = await call(contract.emu, base(s), 'POST', `${t}?resource=SUUNTO`);
				expect(res.status).toBe(404);
				expectContract(s, 'POST', t, res);
				res = await call(contract.emu, base(s), 'POST', `${t}?resource=GARMIN`, { auth: false });
				expect(res.status).toBe(401);
				expectContract(s, 'POST', t, res);
			}));

		test('POST /auth/generateWidgetSession: 200, 400; 410 for accounts created after 2026-09-03', async () => {
			await both(async (s) => {
				const t = '/auth/generateWidgetSession';
				let res = await call(contract.emu, base(s), 'POST', t, {
					body: { providers: 'GARMIN,FITBIT', reference_id: 'contract-w', language: 'en' },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual(expect.objectContaining({ expires_in: 900, status: 'success' }));
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'POST', t, {
					body: '{not json',
					contentType: 'application/json',
				});
				expect(res.status).toBe(400);
				expectContract(s, 'POST', t, res);
			});
			const late = await startEmulator({ accountCreatedAt: '2026-10-01' } as Parameters<
				typeof startEmulator
			>[0]);
			try {
				for (const s of SURFACES) {
					const res = await call(
						late,
						s === 'current' ? late.baseUrl : late.legacyBaseUrl,
						'POST',
						'/auth/generateWidgetSession',
						{ body: { providers: 'GARMIN' } },
					);
					expect(res.status).toBe(410);
					expectContract(s, 'POST', '/auth/generateWidgetSession', res);
				}
			} finally {
				await late.close();
			}
		});

		test('DELETE /auth/deauthenticateUser: 200, 404, 400', () =>
			both(async (s) => {
				const t = '/auth/deauthenticateUser';
				const victim = contract.emu.users[contract.emu.users.length - 2].user_id;
				let res = await call(
					contract.emu,
					base(s),
					'DELETE',
					`${t}?user_id=${s === 'current' ? victim : contract.emu.users[contract.emu.users.length - 3].user_id}`,
				);
				expect(res.status).toBe(200);
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'DELETE', `${t}?user_id=${UNKNOWN_USER}`);
				expect(res.status).toBe(404);
				expectContract(s, 'DELETE', t, res);
				res = await call(contract.emu, base(s), 'DELETE', `${t}?user_id=not-a-uuid`);
				expect(res.status).toBe(400);
				expectContract(s, 'DELETE', t, res);
			}));

		test('POST /auth/generateAuthToken: 200, 404 on a wrong dev-id', () =>
			both(async (s) => {
				const t = '/auth/generateAuthToken';
				let res = await call(contract.emu, base(s), 'POST', t);
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					status: 'success',
					token: expect.stringMatching(/^[0-9a-f]{64}$/),
					expires_in: 180,
				});
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'POST', t, {
					auth: { 'dev-id': 'someone-else', 'x-api-key': contract.emu.apiKey },
				});
				expect(res.status).toBe(404);
				expectContract(s, 'POST', t, res);
				if (s === 'legacy')
					expect(res.body).toEqual({ status: 'error', message: 'Invalid dev-id was provided' });
			}));

		test('POST /widget/session (widget API 2026.10.08): 201 (+warnings), 400, 403', async () => {
			const ok = {
				type: 'object',
				required: ['session_id', 'url', 'status', 'expires_in'],
				properties: {
					session_id: { type: 'string' },
					url: { type: 'string' },
					status: { const: 'success' },
					expires_in: { type: 'number' },
					warnings: { type: 'array', items: { type: 'string' } },
				},
				additionalProperties: false,
			};
			const err = {
				type: 'object',
				required: ['status', 'message'],
				properties: { status: { const: 'error' }, message: { type: 'string' } },
				additionalProperties: false,
			};
			let res = await call(contract.emu, contract.emu.url, 'POST', '/widget/session', {
				body: {
					providers: 'GARMIN,OURA',
					reference_id: 'w-1',
					language: 'en',
					show_disconnect: true,
				},
			});
			expect(res.status).toBe(201);
			expect(validate(contract.specs.current, ok, res.body)).toEqual([]);
			expect((res.body as Record<string, unknown>).warnings).toBeUndefined();
			res = await call(contract.emu, contract.emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN,NOPE,SUUNTO' },
			});
			expect(res.status).toBe(201);
			expect((res.body as { warnings: string[] }).warnings).toHaveLength(2);
			expect(validate(contract.specs.current, ok, res.body)).toEqual([]);
			res = await call(contract.emu, contract.emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN', multi_auth: 'yes' },
			});
			expect(res.status).toBe(400);
			expect(validate(contract.specs.current, err, res.body)).toEqual([]);
			res = await call(contract.emu, contract.emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN' },
				auth: { 'dev-id': contract.emu.devId, 'x-api-key': 'wrong' },
			});
			expect(res.status).toBe(403);
			expect(validate(contract.specs.current, err, res.body)).toEqual([]);
		});
	});

	describe('integrations', () => {
		test('GET /integrations and /integrations/detailed are public', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'GET', '/integrations', { auth: false });
				expect(res.status).toBe(200);
				expectContract(s, 'GET', '/integrations', res, { closed: true });
				const all = await call(contract.emu, base(s), 'GET', '/integrations/detailed?sdk=true', {
					auth: false,
				});
				expectContract(s, 'GET', '/integrations/detailed', all, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'GET', '/integrations/detailed', {
					auth: { 'dev-id': contract.emu.devId },
				});
				expectContract(s, 'GET', '/integrations/detailed', res, { closed: s === 'current' });
				const enabledOnly = (res.body as { providers: Array<{ enabled: boolean; setup: string }> })
					.providers;
				expect(enabledOnly.every((p) => p.enabled && p.setup !== 'sdk')).toBe(true);
				expect((all.body as { providers: unknown[] }).providers.length).toBeGreaterThan(
					enabledOnly.length,
				);
			}));
	});
});
