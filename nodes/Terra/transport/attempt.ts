/**
 * Reading one attempt: Terra's answer (status, headers, body parsed and checked against the endpoint's shape), or
 * what kind of failure the HTTP client reported. The transport's loop decides what to do with it (retry.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { AttemptFailure } from './retry';
import { describeShape, type ResponseShape } from './shapes';

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

export interface RateLimitInfo {
	limit?: number;
	remaining?: number;
	resetAfterSeconds?: number;
}

function toNumber(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

export function rateLimitFrom(headers: Record<string, string>): RateLimitInfo | undefined {
	const info: RateLimitInfo = {
		limit: toNumber(headers['x-terra-ratelimit-limit']),
		remaining: toNumber(headers['x-terra-ratelimit-remaining']),
		resetAfterSeconds: toNumber(headers['x-terra-ratelimit-reset-after']),
	};
	return Object.values(info).some((value) => value !== undefined) ? info : undefined;
}

const PREVIEW_CHARACTERS = 60;

/** The first characters of a body for an error message: one line, printable, and never one of `secrets`. */
export function preview(text: string, secrets: string[]): string {
	let shown = text.slice(0, PREVIEW_CHARACTERS * 2);
	for (const secret of secrets) if (secret.length >= 4) shown = shown.split(secret).join('[redacted]');
	shown = [...shown]
		.map((character) => (character.charCodeAt(0) < 32 || character.charCodeAt(0) === 127 ? ' ' : character))
		.join('')
		.replace(/ {2,}/g, ' ')
		.slice(0, PREVIEW_CHARACTERS);
	return text.length > shown.length ? `${shown}…` : shown;
}

export type ReadAnswer = { ok: true; body: unknown } | { ok: false; failure: AttemptFailure };

/**
 * Terra's answer as text (the transport asks for text, so it parses JSON itself and sees what really arrived).
 * Error answers keep whatever body came, for their message; a 2xx must be JSON of the endpoint's shape.
 */
export function readAnswer(
	statusCode: number,
	raw: unknown,
	shape: ResponseShape,
	qs: IDataObject,
	secrets: string[],
): ReadAnswer {
	const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : undefined;
	let body: unknown = raw;
	if (text !== undefined) {
		const trimmed = text.trim();
		body = undefined;
		if (trimmed) {
			try {
				body = JSON.parse(trimmed);
			} catch {
				if (statusCode >= 300) return { ok: true, body: text };
				return {
					ok: false,
					failure: { kind: 'invalidJson', statusCode, bytes: byteLength(text), start: preview(trimmed, secrets) },
				};
			}
		}
	}
	if (statusCode >= 300) return { ok: true, body };
	if (body === undefined ? shape.emptyAllowed : shape.fits(body, qs)) return { ok: true, body };
	const json = text ?? JSON.stringify(body) ?? '';
	return {
		ok: false,
		failure: {
			kind: 'wrongShape',
			statusCode,
			bytes: byteLength(json),
			start: preview(json.trim(), secrets),
			got: describeShape(body),
		},
	};
}

function byteLength(text: string): number {
	return new TextEncoder().encode(text).length;
}

interface ErrorLink {
	code?: unknown;
	message?: unknown;
	cause?: unknown;
	response?: { status?: unknown; headers?: unknown };
}

/**
 * What the HTTP client's error means. n8n wraps axios's error in a NodeApiError whose message it has already replaced
 * with a generic text, so the facts are read from the chain of causes: the codes, the messages and, once Terra has
 * started answering, the response status and headers.
 */
export function classifyError(error: unknown, timeoutMs: number): AttemptFailure {
	const links: ErrorLink[] = [];
	let current = error as ErrorLink | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		links.push(current);
		current = current.cause as ErrorLink | undefined;
	}
	const codes = links.map((link) => (typeof link.code === 'string' ? link.code : '')).filter(Boolean);
	const messages = links.map((link) => (typeof link.message === 'string' ? link.message : ''));
	const response = links.find((link) => typeof link.response?.status === 'number')?.response;
	const has = (code: string) => codes.includes(code);
	const said = (pattern: RegExp) => messages.some((message) => pattern.test(message));

	if (said(/^timeout of \d+ms exceeded$|^timeout exceeded$/) || (has('ECONNABORTED') && said(/timeout/i))) {
		return { kind: 'timeout', timeoutMs };
	}
	if (response && (said(/stream has been aborted/) || said(/^aborted$/))) {
		const contentLength = Number(lowerCaseHeaders(response.headers)['content-length']);
		return {
			kind: 'truncated',
			statusCode: Number(response.status),
			contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
		};
	}
	const notSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].find(has);
	if (notSent) return { kind: 'notSent', code: notSent };
	// The operating system's own connect timeout: the connection never opened, so nothing was sent.
	if (has('ETIMEDOUT') && said(/^connect /)) return { kind: 'notSent', code: 'ETIMEDOUT' };
	const lost = ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ENETRESET'].find(has);
	if (lost) return { kind: 'connectionLost', code: lost };
	if (said(/socket hang up/i)) return { kind: 'connectionLost', code: 'ECONNRESET' };
	return { kind: 'other', code: codes.find((code) => /^[A-Z][A-Z_]+$/.test(code)) ?? 'unknown error' };
}
