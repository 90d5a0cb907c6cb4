// Over 200 lines because terraRequest comes with the small response parsers only it uses (headers, body, rate limit, network errors).
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { TERRA_BASE_URL_LEGACY } from '../../../credentials/TerraApi.credentials';
import { TERRA_ENDPOINTS, type TerraEndpoint, type TerraEndpointKey } from '../endpoints';
import { terraApiError } from './errors';
import type { RequestGate } from './gate';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry';

export type TerraContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface RateLimitInfo {
	limit?: number;
	remaining?: number;
	resetAfterSeconds?: number;
}

export interface TerraResponse<T = unknown> {
	statusCode: number;
	body: T;
	headers: Record<string, string>;
	/** Terra's `terra-reference` response header: ties a request to the webhook events it causes. */
	reference?: string;
	rateLimit?: RateLimitInfo;
}

export interface TerraRequest {
	endpoint: TerraEndpointKey;
	pathParams?: Record<string, string>;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[] | string[] | FormData;
	itemIndex?: number;
	retry?: Partial<RetryPolicy>;
	/** Shared by the calls of one logical request (e.g. the windows of one date range): total wait so far. */
	waitBudget?: WaitBudget;
	/** Shared by the calls of one fan-out: a 429 pauses all of them (see gate.ts). */
	gate?: RequestGate;
}

/** Wait time already spent, shared across calls that together form one user-visible request. */
export class WaitBudget {
	waitedMs = 0;

	constructor(readonly maxTotalWaitMs: number) {}
}

interface TerraCredentials {
	baseUrl: string;
	customBaseUrl?: string;
}

const CREDENTIAL_TYPE = 'terraApi';

function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** The data API base URL chosen in the credential, e.g. https://access.tryterra.co/api/v2. */
export function apiBaseUrl(credentials: TerraCredentials): string {
	return trimSlashes(
		credentials.baseUrl === 'custom' ? (credentials.customBaseUrl ?? '') : credentials.baseUrl,
	);
}

/**
 * The Widget API sits beside the data API: https://access.tryterra.co/widget/session. For a custom base URL
 * (proxy or emulator) the same relation holds: strip the /api/v2 (or /v2) suffix.
 */
export function widgetBaseUrl(credentials: TerraCredentials): string {
	const api = apiBaseUrl(credentials);
	if (api === TERRA_BASE_URL_LEGACY) return 'https://access.tryterra.co';
	return api.replace(/\/api\/v2$/, '').replace(/\/v2$/, '');
}

function expandPath(endpoint: TerraEndpoint, pathParams: Record<string, string> = {}): string {
	return endpoint.path.replace(/\{(\w+)\}/g, (_match, name: string) =>
		encodeURIComponent(pathParams[name] ?? ''),
	);
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return body;
	}
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

function networkErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		if (typeof current.message === 'string' && /socket hang up/i.test(current.message)) return 'ECONNRESET';
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * The one way this node talks to Terra: credentials via `httpRequestWithAuthentication` (dev-id and x-api-key
 * headers), base URL from the credential, retries for 429 (rule r2, honouring Retry-After) and for transient failures
 * of idempotent calls with capped exponential backoff inside a bounded total wait, and Terra's errors mapped to
 * NodeApiError with Terra's own message and a fix.
 */
export async function terraRequest<T = unknown>(
	this: TerraContext,
	request: TerraRequest,
): Promise<TerraResponse<T>> {
	const endpoint: TerraEndpoint = TERRA_ENDPOINTS[request.endpoint];
	const credentials = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as TerraCredentials;
	const base = endpoint.host === 'widget' ? widgetBaseUrl(credentials) : apiBaseUrl(credentials);
	if (!/^https?:\/\//.test(base)) {
		throw new NodeOperationError(this.getNode(), 'The Terra API credential has no valid base URL', {
			description:
				'Open the Terra API credential and choose a Base URL, or enter a Custom Base URL starting with http:// or https://.',
			itemIndex: request.itemIndex,
		});
	}

	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const budget = request.waitBudget ?? new WaitBudget(policy.maxTotalWaitMs);
	policy.maxTotalWaitMs = budget.maxTotalWaitMs;
	const isFormData = typeof FormData !== 'undefined' && request.body instanceof FormData;
	const options: IHttpRequestOptions = {
		method: endpoint.method,
		url: `${base}${expandPath(endpoint, request.pathParams)}`,
		qs: request.qs,
		body: request.body as IHttpRequestOptions['body'],
		json: !isFormData,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: isFormData ? {} : { Accept: 'application/json, application/problem+json' },
	};

	for (let retries = 0; ; retries++) {
		let statusCode: number | undefined;
		let headers: Record<string, string> = {};
		let body: unknown;
		let caught: unknown;
		await request.gate?.pass();
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as { statusCode: number; headers: unknown; body: unknown };
			statusCode = response.statusCode;
			headers = lowerCaseHeaders(response.headers);
			body = parseBody(response.body);
		} catch (error) {
			caught = error;
		}

		if (statusCode !== undefined && statusCode < 400) {
			return {
				statusCode,
				body: body as T,
				headers,
				reference: headers['terra-reference'],
				rateLimit: rateLimitFrom(headers),
			};
		}

		const decision = decideRetry(policy, {
			method: endpoint.method,
			statusCode,
			headers,
			networkErrorCode: caught ? networkErrorCode(caught) : undefined,
			retriesSoFar: retries,
			waitedMs: budget.waitedMs,
			nowMs: Date.now(),
			random: Math.random(),
		});
		if (decision.retry) {
			if (statusCode === 429) request.gate?.hold(decision.waitMs);
			budget.waitedMs += decision.waitMs;
			await sleep(decision.waitMs);
			continue;
		}

		if (statusCode !== undefined) {
			throw terraApiError(this.getNode(), { statusCode, body, headers }, endpoint, request.itemIndex);
		}
		const code = networkErrorCode(caught) ?? 'unknown error';
		// A fresh error object: the caught one may carry the request configuration, including credential headers.
		throw new NodeApiError(
			this.getNode(),
			{ message: `Could not reach Terra (${code})`, code } as JsonObject,
			{
				message: `Could not reach Terra at ${new URL(base).host} (${code})`,
				description:
					'Check the Base URL in the Terra API credential and this n8n instance’s network access. Idempotent requests were retried before giving up.',
				itemIndex: request.itemIndex,
			},
		);
	}
}
