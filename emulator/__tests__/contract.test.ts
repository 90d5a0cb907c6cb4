/**
 * Contract test: drives every endpoint of the emulator (both surfaces) and validates each response
 * (status, content type, body) against Terra's OpenAPI contracts in ../shared/terra-api, read at test time.
 * Spec choice per endpoint: current surface -> the current spec, else the Jun-2026 spec (PATCH /users,
 * /plannedWorkout), else v5 (legacy writes). Legacy surface -> v5 where it has the operation, else the
 * current spec for success bodies and v5's legacy error shape for errors.
 */
import { buildSampleEvent, startEmulator, TERRA_EVENT_TYPES, type TerraEmulator } from '..';
import { ROUTES } from '../emulator';
import {
	branch,
	closed,
	componentSchema,
	documentedResponse,
	documentedStatuses,
	formatErrors,
	loadSpec,
	operation,
	specDir,
	specsAvailable,
	validate,
	type LoadedSpec,
} from './contract-specs';
import {
	call,
	multipart,
	PDF_BYTES,
	startReceiver,
	type CallResult,
	type Receiver,
} from './helpers';

const available = specsAvailable();
const required = process.env.TERRA_CONTRACT_REQUIRED === '1';

if (!available) {
	if (required) {
		test('Terra OpenAPI contracts are present', () => {
			throw new Error(
				`Terra OpenAPI contracts not found in ${specDir()} and TERRA_CONTRACT_REQUIRED=1`,
			);
		});
	} else {
		console.warn(
			`[emulator contract] SKIPPED: Terra OpenAPI contracts not found in ${specDir()} (set TERRA_API_SPECS, or TERRA_CONTRACT_REQUIRED=1 to fail)`,
		);
		test.skip('contract tests (Terra OpenAPI contracts not found)', () => undefined);
	}
}

const describeContract = available ? describe : describe.skip;
type Surface = 'current' | 'legacy';
const SURFACES: Surface[] = ['current', 'legacy'];

describeContract('emulator vs Terra OpenAPI contracts', () => {
	let emu: TerraEmulator;
	let receiver: Receiver;
	let specs: Record<'current' | 'jun12' | 'v5', LoadedSpec>;
	let userId: string;
	let ouraUserId: string;
	const unknownUser = '00000000-0000-4000-8000-000000000000';

	beforeAll(async () => {
		specs = { current: loadSpec('current'), jun12: loadSpec('jun12'), v5: loadSpec('v5') };
		receiver = await startReceiver();
		emu = await startEmulator({
			webhookUrl: receiver.url,
			seed: 7,
			webhookRetry: { maxAttempts: 1 },
		});
		userId = emu.users[0].user_id;
		ouraUserId = emu.users.find((u) => u.provider === 'OURA')!.user_id;
	});
	afterAll(async () => {
		await emu.close();
		await receiver.close();
	});

	const base = (s: Surface) => (s === 'current' ? emu.baseUrl : emu.legacyBaseUrl);

	/** The spec that documents an operation for a surface. */
	function specFor(surface: Surface, method: string, template: string): LoadedSpec {
		const order =
			surface === 'current' ? [specs.current, specs.jun12, specs.v5] : [specs.v5, specs.current];
		const spec = order.find((s) => operation(s, method, template));
		if (!spec) throw new Error(`no spec documents ${method} ${template}`);
		return spec;
	}

	/** Generic error shapes for statuses an operation does not list (e.g. 401 on /userInfo, 429 anywhere). */
	function genericError(
		surface: Surface,
		status: number,
	): { schema: unknown; contentTypes: string[]; spec: LoadedSpec } {
		if (surface === 'current')
			return {
				schema: componentSchema(specs.current, 'Problem'),
				contentTypes: ['application/problem+json'],
				spec: specs.current,
			};
		const doc = documentedResponse(specs.v5, 'GET', '/activity', status === 401 ? 401 : 400)!;
		return {
			schema: doc.schemas['application/json'],
			contentTypes: ['application/json'],
			spec: specs.v5,
		};
	}

	interface Expect {
		/** Select one oneOf/anyOf alternative of the documented schema (by index, or by the name of a $ref'd component). */
		branch?: number | string;
		/** Also reject top-level keys the (selected) schema does not declare. */
		closed?: boolean;
	}

	/** Asserts a response matches the contract for (surface, method, template, status). */
	function expectContract(
		surface: Surface,
		method: string,
		template: string,
		res: CallResult,
		opts: Expect = {},
	): void {
		const context = `${surface} ${method} ${template} -> ${res.status} ${res.raw.slice(0, 300)}`;
		const isError = res.status >= 400;
		let spec = specFor(surface, method, template);
		let doc = documentedResponse(spec, method, template, res.status);
		// Errors on the legacy surface for operations only the current spec has: legacy error shape.
		if (isError && surface === 'legacy' && spec !== specs.v5) doc = undefined;
		// Legacy-only operations served on the current surface still answer problem+json errors.
		if (isError && surface === 'current' && spec === specs.v5) doc = undefined;
		let schema: unknown;
		let contentTypes: string[];
		if (doc) {
			contentTypes = doc.contentTypes;
			schema = contentTypes.length
				? doc.schemas[contentTypes.find((c) => c === res.contentType) ?? contentTypes[0]]
				: undefined;
		} else {
			if (!isError)
				throw new Error(
					`undocumented success status: ${context} (documented: ${documentedStatuses(spec, method, template)})`,
				);
			const generic = genericError(surface, res.status);
			({ schema, contentTypes, spec } = generic);
		}
		if (contentTypes.length === 0) {
			expect({ context, raw: res.raw }).toEqual({ context, raw: '' });
			return;
		}
		expect({ context, contentType: res.contentType }).toEqual({
			context,
			contentType: expect.stringMatching(
				new RegExp(`^(${contentTypes.map((c) => c.replace('+', '\\+')).join('|')})$`),
			),
		});
		if (opts.branch !== undefined) {
			const alts = ((schema as { anyOf?: Array<{ $ref?: string }> }).anyOf ?? []) as Array<{
				$ref?: string;
			}>;
			const index =
				typeof opts.branch === 'number'
					? opts.branch
					: alts.findIndex((a) => a.$ref?.endsWith(`/${opts.branch}`));
			schema = branch(schema, index);
		}
		if (opts.closed) schema = closed(schema);
		const errors = validate(spec, schema, res.body);
		if (errors.length) throw new Error(`contract violation: ${context}\n${formatErrors(errors)}`);
		if (isError && surface === 'legacy' && res.status !== 401)
			expect(res.body).toEqual({ status: 'error', message: expect.any(String) });
		if (isError && surface === 'current')
			expect(res.body).toEqual(
				expect.objectContaining({ type: 'about:blank', instance: expect.stringMatching(/^\//) }),
			);
	}

	async function both(fn: (s: Surface) => Promise<void>): Promise<void> {
		for (const s of SURFACES) await fn(s);
	}

	describe('auth', () => {
		test('POST /auth/authenticateUser: 200, 400, 404, 401', () =>
			both(async (s) => {
				const t = '/auth/authenticateUser';
				let res = await call(emu, base(s), 'POST', `${t}?resource=GARMIN`, {
					body: {
						reference_id: 'contract-1',
						auth_success_redirect_url: 'https://example.com/ok',
						auth_failure_redirect_url: 'https://example.com/ko',
						language: 'en',
					},
				});
				expect(res.status).toBe(200);
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'POST', t);
				expect(res.status).toBe(400);
				expectContract(s, 'POST', t, res);
				res = await call(emu, base(s), 'POST', `${t}?resource=SUUNTO`);
				expect(res.status).toBe(404);
				expectContract(s, 'POST', t, res);
				res = await call(emu, base(s), 'POST', `${t}?resource=GARMIN`, { auth: false });
				expect(res.status).toBe(401);
				expectContract(s, 'POST', t, res);
			}));

		test('POST /auth/generateWidgetSession: 200, 400; 410 for accounts created after 2026-09-03', async () => {
			await both(async (s) => {
				const t = '/auth/generateWidgetSession';
				let res = await call(emu, base(s), 'POST', t, {
					body: { providers: 'GARMIN,FITBIT', reference_id: 'contract-w', language: 'en' },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual(expect.objectContaining({ expires_in: 900, status: 'success' }));
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'POST', t, {
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
				const victim = emu.users[emu.users.length - 2].user_id;
				let res = await call(
					emu,
					base(s),
					'DELETE',
					`${t}?user_id=${s === 'current' ? victim : emu.users[emu.users.length - 3].user_id}`,
				);
				expect(res.status).toBe(200);
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'DELETE', `${t}?user_id=${unknownUser}`);
				expect(res.status).toBe(404);
				expectContract(s, 'DELETE', t, res);
				res = await call(emu, base(s), 'DELETE', `${t}?user_id=not-a-uuid`);
				expect(res.status).toBe(400);
				expectContract(s, 'DELETE', t, res);
			}));

		test('POST /auth/generateAuthToken: 200, 404 on a wrong dev-id', () =>
			both(async (s) => {
				const t = '/auth/generateAuthToken';
				let res = await call(emu, base(s), 'POST', t);
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					status: 'success',
					token: expect.stringMatching(/^[0-9a-f]{64}$/),
					expires_in: 180,
				});
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'POST', t, {
					auth: { 'dev-id': 'someone-else', 'x-api-key': emu.apiKey },
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
			let res = await call(emu, emu.url, 'POST', '/widget/session', {
				body: {
					providers: 'GARMIN,OURA',
					reference_id: 'w-1',
					language: 'en',
					show_disconnect: true,
				},
			});
			expect(res.status).toBe(201);
			expect(validate(specs.current, ok, res.body)).toEqual([]);
			expect((res.body as Record<string, unknown>).warnings).toBeUndefined();
			res = await call(emu, emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN,NOPE,SUUNTO' },
			});
			expect(res.status).toBe(201);
			expect((res.body as { warnings: string[] }).warnings).toHaveLength(2);
			expect(validate(specs.current, ok, res.body)).toEqual([]);
			res = await call(emu, emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN', multi_auth: 'yes' },
			});
			expect(res.status).toBe(400);
			expect(validate(specs.current, err, res.body)).toEqual([]);
			res = await call(emu, emu.url, 'POST', '/widget/session', {
				body: { providers: 'GARMIN' },
				auth: { 'dev-id': emu.devId, 'x-api-key': 'wrong' },
			});
			expect(res.status).toBe(403);
			expect(validate(specs.current, err, res.body)).toEqual([]);
		});
	});

	describe('users', () => {
		test('GET /userInfo: object by user_id, array by reference_id, 400, 404', () =>
			both(async (s) => {
				let res = await call(emu, base(s), 'GET', `/userInfo?user_id=${userId}`);
				expect(res.status).toBe(200);
				expect(res.body).toEqual(
					expect.objectContaining({
						status: 'success',
						is_authenticated: true,
						user: expect.objectContaining({ user_id: userId, last_polled_at: expect.anything() }),
					}),
				);
				expectContract(s, 'GET', '/userInfo', res, { branch: 0, closed: s === 'current' });
				res = await call(emu, base(s), 'GET', '/userInfo?reference_id=demo-user-1');
				expect(Array.isArray(res.body) && res.body.length).toBe(2);
				expectContract(s, 'GET', '/userInfo', res, { branch: 1 });
				res = await call(emu, base(s), 'GET', '/userInfo');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/userInfo', res);
				res = await call(emu, base(s), 'GET', `/userInfo?user_id=${unknownUser}`);
				expect(res.status).toBe(404);
				expectContract(s, 'GET', '/userInfo', res);
			}));

		test('GET /subscriptions: {users} without page, {data:{next,max_page,results}} with page, 400', () =>
			both(async (s) => {
				let res = await call(emu, base(s), 'GET', '/subscriptions');
				expect(Object.keys(res.body as object)).toEqual(['users']);
				expectContract(s, 'GET', '/subscriptions', res, { branch: 0, closed: s === 'current' });
				res = await call(emu, base(s), 'GET', '/subscriptions?page=0&per_page=3');
				const total = emu.users.length;
				expect(res.body).toEqual({
					data: { next: 1, max_page: Math.ceil(total / 3) - 1, results: emu.users.slice(0, 3) },
				});
				expectContract(s, 'GET', '/subscriptions', res, { branch: 1, closed: s === 'current' });
				res = await call(
					emu,
					base(s),
					'GET',
					`/subscriptions?page=${Math.ceil(total / 3) - 1}&per_page=3`,
				);
				expect((res.body as { data: { next: unknown } }).data.next).toBeNull();
				res = await call(emu, base(s), 'GET', '/subscriptions?page=-1');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/subscriptions', res);
			}));

		test('POST /bulkUserInfo: 200 array, 400, 404', () =>
			both(async (s) => {
				let res = await call(emu, base(s), 'POST', '/bulkUserInfo', {
					body: [userId, emu.users[1].user_id, unknownUser],
				});
				expect(res.status).toBe(200);
				expect((res.body as unknown[]).length).toBe(2);
				expectContract(s, 'POST', '/bulkUserInfo', res);
				res = await call(emu, base(s), 'POST', '/bulkUserInfo', { body: { user_ids: [userId] } });
				expect(res.status).toBe(400);
				expectContract(s, 'POST', '/bulkUserInfo', res);
				res = await call(emu, base(s), 'POST', '/bulkUserInfo', { body: [unknownUser] });
				expect(res.status).toBe(404);
				expectContract(s, 'POST', '/bulkUserInfo', res);
			}));

		test('PATCH /users/{user_id} (legacy, Jun-2026/v5 specs): 200, 400 malformed or unknown', () =>
			both(async (s) => {
				const t = '/users/{user_id}';
				const target = emu.users[2];
				let res = await call(emu, base(s), 'PATCH', `/users/${target.user_id}`, {
					body: { reference_id: `patched-${s}`, active: true },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: target.user_id, reference_id: `patched-${s}` }),
					status: 'success',
				});
				expectContract(s, 'PATCH', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'PATCH', `/users/${target.user_id}`, {
					body: { active: 'yes' },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', t, res);
				res = await call(emu, base(s), 'PATCH', `/users/${unknownUser}`, {
					body: { active: false },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', t, res);
			}));
	});

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
					emu.resetRateLimits();
					const user =
						t === '/menstruation'
							? emu.users.find((u, i) => i > 0 && u.provider === 'FITBIT')!.user_id
							: userId;
					for (const samples of [false, true]) {
						const res = await call(
							emu,
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
						emu,
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
				let res = await call(emu, base(s), 'GET', `/athlete?user_id=${userId}&to_webhook=false`);
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
				res = await call(emu, base(s), 'GET', `/athlete?user_id=${userId}`);
				expectContract(s, 'GET', '/athlete', res, {
					branch: 'DataSentToWebhook',
					closed: s === 'current',
				});
			}));

		test('a large to_webhook request acknowledges with a message', async () => {
			const res = await call(
				emu,
				emu.baseUrl,
				'GET',
				`/daily?user_id=${userId}&start_date=2026-01-01&end_date=2026-03-15`,
			);
			expect((res.body as Record<string, unknown>).message).toEqual(
				expect.stringContaining('chunks'),
			);
			expectContract('current', 'GET', '/daily', res, {
				branch: 'DataSentToWebhook',
				closed: true,
			});
		});

		test.each(['/activity', '/athlete', '/sleep'])(
			'GET %s errors: 400, 401, 404 and undocumented 429',
			async (t) => {
				await both(async (s) => {
					const dated = t !== '/athlete';
					const cases: Array<[string, number, object?]> = [
						[`${t}?user_id=not-a-uuid&start_date=2026-06-01`, 400],
						[`${t}?user_id=${unknownUser}&start_date=2026-06-01`, 404],
						[`${t}?user_id=${userId}&start_date=2026-06-01`, 401, { auth: false }],
						[`${t}?user_id=${userId}&start_date=2026-06-01&to_webhook=maybe`, 400],
					];
					if (dated)
						cases.push(
							[`${t}?user_id=${userId}&start_date=2026-13-01`, 400],
							[`${t}?user_id=${userId}`, 400],
							[`${t}?user_id=${userId}&start_date=2026-06-01&end_date=20260602`, 400],
							[`${t}?user_id=${userId}&start_date=2019-01-01&end_date=2025-01-01`, 429],
						);
					for (const [url, status, opts] of cases) {
						const res = await call(emu, base(s), 'GET', url, opts);
						expect({ url, status: res.status }).toEqual({ url, status });
						expectContract(s, 'GET', t, res);
					}
				});
			},
		);

		test("invalid start_date detail and unauthorized detail are Terra's", async () => {
			let res = await call(
				emu,
				emu.baseUrl,
				'GET',
				`/activity?user_id=${userId}&start_date=yesterday`,
			);
			expect(res.body).toEqual({
				type: 'about:blank',
				title: 'bad request',
				instance: `/activity?user_id=${userId}&start_date=yesterday`,
				detail: 'invalid start_date',
			});
			res = await call(
				emu,
				emu.baseUrl,
				'GET',
				`/activity?user_id=${userId}&start_date=2026-06-01`,
				{ auth: false },
			);
			expect(res.body).toEqual({
				type: 'about:blank',
				title: 'unauthorized',
				instance: `/activity?user_id=${userId}&start_date=2026-06-01`,
				detail: 'dev-id or x-api-key headers are missing',
			});
			expect(res.contentType).toBe('application/problem+json');
			res = await call(
				emu,
				emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${userId}&start_date=2026-06-01`,
				{ auth: false },
			);
			expect(res.body).toEqual({ message: 'unauthorized' });
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
					validate(specs.current, closed(componentSchema(specs.current, 'Problem')), res.body),
				).toEqual([]);
				expectContract('current', 'GET', '/sleep', res);
			} finally {
				await bare.close();
			}
		});

		test('processing fault: Garmin-style RequestProcessing body (v5), then data', async () => {
			emu.faults.inject(
				{ method: 'GET', path: '/activity' },
				{ processing: { retryAfterSeconds: 5 } },
			);
			let res = await call(
				emu,
				emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`,
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
				emu,
				emu.legacyBaseUrl,
				'GET',
				`/activity?user_id=${userId}&start_date=2026-06-01&to_webhook=false`,
			);
			expectContract('legacy', 'GET', '/activity', res, { branch: 0 });
		});
	});

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
				let res = await call(emu, base(s), 'POST', `${t}?user_id=${userId}`, {
					body: { data: [record, record] },
				});
				expect(res.status).toBe(201);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: userId }),
					log_ids: [expect.any(String), expect.any(String)],
					message: expect.stringContaining('successfully'),
				});
				expectContract(s, 'POST', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'POST', `${t}?user_id=${userId}`, { body: { data: [] } });
				expect(res.status).toBe(400);
				expectContract(s, 'POST', t, res);
				res = await call(emu, base(s), 'POST', `${t}?user_id=${unknownUser}`, {
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
				const created = await call(emu, base(s), 'POST', `${t}?user_id=${userId}`, {
					body: { data: [record, record, record] },
				});
				const ids = (created.body as { log_ids: string[] }).log_ids.filter(
					(v, i, a) => a.indexOf(v) === i,
				);
				let res = await call(emu, base(s), 'DELETE', `${t}?user_id=${userId}`, {
					body: { [key]: [ids[0]] },
				});
				expect(res.status).toBe(200);
				expect(res.body).toEqual({
					user: expect.objectContaining({ user_id: userId }),
					processed_data: [{ id: ids[0], response_code: 200 }],
				});
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'DELETE', `${t}?user_id=${userId}`, {
					body: { [key]: [...ids.slice(1), 'no-such-log'] },
				});
				expect(res.status).toBe(207);
				expect(
					(res.body as { processed_data: Array<{ response_code: number }> }).processed_data.map(
						(p) => p.response_code,
					),
				).toContain(404);
				expectContract(s, 'DELETE', t, res, { closed: s === 'current' });
				res = await call(emu, base(s), 'DELETE', `${t}?user_id=${userId}`, { body: { wrong: [] } });
				expect(res.status).toBe(400);
				expectContract(s, 'DELETE', t, res);
			});
		});
	});

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
				let res = await call(emu, base(s), 'POST', '/workouts', { body: template });
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
					res = await call(emu, base(s), 'POST', '/workouts', { body: bad });
					expect(res.status).toBe(400);
					expectContract(s, 'POST', '/workouts', res);
				}
				res = await call(emu, base(s), 'POST', '/workouts', { body: template, auth: false });
				expect(res.status).toBe(401);
				expectContract(s, 'POST', '/workouts', res);
				res = await call(emu, base(s), 'GET', '/workouts');
				expect((res.body as Array<{ workout_id: string }>).some((w) => w.workout_id === id)).toBe(
					true,
				);
				expectContract(s, 'GET', '/workouts', res);
				res = await call(emu, base(s), 'GET', `/workouts/${id}`);
				expect(res.body).toEqual(expect.objectContaining({ workout_id: id, name: template.name }));
				expectContract(s, 'GET', '/workouts/{workout_id}', res, { closed: s === 'current' });
				res = await call(emu, base(s), 'GET', '/workouts/999999');
				expect(res.status).toBe(404);
				expectContract(s, 'GET', '/workouts/{workout_id}', res);
				emu.faults.inject({ method: 'DELETE', path: '/workouts/:id' }, { status: 207 });
				res = await call(emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(207);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res, { closed: s === 'current' });
				emu.faults.inject({ method: 'DELETE', path: '/workouts/:id' }, { status: 424 });
				res = await call(emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(424);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
				res = await call(emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
				res = await call(emu, base(s), 'DELETE', `/workouts/${id}`);
				expect(res.status).toBe(404);
				expectContract(s, 'DELETE', '/workouts/{workout_id}', res);
			}));

		test('planning: POST plan 201/400/404/424/403, list, get, patch, delete', async () => {
			await both(async (s) => {
				const created = await call(emu, base(s), 'POST', '/workouts', { body: template });
				const id = (created.body as { workout_id: string }).workout_id;
				let res = await call(emu, base(s), 'POST', `/workouts/${id}/plan?user_id=${userId}`, {
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
					[`/workouts/${id}/plan?user_id=${userId}`, { planned_date: '20-07-2026' }, 400],
					[
						`/workouts/${id}/plan?user_id=${userId}`,
						{ planned_date: '2026-07-20', ftp: 5000 },
						400,
					],
					[`/workouts/999999/plan?user_id=${userId}`, { planned_date: '2026-07-20' }, 404],
					[`/workouts/${id}/plan?user_id=${unknownUser}`, { planned_date: '2026-07-20' }, 404],
					[`/workouts/${id}/plan?user_id=${ouraUserId}`, { planned_date: '2026-07-20' }, 424],
				] as Array<[string, object, number]>) {
					res = await call(emu, base(s), 'POST', url, { body });
					expect({ url, status: res.status }).toEqual({ url, status });
					expectContract(s, 'POST', '/workouts/{workout_id}/plan', res);
				}
				res = await call(
					emu,
					base(s),
					'GET',
					`/plannedWorkouts?user_id=${userId}&start_date=2026-07-01&end_date=2026-07-31`,
				);
				expect(
					(res.body as Array<{ planned_workout_id: string | null }>).some(
						(p) => p.planned_workout_id === pid,
					),
				).toBe(true);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(emu, base(s), 'GET', `/plannedWorkouts?user_id=${userId}`);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(
					emu,
					base(s),
					'GET',
					`/plannedWorkouts?user_id=${userId}&start_date=2026-07-01`,
				);
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/plannedWorkouts', res);
				res = await call(emu, base(s), 'GET', `/plannedWorkouts/${pid}?user_id=${userId}`);
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
				res = await call(emu, base(s), 'PATCH', `/plannedWorkouts/${pid}?user_id=${userId}`, {
					body: { planned_date: '2026-07-22' },
				});
				expect((res.body as { planned_date: string }).planned_date).toBe('2026-07-22');
				expectContract(s, 'PATCH', '/plannedWorkouts/{planned_workout_id}', res, {
					closed: s === 'current',
				});
				res = await call(emu, base(s), 'PATCH', `/plannedWorkouts/${pid}?user_id=${userId}`, {
					body: { planned_date: 'soon' },
				});
				expect(res.status).toBe(400);
				expectContract(s, 'PATCH', '/plannedWorkouts/{planned_workout_id}', res);
				res = await call(emu, base(s), 'DELETE', `/plannedWorkouts/${pid}?user_id=${userId}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/plannedWorkouts/{planned_workout_id}', res);
				for (const m of ['GET', 'DELETE']) {
					res = await call(emu, base(s), m, `/plannedWorkouts/${pid}?user_id=${userId}`);
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

	describe('integrations', () => {
		test('GET /integrations and /integrations/detailed are public', () =>
			both(async (s) => {
				let res = await call(emu, base(s), 'GET', '/integrations', { auth: false });
				expect(res.status).toBe(200);
				expectContract(s, 'GET', '/integrations', res, { closed: true });
				const all = await call(emu, base(s), 'GET', '/integrations/detailed?sdk=true', {
					auth: false,
				});
				expectContract(s, 'GET', '/integrations/detailed', all, { closed: s === 'current' });
				res = await call(emu, base(s), 'GET', '/integrations/detailed', {
					auth: { 'dev-id': emu.devId },
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

	describe('lab reports', () => {
		test('upload 202 -> webhook, list with filters, get, deliveries, files, delete; 400/403/404/413', async () => {
			await both(async (s) => {
				const ref = `patient-${s}`;
				const pdf = multipart({
					filename: 'report.pdf',
					contentType: 'application/pdf',
					data: PDF_BYTES,
				});
				let res = await call(emu, base(s), 'POST', `/lab-reports?reference_id=${ref}`, {
					rawBody: pdf.body,
					contentType: pdf.contentType,
				});
				expect(res.status).toBe(202);
				expectContract(s, 'POST', '/lab-reports', res, { closed: s === 'current' });
				const uploadId = (res.body as { upload_id: string }).upload_id;
				await emu.waitForDeliveries((all) =>
					all.some((d) => d.reference === uploadId && d.type === 'lab_report.completed'),
				);
				res = await call(
					emu,
					base(s),
					'GET',
					`/lab-reports?upload_id=${uploadId}&uploaded_at_from=2020-01-01`,
				);
				const sessions = (
					res.body as { sessions: Array<{ session_id: string; current_status: string }> }
				).sessions;
				expect(sessions).toHaveLength(1);
				expect(sessions[0].current_status).toBe('completed');
				expectContract(s, 'GET', '/lab-reports', res, { closed: s === 'current' });
				const sid = sessions[0].session_id;
				res = await call(
					emu,
					base(s),
					'GET',
					`/lab-reports?reference_id=${ref}&report_date_to=2000-01-01`,
				);
				expect((res.body as { sessions: unknown[] }).sessions).toHaveLength(0);
				res = await call(emu, base(s), 'GET', '/lab-reports?report_date_from=01/01/2026');
				expect(res.status).toBe(400);
				expectContract(s, 'GET', '/lab-reports', res);
				res = await call(emu, base(s), 'GET', `/lab-reports/${sid}`);
				expect(res.body).toEqual(
					expect.objectContaining({
						session_id: sid,
						reference_id: ref,
						results: expect.any(Array),
					}),
				);
				expectContract(s, 'GET', '/lab-reports/{session_id}', res, { closed: s === 'current' });
				res = await call(emu, base(s), 'GET', `/lab-reports/${sid}/deliveries`);
				expect((res.body as { deliveries: Array<{ status: string }> }).deliveries[0].status).toBe(
					'sent',
				);
				expectContract(s, 'GET', '/lab-reports/{session_id}/deliveries', res, {
					closed: s === 'current',
				});
				res = await call(emu, base(s), 'GET', `/lab-reports/${sid}/files`);
				expectContract(s, 'GET', '/lab-reports/{session_id}/files', res, {
					closed: s === 'current',
				});
				const file = await call(
					emu,
					(res.body as { files: Array<{ presigned_url: string }> }).files[0].presigned_url,
					'GET',
					'',
					{ auth: false },
				);
				expect(file.raw).toBe(PDF_BYTES.toString());
				for (const [url, status] of [
					['/lab-reports/not-a-snowflake', 400],
					['/lab-reports/123', 404],
				] as Array<[string, number]>) {
					res = await call(emu, base(s), 'GET', url);
					expect(res.status).toBe(status);
					expectContract(s, 'GET', '/lab-reports/{session_id}', res);
				}
				res = await call(emu, base(s), 'DELETE', `/lab-reports/${sid}`);
				expect(res.status).toBe(204);
				expectContract(s, 'DELETE', '/lab-reports/{session_id}', res);
				for (const sub of ['', '/deliveries', '/files']) {
					res = await call(emu, base(s), sub ? 'GET' : 'DELETE', `/lab-reports/${sid}${sub}`);
					expect(res.status).toBe(404);
					expectContract(s, sub ? 'GET' : 'DELETE', `/lab-reports/{session_id}${sub}`, res);
				}
				const txt = multipart({
					filename: 'notes.txt',
					contentType: 'text/plain',
					data: Buffer.from('hello'),
				});
				res = await call(emu, base(s), 'POST', '/lab-reports', {
					rawBody: txt.body,
					contentType: txt.contentType,
				});
				expect(res.status).toBe(400);
				expectContract(s, 'POST', '/lab-reports', res);
				res = await call(emu, base(s), 'POST', '/lab-reports', { body: { file: 'nope' } });
				expect(res.status).toBe(400);
				const big = multipart({
					filename: 'huge.pdf',
					contentType: 'application/pdf',
					data: Buffer.concat([PDF_BYTES, Buffer.alloc(20 * 1024 * 1024)]),
				});
				res = await call(emu, base(s), 'POST', '/lab-reports', {
					rawBody: big.body,
					contentType: big.contentType,
				});
				expect(res.status).toBe(413);
				expectContract(s, 'POST', '/lab-reports', res);
				emu.faults.inject({ method: 'POST', path: '/lab-reports' }, { status: 403 });
				res = await call(emu, base(s), 'POST', '/lab-reports', {
					rawBody: pdf.body,
					contentType: pdf.contentType,
				});
				expect(res.status).toBe(403);
				expectContract(s, 'POST', '/lab-reports', res);
			});
		});
	});

	describe('webhook bodies vs the spec `*Event` schemas', () => {
		test('every event the emulator delivered in this suite matches its event schema', async () => {
			await emu.waitForDeliveries((all) => all.length > 0);
			const byType: Record<string, string> = {
				auth: 'AuthSuccessEvent',
				auth_cancelled: 'AuthErrorEvent',
				deauth: 'DeauthEvent',
				user_reauth: 'UserReauthEvent',
				large_request_processing: 'LargeRequestProcessingEvent',
				large_request_sending: 'LargeRequestSendingEvent',
				activity: 'ActivityEvent',
				athlete: 'AthleteEvent',
				body: 'BodyEvent',
				daily: 'DailyEvent',
				menstruation: 'MenstruationEvent',
				nutrition: 'NutritionEvent',
				sleep: 'SleepEvent',
				planned_workout: 'PlannedWorkoutEvent',
				'lab_report.completed': 'LabReportCompletedEvent',
				'lab_report.failed': 'LabReportFailedEvent',
			};
			const seen = new Set<string>();
			for (const d of emu.deliveries) {
				const schemaName = byType[d.type];
				if (!schemaName) continue;
				seen.add(d.type);
				const errors = validate(specs.current, componentSchema(specs.current, schemaName), d.body);
				if (errors.length)
					throw new Error(`${d.type} delivery violates ${schemaName}:\n${formatErrors(errors)}`);
			}
			expect([...seen]).toEqual(
				expect.arrayContaining([
					'activity',
					'athlete',
					'sleep',
					'deauth',
					'lab_report.completed',
					'large_request_processing',
					'large_request_sending',
				]),
			);
		});
	});

	describe('coverage', () => {
		test('every operation of all three spec versions is routed on both surfaces', () => {
			const missing: string[] = [];
			for (const spec of Object.values(specs)) {
				for (const [p, ops] of Object.entries(
					(spec.doc.paths ?? {}) as Record<string, Record<string, unknown>>,
				)) {
					for (const method of Object.keys(ops).filter((m) =>
						['get', 'post', 'put', 'patch', 'delete'].includes(m),
					)) {
						const pattern = p.replace(/\{([^}]+)\}/g, ':$1');
						for (const surface of SURFACES) {
							if (
								!ROUTES.some(
									(r) =>
										r.method === method.toUpperCase() &&
										r.pattern === pattern &&
										r.surfaces.includes(surface),
								)
							)
								missing.push(`${spec.name} ${surface} ${method.toUpperCase()} ${p}`);
						}
					}
				}
			}
			expect(missing).toEqual([]);
		});

		test.each([...TERRA_EVENT_TYPES])(
			'buildSampleEvent(%s) matches the spec event schema',
			(type) => {
				const schemaFor: Record<string, string> = {
					auth: 'AuthSuccessEvent',
					auth_cancelled: 'AuthErrorEvent',
					deauth: 'DeauthEvent',
					user_reauth: 'UserReauthEvent',
					access_revoked: 'AccessRevokedEvent',
					connection_error: 'ConnectionErrorEvent',
					permission_change: 'PermissionChangeEvent',
					large_request_processing: 'LargeRequestProcessingEvent',
					large_request_sending: 'LargeRequestSendingEvent',
					s3_payload: 'S3PayloadEvent',
					activity: 'ActivityEvent',
					athlete: 'AthleteEvent',
					body: 'BodyEvent',
					daily: 'DailyEvent',
					menstruation: 'MenstruationEvent',
					nutrition: 'NutritionEvent',
					sleep: 'SleepEvent',
					planned_workout: 'PlannedWorkoutEvent',
					hormone: 'HormoneEvent',
					'lab_report.completed': 'LabReportCompletedEvent',
					'lab_report.failed': 'LabReportFailedEvent',
				};
				// auth_error (legacy auth failure) and healthcheck (beta) have no schema in the spec: generic envelope.
				const name = schemaFor[type] ?? 'WebhookEvent';
				for (const seed of [1, 2, 3]) {
					const event = buildSampleEvent(type, { seed, date: '2026-06-0' + seed });
					const errors = validate(specs.current, componentSchema(specs.current, name), event);
					if (errors.length)
						throw new Error(`${type} (seed ${seed}) violates ${name}:\n${formatErrors(errors)}`);
					if (schemaFor[type])
						expect(
							validate(specs.current, componentSchema(specs.current, 'WebhookEventType'), event),
						).toEqual([]);
				}
			},
		);
	});
});
