import type { TerraUser } from '../types';
import { Rng } from '../util/prng';
import { DAY_MS, formatUtc, parseTerraDate, toIsoDate } from '../util/time';
import { seedUsers } from '../data/users';
import {
	dataTypeByName,
	generateAthlete,
	generateExternalPlannedWorkouts,
	generateHormones,
} from '../data/generators';
import { generateMenstruation } from '../data/generators/menstruation';
import { generateLabResults } from '../data/generators/labReport';

/** Terra's webhook payload version string. */
export const TERRA_EVENT_VERSION = '2022-03-16';

/**
 * Every event type the emulator can build and send. Besides Terra's `type` values, 'auth_error' is the
 * legacy auth-failure shape ({type:'auth', status:'error', reason:'auth_cancelled'}); 'auth_cancelled'
 * is the current spec's failure event.
 */
export const TERRA_EVENT_TYPES = [
	'auth',
	'auth_error',
	'auth_cancelled',
	'deauth',
	'user_reauth',
	'access_revoked',
	'connection_error',
	'permission_change',
	'large_request_processing',
	'large_request_sending',
	's3_payload',
	'healthcheck',
	'activity',
	'athlete',
	'body',
	'daily',
	'menstruation',
	'nutrition',
	'sleep',
	'planned_workout',
	'hormone',
	'lab_report.completed',
	'lab_report.failed',
] as const;

export type TerraEventType = (typeof TERRA_EVENT_TYPES)[number];

/** Data event types carrying `data: [...]` (athlete carries `athlete: {...}` instead). */
export const DATA_EVENT_TYPES = [
	'activity',
	'body',
	'daily',
	'menstruation',
	'nutrition',
	'sleep',
	'planned_workout',
	'hormone',
] as const;

export interface BuildEventOptions {
	/** User the event is about; default: the first synthetic user of `seed`. */
	user?: TerraUser;
	/** Default 42. */
	seed?: number;
	/** `reference` for large_request_* events (and the terra-reference the sender uses). */
	reference?: string;
	/** Calendar day the sample data is for (YYYY-MM-DD); default yesterday (UTC). */
	date?: string;
	/** s3_payload: the URL to point at. */
	s3Url?: string;
}

/** `{type, version, user, data}`: the envelope shared by data events. */
export function buildDataEvent(
	type: string,
	user: TerraUser,
	data: unknown[],
): Record<string, unknown> {
	return { type, version: TERRA_EVENT_VERSION, user, data };
}

export function buildAthleteEvent(
	user: TerraUser,
	athlete: Record<string, unknown>,
): Record<string, unknown> {
	return { type: 'athlete', version: TERRA_EVENT_VERSION, user, athlete };
}

export function buildAuthSuccessEvent(
	user: TerraUser,
	widgetSessionId: string | null,
): Record<string, unknown> {
	return {
		type: 'auth',
		status: 'success',
		message: 'User has successfully authenticated',
		reference_id: user.reference_id,
		widget_session_id: widgetSessionId,
		user,
		version: TERRA_EVENT_VERSION,
	};
}

export function buildAuthCancelledEvent(
	flowId: string,
	referenceId: string | null,
	reason = 'access_denied',
): Record<string, unknown> {
	return {
		type: 'auth_cancelled',
		status: 'error',
		flow_id: flowId,
		reason,
		reference_id: referenceId,
	};
}

export function buildDeauthEvent(user: TerraUser): Record<string, unknown> {
	return { type: 'deauth', status: 'success', message: 'User has deauthenticated', user };
}

export function buildUserReauthEvent(
	oldUser: TerraUser,
	newUser: TerraUser,
): Record<string, unknown> {
	return {
		type: 'user_reauth',
		status: 'warning',
		message: 'User has reauthenticated and old ID has been deleted',
		version: TERRA_EVENT_VERSION,
		old_user: oldUser,
		new_user: newUser,
	};
}

export function buildLargeRequestProcessingEvent(
	user: TerraUser,
	reference: string,
): Record<string, unknown> {
	return {
		type: 'large_request_processing',
		status: 'processing',
		message: 'Large request is being processed; payloads will be delivered when ready',
		reference,
		user,
	};
}

export function buildLargeRequestSendingEvent(
	user: TerraUser,
	reference: string,
	expectedPayloads: number,
): Record<string, unknown> {
	return {
		type: 'large_request_sending',
		reference,
		message: 'Large request payloads are being sent',
		expected_payloads: expectedPayloads,
		user,
	};
}

export function buildS3PayloadEvent(url: string, expiresIn: number): Record<string, unknown> {
	return { type: 's3_payload', status: 'success', url, expires_in: expiresIn };
}

function yesterday(): string {
	return toIsoDate(Date.now() - DAY_MS);
}

/** Data for a sample data event: the first day (from `date`, up to a week on) that has records. */
function sampleData(type: string, user: TerraUser, seed: number, date: string): unknown[] {
	const start = parseTerraDate(date) ?? Date.now() - DAY_MS;
	for (let i = 0; i < 7; i++) {
		const day = toIsoDate(start + i * DAY_MS);
		let data: unknown[] = [];
		const ctx = { seed, user, withSamples: false };
		if (type === 'menstruation') data = generateMenstruation(ctx, day, { anySex: true });
		else if (type === 'hormone') data = generateHormones(ctx, day);
		else if (type === 'planned_workout')
			data = generateExternalPlannedWorkouts(ctx, day).map((w) => ({
				...w,
				is_external: false,
				planned_workout_id: String(2000 + i),
				workout_id: '1024',
			}));
		else data = dataTypeByName(type)?.generate(ctx, day) ?? [];
		if (data.length) return data;
	}
	if (type === 'planned_workout') {
		return [
			{
				planned_workout_id: '2048',
				workout_id: '1024',
				planned_date: date,
				provider_workout_id: '731904455',
				coercion_warnings: null,
				is_external: false,
				created_at: formatUtc(start),
				last_updated_at: formatUtc(start),
				athlete_metrics: { ftp: 250, max_heart_rate: 188 },
				details: null,
			},
		];
	}
	return [];
}

/**
 * A realistic body for any event type in TERRA_EVENT_TYPES (shapes from Terra's event-types docs and the spec's `*Event`
 * schemas). Deterministic for a given (type, seed, user, date, reference). Unknown types get a minimal
 * `{type, status, message, user}` body so receivers' unknown-type handling can be exercised.
 */
export function buildSampleEvent(
	type: string,
	options: BuildEventOptions = {},
): Record<string, unknown> {
	const seed = options.seed ?? 42;
	const user = options.user ?? seedUsers(seed, 1)[0];
	const date = options.date ?? yesterday();
	const rng = new Rng(seed, 'event', type, user.user_id, date, options.reference ?? '');
	const reference = options.reference ?? rng.uuid();
	const at = (parseTerraDate(date) ?? Date.now()) + 9 * 3_600_000 + rng.int(0, 3_599) * 1000;

	switch (type) {
		case 'auth':
			return buildAuthSuccessEvent(user, rng.uuid());
		case 'auth_error':
			return {
				type: 'auth',
				status: 'error',
				reason: 'auth_cancelled',
				message: 'User failed to authenticate and has been deleted',
				reference_id: user.reference_id,
				widget_session_id: rng.uuid(),
				user: { ...user, active: false },
				version: TERRA_EVENT_VERSION,
			};
		case 'auth_cancelled':
			return buildAuthCancelledEvent(rng.uuid(), user.reference_id);
		case 'deauth':
			return buildDeauthEvent({ ...user, active: false });
		case 'user_reauth': {
			const oldUser: TerraUser = { ...user, user_id: rng.uuid(), active: false };
			return buildUserReauthEvent(oldUser, user);
		}
		case 'access_revoked':
			return {
				type: 'access_revoked',
				status: 'warning',
				message: 'User revoked access',
				user: { ...user, active: false },
			};
		case 'connection_error':
			return {
				type: 'connection_error',
				status: 'warning',
				message:
					"Connection degraded: the provider rejected Terra's access token; the user may need to reauthenticate",
				user,
			};
		case 'permission_change': {
			const scopes = (user.scopes ?? '').split(',').filter(Boolean);
			const removed = scopes.length > 1 ? scopes[scopes.length - 1] : '';
			return {
				type: 'permission_change',
				status: 'warning',
				message: 'User permissions have been modified',
				version: TERRA_EVENT_VERSION,
				scopes_added: 'BODY_EXPORT',
				scopes_removed: removed,
				user: {
					...user,
					scopes: [...scopes.filter((s) => s !== removed), 'BODY_EXPORT'].join(','),
				},
			};
		}
		case 'large_request_processing':
			return buildLargeRequestProcessingEvent(user, reference);
		case 'large_request_sending':
			return buildLargeRequestSendingEvent(user, reference, rng.int(2, 12));
		case 's3_payload':
			return buildS3PayloadEvent(
				options.s3Url ?? `https://terra-emulator.invalid/__emulator/s3/${rng.hex(16)}`,
				600,
			);
		case 'healthcheck':
			return {
				type: 'healthcheck',
				status: 'success',
				creation_timestamp: formatUtc(at),
				trend_percentage: round2(rng.float(-5, 5)),
				sent_webhooks_last_hour: rng.int(0, 500),
			};
		case 'athlete':
			return buildAthleteEvent(user, generateAthlete({ seed, user, withSamples: false }));
		case 'lab_report.completed': {
			const { results, panels } = generateLabResults(rng, toIsoDate(at - DAY_MS));
			return {
				type: 'lab_report.completed',
				event_id: `evt_${rng.uuid()}`,
				occurred_at: new Date(at).toISOString().replace('.000Z', 'Z'),
				upload_id: `upl_${rng.hex(6)}`,
				data: {
					session_id: String(297_405_620_317_847_552n + BigInt(rng.int(0, 1_000_000))),
					reference_id: user.reference_id ?? 'patient_1',
					report_date: toIsoDate(at),
					report_locale: 'en-GB',
					results_count: results.length,
					results,
					panels,
				},
			};
		}
		case 'lab_report.failed':
			return {
				type: 'lab_report.failed',
				event_id: `evt_${rng.uuid()}`,
				occurred_at: new Date(at).toISOString().replace('.000Z', 'Z'),
				upload_id: `upl_${rng.hex(6)}`,
				data: {
					session_id: String(297_405_620_317_847_552n + BigInt(rng.int(0, 1_000_000))),
					reference_id: user.reference_id ?? 'patient_1',
					error: {
						code: 'file_unreadable',
						message: 'The uploaded file could not be read.',
						retriable: false,
					},
				},
			};
		default:
			if ((DATA_EVENT_TYPES as readonly string[]).includes(type))
				return buildDataEvent(type, user, sampleData(type, user, seed, date));
			return {
				type,
				status: 'success',
				message: `Sample ${type} event from the Terra emulator`,
				user,
			};
	}
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
