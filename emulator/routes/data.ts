import type { Route, Ctx, Reply } from '../http/context';
import { boolParam, checkUserId, isObject, jsonBody, q, requireUser } from '../http/context';
import { ApiError, problem } from '../http/errors';
import { DATA_TYPES, generateAthlete, type DataTypeDef } from '../data/generators';
import { DAY_MS, daysInRange, parseTerraDate, startOfUtcDay } from '../util/time';
import { deliverDataRequest, isLargeRange } from '../webhooks/flows';

const API: Route['surfaces'] = ['current', 'legacy'];

/** Calendar days a data request covers: end_date exclusive; start == end or no end = one day. */
function requestedDays(ctx: Ctx): string[] {
	const startRaw = q(ctx, 'start_date');
	if (startRaw === undefined || startRaw === '') throw new ApiError(400, 'missing start_date');
	const start = parseTerraDate(startRaw);
	if (start === undefined) throw new ApiError(400, 'invalid start_date');
	const endRaw = q(ctx, 'end_date');
	let end = start + DAY_MS;
	if (endRaw !== undefined && endRaw !== '') {
		const parsed = parseTerraDate(endRaw);
		if (parsed === undefined) throw new ApiError(400, 'invalid end_date');
		if (parsed < start) throw new ApiError(400, 'end_date must not be before start_date');
		if (startOfUtcDay(parsed) > startOfUtcDay(start)) end = parsed;
	}
	return daysInRange(start, end);
}

/** Records a plannedWorkout write into the legacy data stream so GET /plannedWorkout returns it. */
function writtenPlannedWorkouts(
	ctx: Ctx,
	userId: string,
	days: string[],
): Record<string, unknown>[] {
	const wanted = new Set(days);
	return ctx.state.writtenLogs
		.list(userId, 'planned_workout')
		.map((l) => l.record)
		.filter((r) => {
			const date = String(
				(r.metadata as Record<string, unknown> | undefined)?.planned_date ?? '',
			).slice(0, 10);
			return wanted.has(date);
		});
}

/**
 * One handler for every uniform data GET. Order of checks mirrors Terra: params, user, rate limit; then
 * either the acknowledgement + webhook delivery (to_webhook, the default) or the inline `{user, data, type}`.
 */
function dataGet(def: DataTypeDef) {
	return async (ctx: Ctx): Promise<Reply> => {
		checkUserId(ctx);
		const days = def.dated ? requestedDays(ctx) : [];
		const toWebhook = boolParam(ctx, 'to_webhook', true);
		const withSamples = def.samples ? boolParam(ctx, 'with_samples', false) : false;
		const user = requireUser(ctx);
		const decision = ctx.state.rate.check(user.user_id, Math.max(1, days.length));
		if (!decision.ok) throw new ApiError(429, 'rate limit exceeded', decision.headers);
		const headers = decision.headers;
		ctx.state.users.markPolled(user, Date.now());

		if (ctx.processingFault) {
			// Garmin-style asynchronous first fetch: try again after retry_after_seconds.
			return {
				status: 200,
				headers,
				body: {
					type: 'processing',
					message: 'Request is processing, try again later',
					retry_after_seconds: ctx.processingFault.retryAfterSeconds,
					user,
				},
			};
		}
		const extra =
			def.path === '/plannedWorkout'
				? (d: string[]) => writtenPlannedWorkouts(ctx, user.user_id, d)
				: undefined;

		if (toWebhook) {
			if (!ctx.state.sender.url) {
				const detail =
					'no destinations available: configure a webhook destination or request with to_webhook=false';
				if (ctx.surface === 'legacy')
					return { status: 200, headers, body: { status: 'error', message: detail } };
				// Documented as the data GET's 200 (application/json) with a problem-shaped body.
				return { status: 200, headers, body: problem(200, ctx.instance, detail) };
			}
			const large = def.dated && isLargeRange(days, ctx.state.largeRequestDays);
			const reference = ctx.reference;
			ctx.state.background(() =>
				deliverDataRequest(ctx.state, { def, user, days, withSamples, reference, large, extra }),
			);
			const ack: Record<string, unknown> =
				ctx.surface === 'legacy'
					? { status: 'success', message: 'Data sent to webhook', type: def.type, reference, user }
					: { status: 'success', type: def.type, reference, trace_id: reference, user };
			if (large)
				ack.message = 'Large request submitted: data will be sent to your destination in chunks';
			return { status: 200, headers, body: ack };
		}

		const genCtx = { seed: ctx.state.seed, user, withSamples };
		// The latency model's per-day part: inline answers only (an acknowledgement does not wait for the data).
		ctx.costDays = Math.max(1, days.length);
		if (!def.dated)
			return {
				status: 200,
				headers,
				body: { athlete: generateAthlete(genCtx), type: def.type, user },
			};
		// The same bytes JSON.stringify({user, data, type}) gives, with each day's records from the cache.
		const parts = days.map((day) => ctx.state.dayCache.json(def, genCtx, day));
		for (const record of extra?.(days) ?? []) parts.push(JSON.stringify(record));
		const data = parts.filter((part) => part !== '').join(',');
		const raw = `{"user":${JSON.stringify(user)},"data":[${data}],"type":${JSON.stringify(def.type)}}`;
		return { status: 200, headers, contentType: 'application/json', raw };
	};
}

const WRITES: Record<
	string,
	{ type: string; message: string; idOf: (r: Record<string, unknown>) => string | undefined }
> = {
	'/activity': {
		type: 'activity',
		message: 'Activity successfully logged',
		idOf: (r) => str((r.metadata as Record<string, unknown> | undefined)?.summary_id),
	},
	'/body': { type: 'body', message: 'Body data successfully logged', idOf: () => undefined },
	'/nutrition': {
		type: 'nutrition',
		message: 'Nutrition successfully logged',
		idOf: () => undefined,
	},
	'/plannedWorkout': {
		type: 'planned_workout',
		message: 'Planned workout successfully created',
		idOf: (r) => str((r.metadata as Record<string, unknown> | undefined)?.id),
	},
};

function str(v: unknown): string | undefined {
	return typeof v === 'string' && v ? v : undefined;
}

/** Legacy writes: `?user_id=` + `{data:[...]}` -> 201 `{user, log_ids, message}` (ids in posted order). */
function legacyWrite(path: string) {
	const spec = WRITES[path];
	return (ctx: Ctx): Reply => {
		const body = jsonBody(ctx);
		const user = requireUser(ctx);
		if (!isObject(body) || !Array.isArray(body.data) || body.data.length === 0)
			throw new ApiError(400, 'data must be a non-empty array');
		for (const [i, item] of body.data.entries()) {
			if (!isObject(item)) throw new ApiError(400, `data[${i}] must be an object`);
			if (!isObject(item.metadata)) throw new ApiError(400, `data[${i}].metadata is required`);
		}
		const logIds = ctx.state.writtenLogs.add(user.user_id, spec.type, body.data, spec.idOf);
		return { status: 201, body: { user, log_ids: logIds, message: spec.message } };
	};
}

/**
 * Legacy deletes: `/body` takes `{log_ids:[...]}`, `/nutrition` and `/plannedWorkout` take `{data:[...]}`.
 * 200 when every id was deleted, 207 when some were not (per-id provider response codes).
 */
function legacyDelete(path: string, key: 'log_ids' | 'data') {
	const type = WRITES[path].type;
	return (ctx: Ctx): Reply => {
		const body = jsonBody(ctx);
		const user = requireUser(ctx);
		const ids = isObject(body) ? body[key] : undefined;
		if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id))
			throw new ApiError(400, `${key} must be a non-empty array of ids`);
		const processed = ctx.state.writtenLogs.delete(user.user_id, type, ids as string[]);
		const allOk = processed.every((p) => p.response_code >= 200 && p.response_code < 300);
		return { status: allOk ? 200 : 207, body: { user, processed_data: processed } };
	};
}

export const dataRoutes: Route[] = [
	...DATA_TYPES.map(
		(def): Route => ({
			method: 'GET',
			pattern: def.path,
			surfaces: API,
			auth: 'required',
			handler: dataGet(def),
			dataGet: true,
		}),
	),
	...Object.keys(WRITES).map(
		(path): Route => ({
			method: 'POST',
			pattern: path,
			surfaces: API,
			auth: 'required',
			handler: legacyWrite(path),
		}),
	),
	{
		method: 'DELETE',
		pattern: '/body',
		surfaces: API,
		auth: 'required',
		handler: legacyDelete('/body', 'log_ids'),
	},
	{
		method: 'DELETE',
		pattern: '/nutrition',
		surfaces: API,
		auth: 'required',
		handler: legacyDelete('/nutrition', 'data'),
	},
	{
		method: 'DELETE',
		pattern: '/plannedWorkout',
		surfaces: API,
		auth: 'required',
		handler: legacyDelete('/plannedWorkout', 'data'),
	},
];
