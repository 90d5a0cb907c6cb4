import { randomBytes, randomUUID } from 'node:crypto';
import type { Ctx, Reply, Route } from '../http/context';
import { isObject, jsonBody, q, requireUser } from '../http/context';
import { ApiError } from '../http/errors';
import { findProvider, PROVIDERS } from '../data/providers';
import type { AuthSession, EmulatorState } from '../state';
import { buildDeauthEvent } from '../webhooks/events';
import { deliverLifecycle } from '../webhooks/flows';

const API: Route['surfaces'] = ['current', 'legacy'];
const SESSION_TTL_S = 900;
/** Accounts created after this date get 410 from the legacy widget endpoint. */
const LEGACY_WIDGET_CUTOFF = '2026-09-03';

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
	const v = body[key];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') throw new ApiError(400, `${key} must be a string`);
	return v;
}

function newSession(
	state: EmulatorState,
	session: Omit<AuthSession, 'id' | 'createdAt' | 'expiresAt'>,
	id: string = randomUUID(),
): AuthSession {
	const now = Date.now();
	const full: AuthSession = {
		...session,
		id,
		createdAt: now,
		expiresAt: now + SESSION_TTL_S * 1000,
	};
	state.sessions.set(id, full);
	return full;
}

/** POST /auth/authenticateUser?resource=PROVIDER: a connect link on the emulator that completes the OAuth dance. */
function authenticateUser(ctx: Ctx): Reply {
	const resource = q(ctx, 'resource');
	if (!resource) throw new ApiError(400, 'missing resource');
	const provider = findProvider(resource);
	if (!provider || provider.sdk) throw new ApiError(400, `invalid resource: ${resource}`);
	if (!provider.enabled)
		throw new ApiError(404, `provider ${provider.provider} is not enabled for this developer`);
	const body = jsonBody(ctx, false) ?? {};
	if (!isObject(body)) throw new ApiError(400, 'request body must be an object');
	const session = newSession(ctx.state, {
		kind: 'authenticateUser',
		userId: randomUUID(),
		providers: [provider.provider],
		referenceId: optionalString(body, 'reference_id') ?? null,
		successUrl: optionalString(body, 'auth_success_redirect_url'),
		failureUrl: optionalString(body, 'auth_failure_redirect_url'),
	});
	return {
		status: 200,
		body: {
			status: 'success',
			user_id: session.userId,
			auth_url: `${ctx.state.url}/__emulator/connect/${session.id}?provider=${provider.provider}`,
		},
	};
}

/** Parses WidgetSessionParams; returns the requested providers split into usable ones and warnings. */
function widgetParams(body: unknown): {
	session: Omit<AuthSession, 'id' | 'createdAt' | 'expiresAt'>;
	warnings: string[];
	requested: boolean;
} {
	if (!isObject(body)) throw new ApiError(400, 'request body must be a JSON object');
	const providersRaw = optionalString(body, 'providers');
	optionalString(body, 'language');
	for (const key of ['show_disconnect', 'multi_auth', 'use_terra_avengers_app']) {
		if (body[key] !== undefined && typeof body[key] !== 'boolean')
			throw new ApiError(400, `${key} must be a boolean`);
	}
	const warnings: string[] = [];
	let providers = PROVIDERS.filter((p) => p.enabled).map((p) => p.provider);
	if (providersRaw !== undefined && providersRaw.trim() !== '') {
		const requested = providersRaw
			.split(',')
			.map((p) => p.trim().toUpperCase())
			.filter(Boolean);
		providers = [];
		for (const name of requested) {
			const info = findProvider(name);
			if (!info) warnings.push(`unknown provider ${name} was ignored`);
			else if (!info.enabled)
				warnings.push(`provider ${name} is not enabled for this developer and was ignored`);
			else providers.push(info.provider);
		}
	}
	return {
		requested: providersRaw !== undefined,
		warnings,
		session: {
			kind: 'widget',
			providers,
			referenceId: optionalString(body, 'reference_id') ?? null,
			successUrl: optionalString(body, 'auth_success_redirect_url'),
			failureUrl: optionalString(body, 'auth_failure_redirect_url'),
		},
	};
}

/** Legacy POST /auth/generateWidgetSession -> 200 `{session_id, url, status, expires_in: 900}` (410 for new accounts). */
function generateWidgetSession(ctx: Ctx): Reply {
	if (ctx.state.accountCreatedAt > LEGACY_WIDGET_CUTOFF) {
		throw new ApiError(
			410,
			'generateWidgetSession is not available for accounts created after 3 September 2026: use POST https://access.tryterra.co/api/widget/session',
		);
	}
	const { session } = widgetParams(jsonBody(ctx));
	const s = newSession(ctx.state, session);
	return {
		status: 200,
		body: {
			session_id: s.id,
			url: `${ctx.state.url}/__emulator/widget/${s.id}`,
			status: 'success',
			expires_in: SESSION_TTL_S,
		},
	};
}

/** New widget API POST /widget/session: 201 (+warnings), 400 `{status:'error', message}`, 403 on bad credentials. */
function widgetSession(ctx: Ctx): Reply {
	const { devId, apiKey } = ctx.state;
	if (ctx.headers['dev-id'] !== devId || ctx.headers['x-api-key'] !== apiKey)
		throw new ApiError(403, 'invalid credentials: check the dev-id and x-api-key headers');
	const { session, warnings } = widgetParams(jsonBody(ctx));
	if (session.providers.length === 0)
		throw new ApiError(400, 'none of the requested providers is available');
	const s = newSession(ctx.state, session);
	const body: Record<string, unknown> = {
		session_id: s.id,
		url: `${ctx.state.url}/__emulator/widget/${s.id}`,
		status: 'success',
		expires_in: SESSION_TTL_S,
	};
	if (warnings.length) body.warnings = warnings;
	return { status: 201, body };
}

/** DELETE /auth/deauthenticateUser?user_id= -> `{status:'success'}` and a `deauth` event. */
function deauthenticateUser(ctx: Ctx): Reply {
	const user = requireUser(ctx);
	ctx.state.users.remove(user.user_id);
	const snapshot = { ...user, active: false };
	ctx.state.background(() => deliverLifecycle(ctx.state, buildDeauthEvent(snapshot)));
	return { status: 200, body: { status: 'success' } };
}

/**
 * POST /auth/generateAuthToken -> `{status, token, expires_in: 180}`. A wrong dev-id with a valid API key is
 * the documented 404 "Invalid dev-id was provided"; the token connects SDK providers via
 * /__emulator/connect/<token>?provider=APPLE.
 */
function generateAuthToken(ctx: Ctx): Reply {
	const devId = ctx.headers['dev-id'];
	const apiKey = ctx.headers['x-api-key'];
	if (!devId || !apiKey) throw new ApiError(401, 'dev-id or x-api-key headers are missing');
	if (apiKey !== ctx.state.apiKey) throw new ApiError(401, 'invalid dev-id or x-api-key');
	if (devId !== ctx.state.devId) {
		if (ctx.surface === 'legacy')
			throw new ApiError(
				404,
				'Invalid dev-id was provided',
				{},
				{ status: 'error', message: 'Invalid dev-id was provided' },
			);
		throw new ApiError(404, 'invalid dev-id');
	}
	const token = randomBytes(32).toString('hex');
	newSession(
		ctx.state,
		{
			kind: 'widget',
			providers: PROVIDERS.filter((p) => p.sdk).map((p) => p.provider),
			referenceId: q(ctx, 'reference_id') ?? null,
		},
		token,
	);
	return { status: 200, body: { status: 'success', token, expires_in: 180 } };
}

export const authRoutes: Route[] = [
	{
		method: 'POST',
		pattern: '/auth/authenticateUser',
		surfaces: API,
		auth: 'required',
		handler: authenticateUser,
	},
	{
		method: 'POST',
		pattern: '/auth/generateWidgetSession',
		surfaces: API,
		auth: 'required',
		handler: generateWidgetSession,
	},
	{
		method: 'DELETE',
		pattern: '/auth/deauthenticateUser',
		surfaces: API,
		auth: 'required',
		handler: deauthenticateUser,
	},
	{
		method: 'POST',
		pattern: '/auth/generateAuthToken',
		surfaces: API,
		auth: 'public',
		handler: generateAuthToken,
	},
	// The widget API lives outside /api/v2. The spec says /widget/api/session and the docs /api/widget/session;
	// the brief's newest spec uses /widget/session. All three are served (recorded path is what was called).
	{
		method: 'POST',
		pattern: '/widget/session',
		surfaces: ['widget'],
		auth: 'public',
		handler: widgetSession,
	},
	{
		method: 'POST',
		pattern: '/widget/api/session',
		surfaces: ['widget'],
		auth: 'public',
		handler: widgetSession,
	},
	{
		method: 'POST',
		pattern: '/api/widget/session',
		surfaces: ['widget'],
		auth: 'public',
		handler: widgetSession,
	},
];
