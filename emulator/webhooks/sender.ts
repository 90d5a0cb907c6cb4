import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { request } from 'undici';
import type { SendEventOptions, SendEventResult, WebhookDelivery } from '../types';
import { signTerraPayload } from './signature';
import { prepareEvent } from './sendEvent';
import type { BuildEventOptions } from './events';

export interface RetryPolicy {
	/** Total attempts including the first (Terra: 1 + 10 retries). */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const TERRA_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 11,
	baseDelayMs: 30_000,
	maxDelayMs: 8 * 3_600_000,
};

export interface OutgoingEvent {
	body: Record<string, unknown>;
	/** terra-reference header. */
	reference: string;
	/** X-Terra-Trace-Id header (stable across retries). */
	traceId: string;
}

interface Job extends OutgoingEvent {
	id: string;
	rawBody: string;
	type: string;
	/** X-Terra-Ordering-Timestamp: stamped once when emitted, unchanged across retries. */
	orderingTimestamp: number;
}

/**
 * Terra-like webhook delivery: signs each attempt freshly (`t` is the send time), treats any 2xx as an
 * acknowledgement, retries everything else (non-2xx, connection errors, timeouts) with doubling backoff,
 * always to the currently configured destination. Every attempt is recorded in `deliveries`.
 */
export class WebhookSender {
	readonly deliveries: WebhookDelivery[] = [];
	private readonly events = new EventEmitter();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly controllers = new Set<AbortController>();
	private closed = false;

	constructor(
		private destination: { url?: string; secret: string },
		private readonly retry: RetryPolicy,
		private readonly timeoutMs: number,
		private readonly log: (line: string) => void,
	) {
		this.events.setMaxListeners(0);
	}

	get url(): string | undefined {
		return this.destination.url;
	}

	get secret(): string {
		return this.destination.secret;
	}

	setDestination(url: string | undefined, secret?: string): void {
		this.destination = { url: url || undefined, secret: secret ?? this.destination.secret };
	}

	/** Sends the first attempt (awaited, so a flow's events go out in order); retries run in the background. */
	async deliver(event: OutgoingEvent): Promise<WebhookDelivery | undefined> {
		if (!this.destination.url || this.closed) return undefined;
		const rawBody = JSON.stringify(event.body);
		const job: Job = {
			...event,
			id: randomUUID(),
			rawBody,
			type: String(event.body.type),
			orderingTimestamp: Date.now(),
		};
		return this.attempt(job, 1);
	}

	/** One-shot signed send (send-event engine) recorded like a delivery; no retries. */
	async sendOnce(
		options: SendEventOptions,
		buildOptions: BuildEventOptions,
	): Promise<SendEventResult> {
		const { rawBody, headers } = prepareEvent(
			{ ...options, secret: options.secret ?? this.destination.secret },
			buildOptions,
		);
		const record: WebhookDelivery = {
			id: randomUUID(),
			attempt: 1,
			url: options.url,
			type: safeType(rawBody, options.type),
			reference: headers['terra-reference'],
			traceId: headers['x-terra-trace-id'],
			headers,
			rawBody,
			body: safeParse(rawBody),
			sentAt: Date.now(),
			ok: false,
		};
		try {
			const res = await this.post(
				options.url,
				rawBody,
				headers,
				options.timeoutMs ?? this.timeoutMs,
			);
			record.status = res.status;
			record.responseBody = res.body;
			record.ok = res.status >= 200 && res.status < 300;
			return { status: res.status, responseBody: res.body, rawBody, headers };
		} catch (error) {
			record.error = describe(error);
			throw error;
		} finally {
			this.record(record);
		}
	}

	/**
	 * Terra's retry-on-timeout, awaited: the event is sent, and sent again (same body and trace ID, signed afresh)
	 * whenever an attempt is not answered 2xx within `timeoutMs`, up to `maxAttempts`, `retryDelayMs` apart. As with
	 * Terra, the receiver may still be handling an abandoned attempt when the next one arrives. Resolves with every
	 * attempt once one succeeded or none are left.
	 */
	async deliverRetrying(
		event: OutgoingEvent & { url?: string },
		policy: { timeoutMs: number; maxAttempts: number; retryDelayMs: number },
	): Promise<WebhookDelivery[]> {
		const url = event.url ?? this.destination.url;
		if (!url) throw new Error('no url given and no webhook destination configured');
		const job: Job = {
			...event,
			id: randomUUID(),
			rawBody: JSON.stringify(event.body),
			type: String(event.body.type),
			orderingTimestamp: Date.now(),
		};
		const attempts: WebhookDelivery[] = [];
		for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
			const headers = this.headersFor(job, signTerraPayload(this.destination.secret, job.rawBody));
			const record = this.recordFor(job, attempt, url, headers);
			await answerInto(record, () => postWithDeadline(url, job.rawBody, headers, policy.timeoutMs));
			record.ms = Date.now() - record.sentAt;
			this.record(record);
			attempts.push(record);
			if (record.ok || this.closed) break;
			await new Promise((resolve) => setTimeout(resolve, policy.retryDelayMs));
		}
		return attempts;
	}

	/**
	 * Sends a recorded delivery again: `exact` replays its bytes and headers (signature included, as an attacker
	 * with a captured request would), `resigned` signs it afresh (as a Terra retry does). `headers` overrides or,
	 * with null, removes request headers (e.g. a changed or missing X-Terra-Trace-Id).
	 */
	async replay(
		id: string,
		options: { mode: 'exact' | 'resigned'; headers?: Record<string, string | null>; timeoutMs?: number },
	): Promise<WebhookDelivery> {
		const original = this.deliveries.find((delivery) => delivery.id === id);
		if (!original) throw new Error(`no recorded delivery ${id}`);
		const headers = { ...original.headers };
		if (options.mode === 'resigned') {
			const signature = signTerraPayload(this.destination.secret, original.rawBody);
			headers['terra-signature'] = signature;
			headers['x-terra-signature'] = signature;
		}
		for (const [name, value] of Object.entries(options.headers ?? {})) {
			if (value === null) delete headers[name.toLowerCase()];
			else headers[name.toLowerCase()] = value;
		}
		const attempt = 1 + this.deliveries.filter((delivery) => delivery.id === id).length;
		const record: WebhookDelivery = {
			...original,
			attempt,
			headers,
			traceId: headers['x-terra-trace-id'] ?? '',
			sentAt: Date.now(),
			ok: false,
			status: undefined,
			responseBody: undefined,
			error: undefined,
			nextRetryAt: undefined,
			replayOf: options.mode,
		};
		await answerInto(record, () => this.post(original.url, original.rawBody, headers, options.timeoutMs ?? this.timeoutMs));
		record.ms = Date.now() - record.sentAt;
		this.record(record);
		return record;
	}

	waitFor(
		predicate: (all: WebhookDelivery[]) => boolean,
		timeoutMs: number,
	): Promise<WebhookDelivery[]> {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (predicate(this.deliveries)) {
					cleanup();
					resolve([...this.deliveries]);
					return true;
				}
				return false;
			};
			const timer = setTimeout(() => {
				cleanup();
				const summary = this.deliveries
					.map((d) => `${d.type}#${d.attempt}:${d.status ?? d.error}`)
					.join(', ');
				reject(
					new Error(
						`waitForDeliveries timed out after ${timeoutMs} ms; deliveries so far: [${summary}]`,
					),
				);
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.events.off('delivery', check);
			};
			this.events.on('delivery', check);
			check();
		});
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const c of this.controllers) c.abort();
		this.controllers.clear();
		for (const req of abandoned) req.destroy();
		abandoned.clear();
	}

	private async attempt(job: Job, attempt: number): Promise<WebhookDelivery | undefined> {
		const url = this.destination.url;
		if (!url || this.closed) return undefined;
		const headers = this.headersFor(job, signTerraPayload(this.destination.secret, job.rawBody));
		const record = this.recordFor(job, attempt, url, headers);
		await answerInto(record, () => this.post(url, job.rawBody, headers, this.timeoutMs));
		if (!record.ok && attempt < this.retry.maxAttempts && !this.closed) {
			const delay = Math.min(this.retry.baseDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs);
			record.nextRetryAt = Date.now() + delay;
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				void this.attempt(job, attempt + 1);
			}, delay);
			timer.unref();
			this.timers.add(timer);
		}
		this.log(
			`webhook ${job.type} #${attempt} -> ${url}: ${record.status ?? record.error}${record.nextRetryAt ? ` (retry in ${record.nextRetryAt - Date.now()} ms)` : ''}`,
		);
		this.record(record);
		return record;
	}

	private headersFor(job: Job, signature: string): Record<string, string> {
		return {
			'content-type': 'application/json',
			'user-agent': 'Terra-Emulator/1.0',
			'terra-signature': signature,
			'x-terra-signature': signature,
			'terra-reference': job.reference,
			'x-terra-trace-id': job.traceId,
			'x-terra-ordering-timestamp': String(job.orderingTimestamp),
		};
	}

	private recordFor(job: Job, attempt: number, url: string, headers: Record<string, string>): WebhookDelivery {
		return {
			id: job.id,
			attempt,
			url,
			type: job.type,
			reference: job.reference,
			traceId: job.traceId,
			headers,
			rawBody: job.rawBody,
			body: job.body,
			sentAt: Date.now(),
			ok: false,
		};
	}

	private record(delivery: WebhookDelivery): void {
		this.deliveries.push(delivery);
		this.events.emit('delivery');
	}

	private async post(
		url: string,
		rawBody: string,
		headers: Record<string, string>,
		timeoutMs: number,
	): Promise<{ status: number; body: string }> {
		const controller = new AbortController();
		this.controllers.add(controller);
		// undici's own timeouts are coarse (about a second); Terra's is a deadline for the answer.
		const deadline = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
		try {
			const res = await request(url, {
				method: 'POST',
				body: rawBody,
				headers,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
				signal: controller.signal,
			});
			return { status: res.statusCode, body: await res.body.text() };
		} finally {
			clearTimeout(deadline);
			this.controllers.delete(controller);
		}
	}
}

/** Requests whose answer the sender stopped waiting for; close() ends them. */
const abandoned = new Set<ClientRequest>();

/**
 * One POST whose deadline starts once the body has been handed to the network. After `timeoutMs` the sender stops
 * waiting (as Terra does) and the attempt fails, but the connection is left open: the receiver gets the whole
 * delivery and may still be handling it when the next attempt arrives, the case a receiver must cope with.
 */
function postWithDeadline(
	url: string,
	rawBody: string,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		let timer: NodeJS.Timeout | undefined;
		const req = send(
			target,
			{ method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(rawBody)) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => {
					clearTimeout(timer);
					abandoned.delete(req);
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
				});
				res.on('error', reject);
			},
		);
		req.on('finish', () => {
			timer = setTimeout(() => {
				abandoned.add(req);
				reject(new Error(`no answer within ${timeoutMs} ms`));
			}, timeoutMs);
		});
		req.on('error', (error) => {
			clearTimeout(timer);
			abandoned.delete(req);
			reject(error);
		});
		req.on('close', () => abandoned.delete(req));
		req.end(rawBody);
	});
}

/** Sends one attempt and writes its outcome into the record: the answer (ok when 2xx) or the error. Never throws. */
async function answerInto(record: WebhookDelivery, send: () => Promise<{ status: number; body: string }>): Promise<void> {
	try {
		const res = await send();
		record.status = res.status;
		record.responseBody = res.body;
		record.ok = res.status >= 200 && res.status < 300;
	} catch (error) {
		record.error = describe(error);
	}
}

function describe(error: unknown): string {
	const e = error as Error & { code?: string; cause?: { code?: string } };
	return [e.code ?? e.cause?.code, e.message].filter(Boolean).join(' ');
}

function safeParse(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

function safeType(raw: string, fallback: string): string {
	const parsed = safeParse(raw) as { type?: unknown };
	return typeof parsed?.type === 'string' ? parsed.type : fallback;
}
