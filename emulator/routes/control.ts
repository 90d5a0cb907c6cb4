import { randomUUID } from 'node:crypto';
import type { Ctx, Reply, Route } from '../http/context';
import { isObject, jsonBody, q } from '../http/context';
import { ApiError } from '../http/errors';
import { latencyModel } from '../http/latency';
import { addUsers, newUser } from '../data/users';
import { findProvider } from '../data/providers';
import type { Fault, FaultMatch } from '../types';
import {
	buildAuthCancelledEvent,
	buildAuthSuccessEvent,
	buildUserReauthEvent,
} from '../webhooks/events';
import { deliverLifecycle } from '../webhooks/flows';
import { sendEventFromEmulator, type EmulatorSendOptions } from '../webhooks/emulatorSend';

const CONTROL: Route['surfaces'] = ['control'];

export const FAULT_KINDS = [
	'status',
	'latencyMs',
	'reset',
	'processing',
	'hang',
	'invalidJson',
	'shortBody',
	'wrongShape',
] as const;

function base64Requests(ctx: Ctx): Reply {
	return {
		status: 200,
		body: ctx.state.requests.map((r) => ({ ...r, rawBody: r.rawBody.toString('base64') })),
	};
}

/** `times` may be a number, "Infinity", null or -1 (both meaning forever) over JSON. */
function parseFault(body: unknown): { match: FaultMatch; fault: Fault } {
	if (!isObject(body) || !isObject(body.match) || !isObject(body.fault))
		throw new ApiError(400, 'body must be {match: {method?, path}, fault: {...}}');
	const fault = { ...body.fault } as Record<string, unknown>;
	if (fault.times === 'Infinity' || fault.times === -1 || fault.times === null)
		fault.times = Infinity;
	if (typeof body.match.path !== 'string') throw new ApiError(400, 'match.path is required');
	const query = body.match.query;
	if (
		query !== undefined &&
		(!isObject(query) || !Object.values(query).every((value) => typeof value === 'string'))
	)
		throw new ApiError(400, 'match.query must map parameter names to string values');
	const kinds = FAULT_KINDS.filter((k) => fault[k] !== undefined);
	if (kinds.length !== 1)
		throw new ApiError(400, `fault needs exactly one of ${FAULT_KINDS.join(', ')}`);
	return { match: body.match as FaultMatch, fault: fault as unknown as Fault };
}

/**
 * GET /__emulator/connect/<session>?provider=X[&cancel=1][&redirect=false]: completes a provider connection as if
 * the end user logged in: creates the user (re-auth replaces an existing user with the same reference_id and
 * provider, firing user_reauth), sends `auth`, then redirects to the success URL (or answers JSON).
 */
async function connect(ctx: Ctx): Promise<Reply> {
	const { state } = ctx;
	const session = state.sessions.get(ctx.params.session);
	if (!session || session.completed || Date.now() > session.expiresAt)
		throw new ApiError(404, 'unknown or expired session');
	const requested = (q(ctx, 'provider') ?? session.providers[0] ?? '').toUpperCase();
	const provider = findProvider(requested)?.provider;
	if (!provider || !session.providers.includes(provider))
		throw new ApiError(400, `provider must be one of ${session.providers.join(', ')}`);
	const redirect = q(ctx, 'redirect') !== 'false';
	session.completed = true;
	if (q(ctx, 'cancel') === '1' || q(ctx, 'cancel') === 'true') {
		const reason = q(ctx, 'reason') ?? 'access_denied';
		await deliverLifecycle(state, buildAuthCancelledEvent(session.id, session.referenceId, reason));
		if (redirect && session.failureUrl)
			return redirectTo(session.failureUrl, {
				reference_id: session.referenceId ?? '',
				resource: provider,
				reason,
			});
		return {
			status: 200,
			body: { status: 'error', reason, reference_id: session.referenceId, provider },
		};
	}
	const user = newUser(provider, session.referenceId, session.userId ?? randomUUID(), Date.now());
	const previous = session.referenceId
		? state.users.list.find(
				(u) => u.reference_id === session.referenceId && u.provider === provider,
			)
		: undefined;
	state.users.add(user);
	if (previous) {
		state.users.remove(previous.user_id);
		await deliverLifecycle(state, buildUserReauthEvent({ ...previous, active: false }, user));
	}
	await deliverLifecycle(
		state,
		buildAuthSuccessEvent(user, session.kind === 'widget' ? session.id : null),
	);
	if (redirect && session.successUrl)
		return redirectTo(session.successUrl, {
			user_id: user.user_id,
			reference_id: user.reference_id ?? '',
			resource: provider,
		});
	return {
		status: 200,
		body: { status: 'success', user_id: user.user_id, reference_id: user.reference_id, provider },
	};
}

function redirectTo(target: string, params: Record<string, string>): Reply {
	let url: URL;
	try {
		url = new URL(target);
	} catch {
		throw new ApiError(400, `invalid redirect url ${target}`);
	}
	for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
	return { status: 302, headers: { location: url.toString() }, raw: '' };
}

/** The hosted widget page: one link per provider (connect or cancel). */
function widgetPage(ctx: Ctx): Reply {
	const session = ctx.state.sessions.get(ctx.params.session);
	if (!session) throw new ApiError(404, 'unknown session');
	const links = session.providers.map((p) => ({
		provider: p,
		connect_url: `${ctx.state.url}/__emulator/connect/${session.id}?provider=${p}`,
	}));
	if (!(ctx.headers.accept ?? '').includes('text/html'))
		return {
			status: 200,
			body: {
				session_id: session.id,
				expires_at: new Date(session.expiresAt).toISOString(),
				providers: links,
			},
		};
	const items = links
		.map(
			(l) =>
				`<li><a href="${l.connect_url}">${l.provider}</a> (<a href="${l.connect_url}&cancel=1">cancel</a>)</li>`,
		)
		.join('');
	return {
		status: 200,
		contentType: 'text/html; charset=utf-8',
		raw: `<!doctype html><title>Terra emulator widget</title><h1>Connect a provider</h1><ul>${items}</ul>`,
	};
}

async function s3Object(ctx: Ctx): Promise<Reply> {
	const behaviour = ctx.state.s3.behaviour(ctx.params.id);
	if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs).unref());
	if (behaviour.redirectTo !== undefined)
		return { status: behaviour.redirectStatus ?? 302, headers: { location: behaviour.redirectTo }, raw: '' };
	const item = ctx.state.s3.get(ctx.params.id);
	if (item === undefined || item === 'expired') {
		const code = item === 'expired' ? 'AccessDenied' : 'NoSuchKey';
		const message =
			item === 'expired' ? 'Request has expired' : 'The specified key does not exist.';
		return {
			status: item === 'expired' ? 403 : 404,
			contentType: 'application/xml',
			raw: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
		};
	}
	return { status: 200, contentType: 'application/json', raw: item };
}

/** A 1x1 PNG used as the lab report thumbnail. */
const PNG_1PX = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
	'base64',
);

function labFile(ctx: Ctx): Reply {
	const s = ctx.state.labs.get(ctx.params.session);
	if (!s) throw new ApiError(404, 'not found');
	const name = decodeURIComponent(ctx.params.name);
	if (name === 'thumbnail.png') return { status: 200, contentType: 'image/png', raw: PNG_1PX };
	if (name !== s.file.filename) throw new ApiError(404, 'not found');
	return { status: 200, contentType: s.file.contentType, raw: s.file.data };
}

async function postEvent(ctx: Ctx): Promise<Reply> {
	const body = jsonBody(ctx);
	if (!isObject(body) || typeof body.type !== 'string')
		throw new ApiError(400, 'body must be SendEventOptions with at least {type}');
	try {
		const options = {
			...body,
			userId: typeof body.user_id === 'string' ? body.user_id : undefined,
		} as unknown as EmulatorSendOptions;
		const result = await sendEventFromEmulator(ctx.state, options);
		return { status: 200, body: result };
	} catch (error) {
		throw new ApiError(502, `send failed: ${(error as Error).message}`);
	}
}

export const controlRoutes: Route[] = [
	{
		method: 'GET',
		pattern: '/health',
		surfaces: CONTROL,
		auth: 'public',
		handler: () => ({ status: 200, body: { status: 'ok' } }),
	},
	{
		method: 'GET',
		pattern: '/requests',
		surfaces: CONTROL,
		auth: 'public',
		handler: base64Requests,
	},
	{
		method: 'DELETE',
		pattern: '/requests',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			ctx.state.requests.length = 0;
			return { status: 204 };
		},
	},
	{
		method: 'POST',
		pattern: '/faults',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			const { match, fault } = parseFault(jsonBody(ctx));
			ctx.state.faults.inject(match, fault);
			return { status: 201, body: { status: 'success', faults: ctx.state.faults.list() } };
		},
	},
	{
		method: 'GET',
		pattern: '/faults',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({ status: 200, body: ctx.state.faults.list() }),
	},
	{
		method: 'DELETE',
		pattern: '/faults',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			ctx.state.faults.clear();
			return { status: 204 };
		},
	},
	{
		method: 'PUT',
		pattern: '/webhook',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			const body = jsonBody(ctx);
			if (
				!isObject(body) ||
				(body.url !== null && body.url !== undefined && typeof body.url !== 'string')
			)
				throw new ApiError(400, 'body must be {url, secret?}');
			if (body.secret !== undefined && typeof body.secret !== 'string')
				throw new ApiError(400, 'secret must be a string');
			ctx.state.sender.setDestination(
				(body.url as string | null) ?? undefined,
				body.secret as string | undefined,
			);
			return {
				status: 200,
				body: { url: ctx.state.sender.url ?? null, secret: ctx.state.sender.secret },
			};
		},
	},
	{
		method: 'GET',
		pattern: '/webhook',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({
			status: 200,
			body: { url: ctx.state.sender.url ?? null, secret: ctx.state.sender.secret },
		}),
	},
	{ method: 'POST', pattern: '/events', surfaces: CONTROL, auth: 'public', handler: postEvent },
	{
		method: 'GET',
		pattern: '/deliveries',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({ status: 200, body: ctx.state.sender.deliveries }),
	},
	{
		method: 'GET',
		pattern: '/users',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({ status: 200, body: ctx.state.users.list }),
	},
	{
		method: 'POST',
		pattern: '/users',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			const body = jsonBody(ctx);
			const count = isObject(body) ? body.count : undefined;
			if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000)
				throw new ApiError(400, 'body must be {count: 1..10000, inactive?: boolean}');
			if (isObject(body) && body.inactive !== undefined && typeof body.inactive !== 'boolean')
				throw new ApiError(400, 'inactive must be a boolean');
			const added = addUsers(ctx.state.users, ctx.state.seed, count, {
				inactive: isObject(body) && body.inactive === true,
			});
			return { status: 201, body: added };
		},
	},
	{
		method: 'POST',
		pattern: '/reset-rate-limits',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			ctx.state.rate.reset();
			return { status: 204 };
		},
	},
	{
		method: 'GET',
		pattern: '/latency',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({ status: 200, body: ctx.state.latency }),
	},
	{
		method: 'PUT',
		pattern: '/latency',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => {
			const body = jsonBody(ctx);
			if (!isObject(body)) throw new ApiError(400, 'body must be {perRequestMs?, perDayMs?}');
			ctx.state.latency = latencyModel(body, ctx.state.latency);
			return { status: 200, body: ctx.state.latency };
		},
	},
	{
		method: 'GET',
		pattern: '/connect/:session',
		surfaces: CONTROL,
		auth: 'public',
		handler: connect,
	},
	{
		method: 'GET',
		pattern: '/widget/:session',
		surfaces: CONTROL,
		auth: 'public',
		handler: widgetPage,
	},
	{ method: 'GET', pattern: '/s3/:id', surfaces: CONTROL, auth: 'public', handler: s3Object },
	{
		method: 'GET',
		pattern: '/files/:session/:name',
		surfaces: CONTROL,
		auth: 'public',
		handler: labFile,
	},
	{
		method: 'GET',
		pattern: '/icons/:name',
		surfaces: CONTROL,
		auth: 'public',
		handler: (ctx) => ({
			status: 200,
			contentType: 'image/svg+xml',
			raw: `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="12" fill="#222"/><text x="32" y="40" font-size="20" text-anchor="middle" fill="#fff">${ctx.params.name.slice(0, 2).toUpperCase()}</text></svg>`,
		}),
	},
];
