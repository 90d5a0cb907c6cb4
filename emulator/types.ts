/** Public types of the Terra emulator (other test code and the e2e suite depend on these names). */

/** Terra's user record (spec `TerraUser`), exactly as it appears in API responses and webhook bodies. */
export interface TerraUser {
	user_id: string;
	provider: string;
	created_at: string | null;
	last_webhook_update: string | null;
	scopes: string | null;
	reference_id: string | null;
	active: boolean | null;
}

export interface AddUsersOptions {
	/** Marks the new users inactive (active: false), as PATCH /users would. */
	inactive?: boolean;
}

export interface StartEmulatorOptions {
	/** 0 (default) = random free port. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default 42; all synthetic data is a pure function of seed (+ user, date, type). */
	seed?: number;
	devId?: string;
	apiKey?: string;
	/** Webhook signing secret, default 'emulator-signing-secret'. */
	signingSecret?: string;
	/** Webhook destination; unset => to_webhook=true answers Terra's NoDestinationsAvailable 200 problem body. */
	webhookUrl?: string;
	/** Number of synthetic users, default 8. */
	users?: number;
	/** Terra-like defaults: 10 retries (11 attempts), 30 s doubling, capped at 8 h. */
	webhookRetry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
	/** to_webhook=true ranges longer than this many days are "large" (chunked). Default: more than one calendar month. */
	largeRequestDays?: number;
	/** Ping delivery: data events are delivered as s3_payload pointers to a URL the emulator serves. */
	s3PayloadMode?: boolean;
	log?: (line: string) => void;

	// Extensions beyond the brief's option set (all optional):
	/** Per-attempt webhook timeout (Terra: about 8 s). */
	webhookTimeoutMs?: number;
	/** Emulated account creation date (YYYY-MM-DD); after 2026-09-03 the legacy widget endpoint answers 410. Default 2025-01-01. */
	accountCreatedAt?: string;
	/** Planned Workouts add-on enabled (false => 403 on plan/reschedule). Default true. */
	plannedWorkoutsAddon?: boolean;
	/** s3_payload URL lifetime in seconds. Default 600. */
	s3ExpiresInSeconds?: number;
	/** How long an uploaded lab report "processes" before its webhook. Default 50 ms. */
	labProcessingMs?: number;
	/**
	 * Added response time of the Terra API (default none): `perRequestMs` on every answer, plus `perDayMs` per day a
	 * data GET covers. Also settable later (`setLatency`, `PUT /__emulator/latency`).
	 */
	latency?: { perRequestMs?: number; perDayMs?: number };
}

export type Surface = 'current' | 'legacy' | 'widget' | 'control' | 'other';

export interface RecordedRequest {
	method: string;
	/** Path without query and without the surface prefix, e.g. '/activity'. */
	path: string;
	surface: Surface;
	/** As received (path + query). */
	url: string;
	query: Record<string, string | string[]>;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** Parsed JSON if JSON; for multipart { fields, files: [{ field, filename, contentType, size, sha256 }] }; else string. */
	body: unknown;
	rawBody: Buffer;
	/** 0 when no answer was sent (a `reset` or `hang` fault). */
	status: number;
	/** The injected fault that shaped this request's answer, if any. */
	fault?: 'status' | 'latencyMs' | 'reset' | 'processing' | 'hang' | ResponseFault;
}

/**
 * `path` is matched without the surface prefix; '/workouts/:id' style segments and plain prefixes both match.
 * `query`, when given, must match those query values exactly: e.g. `{page: '1'}` for the second page only, or
 * `{user_id: '…'}` to fail one user's requests.
 */
export type FaultMatch = { method?: string; path: string; query?: Record<string, string> };

export type Fault = (
	/**
	 * Answers with this status instead of the route. With `afterRoute`, the route runs first and its side effects
	 * happen (a to_webhook request's deliveries are queued), then the status replaces its answer: a gateway 504 after
	 * Terra accepted the work.
	 */
	| { status: number; body?: unknown; headers?: Record<string, string>; afterRoute?: boolean }
	| { latencyMs: number }
	| { reset: true }
	| { processing: { retryAfterSeconds: number } }
	/** Accepts the request and never answers (the socket stays open until the client gives up or the emulator closes). */
	| { hang: true }
	/** The route's real answer, its JSON cut in half: a complete HTTP message whose body is not valid JSON. */
	| { invalidJson: true }
	/** The route's real answer with its full Content-Length, but only half the body is sent before the socket closes. */
	| { shortBody: true }
	/** The route's real answer nested one level deeper, as `{result: <answer>}`: valid JSON, not the promised shape. */
	| { wrongShape: true }
) & { times?: number };

/** The fault kinds that change the route's answer rather than replace it. */
export type ResponseFault = 'invalidJson' | 'shortBody' | 'wrongShape';

export interface WebhookDelivery {
	/** Delivery id (stable across retries of the same payload). */
	id: string;
	/** 1-based attempt number. */
	attempt: number;
	url: string;
	type: string;
	/** terra-reference header value. */
	reference: string;
	/** X-Terra-Trace-Id header value (`<id>:chunk:<n>` for chunks). */
	traceId: string;
	headers: Record<string, string>;
	rawBody: string;
	body: unknown;
	sentAt: number;
	/** HTTP status received, undefined when the attempt failed at the connection level / timed out. */
	status?: number;
	responseBody?: string;
	error?: string;
	/** True once a 2xx was received. */
	ok: boolean;
	/** When the next retry is scheduled (epoch ms), if any. */
	nextRetryAt?: number;
	/** How long the attempt took until answered or abandoned (ms); set by deliverRetrying and replay. */
	ms?: number;
	/** Set on a replay of an earlier delivery: 'exact' (same bytes and signature) or 'resigned'. */
	replayOf?: 'exact' | 'resigned';
}

export type SendEventVariant =
	| 'valid'
	| 'wrong-secret'
	| 'old-timestamp'
	| 'future-timestamp'
	| 'unsigned'
	| 'malformed';

export interface SendEventOptions {
	url: string;
	type: string;
	secret?: string;
	variant?: SendEventVariant;
	/** Which signature header(s) to send; default 'both' (Terra currently emits both). */
	headerName?: 'terra-signature' | 'x-terra-signature' | 'both';
	/** Body to send instead of the built sample. */
	body?: object;
	/** terra-reference (and large_request_* `reference`). */
	reference?: string;
	/** Overrides the signing timestamp (unix seconds). */
	timestampSeconds?: number;
	/** X-Terra-Ordering-Timestamp (unix ms) to send instead of now: an older or newer copy of the same data. */
	orderingTimestamp?: number;
	/** Per-request timeout, default 10 s. */
	timeoutMs?: number;
	/** Pads the body with a `padding` string field until it is at least this many bytes (an oversized delivery). */
	padToBytes?: number;
}

export interface SendEventResult {
	status: number;
	responseBody: string;
	/** Exact bytes sent (what the signature covers). */
	rawBody: string;
	/** Request headers sent (lower-cased names). */
	headers: Record<string, string>;
}

export interface TerraEmulator {
	url: string;
	baseUrl: string;
	legacyBaseUrl: string;
	devId: string;
	apiKey: string;
	signingSecret: string;
	users: TerraUser[];
	requests: RecordedRequest[];
	clearRequests(): void;
	faults: { inject(match: FaultMatch, fault: Fault): void; clear(): void };
	/** Connects `count` more users (after the seeded ones, which stay as they are); returns them. */
	addUsers(count: number, options?: AddUsersOptions): TerraUser[];
	deliveries: WebhookDelivery[];
	setWebhook(url: string | undefined, secret?: string): void;
	sendEvent(options: SendEventOptions): Promise<SendEventResult>;
	waitForDeliveries(
		predicate: (all: WebhookDelivery[]) => boolean,
		timeoutMs?: number,
	): Promise<WebhookDelivery[]>;
	/** Terra's retry-on-timeout for one event, awaited (see WebhookSender.deliverRetrying). */
	deliverRetrying(
		event: { body: Record<string, unknown>; reference: string; traceId: string; url?: string },
		policy: { timeoutMs: number; maxAttempts: number; retryDelayMs: number },
	): Promise<WebhookDelivery[]>;
	/** Sends a recorded delivery again, as captured ('exact') or signed afresh ('resigned'). */
	replay(
		id: string,
		options: { mode: 'exact' | 'resigned'; headers?: Record<string, string | null> },
	): Promise<WebhookDelivery>;
	resetRateLimits(): void;
	/** Changes the latency model; unnamed parts keep their values. Returns the model now in force. */
	setLatency(model: { perRequestMs?: number; perDayMs?: number }): { perRequestMs: number; perDayMs: number };
	close(): Promise<void>;
}
