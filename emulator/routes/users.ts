import type { Ctx, Reply, Route } from '../http/context';
import { isObject, isUuid, jsonBody, q, requireUser } from '../http/context';
import { ApiError } from '../http/errors';

const API: Route['surfaces'] = ['current', 'legacy'];

/** ?user_id -> `{user (+polling metadata), status, is_authenticated}`; ?reference_id -> bare array. */
function userInfo(ctx: Ctx): Reply {
	const userId = q(ctx, 'user_id');
	const referenceId = q(ctx, 'reference_id');
	if (userId) {
		const user = requireUser(ctx, userId);
		return {
			status: 200,
			body: {
				user: { ...user, ...ctx.state.users.pollingInfo(user) },
				status: 'success',
				is_authenticated: true,
			},
		};
	}
	if (referenceId) return { status: 200, body: ctx.state.users.byReference(referenceId) };
	throw new ApiError(400, 'either user_id or reference_id must be provided');
}

function intParam(ctx: Ctx, name: string, fallback: number, min: number): number {
	const raw = q(ctx, name);
	if (raw === undefined || raw === '') return fallback;
	if (!/^-?\d+$/.test(raw) || Number(raw) < min) throw new ApiError(400, `invalid ${name}`);
	return Number(raw);
}

/** No `page`: `{users}` (backwards compatible). With `page` (zero-based): `{data:{next, max_page, results}}`. */
function subscriptions(ctx: Ctx): Reply {
	const all = ctx.state.users.list;
	if (q(ctx, 'page') === undefined) {
		intParam(ctx, 'per_page', 500, 1);
		return { status: 200, body: { users: all } };
	}
	const page = intParam(ctx, 'page', 0, 0);
	const perPage = intParam(ctx, 'per_page', 500, 1);
	const maxPage = Math.max(0, Math.ceil(all.length / perPage) - 1);
	return {
		status: 200,
		body: {
			data: {
				next: page < maxPage ? page + 1 : null,
				max_page: maxPage,
				results: all.slice(page * perPage, (page + 1) * perPage),
			},
		},
	};
}

/** Body: a bare JSON array of user ids. Unknown ids are left out; 404 when none is known. */
function bulkUserInfo(ctx: Ctx): Reply {
	const body = jsonBody(ctx);
	if (!Array.isArray(body) || body.length === 0 || !body.every((id) => typeof id === 'string'))
		throw new ApiError(400, 'request body must be a non-empty JSON array of user ids');
	const bad = (body as string[]).find((id) => !isUuid(id));
	if (bad !== undefined) throw new ApiError(400, `invalid user_id: ${bad}`);
	const users = (body as string[])
		.map((id) => ctx.state.users.get(id))
		.filter((u) => u !== undefined);
	if (users.length === 0) throw new ApiError(404, 'user not found');
	return { status: 200, body: users };
}

/** Legacy PATCH /users/{user_id} `{reference_id?, active?}` -> `{user, status}`; 400 if malformed or unknown. */
function patchUser(ctx: Ctx): Reply {
	const body = jsonBody(ctx, false) ?? {};
	const userId = ctx.params.user_id;
	if (!isUuid(userId)) throw new ApiError(400, 'invalid user_id');
	const user = ctx.state.users.get(userId);
	if (!user) throw new ApiError(400, 'user not found');
	if (!isObject(body)) throw new ApiError(400, 'request body must be an object');
	if (body.reference_id !== undefined && typeof body.reference_id !== 'string')
		throw new ApiError(400, 'reference_id must be a string');
	if (body.active !== undefined && typeof body.active !== 'boolean')
		throw new ApiError(400, 'active must be a boolean');
	if (typeof body.reference_id === 'string') user.reference_id = body.reference_id;
	if (typeof body.active === 'boolean') user.active = body.active;
	return { status: 200, body: { user, status: 'success' } };
}

export const userRoutes: Route[] = [
	{ method: 'GET', pattern: '/userInfo', surfaces: API, auth: 'required', handler: userInfo },
	{
		method: 'GET',
		pattern: '/subscriptions',
		surfaces: API,
		auth: 'required',
		handler: subscriptions,
	},
	{
		method: 'POST',
		pattern: '/bulkUserInfo',
		surfaces: API,
		auth: 'required',
		handler: bulkUserInfo,
	},
	{
		method: 'PATCH',
		pattern: '/users/:user_id',
		surfaces: API,
		auth: 'required',
		handler: patchUser,
	},
];
