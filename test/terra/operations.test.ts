/**
 * Every operation of the Terra node, run through n8n-core against the emulator: the exact method, path, query,
 * headers and body Terra receives, and the items n8n gets back. Expectations come from Terra's contract (see
 * NOTES.md and the OpenAPI files), not from the node's code.
 */
import type { IDataObject } from 'n8n-workflow';

import { TERRA_ENDPOINTS, type TerraEndpointKey } from '../../nodes/Terra/endpoints';
import type { RecordedRequest } from '../../emulator';
import {
	apiRequests,
	byId,
	byReference,
	jsonOf,
	runTerra,
	terraDirect,
	TINY_PDF,
	useEmulator,
	userWithUniqueReference,
	VALID_STEP_BLOCKS,
} from './support';

const emulator = useEmulator();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const covered = new Set<TerraEndpointKey>();

/** The single Terra request of a run, checked against an endpoint of the table, with Terra's auth headers. */
function onlyRequest(endpoint: TerraEndpointKey, surface: RecordedRequest['surface'] = 'current'): RecordedRequest {
	const requests = apiRequests(emulator());
	expect(requests).toHaveLength(1);
	return expectRequest(requests[0], endpoint, surface);
}

function expectRequest(
	request: RecordedRequest,
	endpoint: TerraEndpointKey,
	surface: RecordedRequest['surface'] = 'current',
): RecordedRequest {
	const { method, path } = TERRA_ENDPOINTS[endpoint];
	expect(request.method).toBe(method);
	expect(request.surface).toBe(surface);
	const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
	expect(request.path).toMatch(pattern);
	expect(request.headers['dev-id']).toBe(emulator().devId);
	expect(request.headers['x-api-key']).toBe(emulator().apiKey);
	expect(request.status).toBeLessThan(400);
	covered.add(endpoint);
	return request;
}

const garmin = () => emulator().users.find((user) => user.provider === 'GARMIN')!;

afterAll(() => {
	// Guards the table itself: a new endpoint without a test here fails this file.
	expect([...covered].sort()).toEqual(Object.keys(TERRA_ENDPOINTS).sort());
});

describe('Integration', () => {
	it('Get Many lists every provider, SDK ones flagged (GET /integrations)', async () => {
		const items = jsonOf(await runTerra(emulator(), { resource: 'integration', operation: 'getAll' }));
		const request = onlyRequest('integration:getAll');
		expect(request.query).toEqual({});
		const direct = (await terraDirect(emulator(), '/integrations')).body as { providers: string[]; sdk_providers: string[] };
		expect(items).toEqual([
			...direct.providers.map((provider) => ({ provider, sdk: false })),
			...direct.sdk_providers.map((provider) => ({ provider, sdk: true })),
		]);
	});

	it('Get Many (Detailed) passes the sdk flag and outputs one item per provider', async () => {
		const items = jsonOf(
			await runTerra(emulator(), { resource: 'integration', operation: 'getAllDetailed', sdk: true }),
		);
		expect(onlyRequest('integration:getAllDetailed').query).toEqual({ sdk: 'true' });
		const direct = (await terraDirect(emulator(), '/integrations/detailed?sdk=true')).body as { providers: IDataObject[] };
		expect(items).toEqual(direct.providers);
		expect(items[0]).toEqual(expect.objectContaining({ provider: expect.any(String), name: expect.any(String) }));
	});
});

describe('Authentication', () => {
	it('Generate Auth Link sends the provider as `resource` and the optional fields as Terra names them', async () => {
		const [item] = jsonOf(
			await runTerra(emulator(), {
				resource: 'authentication',
				operation: 'generateAuthLink',
				provider: 'oura',
				additionalFields: {
					referenceId: 'customer-42',
					language: 'en',
					successRedirectUrl: 'https://app.example/ok',
					failureRedirectUrl: 'https://app.example/failed',
				},
			}),
		);
		const request = onlyRequest('authentication:generateAuthLink');
		expect(request.query).toEqual({ resource: 'OURA' });
		expect(request.body).toEqual({
			reference_id: 'customer-42',
			language: 'en',
			auth_success_redirect_url: 'https://app.example/ok',
			auth_failure_redirect_url: 'https://app.example/failed',
		});
		expect(item).toEqual(expect.objectContaining({ status: 'success', user_id: expect.stringMatching(UUID) }));
		expect(String(item.auth_url)).toMatch(/^https?:\/\//);
	});

	it('Generate Widget Session uses the Widget API with providers as one comma-separated string', async () => {
		const [item] = jsonOf(
			await runTerra(emulator(), {
				resource: 'authentication',
				operation: 'generateWidgetSession',
				providers: ['GARMIN', 'OURA'],
				additionalFields: { referenceId: 'customer-43', showDisconnect: true },
			}),
		);
		const request = onlyRequest('authentication:generateWidgetSession', 'widget');
		expect(request.path).toBe('/widget/session');
		expect(request.body).toEqual({ providers: 'GARMIN,OURA', reference_id: 'customer-43', show_disconnect: true });
		expect(item).toEqual(expect.objectContaining({ status: 'success', session_id: expect.any(String) }));
		expect(String(item.url)).toMatch(/^https?:\/\//);
	});

	it('Generate Widget Session can still call the deprecated /auth/generateWidgetSession', async () => {
		const [item] = jsonOf(
			await runTerra(emulator(), {
				resource: 'authentication',
				operation: 'generateWidgetSession',
				widgetEndpoint: 'legacy',
				providers: [],
				additionalFields: { language: 'fr' },
			}),
		);
		expect(onlyRequest('authentication:generateWidgetSessionLegacy').body).toEqual({ language: 'fr' });
		expect(item).toEqual(expect.objectContaining({ status: 'success', expires_in: 900 }));
	});

	it('Generate Mobile SDK Token posts no body and outputs the token', async () => {
		const [item] = jsonOf(
			await runTerra(emulator(), { resource: 'authentication', operation: 'generateMobileSdkToken' }),
		);
		const request = onlyRequest('authentication:generateMobileSdkToken');
		expect(request.rawBody.length).toBe(0);
		expect(item).toEqual(expect.objectContaining({ status: 'success', token: expect.any(String), expires_in: 180 }));
	});

	it('Deauthenticate User sends user_id as a query parameter and outputs {deleted: true}', async () => {
		const references = emulator().users.map((user) => user.reference_id);
		const victim = [...emulator().users]
			.reverse()
			.find((user) => user.provider !== 'GARMIN' && references.filter((ref) => ref === user.reference_id).length === 1)!;
		const items = jsonOf(
			await runTerra(emulator(), {
				resource: 'authentication',
				operation: 'deauthenticateUser',
				user: byId(victim.user_id),
			}),
		);
		expect(onlyRequest('authentication:deauthenticateUser').query).toEqual({ user_id: victim.user_id });
		expect(items).toEqual([{ deleted: true, user_id: victim.user_id, status: 'success' }]);
		expect((await terraDirect(emulator(), `/userInfo?user_id=${victim.user_id}`)).status).toBe(404);
	});
});

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
				{ surface: 'legacy' },
			),
		);
		const request = onlyRequest('user:update', 'legacy');
		expect(request.path).toBe(`/users/${user.user_id}`);
		expect(request.body).toEqual({ reference_id: 'renamed-7', active: false });
		expect(item).toEqual(expect.objectContaining({ user_id: user.user_id, reference_id: 'renamed-7', active: false }));
	});
});

describe('Athlete', () => {
	it('Get asks for inline data and outputs the profile with its user', async () => {
		const user = garmin();
		const [item] = jsonOf(
			await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: byId(user.user_id) }),
		);
		expect(onlyRequest('athlete:get').query).toEqual({ user_id: user.user_id, to_webhook: 'false' });
		const direct = (await terraDirect(emulator(), `/athlete?user_id=${user.user_id}&to_webhook=false`)).body as IDataObject;
		expect(item).toEqual({ user_id: user.user_id, provider: 'GARMIN', ...(direct.athlete as IDataObject) });
	});
});

describe.each(['activity', 'body', 'daily', 'menstruation', 'nutrition', 'sleep'] as const)('%s', (resource) => {
	it('Get Many sends the range, to_webhook=false and with_samples explicitly, one item per record', async () => {
		// The first user whose provider has this data type for the week (menstruation needs a user who logs it).
		let user = garmin();
		let query = '';
		for (const candidate of [garmin(), ...emulator().users]) {
			user = candidate;
			query = `user_id=${user.user_id}&start_date=2024-03-01&end_date=2024-03-08&to_webhook=false&with_samples=true`;
			const probe = (await terraDirect(emulator(), `/${resource}?${query}`)).body as { data?: unknown[] };
			if (probe.data?.length) break;
		}
		emulator().clearRequests();
		const full = jsonOf(
			await runTerra(emulator(), {
				resource,
				operation: 'getAll',
				user: byId(user.user_id),
				startDate: '2024-03-01T00:00:00',
				endDate: '2024-03-08T00:00:00',
				withSamples: true,
				output: 'full',
			}),
		);
		expect(onlyRequest(`${resource}:getAll`).query).toEqual({
			user_id: user.user_id,
			start_date: '2024-03-01',
			end_date: '2024-03-08',
			to_webhook: 'false',
			with_samples: 'true',
		});
		const direct = (await terraDirect(emulator(), `/${resource}?${query}`)).body as { data: IDataObject[] };
		expect(direct.data.length).toBeGreaterThan(0);
		expect(full).toEqual(direct.data);

		emulator().clearRequests();
		const simplified = jsonOf(
			await runTerra(emulator(), {
				resource,
				operation: 'getAll',
				user: byId(user.user_id),
				startDate: '2024-03-01T00:00:00',
				endDate: '2024-03-08T00:00:00',
			}),
		);
		expect(apiRequests(emulator())[0].query.with_samples).toBe('false');
		const withoutSamples = (await terraDirect(emulator(), `/${resource}?${query.replace('with_samples=true', 'with_samples=false')}`))
			.body as { data: IDataObject[] };
		expect(simplified).toHaveLength(withoutSamples.data.length);
		for (const [index, item] of simplified.entries()) {
			expect(item.user_id).toBe(user.user_id);
			expect(item.provider).toBe(user.provider);
			const metadata = withoutSamples.data[index].metadata as IDataObject;
			expect(item.start_time).toBe(metadata.start_time);
			expect(JSON.stringify(item)).not.toMatch(/_samples/);
		}
	});
});

describe.each([
	['activity', 'activity:create'],
	['body', 'body:create'],
	['nutrition', 'nutrition:create'],
	['plannedWorkoutLegacy', 'plannedWorkoutLegacy:create'],
] as const)('%s Create (legacy surface)', (resource, endpoint) => {
	it('posts {data: [...]} with user_id in the query and outputs the log IDs', async () => {
		const user = garmin();
		const records = [{ metadata: { start_time: '2024-04-01T08:00:00+00:00', end_time: '2024-04-01T09:00:00+00:00' } }];
		const [item] = jsonOf(
			await runTerra(
				emulator(),
				{ resource, operation: 'create', user: byId(user.user_id), records: JSON.stringify(records) },
				{ surface: 'legacy' },
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

describe('Planned Workout (Legacy)', () => {
	it('Get Many reads /plannedWorkout like the data endpoints, without with_samples', async () => {
		const user = garmin();
		const items = jsonOf(
			await runTerra(
				emulator(),
				{
					resource: 'plannedWorkoutLegacy',
					operation: 'getAll',
					user: byId(user.user_id),
					startDate: '2024-05-01T00:00:00',
					endDate: '2024-05-15T00:00:00',
					output: 'full',
				},
				{ surface: 'legacy' },
			),
		);
		expect(onlyRequest('plannedWorkoutLegacy:getAll', 'legacy').query).toEqual({
			user_id: user.user_id,
			start_date: '2024-05-01',
			end_date: '2024-05-15',
			to_webhook: 'false',
		});
		const direct = await fetch(
			`${emulator().legacyBaseUrl}/plannedWorkout?user_id=${user.user_id}&start_date=2024-05-01&end_date=2024-05-15&to_webhook=false`,
			{ headers: { 'dev-id': emulator().devId, 'x-api-key': emulator().apiKey } },
		);
		expect(items).toEqual(((await direct.json()) as { data: IDataObject[] }).data);
	});
});

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

describe('Lab Report', () => {
	let sessionId = '';

	it('Upload sends the input item’s binary file as multipart form data', async () => {
		const [item] = jsonOf(
			await runTerra(
				emulator(),
				{ resource: 'labReport', operation: 'upload', binaryPropertyName: 'report', referenceId: 'patient-9' },
				{
					input: [
						{
							json: {},
							binary: {
								report: {
									data: TINY_PDF.toString('base64'),
									mimeType: 'application/pdf',
									fileName: 'blood-panel.pdf',
								},
							},
						},
					],
				},
			),
		);
		const request = onlyRequest('labReport:upload');
		expect(request.query).toEqual({ reference_id: 'patient-9' });
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		const files = (request.body as { files: Array<Record<string, unknown>> }).files;
		expect(files).toEqual([
			expect.objectContaining({ field: 'file', filename: 'blood-panel.pdf', contentType: 'application/pdf', size: TINY_PDF.length }),
		]);
		expect(request.status).toBe(202);
		expect(item).toEqual({ upload_id: expect.any(String), current_status: expect.any(String) });

		emulator().clearRequests();
		const sessions = jsonOf(
			await runTerra(emulator(), {
				resource: 'labReport',
				operation: 'getAll',
				returnAll: true,
				filters: { upload_id: String(item.upload_id), reference_id: 'patient-9' },
			}),
		);
		expect(onlyRequest('labReport:getAll').query).toEqual({ upload_id: String(item.upload_id), reference_id: 'patient-9' });
		expect(sessions.length).toBeGreaterThan(0);
		expect(sessions.every((session) => session.upload_id === item.upload_id)).toBe(true);
		sessionId = String(sessions[0].session_id);
	});

	it('Get, Get Deliveries and Get Files read the session’s sub-resources', async () => {
		const [session] = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'get', sessionId }));
		expect(onlyRequest('labReport:get').path).toBe(`/lab-reports/${sessionId}`);
		expect(session.session_id).toBe(sessionId);

		emulator().clearRequests();
		const deliveries = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'getDeliveries', sessionId }));
		expect(onlyRequest('labReport:getDeliveries').path).toBe(`/lab-reports/${sessionId}/deliveries`);
		const directDeliveries = (await terraDirect(emulator(), `/lab-reports/${sessionId}/deliveries`)).body as { deliveries: IDataObject[] };
		expect(deliveries).toEqual(directDeliveries.deliveries.map((delivery) => ({ session_id: sessionId, ...delivery })));

		emulator().clearRequests();
		const files = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'getFiles', sessionId }));
		expect(onlyRequest('labReport:getFiles').path).toBe(`/lab-reports/${sessionId}/files`);
		expect(files.length).toBeGreaterThan(0);
		expect(files[0]).toEqual(expect.objectContaining({ session_id: sessionId }));
	});

	it('Delete answers 204 and outputs {deleted: true}', async () => {
		const items = jsonOf(await runTerra(emulator(), { resource: 'labReport', operation: 'delete', sessionId }));
		expect(onlyRequest('labReport:delete').status).toBe(204);
		expect(items).toEqual([{ session_id: sessionId, deleted: true }]);
		expect((await terraDirect(emulator(), `/lab-reports/${sessionId}`)).status).toBe(404);
	});
});

describe('User resource locator modes', () => {
	it('accepts a bare user ID where a workflow gives the field as plain text (User → Get and Athlete → Get)', async () => {
		const user = garmin();
		const [fromUser] = jsonOf(await runTerra(emulator(), { resource: 'user', operation: 'get', user: user.user_id }));
		expect(fromUser.user_id).toBe(user.user_id);
		const [athlete] = jsonOf(await runTerra(emulator(), { resource: 'athlete', operation: 'get', user: user.user_id }));
		expect(athlete.user_id).toBe(user.user_id);
		expect(apiRequests(emulator()).map((request) => request.query.user_id)).toEqual([user.user_id, user.user_id]);
	});

	it('“By Reference ID” resolves the user with /userInfo before the data request', async () => {
		const user = userWithUniqueReference(emulator());
		jsonOf(
			await runTerra(emulator(), {
				resource: 'athlete',
				operation: 'get',
				user: byReference(String(user.reference_id)),
			}),
		);
		const requests = apiRequests(emulator());
		expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /userInfo', 'GET /athlete']);
		expect(requests[0].query).toEqual({ reference_id: user.reference_id });
		expect(requests[1].query.user_id).toBe(user.user_id);
	});
});
