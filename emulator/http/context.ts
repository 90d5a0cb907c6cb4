import type { IncomingMessage } from 'node:http';
import type { Surface } from '../types';
import type { EmulatorState } from '../state';
import { ApiError } from './errors';

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Default application/json for object bodies. */
	contentType?: string;
	/** Sent verbatim (HTML pages, files, S3 payloads). */
	raw?: string | Buffer;
}

export interface Ctx {
	state: EmulatorState;
	req: IncomingMessage;
	method: string;
	surface: Surface;
	/** Path without the surface prefix. */
	path: string;
	params: Record<string, string>;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: unknown;
	rawBody: Buffer;
	bodyKind: 'empty' | 'json' | 'json-invalid' | 'multipart' | 'text';
	/** terra-reference for this request (response header; webhook reference for to_webhook requests). */
	reference: string;
	/** Problem `instance`: path + query as received, without the surface prefix. */
	instance: string;
	/** A pending `processing` fault for a data GET (answered after validation). */
	processingFault?: { retryAfterSeconds: number };
	/** Days a data GET covered once it passed the rate limit: what the latency model's per-day part counts. */
	costDays?: number;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
	method: string;
	/** '/workouts/:workout_id' style. */
	pattern: string;
	surfaces: Surface[];
	/** 'required' = dev-id + x-api-key; 'public' = none (integrations, control, emulator pages). */
	auth: 'required' | 'public';
	handler: Handler;
	/** Data GETs accept `processing` faults. */
	dataGet?: boolean;
}

/** First value of a query parameter. */
export function q(ctx: Ctx, name: string): string | undefined {
	const v = ctx.query[name];
	return Array.isArray(v) ? v[0] : v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** A boolean query flag ('true'/'false', case-insensitive); 400 when malformed. */
export function boolParam(ctx: Ctx, name: string, fallback: boolean): boolean {
	const v = q(ctx, name);
	if (v === undefined || v === '') return fallback;
	const lower = v.toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	throw new ApiError(400, `invalid ${name}`);
}

/** 400 unless ?user_id is present and a UUID (checked before other params, like Terra's validation). */
export function checkUserId(ctx: Ctx, value = q(ctx, 'user_id')): string {
	if (value === undefined || value === '') throw new ApiError(400, 'missing user_id');
	if (!isUuid(value)) throw new ApiError(400, 'invalid user_id');
	return value;
}

/** The user named by ?user_id (required, UUID) or 400/404 like Terra. */
export function requireUser(ctx: Ctx, value = q(ctx, 'user_id')) {
	const user = ctx.state.users.get(checkUserId(ctx, value));
	if (!user) throw new ApiError(404, 'user not found');
	return user;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, headers };
}

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The JSON body, 400 when it is not valid JSON (or absent and required). */
export function jsonBody(ctx: Ctx, required = true): unknown {
	if (ctx.bodyKind === 'json-invalid') throw new ApiError(400, 'request body is not valid JSON');
	if (ctx.bodyKind === 'empty') {
		if (required) throw new ApiError(400, 'request body is required');
		return undefined;
	}
	if (ctx.bodyKind !== 'json') throw new ApiError(400, 'request body must be application/json');
	return ctx.body;
}
