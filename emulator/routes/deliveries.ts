/**
 * Control routes for testing a webhook receiver against Terra's delivery behaviour and a misbehaving bucket:
 * - POST /__emulator/s3: store an s3_payload object, optionally padded, redirecting or slow; answers its URL.
 * - POST /__emulator/deliveries/retrying: send an event with Terra's retry-on-timeout (awaited).
 * - POST /__emulator/deliveries/:id/replay: send a recorded delivery again, as captured or signed afresh.
 */
import { randomUUID } from 'node:crypto';
import type { Ctx, Reply, Route } from '../http/context';
import { isObject, jsonBody } from '../http/context';
import { ApiError } from '../http/errors';
import { buildSampleEvent } from '../webhooks/events';
import { padded } from '../webhooks/sendEvent';
import type { S3Behaviour } from '../webhooks/s3';

const CONTROL: Route['surfaces'] = ['control'];

function optionalNumber(body: Record<string, unknown>, name: string): number | undefined {
	const value = body[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
		throw new ApiError(400, `${name} must be a non-negative number`);
	return value;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
	const value = body[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new ApiError(400, `${name} must be a string`);
	return value;
}

function userFor(ctx: Ctx, body: Record<string, unknown>) {
	const userId = optionalString(body, 'user_id');
	const user = userId ? ctx.state.users.get(userId) : ctx.state.users.list[0];
	if (!user) throw new ApiError(404, `unknown user ${userId}`);
	return user;
}

/** The event a control request describes: `body` as given, or a sample of `type` (default activity). */
function eventFrom(ctx: Ctx, body: Record<string, unknown>): Record<string, unknown> {
	if (body.body !== undefined) {
		if (!isObject(body.body)) throw new ApiError(400, 'body must be an object');
		return body.body;
	}
	const type = optionalString(body, 'type') ?? 'activity';
	return buildSampleEvent(type, { seed: ctx.state.seed, user: userFor(ctx, body) });
}

/** {type?|body?, user_id?, padToBytes?, redirectTo?, redirectStatus?, delayMs?, expiresIn?} → {id, url, bytes} */
function createS3Object(ctx: Ctx): Reply {
	const body = jsonBody(ctx);
	if (!isObject(body)) throw new ApiError(400, 'body must be an object');
	const json = padded(JSON.stringify(eventFrom(ctx, body)), optionalNumber(body, 'padToBytes'));
	const behaviour: S3Behaviour = {
		redirectTo: optionalString(body, 'redirectTo'),
		redirectStatus: optionalNumber(body, 'redirectStatus'),
		delayMs: optionalNumber(body, 'delayMs'),
	};
	const id = ctx.state.s3.put(json, optionalNumber(body, 'expiresIn') ?? ctx.state.s3ExpiresIn, behaviour);
	return { status: 201, body: { id, url: `${ctx.state.url}/__emulator/s3/${id}`, bytes: Buffer.byteLength(json) } };
}

/** {type?|body?, user_id?, url?, reference?, traceId?, padToBytes?, timeoutMs, maxAttempts, retryDelayMs?} → attempts */
async function sendRetrying(ctx: Ctx): Promise<Reply> {
	const body = jsonBody(ctx);
	if (!isObject(body)) throw new ApiError(400, 'body must be an object');
	const timeoutMs = optionalNumber(body, 'timeoutMs');
	const maxAttempts = optionalNumber(body, 'maxAttempts');
	if (timeoutMs === undefined || maxAttempts === undefined || maxAttempts < 1)
		throw new ApiError(400, 'timeoutMs and maxAttempts (>= 1) are required');
	let event = eventFrom(ctx, body);
	const padToBytes = optionalNumber(body, 'padToBytes');
	if (padToBytes !== undefined) event = JSON.parse(padded(JSON.stringify(event), padToBytes)) as Record<string, unknown>;
	const reference = optionalString(body, 'reference') ?? randomUUID();
	const attempts = await ctx.state.sender.deliverRetrying(
		{ body: event, reference, traceId: optionalString(body, 'traceId') ?? randomUUID(), url: optionalString(body, 'url') },
		{ timeoutMs, maxAttempts, retryDelayMs: optionalNumber(body, 'retryDelayMs') ?? 0 },
	);
	return { status: 200, body: attempts.map(({ rawBody: _raw, body: _body, ...attempt }) => attempt) };
}

/** {mode: 'exact'|'resigned', headers?: {name: value|null}, timeoutMs?} → the replayed attempt */
async function replayDelivery(ctx: Ctx): Promise<Reply> {
	const body = jsonBody(ctx, false) ?? {};
	if (!isObject(body) || (body.mode !== 'exact' && body.mode !== 'resigned'))
		throw new ApiError(400, "mode must be 'exact' or 'resigned'");
	if (body.headers !== undefined && !isObject(body.headers)) throw new ApiError(400, 'headers must be an object');
	try {
		const { rawBody: _raw, body: _body, ...attempt } = await ctx.state.sender.replay(ctx.params.id, {
			mode: body.mode,
			headers: body.headers as Record<string, string | null> | undefined,
			timeoutMs: optionalNumber(body, 'timeoutMs'),
		});
		return { status: 200, body: attempt };
	} catch (error) {
		throw new ApiError(404, (error as Error).message);
	}
}

export const deliveryRoutes: Route[] = [
	{ method: 'POST', pattern: '/s3', surfaces: CONTROL, auth: 'public', handler: createS3Object },
	{ method: 'POST', pattern: '/deliveries/retrying', surfaces: CONTROL, auth: 'public', handler: sendRetrying },
	{ method: 'POST', pattern: '/deliveries/:id/replay', surfaces: CONTROL, auth: 'public', handler: replayDelivery },
];
