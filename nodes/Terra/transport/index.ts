/**
 * The one way this node talks to Terra. One request may take several attempts; each attempt's outcome is read by
 * attempt.ts, the retry decision is retry.ts's, and the words of a failure are errors.ts's and failures.ts's.
 */
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { cleartextHost, cleartextRefusal } from '../../../credentials/TerraApi.credentials';
import { TERRA_ENDPOINTS, type TerraEndpoint, type TerraEndpointKey } from '../endpoints';
import { WITHOUT_SCHEMA_WALK } from '../helpers/parameters';
import { classifyError, lowerCaseHeaders, rateLimitFrom, readAnswer, type RateLimitInfo } from './attempt';
import { alreadyRead, CREDENTIAL_TYPE, readCredentials } from './credentials';
import { terraApiError } from './errors';
import { attemptStory, failureError } from './failures';
import type { RequestGate } from './gate';
import { DEFAULT_RETRY_POLICY, decideRetry, repeatRisk, type AttemptFailure, type RetryPolicy } from './retry';
import { apiBaseUrl, expandPath, legacyBaseUrl, widgetBaseUrl } from './urls';

export { apiBaseUrl, legacyBaseUrl, widgetBaseUrl } from './urls';
export { rateLimitFrom, type RateLimitInfo } from './attempt';

/** How long one attempt may go without an answer (or without further bytes of one), unless the endpoint says. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

export type TerraContext = IExecuteFunctions | ILoadOptionsFunctions;

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
	/** Per-attempt timeout; default: the node's “Timeout (Seconds)” option, else the endpoint's, else 60 s. */
	timeoutMs?: number;
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

/** The per-attempt timeout for this request (see TerraRequest.timeoutMs). */
function timeoutFor(context: TerraContext, request: TerraRequest, endpoint: TerraEndpoint): number {
	if (request.timeoutMs) return request.timeoutMs;
	if (request.itemIndex !== undefined) {
		const option = (context as IExecuteFunctions).getNodeParameter('options.timeoutSeconds', request.itemIndex, 0, WITHOUT_SCHEMA_WALK);
		if (typeof option === 'number' && option > 0) return option * 1000;
	}
	return (endpoint.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/**
 * Calls one Terra endpoint: credentials via `httpRequestWithAuthentication` (dev-id and x-api-key headers), base URL
 * from the credential, a timeout on every attempt, retries where repeating cannot do something twice (retry.ts), and
 * every failure as an error that says what arrived and what the node did about it; never an empty success.
 */
export async function terraRequest<T = unknown>(
	this: TerraContext,
	request: TerraRequest,
): Promise<TerraResponse<T>> {
	const endpoint: TerraEndpoint = TERRA_ENDPOINTS[request.endpoint];
	const node = this.getNode();
	const credentials = await readCredentials(this);
	const base =
		endpoint.host === 'widget'
			? widgetBaseUrl(credentials)
			: endpoint.legacy
				? legacyBaseUrl(credentials)
				: apiBaseUrl(credentials);
	if (!/^https?:\/\//.test(base)) {
		throw new NodeOperationError(node, 'The Terra API credential has no valid base URL', {
			description:
				'Open the Terra API credential and choose a Base URL, or enter a Custom Base URL starting with http:// or https://.',
			itemIndex: request.itemIndex,
		});
	}
	const insecureHost = cleartextHost(base, credentials.allowInsecureHttp === true);
	if (insecureHost) {
		const refusal = cleartextRefusal(insecureHost);
		throw new NodeOperationError(node, refusal.message, {
			description: refusal.description,
			itemIndex: request.itemIndex,
		});
	}

	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...request.retry };
	const budget = request.waitBudget ?? new WaitBudget(policy.maxTotalWaitMs);
	policy.maxTotalWaitMs = budget.maxTotalWaitMs;
	const timeoutMs = timeoutFor(this, request, endpoint);
	const qs = request.qs ?? {};
	const risk = repeatRisk(endpoint.method, qs);
	const secrets = [credentials.apiKey, credentials.signingSecret, credentials.devId].filter(
		(value): value is string => typeof value === 'string',
	);
	const isFormData = typeof FormData !== 'undefined' && request.body instanceof FormData;
	const options: IHttpRequestOptions = {
		method: endpoint.method,
		url: `${base}${expandPath(endpoint, request.pathParams)}`,
		qs: request.qs,
		body: request.body as IHttpRequestOptions['body'],
		json: !isFormData,
		// As text: the transport parses the JSON itself, so a broken body is seen as broken, not passed on as a string.
		encoding: 'text',
		timeout: timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: isFormData ? {} : { Accept: 'application/json, application/problem+json' },
	};
	const label = `${endpoint.method} ${endpoint.path}`;
	const authentication = alreadyRead(this, credentials);
	const attempts: AttemptFailure[] = [];

	for (;;) {
		const started = Date.now();
		let failure: AttemptFailure;
		let statusBody: unknown;
		await request.gate?.pass();
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
				authentication,
			)) as { statusCode: number; headers: unknown; body: unknown };
			const headers = lowerCaseHeaders(response.headers);
			const answer = readAnswer(response.statusCode, response.body, endpoint.response, qs, secrets);
			if (answer.ok && response.statusCode < 400) {
				return {
					statusCode: response.statusCode,
					body: answer.body as T,
					headers,
					reference: headers['terra-reference'],
					rateLimit: rateLimitFrom(headers),
				};
			}
			failure = answer.ok ? { kind: 'status', statusCode: response.statusCode, headers } : answer.failure;
			statusBody = answer.ok ? answer.body : undefined;
		} catch (error) {
			failure = classifyError(error, timeoutMs);
			// An attempt that got no answer in time used up that time too.
			if (failure.kind === 'timeout') budget.waitedMs += Date.now() - started;
		}
		attempts.push(failure);

		const decision = decideRetry(policy, {
			failure,
			risk,
			retriesSoFar: attempts.length - 1,
			waitedMs: budget.waitedMs,
			nowMs: Date.now(),
			random: Math.random(),
		});
		if (decision.retry) {
			if (failure.kind === 'status' && failure.statusCode === 429) request.gate?.hold(decision.waitMs);
			budget.waitedMs += decision.waitMs;
			await sleep(decision.waitMs);
			continue;
		}

		const story = attemptStory(attempts, decision.reason, endpoint.method, policy);
		if (failure.kind === 'status') {
			throw terraApiError(
				node,
				{ statusCode: failure.statusCode, body: statusBody, headers: failure.headers },
				endpoint,
				story,
				request.itemIndex,
			);
		}
		throw failureError(failure, {
			node,
			request: label,
			host: new URL(base).host,
			expected: endpoint.response.expected,
			story,
			itemIndex: request.itemIndex,
		});
	}
}
