import { randomInt } from 'node:crypto';
import type { Ctx, Reply, Route } from '../http/context';
import { checkUserId, isObject, jsonBody, q, requireUser } from '../http/context';
import { ApiError } from '../http/errors';
import { generateExternalPlannedWorkouts } from '../data/generators';
import {
	COERCED_SPORTS,
	PLANNED_WORKOUT_PROVIDERS,
	plannedListItem,
	plannedSummary,
	SDK_PLAN_PROVIDERS,
	validateTemplate,
	type PlannedRecord,
} from '../data/workouts';
import {
	DAY_MS,
	daysInRange,
	isIsoDate,
	parseTerraDate,
	startOfUtcDay,
	toIsoDate,
} from '../util/time';

const API: Route['surfaces'] = ['current', 'legacy'];
const METRICS = [
	'ftp',
	'max_heart_rate',
	'threshold_heart_rate',
	'threshold_speed',
	'pool_length_meters',
];
const METRIC_RANGES: Record<string, [number, number]> = {
	ftp: [30, 700],
	max_heart_rate: [80, 250],
	threshold_heart_rate: [60, 240],
	threshold_speed: [0.5, 12],
	pool_length_meters: [10, 100],
};

function template(ctx: Ctx): Record<string, unknown> {
	const id = ctx.params.workout_id;
	const t = /^\d+$/.test(id) ? ctx.state.workouts.templates.get(id) : undefined;
	if (!t) throw new ApiError(404, 'workout not found');
	return t;
}

function createWorkout(ctx: Ctx): Reply {
	const body = jsonBody(ctx);
	const error = validateTemplate(body);
	if (error) throw new ApiError(400, error);
	const { workout_id: _ignored, ...rest } = body as Record<string, unknown>;
	return {
		status: 200,
		body: { status: 'success', workout_id: ctx.state.workouts.addTemplate(rest) },
	};
}

/** Deletes the template and cascades to every planned instance (204). 207/424 come from provider failures (inject faults). */
function deleteWorkout(ctx: Ctx): Reply {
	const t = template(ctx);
	ctx.state.workouts.deleteTemplate(String(t.workout_id));
	return { status: 204 };
}

function requireAddon(ctx: Ctx): void {
	if (!ctx.state.plannedWorkoutsAddon)
		throw new ApiError(403, 'the Planned Workouts add-on is not enabled for this account');
}

/** POST /workouts/{id}/plan?user_id= `{planned_date, ftp?, ...}` -> 201; 424 when the user's provider cannot take planned workouts. */
function planWorkout(ctx: Ctx): Reply {
	checkUserId(ctx);
	const body = jsonBody(ctx);
	if (!isObject(body)) throw new ApiError(400, 'request body must be an object');
	if (typeof body.planned_date !== 'string' || !isIsoDate(body.planned_date))
		throw new ApiError(400, 'invalid planned_date (expected YYYY-MM-DD)');
	const metrics: Record<string, number> = {};
	for (const key of METRICS) {
		const v = body[key];
		if (v === undefined || v === null) continue;
		const [lo, hi] = METRIC_RANGES[key];
		if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
			throw new ApiError(400, `${key} out of range (${lo}-${hi})`);
		metrics[key] = v;
	}
	requireAddon(ctx);
	const user = requireUser(ctx);
	const t = template(ctx);
	if (!PLANNED_WORKOUT_PROVIDERS.includes(user.provider))
		throw new ApiError(
			424,
			`${user.provider} rejected the workout push: planned workouts are not supported for this provider`,
		);
	const now = new Date().toISOString();
	const sport = String(t.sport);
	const record: Omit<PlannedRecord, 'planned_workout_id'> = {
		workout_id: String(t.workout_id),
		user_id: user.user_id,
		planned_date: body.planned_date,
		created_at: now,
		last_updated_at: now,
		athlete_metrics: metrics,
	};
	if (!SDK_PLAN_PROVIDERS.includes(user.provider))
		record.provider_workout_id = String(randomInt(100_000_000, 999_999_999));
	if (COERCED_SPORTS[user.provider]?.includes(sport))
		record.coercion_warnings = `sport '${sport}' is not supported by ${user.provider}; planned as a generic workout`;
	const planned = ctx.state.workouts.plan(record);
	const out: Record<string, unknown> = {
		status: 'success',
		planned_workout_id: planned.planned_workout_id,
	};
	if (planned.provider_workout_id) out.provider_workout_id = planned.provider_workout_id;
	if (planned.coercion_warnings) out.coercion_warnings = planned.coercion_warnings;
	return { status: 201, body: out };
}

/**
 * GET /plannedWorkouts?user_id[&start_date&end_date] (both or neither; end inclusive). Without dates the
 * provider-side window is the trailing 30 days. Terra-created plans first, then external ones.
 */
function listPlanned(ctx: Ctx): Reply {
	checkUserId(ctx);
	const start = q(ctx, 'start_date');
	const end = q(ctx, 'end_date');
	if ((start === undefined) !== (end === undefined))
		throw new ApiError(400, 'start_date and end_date must be provided together');
	if (start !== undefined && !isIsoDate(start)) throw new ApiError(400, 'invalid start_date');
	if (end !== undefined && !isIsoDate(end)) throw new ApiError(400, 'invalid end_date');
	if (start !== undefined && end !== undefined && end < start)
		throw new ApiError(400, 'end_date must not be before start_date');
	const user = requireUser(ctx);
	const today = startOfUtcDay(Date.now());
	const from = start !== undefined ? (parseTerraDate(start) as number) : today - 30 * DAY_MS;
	const to = end !== undefined ? (parseTerraDate(end) as number) : today;
	const inWindow = (date: string) => date >= toIsoDate(from) && date <= toIsoDate(to);
	const own = [...ctx.state.workouts.planned.values()]
		.filter((p) => p.user_id === user.user_id && (start === undefined || inWindow(p.planned_date)))
		.map(plannedListItem);
	const external = PLANNED_WORKOUT_PROVIDERS.includes(user.provider)
		? daysInRange(from, to + DAY_MS).flatMap((day) =>
				generateExternalPlannedWorkouts({ seed: ctx.state.seed, user, withSamples: false }, day),
			)
		: [];
	return { status: 200, body: [...own, ...external] };
}

function planned(ctx: Ctx): PlannedRecord {
	const user = requireUser(ctx);
	const id = ctx.params.planned_workout_id;
	const p = /^\d+$/.test(id) ? ctx.state.workouts.planned.get(id) : undefined;
	if (!p || p.user_id !== user.user_id) throw new ApiError(404, 'planned workout not found');
	return p;
}

function patchPlanned(ctx: Ctx): Reply {
	checkUserId(ctx);
	const body = jsonBody(ctx);
	if (!isObject(body) || typeof body.planned_date !== 'string' || !isIsoDate(body.planned_date))
		throw new ApiError(400, 'invalid planned_date (expected YYYY-MM-DD)');
	requireAddon(ctx);
	const p = planned(ctx);
	p.planned_date = body.planned_date;
	p.last_updated_at = new Date().toISOString();
	return { status: 200, body: plannedSummary(p) };
}

export const workoutRoutes: Route[] = [
	{ method: 'POST', pattern: '/workouts', surfaces: API, auth: 'required', handler: createWorkout },
	{
		method: 'GET',
		pattern: '/workouts',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => ({ status: 200, body: [...ctx.state.workouts.templates.values()] }),
	},
	{
		method: 'GET',
		pattern: '/workouts/:workout_id',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => ({ status: 200, body: template(ctx) }),
	},
	{
		method: 'DELETE',
		pattern: '/workouts/:workout_id',
		surfaces: API,
		auth: 'required',
		handler: deleteWorkout,
	},
	{
		method: 'POST',
		pattern: '/workouts/:workout_id/plan',
		surfaces: API,
		auth: 'required',
		handler: planWorkout,
	},
	{
		method: 'GET',
		pattern: '/plannedWorkouts',
		surfaces: API,
		auth: 'required',
		handler: listPlanned,
	},
	{
		method: 'GET',
		pattern: '/plannedWorkouts/:planned_workout_id',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => ({ status: 200, body: plannedSummary(planned(ctx)) }),
	},
	{
		method: 'PATCH',
		pattern: '/plannedWorkouts/:planned_workout_id',
		surfaces: API,
		auth: 'required',
		handler: patchPlanned,
	},
	{
		method: 'DELETE',
		pattern: '/plannedWorkouts/:planned_workout_id',
		surfaces: API,
		auth: 'required',
		handler: (ctx) => {
			ctx.state.workouts.planned.delete(planned(ctx).planned_workout_id);
			return { status: 204 };
		},
	},
];
