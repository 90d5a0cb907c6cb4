/**
 * Contract: errors of the data GETs. 400, 401, 404 and the undocumented 429 on both surfaces, and Terra's own error
 * details.
 */
import { call } from '../helpers';
import { both, describeContract, UNKNOWN_USER, useContractEmulator } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useContractEmulator();
	const { base, expectContract } = contract;

	describe('data GETs', () => {
		test.each(['/activity', '/athlete', '/sleep'])(
			'GET %s errors: 400, 401, 404 and undocumented 429',
			async (t) => {
				await both(async (s) => {
					const dated = t !== '/athlete';
					const cases: Array<[string, number, object?]> = [
						[`${t}?user_id=not-a-uuid&start_date=2026-06-01`, 400],
						[`${t}?user_id=${UNKNOWN_USER}&start_date=2026-06-01`, 404],
						[`${t}?user_id=${contract.userId}&start_date=2026-06-01`, 401, { auth: false }],
						[`${t}?user_id=${contract.userId}&start_date=2026-06-01&to_webhook=maybe`, 400],
					];
					if (dated)
						cases.push(
							[`${t}?user_id=${contract.userId}&start_date=2026-13-01`, 400],
							[`${t}?user_id=${contract.userId}`, 400],
							[`${t}?user_id=${contract.userId}&start_date=2026-06-01&end_date=20260602`, 400],
							[`${t}?user_id=${contract.userId}&start_date=2019-01-01&end_date=2025-01-01`, 429],
						);
					for (const [url, status, opts] of cases) {
						const res = await call(contract.emu, base(s), 'GET', url, opts);
						expect({ url, status: res.status }).toEqual({ url, status });
						expectContract(s, 'GET', t, res);
					}
				});
			},
		);

		test("invalid start_date detail and unauthorized detail are Terra's", async () => {
			let res = await call(
				contract.emu,
				contract.emu.baseUrl,
				'GET',
				`/activity?user_id=${contract.userId}&start_date=yesterday`,
			);
			expect(res.body).toEqual({
				type: 'about:blank',
				title: 'bad request',
				instance: `/activity?user_id=${contract.userId}&start_date=yesterday`,
				detail: 'invalid start_date',
			});
			res = await call(
				contract.emu,
				contract.emu.baseUrl,
				'GET',
				`/activity?user_id=${contract.userId}&start_date=2026-06-01`,
				{ auth: false },
			);
			expect(res.body).toEqual({
				type: 'about:blank',
				title: 'unauthorized',
				instance: `/activity?user_id=${contract.userId}&start_date=2026-06-01`,
				detail: 'dev-id or x-api-key headers are missing',
			});
			expect(res.contentType).toBe('application/problem+json');
			res = await call(
				contract.emu,
				contract.emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${contract.userId}&start_date=2026-06-01`,
				{ auth: false },
			);
			expect(res.body).toEqual({ message: 'unauthorized' });
		});
	});
});
