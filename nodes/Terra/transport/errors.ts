import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { TerraEndpoint } from '../endpoints';
import { rateLimitWaitMs } from './retry';

export interface TerraHttpFailure {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

/** Terra's own words for a failure: `detail` on the current host (problem+json), `message` on the legacy host. */
export function terraErrorText(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['detail', 'message', 'error', 'title']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
	}
	return undefined;
}

function fixFor(failure: TerraHttpFailure, endpoint: TerraEndpoint, text: string | undefined): string {
	const rule = failure.headers['x-terra-ratelimit-rule'];
	const lowered = (text ?? '').toLowerCase();
	switch (failure.statusCode) {
		case 400:
			return 'Terra rejected a parameter. Check the field named in the message; dates must be YYYY-MM-DD or 10-digit Unix seconds, IDs must be Terra IDs.';
		case 401:
			return 'Check the Dev ID and API key in the Terra API credential: both must come from the same Terra environment (testing, staging or production), and the Base URL must be the host your account uses.';
		case 403:
			return 'Terra refused this for your account. The feature may not be enabled for your plan (for example the Planned Workouts add-on or lab reports), or the credential belongs to another environment.';
		case 404:
			if (lowered.includes('user')) {
				return 'Terra does not know this user any more: they were deauthenticated, or reconnected and got a new user ID. Reconnect them (Authentication → Generate Auth Link) and use the new user ID.';
			}
			if (endpoint.legacy) {
				return 'This endpoint is only served on Terra’s legacy host. Set the credential’s Base URL to “Legacy Terra API (api.tryterra.co/v2)”.';
			}
			return 'Check the ID you passed; Terra found nothing with it.';
		case 405:
			return endpoint.legacy
				? 'This endpoint is only served on Terra’s legacy host. Set the credential’s Base URL to “Legacy Terra API (api.tryterra.co/v2)”.'
				: 'Terra does not accept this method here; check the credential’s Base URL.';
		case 410:
			return 'Terra has retired this endpoint for your account. For widget sessions, set Endpoint to “Widget API” in the node.';
		case 413:
			return 'The data is too large for one response. Shorten the date range, turn off samples, or choose “Send to My Webhook Destination” so Terra delivers it in chunks.';
		case 424:
			return 'The user’s data provider rejected the change. Check that the provider supports this operation and that the user is still connected.';
		case 429: {
			if (rule === 'r1') {
				return 'Terra rejects date ranges longer than 1,825 days in one request (rule r1). Shorten the range; the node splits long ranges into windows, so lower “Split Ranges Longer Than (Days)”.';
			}
			const budget = rule
				? `Terra’s per-user budget of 6,000 days of data per rolling hour is used up (rule ${rule}).`
				: 'Terra is refusing requests for now (429, too many requests).';
			const waitMs = rateLimitWaitMs(failure.headers, Date.now());
			if (waitMs !== undefined) {
				return `${budget} Retry after ${Math.ceil(waitMs / 1000)} s, or raise “Max Wait (Seconds)” in the node options so it waits for you.`;
			}
			return `${budget} Terra did not say when to retry (no Retry-After header): the budget refills over a rolling hour, so run the workflow again later, or request fewer days per run.`;
		}
		default:
			if (failure.statusCode >= 500) {
				return 'Terra or the user’s data provider failed. For long historical ranges, use shorter windows or turn off samples; otherwise retry later.';
			}
			return 'See Terra’s message above.';
	}
}

/**
 * A NodeApiError whose message stays ours. n8n replaces a message that contains a Node error code (ECONNREFUSED,
 * ENOTFOUND, ECONNRESET, ETIMEDOUT, …), or whose error object has such a `code`, with a generic sentence (n8n-workflow's
 * NodeError.setDescriptiveErrorMessage), which would lose the host and what happened. The codes therefore go in the
 * description and the error response's `networkError`, never `code`, and the message is set again afterwards.
 */
export function terraError(
	node: INode,
	errorResponse: JsonObject,
	options: { message: string; description: string; httpCode?: string; itemIndex?: number },
): NodeApiError {
	const error = new NodeApiError(node, errorResponse, options);
	error.message = options.message;
	return error;
}

/**
 * Maps a failed Terra response to the NodeApiError n8n shows: Terra's message, the HTTP status, how to fix it, and
 * what the node did about it (`story`: whether and why it retried).
 */
export function terraApiError(
	node: INode,
	failure: TerraHttpFailure,
	endpoint: TerraEndpoint,
	story: string,
	itemIndex?: number,
): NodeApiError {
	const text = terraErrorText(failure.body);
	const rule = failure.headers['x-terra-ratelimit-rule'];
	const label = `${endpoint.method} ${endpoint.path}`;
	const message = text
		? `Terra API error ${failure.statusCode}: ${text}`
		: `Terra API error ${failure.statusCode} on ${label}`;
	// Only Terra's response body and status go into the error: never the request, whose headers hold the API key.
	const errorResponse: JsonObject = {
		httpCode: String(failure.statusCode),
		endpoint: label,
		response: (typeof failure.body === 'object' && failure.body !== null
			? failure.body
			: { body: String(failure.body ?? '') }) as JsonObject,
		...(rule ? { rateLimitRule: rule } : {}),
		...(failure.headers['retry-after'] ? { retryAfterSeconds: failure.headers['retry-after'] } : {}),
	};
	return terraError(node, errorResponse, {
		message,
		description: `${fixFor(failure, endpoint, text)} ${story}`,
		httpCode: String(failure.statusCode),
		itemIndex,
	});
}
