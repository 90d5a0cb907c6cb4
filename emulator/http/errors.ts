import type { Surface } from '../types';

/** Lower-case status texts Terra uses as problem `title`s. */
const TITLES: Record<number, string> = {
	200: 'ok',
	400: 'bad request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not found',
	405: 'method not allowed',
	408: 'request timeout',
	409: 'conflict',
	410: 'gone',
	413: 'payload too large',
	415: 'unsupported media type',
	422: 'unprocessable entity',
	424: 'failed dependency',
	429: 'too many requests',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

export function statusTitle(status: number): string {
	return TITLES[status] ?? `status ${status}`;
}

/** Thrown by handlers; rendered in the surface's documented error shape. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly detail: string,
		readonly headers: Record<string, string> = {},
		/** Overrides the rendered body entirely (e.g. legacy generateAuthToken's 404). */
		readonly body?: unknown,
	) {
		super(detail);
	}
}

export interface Rendered {
	status: number;
	body: unknown;
	contentType: string;
	headers?: Record<string, string>;
}

/** RFC 9457 problem body used by the current surface (access.tryterra.co/api/v2). */
export function problem(
	status: number,
	instance: string,
	detail?: string,
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		type: 'about:blank',
		title: statusTitle(status),
		instance,
	};
	if (detail !== undefined) body.detail = detail;
	return body;
}

/**
 * The error shape each surface documents:
 * - current: `application/problem+json` {type, title, instance, detail}
 * - legacy: `{status:'error', message}`; 401 is `{message:'unauthorized'}` (v5.yml / JS SDK)
 * - widget: `{status:'error', message}`
 * Some current-surface responses are documented with content-type application/json but a Problem body
 * (lab-report 403/413); `contentTypeOverride` keeps that exact.
 */
export function renderError(
	surface: Surface,
	status: number,
	detail: string,
	instance: string,
	contentTypeOverride?: string,
): Rendered {
	if (surface === 'current') {
		return {
			status,
			body: problem(status, instance, detail),
			contentType: contentTypeOverride ?? 'application/problem+json',
		};
	}
	if (surface === 'legacy' && status === 401)
		return { status, body: { message: 'unauthorized' }, contentType: 'application/json' };
	return { status, body: { status: 'error', message: detail }, contentType: 'application/json' };
}
