/**
 * When to retry a Terra call, and how long to wait. Pure functions so the policy is testable on its own;
 * the transport does the waiting (with n8n-workflow's `sleep`).
 */

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Upper bound for all waits of one logical request together. */
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

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETRESET',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
	return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function backoffMs(policy: RetryPolicy, retryNumber: number, random: number): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
	// Half fixed, half jitter: spreads retries from parallel windows without ever waiting near zero.
	return Math.round(exponential / 2 + (exponential / 2) * random);
}

export type RetryDecision = { retry: true; waitMs: number } | { retry: false; reason: string };

export interface AttemptOutcome {
	method: string;
	statusCode?: number;
	headers?: Record<string, string>;
	networkErrorCode?: string;
	/** Retries already made for this request. */
	retriesSoFar: number;
	/** Milliseconds already spent waiting for this request. */
	waitedMs: number;
	nowMs: number;
	random: number;
}

export function decideRetry(policy: RetryPolicy, outcome: AttemptOutcome): RetryDecision {
	if (outcome.retriesSoFar >= policy.maxRetries) return { retry: false, reason: 'retries exhausted' };
	const budgetLeft = policy.maxTotalWaitMs - outcome.waitedMs;
	const headers = outcome.headers ?? {};
	let waitMs: number;

	if (outcome.statusCode === 429) {
		// r1 means the range itself is too long: the same request fails the same way however long we wait.
		if (headers['x-terra-ratelimit-rule'] === 'r1') return { retry: false, reason: 'rule r1' };
		const retryAfter = parseRetryAfterMs(headers['retry-after'], outcome.nowMs);
		if (retryAfter === undefined) return { retry: false, reason: '429 without Retry-After' };
		waitMs = retryAfter;
	} else if (outcome.statusCode !== undefined) {
		if (!RETRYABLE_STATUS.has(outcome.statusCode)) return { retry: false, reason: 'not retryable' };
		if (!isIdempotent(outcome.method)) return { retry: false, reason: 'not idempotent' };
		waitMs =
			parseRetryAfterMs(headers['retry-after'], outcome.nowMs) ??
			backoffMs(policy, outcome.retriesSoFar + 1, outcome.random);
	} else {
		if (!outcome.networkErrorCode || !TRANSIENT_NETWORK_CODES.has(outcome.networkErrorCode)) {
			return { retry: false, reason: 'not a transient network error' };
		}
		if (!isIdempotent(outcome.method)) return { retry: false, reason: 'not idempotent' };
		waitMs = backoffMs(policy, outcome.retriesSoFar + 1, outcome.random);
	}
	if (waitMs > budgetLeft) return { retry: false, reason: `wait of ${Math.ceil(waitMs / 1000)} s exceeds the wait budget` };
	return { retry: true, waitMs };
}
