/**
 * The words for a failed request: what went wrong (for failures without a Terra error response: no connection, no
 * answer, a broken answer), and what the node did about it for this very call (retried N times, or why not).
 */
import type { INode, JsonObject, NodeApiError } from 'n8n-workflow';

import { terraError } from './errors';
import type { AttemptFailure, NoRetryReason, RetryPolicy } from './retry';

const NOT_SENT_PHRASES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'DNS lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'the connection attempt timed out',
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** One attempt in a few words, for the list of attempts. */
function label(failure: AttemptFailure): string {
	switch (failure.kind) {
		case 'status':
			return `HTTP ${failure.statusCode}`;
		case 'notSent':
			return NOT_SENT_PHRASES[failure.code] ?? failure.code;
		case 'timeout':
			return `no answer within ${seconds(failure.timeoutMs)}`;
		case 'connectionLost':
			return 'connection lost';
		case 'truncated':
			return 'answer cut off';
		case 'invalidJson':
			return 'answer not JSON';
		case 'wrongShape':
			return 'answer in an unexpected shape';
		default:
			return failure.code;
	}
}

function reasonSentence(reason: NoRetryReason, method: string, policy: RetryPolicy): string {
	switch (reason.why) {
		case 'exhausted':
			return `That is every retry the node makes (${policy.maxRetries}).`;
		case 'budget':
			return `Not retried again: the next wait (${seconds(reason.waitMs)}) would go past the wait budget of ${seconds(policy.maxTotalWaitMs)}, which also counts attempts that got no answer (“Max Wait (Seconds)” where the operation has it).`;
		case 'ruleR1':
			return 'Not retried: Terra would refuse the same range again.';
		case 'noRetryAfter':
			return 'Not retried: Terra did not say when to.';
		case 'permanent':
			return 'Not retried: Terra would answer the same request the same way.';
		case 'unsafe':
			return reason.risk === 'toWebhook'
				? 'Not retried: with webhook delivery (to_webhook=true) Terra may already have queued the deliveries, and asking again could send the data twice. Check what reached your webhook destination before running it again.'
				: `Not retried: Terra may already have carried out this ${method}, and sending it again could do it twice.`;
		case 'wrongShape':
			return 'Not retried: an answer of the wrong shape is not a passing glitch. Terra’s API may have changed, or the Base URL points at something other than Terra.';
		default:
			return 'Not retried: this kind of failure does not go away by retrying.';
	}
}

/** "Tried 3 times (HTTP 503, HTTP 503, HTTP 503). That is every retry the node makes (2)." */
export function attemptStory(
	attempts: AttemptFailure[],
	reason: NoRetryReason,
	method: string,
	policy: RetryPolicy,
): string {
	const tried =
		attempts.length === 1 ? 'Tried once.' : `Tried ${attempts.length} times (${attempts.map(label).join(', ')}).`;
	return `${tried} ${reasonSentence(reason, method, policy)}`;
}

export interface FailureContext {
	node: INode;
	/** "GET /sleep". */
	request: string;
	/** host[:port] of the base URL. */
	host: string;
	/** What the endpoint promises, for a wrong shape. */
	expected: string;
	story: string;
	itemIndex?: number;
}

function messageAndFix(failure: AttemptFailure, context: FailureContext): [string, string] {
	const { request, host } = context;
	switch (failure.kind) {
		case 'notSent':
			return [
				`Could not connect to Terra at ${host}: ${NOT_SENT_PHRASES[failure.code] ?? failure.code}`,
				`Nothing was sent (${failure.code}). Check the Base URL in the Terra API credential and this n8n instance’s network access (DNS, firewall, proxy).`,
			];
		case 'timeout':
			return [
				`Terra at ${host} did not answer ${request} within ${seconds(failure.timeoutMs)}`,
				'Terra sent nothing for that long. For long data ranges, shorten the range or lower “Split Ranges Longer Than (Days)”; otherwise raise “Timeout (Seconds)” in the node’s options.',
			];
		case 'connectionLost':
			return [
				`The connection to Terra at ${host} broke during ${request}, before a complete answer`,
				`Terra, or a proxy between n8n and Terra, closed the connection (${failure.code}).`,
			];
		case 'truncated':
			return [
				`Terra’s answer to ${request} was cut off: HTTP ${failure.statusCode}${failure.contentLength !== undefined ? ` announced ${failure.contentLength} bytes, but` : ','} the connection closed before the end`,
				'Terra’s gateway or a proxy ended the answer early; nothing of it was used.',
			];
		case 'invalidJson':
			return [
				`Terra answered ${request} with HTTP ${failure.statusCode} and ${failure.bytes} bytes that are not valid JSON`,
				`The body starts “${failure.start}”. A gateway or proxy may have answered instead of Terra, or the answer was cut short; nothing of it was used.`,
			];
		case 'wrongShape':
			return [
				`Terra answered ${request} with HTTP ${failure.statusCode} but not in the expected shape: expected ${context.expected}, got ${failure.got}`,
				`The body (${failure.bytes} bytes) starts “${failure.start}”; nothing of it was used.`,
			];
		default:
			return [
				`The request ${request} to Terra at ${host} failed (${label(failure)})`,
				'Check the Base URL in the Terra API credential and this n8n instance’s network access.',
			];
	}
}

/** The NodeApiError for a failure that has no Terra error response to quote (status failures use terraApiError). */
export function failureError(failure: AttemptFailure, context: FailureContext): NodeApiError {
	const [message, fix] = messageAndFix(failure, context);
	// A fresh error object: the HTTP client's error may carry the request configuration, including credential headers.
	const errorResponse: JsonObject = { message, endpoint: context.request, networkError: label(failure) };
	if ('statusCode' in failure) errorResponse.httpCode = String(failure.statusCode);
	return terraError(context.node, errorResponse, {
		message,
		description: `${fix} ${context.story}`,
		httpCode: 'statusCode' in failure ? String(failure.statusCode) : undefined,
		itemIndex: context.itemIndex,
	});
}
