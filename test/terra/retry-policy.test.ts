/**
 * The retry policy on its own (nodes/Terra/transport/retry.ts): which failures are retried for which requests, how
 * long the node waits, and when it stops. The same rules run against the emulator in faults.test.ts.
 */
import {
	backoffMs,
	decideRetry,
	DEFAULT_RETRY_POLICY,
	parseRetryAfterMs,
	repeatRisk,
	type AttemptFailure,
	type RetryContext,
} from '../../nodes/Terra/transport/retry';
import { processingDelaySeconds } from '../../nodes/Terra/transport/processing';

const context = (failure: AttemptFailure, overrides: Partial<RetryContext> = {}): RetryContext => ({
	failure,
	retriesSoFar: 0,
	waitedMs: 0,
	nowMs: 0,
	random: 0.5,
	...overrides,
});
const status = (statusCode: number, headers: Record<string, string> = {}): AttemptFailure => ({
	kind: 'status',
	statusCode,
	headers,
});
const decide = (failure: AttemptFailure, overrides: Partial<RetryContext> = {}) =>
	decideRetry(DEFAULT_RETRY_POLICY, context(failure, overrides));

/** Failures after the request went out: Terra may have acted on it. */
const SENT_FAILURES: Array<[string, AttemptFailure]> = [
	['503', status(503)],
	['504', status(504)],
	['408', status(408)],
	['a timeout', { kind: 'timeout', timeoutMs: 60_000 }],
	['a reset', { kind: 'connectionLost', code: 'ECONNRESET' }],
	['a cut-off body', { kind: 'truncated', statusCode: 200, contentLength: 5000 }],
	['a body that is not JSON', { kind: 'invalidJson', statusCode: 200, bytes: 10, start: '{"a' }],
];

describe('which requests may be repeated after they were sent', () => {
	it('GET and DELETE may; POST and PATCH may not; a data GET with to_webhook=true may not', () => {
		expect(repeatRisk('GET', { user_id: 'u', to_webhook: false })).toBeUndefined();
		expect(repeatRisk('DELETE', {})).toBeUndefined();
		expect(repeatRisk('POST', {})).toBe('method');
		expect(repeatRisk('PATCH', undefined)).toBe('method');
		expect(repeatRisk('GET', { to_webhook: true })).toBe('toWebhook');
		expect(repeatRisk('GET', { to_webhook: 'true' })).toBe('toWebhook');
	});
});

describe('retry policy', () => {
	it.each(SENT_FAILURES)('retries %s on a request that is safe to repeat, with backoff', (_name, failure) => {
		expect(decide(failure)).toEqual({ retry: true, waitMs: 750 });
	});

	it.each(SENT_FAILURES)('does not retry %s on a POST', (_name, failure) => {
		expect(decide(failure, { risk: 'method' })).toEqual({ retry: false, reason: { why: 'unsafe', risk: 'method' } });
	});

	it.each(SENT_FAILURES)('does not retry %s on a data GET with to_webhook=true (work may be queued)', (_name, failure) => {
		expect(decide(failure, { risk: 'toWebhook' })).toEqual({
			retry: false,
			reason: { why: 'unsafe', risk: 'toWebhook' },
		});
	});

	it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])(
		'retries %s (nothing was sent) for every request, to_webhook and POST included',
		(code) => {
			for (const risk of [undefined, 'method', 'toWebhook'] as const) {
				expect(decide({ kind: 'notSent', code }, { risk }).retry).toBe(true);
			}
		},
	);

	it('retries 429 r2 after exactly Retry-After, for every request', () => {
		for (const risk of [undefined, 'method', 'toWebhook'] as const) {
			expect(decide(status(429, { 'x-terra-ratelimit-rule': 'r2', 'retry-after': '7' }), { risk })).toEqual({
				retry: true,
				waitMs: 7000,
			});
		}
	});

	it('uses X-Terra-RateLimit-Reset-After when a 429 has no Retry-After, and gives up when it has neither', () => {
		expect(decide(status(429, { 'x-terra-ratelimit-rule': 'r2', 'x-terra-ratelimit-reset-after': '3' }))).toEqual({
			retry: true,
			waitMs: 3000,
		});
		expect(decide(status(429, { 'x-terra-ratelimit-rule': 'r2' }))).toEqual({
			retry: false,
			reason: { why: 'noRetryAfter' },
		});
	});

	it('never retries rule r1', () => {
		expect(decide(status(429, { 'x-terra-ratelimit-rule': 'r1', 'retry-after': '1' }))).toEqual({
			retry: false,
			reason: { why: 'ruleR1' },
		});
	});

	it.each([400, 401, 403, 404, 409, 413, 424])('never retries %i', (statusCode) => {
		expect(decide(status(statusCode))).toEqual({ retry: false, reason: { why: 'permanent' } });
	});

	it('never retries an answer of the wrong shape, nor an unknown client error', () => {
		const wrongShape: AttemptFailure = { kind: 'wrongShape', statusCode: 200, bytes: 2, start: '{}', got: 'an empty object' };
		expect(decide(wrongShape)).toEqual({ retry: false, reason: { why: 'wrongShape' } });
		expect(decide({ kind: 'other', code: 'CERT_HAS_EXPIRED' })).toEqual({ retry: false, reason: { why: 'notTransient' } });
	});

	it('stops after maxRetries, and when the next wait would exceed the budget', () => {
		expect(decide(status(503), { retriesSoFar: DEFAULT_RETRY_POLICY.maxRetries })).toEqual({
			retry: false,
			reason: { why: 'exhausted' },
		});
		const policy = { ...DEFAULT_RETRY_POLICY, maxTotalWaitMs: 10_000 };
		expect(decideRetry(policy, context(status(429, { 'retry-after': '11' })))).toEqual({
			retry: false,
			reason: { why: 'budget', waitMs: 11_000 },
		});
		expect(decideRetry(policy, context(status(429, { 'retry-after': '4' }), { waitedMs: 7000 })).retry).toBe(false);
	});

	it('backs off exponentially with jitter, capped', () => {
		expect(backoffMs(DEFAULT_RETRY_POLICY, 1, 0)).toBe(500);
		expect(backoffMs(DEFAULT_RETRY_POLICY, 1, 1)).toBe(1000);
		expect(backoffMs(DEFAULT_RETRY_POLICY, 3, 1)).toBe(4000);
		expect(backoffMs(DEFAULT_RETRY_POLICY, 20, 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(parseRetryAfterMs('3', 0)).toBe(3000);
		expect(parseRetryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
		expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
	});
});

describe('a provider that is still processing', () => {
	it('is waited for when it asks (Garmin’s “retry after N s”), never when the body acknowledges queued webhook work', () => {
		expect(processingDelaySeconds({ type: 'processing', message: 'Request is processing', retry_after_seconds: 4, user: {} })).toBe(4);
		expect(processingDelaySeconds({ status: 'processing', user: {} })).toBe(10);
		// The legacy large-request acknowledgement of a to_webhook=true request: re-sending it would queue the work twice.
		expect(
			processingDelaySeconds({ type: 'large_request_processing', status: 'processing', reference: 'ref-1', message: 'Large request submitted', user: {} }),
		).toBeUndefined();
		expect(processingDelaySeconds({ type: 'sleep', data: [], user: {} })).toBeUndefined();
	});
});
