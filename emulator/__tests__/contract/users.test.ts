/**
 * Contract: users. /userInfo by ID and by reference, /subscriptions with and without paging, /bulkUserInfo, PATCH
 * /users (legacy).
 */
import { call } from '../helpers';
import { both, describeContract, UNKNOWN_USER, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('users', () => {
		test('GET /userInfo: object by user_id, array by reference_id, 400, 404', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'GET', `/userInfo?user_id=${contract.userId}`);
				expect(res.status).toBe(200);
				expect(res.body).toEqual(
					expect.objectContaining({
						status: 'success',
						is_authenticated: true,
						user: expect.objectContaining({ user_id: contract.userId, last_polled_at: expect.anything() }),
					}),
				);
				expectContract(s, 'GET', '/userInfo', res, { branch: 0, closed: s === 'current' });
				res = await call(contract.emu, base(s), 'GET', '/userInfo?reference_id=demo-user-1');
				expect(Array.isArray(res.body) && res.body.length).toBe(2);
				expectContract(s, 'GET', '/userInfo', res, { branch: 1 });
				res = await call(contract.emu, base(s), 'GET', '/userInfo');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/userInfo', res);
				res = await call(contract.emu, base(s), 'GET', `/userInfo?user_id=${UNKNOWN_USER}`);
				expect(res.status).toBe(404);
				expectContract(s, 'GET', '/userInfo', res);
			}));

		test('GET /subscriptions: {users} without page, {data:{next,max_page,results}} with page, 400', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'GET', '/subscriptions');
				expect(Object.keys(res.body as object)).toEqual(['users']);
				expectContract(s, 'GET', '/subscriptions', res, { branch: 0, closed: s === 'current' });
				res = await call(contract.emu, base(s), 'GET', '/subscriptions?page=0&per_page=3');
				const total = contract.emu.users.length;
				expect(res.body).toEqual({
					data: { next: 1, max_page: Math.ceil(total / 3) - 1, results: contract.emu.users.slice(0, 3) },
				});
				expectContract(s, 'GET', '/subscriptions', res, { branch: 1, closed: s === 'current' });
				res = await call(
					contract.emu,
					base(s),
					'GET',
					`/subscriptions?page=${Math.ceil(total / 3) - 1}&per_page=3`,
				);
				expect((res.body as { data: { next: unknown } }).data.next).toBeNull();
				res = await call(contract.emu, base(s), 'GET', '/subscriptions?page=-1');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/subscriptions', res);
			}));

		test('POST /bulkUserInfo: 200 array, 400, 404', () =>
			both(async (s) => {
				let res = await call(contract.emu, base(s), 'POST', '/bulkUserInfo', {
					body: [contract.userId, contract.emu.users[1].user_id, UNKNOWN_USER],
				});
				expect(res.status).toBe(200);
				expect((res.body as unknown[]).length).toBe(2);
				expectContract(s, 'POST', '/bulkUserInfo', res);
				res = await call(contract.emu, base(s), 'POST', '/bulkUserInfo', { body: { user_ids: [contract.userId] } });
				expect(res.status).toBe(400);
				expectContract(s, 'POST', '/bulkUserInfo', res);
				res = await call(contract.emu, base(s), 'POST', '/bulkUserInfo', { body: [UNKNOWN_USER] });
				expect(res.status).toBe(404);
				expectContract(s, 'POST', '/bulkUserInfo', res);
			}));

		test('PATCH /users/{user_id} (legacy, Jun-2026/v5 specs): 200, 400 malformed or unknown', () =>
			both(async (s) => {
				const t = '/users/{user_id}';
				const target = contract.emu.users[2];
				let res = await call(contract.emu, base(s), 'PATCH', `/users/${target.user_id}`, {
					body: { reference_id: `patched-${s}`, active: true },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: target.user_id, reference_id: `patched-${s}` }),
					status: 'success',
				});
				expectContract(s, 'PATCH', t, res, { closed: s === 'current' });
				res = await call(contract.emu, base(s), 'PATCH', `/users/${target.user_id}`, {
					body: { active: 'yes' },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', t, res);
				res = await call(contract.emu, base(s), 'PATCH', `/users/${UNKNOWN_USER}`, {
					body: { active: false },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', t, res);
			}));
	});
});
