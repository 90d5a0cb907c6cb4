/**
 * Contract: the emulator covers the whole contract. Every operation of the three spec versions is routed on both
 * surfaces, and every sample event (buildSampleEvent, what `npm run send-event` sends) matches its event schema.
 */
import { buildSampleEvent, TERRA_EVENT_TYPES } from '../..';
import { ROUTES } from '../../emulator';
import { componentSchema, formatErrors, validate } from '../contract-specs';
import { describeContract, SURFACES, useSpecs } from './setup';

describeContract('emulator vs Terra OpenAPI contracts', () => {
	const contract = useSpecs();

	describe('coverage', () => {
		test('every operation of all three spec versions is routed on both surfaces', () => {
			const missing: string[] = [];
			for (const spec of Object.values(contract.specs)) {
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
					const errors = validate(contract.specs.current, componentSchema(contract.specs.current, name), event);
					if (errors.length)
						throw new Error(`${type} (seed ${seed}) violates ${name}:\n${formatErrors(errors)}`);
					if (schemaFor[type])
						expect(
							validate(contract.specs.current, componentSchema(contract.specs.current, 'WebhookEventType'), event),
						).toEqual([]);
				}
			},
		);
	});
});
