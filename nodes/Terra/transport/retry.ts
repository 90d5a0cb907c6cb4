/**
 * When to retry a Terra call, and how long to wait. Pure functions so the policy is testable on its own;
 * the transport does the waiting (with n8n-workflow's `sleep`).
 *
 * The rule: a retry must not be able to do something twice. A failure before anything was sent (connection refused,
 * DNS) or a 429 (Terra refused the request) is retried for every call. A failure after the request went out (5xx, a
 * timeout, a reset, a cut-off or unreadable body) is retried only for calls that are safe to repeat: idempotent
 * methods, and not a data request with to_webhook=true, which may already have queued webhook deliveries at Terra.
 */

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Upper bound for all waits of one logical request together, including attempts that got no answer in time. */
	maxTotalWaitMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	maxTotalWaitMs: 120_000,
	baseDelayMs: 1_000,
	maxDelayMs: 20_000,
};

/** How one attempt failed. */
export type AttemptFailure =
	| { kind: 'status'; statusCode: number; headers: Record<string, string> }
	/** Nothing reached Terra: connection refused, host not found, DNS failure, no route. */
	| { kind: 'notSent'; code: string }
	/** No answer (or no further bytes) within the request timeout. */
	| { kind: 'timeout'; timeoutMs: number }
	/** The connection broke after the request went out (reset, hang-up), before a complete answer. */
	| { kind: 'connectionLost'; code: string }
	/** A 2xx whose body ended before its Content-Length. */
	| { kind: 'truncated'; statusCode: number; contentLength?: number }
	/** A 2xx whose body is not JSON. */
	| { kind: 'invalidJson'; statusCode: number; bytes: number; start: string }
	/** A 2xx whose JSON is not what the endpoint promises. */
	| { kind: 'wrongShape'; statusCode: number; bytes: number; start: string; got: string }
	/** Anything else the HTTP client reported. */
	| { kind: 'other'; code: string };

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
	return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Why a request may not be repeated after it was sent, or undefined when it may. */
export type UnsafeReason = 'method' | 'toWebhook';

export function repeatRisk(method: string, qs: Record<string, unknown> | undefined): UnsafeReason | undefined {
	if (!isIdempotent(method)) return 'method';
	if (qs?.to_webhook === true || qs?.to_webhook === 'true') return 'toWebhook';
	return undefined;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** When Terra says an r2 budget frees up: Retry-After, else X-Terra-RateLimit-Reset-After (seconds). */
export function rateLimitWaitMs(headers: Record<string, string>, nowMs: number): number | undefined {
	return (
		parseRetryAfterMs(headers['retry-after'], nowMs) ??
		parseRetryAfterMs(headers['x-terra-ratelimit-reset-after'], nowMs)
	);
}

export function backoffMs(policy: RetryPolicy, retryNumber: number, random: number): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
	// Half fixed, half jitter: spreads retries from parallel windows without ever waiting near zero.
	return Math.round(exponential / 2 + (exponential / 2) * random);
}

/** Why an attempt's failure ends the request. */
export type NoRetryReason =
	| { why: 'exhausted' }
	| { why: 'budget'; waitMs: number }
	| { why: 'ruleR1' }
	| { why: 'noRetryAfter' }
	| { why: 'permanent' }
	| { why: 'unsafe'; risk: UnsafeReason }
	| { why: 'wrongShape' }
	| { why: 'notTransient' };

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: NoRetryReason };

export interface RetryContext {
	failure: AttemptFailure;
	/** Set when repeating the request after it was sent could do something twice. */
	risk?: UnsafeReason;
	/** Retries already made for this request. */
	retriesSoFar: number;
	/** Milliseconds already spent waiting for this request. */
	waitedMs: number;
	nowMs: number;
	random: number;
}

const NOT_SENT_RETRYABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The wait before the next attempt, or why there is none (before the retry count and the budget are applied). */
function waitFor(context: RetryContext, policy: RetryPolicy): number | NoRetryReason {
	const { failure } = context;
	const backoff = () => backoffMs(policy, context.retriesSoFar + 1, context.random);
	switch (failure.kind) {
		case 'status': {
			if (failure.statusCode === 429) {
				// r1 means the range itself is too long: the same request fails the same way however long we wait.
				if (failure.headers['x-terra-ratelimit-rule'] === 'r1') return { why: 'ruleR1' };
				return rateLimitWaitMs(failure.headers, context.nowMs) ?? { why: 'noRetryAfter' };
			}
			if (!RETRYABLE_STATUS.has(failure.statusCode)) return { why: 'permanent' };
			if (context.risk) return { why: 'unsafe', risk: context.risk };
			return parseRetryAfterMs(failure.headers['retry-after'], context.nowMs) ?? backoff();
		}
		case 'notSent':
			return NOT_SENT_RETRYABLE.has(failure.code) ? backoff() : { why: 'notTransient' };
		case 'timeout':
		case 'connectionLost':
		case 'truncated':
		case 'invalidJson':
			return context.risk ? { why: 'unsafe', risk: context.risk } : backoff();
		case 'wrongShape':
			return { why: 'wrongShape' };
		default:
			return { why: 'notTransient' };
	}
}

export function decideRetry(policy: RetryPolicy, context: RetryContext): RetryDecision {
	const wait = waitFor(context, policy);
	if (typeof wait !== 'number') return { retry: false, reason: wait };
	if (context.retriesSoFar >= policy.maxRetries) return { retry: false, reason: { why: 'exhausted' } };
	if (wait > policy.maxTotalWaitMs - context.waitedMs) return { retry: false, reason: { why: 'budget', waitMs: wait } };
	return { retry: true, waitMs: wait };
}
