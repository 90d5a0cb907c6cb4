/**
 * The Terra emulator as a separate process (`scripts/emulator.ts`, what `npm run emulator` runs) and a client for
 * its control API under /__emulator/.
 */
import path from 'node:path';

import type {
	RecordedRequest,
	SendEventResult,
	SendEventVariant,
	TerraUser,
	WebhookDelivery,
} from '../../emulator/types';
import { startProcess, waitFor, type ManagedProcess } from './processes';
import { REPO } from './runtime';

/** The control API's JSON forms of the emulator's own types (emulator/types.ts). */
export type RecordedRequestJson = Omit<RecordedRequest, 'rawBody'> & {
	/** base64 */
	rawBody: string;
};
export type DeliveryJson = WebhookDelivery;
/** One attempt of deliverRetrying or replay: a delivery record without its body. */
export type DeliveryAttemptJson = Omit<WebhookDelivery, 'rawBody' | 'body'>;
export type EmulatorUserJson = TerraUser;
export type SendEventResultJson = SendEventResult;

export interface EmulatorProcessOptions {
	port: number;
	webhookUrl?: string;
	signingSecret: string;
	logFile: string;
	seed?: number;
	users?: number;
	/** Fast webhook retries, so a delivery that races n8n's webhook registration is retried quickly. */
	retryBaseMs?: number;
	retryMaxAttempts?: number;
	/** The latency model (emulator/http/latency.ts) to start with. */
	latency?: { perRequestMs?: number; perDayMs?: number };
	quiet?: boolean;
}

export class EmulatorClient {
	constructor(readonly url: string) {}

	get apiBaseUrl(): string {
		return `${this.url}/api/v2`;
	}

	private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/__emulator${route}`, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`emulator ${method} ${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	health = () => this.call<{ status: string }>('GET', '/health');

	/** Terra API requests only (the control API's own requests are left out). */
	async requests(): Promise<RecordedRequestJson[]> {
		const all = await this.call<RecordedRequestJson[]>('GET', '/requests');
		return all.filter((request) => request.surface !== 'control');
	}

	clearRequests = () => this.call<void>('DELETE', '/requests');

	injectFault = (match: { method?: string; path: string; query?: Record<string, string> }, fault: Record<string, unknown>) =>
		this.call<unknown>('POST', '/faults', { match, fault });

	clearFaults = () => this.call<void>('DELETE', '/faults');

	users = () => this.call<EmulatorUserJson[]>('GET', '/users');

	/** Connects more users after the seeded ones (which stay as they are). */
	addUsers = (count: number, options: { inactive?: boolean } = {}) =>
		this.call<EmulatorUserJson[]>('POST', '/users', { count, ...options });

	deliveries = () => this.call<DeliveryJson[]>('GET', '/deliveries');

	webhook = () => this.call<{ url: string | null; secret: string }>('GET', '/webhook');

	/** A signed event (or a forged/expired/unsigned variant) to the configured destination or `url`. */
	sendEvent = (options: {
		type: string;
		variant?: SendEventVariant;
		url?: string;
		user_id?: string;
		body?: object;
		reference?: string;
		padToBytes?: number;
		/** X-Terra-Ordering-Timestamp (unix ms) instead of now. */
		orderingTimestamp?: number;
		/** How long the emulator waits for the answer (default 8 s, about Terra's). */
		timeoutMs?: number;
	}) => this.call<SendEventResultJson>('POST', '/events', options);

	/** Where the emulator delivers webhooks (Terra's destination), e.g. to put a proxy in front of n8n. */
	setWebhook = (url: string | null) => this.call<{ url: string | null }>('PUT', '/webhook', { url });

	/** Terra's retry-on-timeout for one event (see emulator/routes/deliveries.ts); resolves with every attempt. */
	deliverRetrying = (options: {
		url: string;
		type?: string;
		body?: object;
		user_id?: string;
		reference?: string;
		traceId?: string;
		padToBytes?: number;
		timeoutMs: number;
		maxAttempts: number;
		retryDelayMs?: number;
	}) => this.call<DeliveryAttemptJson[]>('POST', '/deliveries/retrying', options);

	/** Sends a recorded delivery again: as captured ('exact') or signed afresh ('resigned'); null removes a header. */
	replay = (id: string, options: { mode: 'exact' | 'resigned'; headers?: Record<string, string | null>; timeoutMs?: number }) =>
		this.call<DeliveryAttemptJson>('POST', `/deliveries/${id}/replay`, options);

	/** An object in the emulated S3 (padded, redirecting or slow), for s3_payload pointers. */
	createS3Object = (options: {
		type?: string;
		body?: object;
		padToBytes?: number;
		redirectTo?: string;
		redirectStatus?: number;
		delayMs?: number;
	}) => this.call<{ id: string; url: string; bytes: number }>('POST', '/s3', options);

	/** The ids of the S3 objects requested so far (GET /__emulator/s3/<id>), in order. */
	async s3Requests(): Promise<string[]> {
		const all = await this.call<RecordedRequestJson[]>('GET', '/requests');
		return all.filter((request) => request.surface === 'control' && request.method === 'GET' && request.path.startsWith('/s3/')).map((request) => request.path.slice(4));
	}

	resetRateLimits = () => this.call<void>('POST', '/reset-rate-limits');

	/** The latency model: per request, and per day a data GET covers (unnamed parts keep their values). */
	setLatency = (model: { perRequestMs?: number; perDayMs?: number }) =>
		this.call<{ perRequestMs: number; perDayMs: number }>('PUT', '/latency', model);
}

export async function startEmulatorProcess(
	options: EmulatorProcessOptions,
): Promise<{ process: ManagedProcess; client: EmulatorClient }> {
	const tsNode = path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const args = [
		tsNode,
		'--transpile-only',
		'-P',
		path.join(REPO, 'tsconfig.dev.json'),
		path.join(REPO, 'scripts', 'emulator.ts'),
		'--port',
		String(options.port),
		'--host',
		'127.0.0.1',
		'--signing-secret',
		options.signingSecret,
	];
	if (options.webhookUrl) args.push('--webhook-url', options.webhookUrl);
	if (options.seed !== undefined) args.push('--seed', String(options.seed));
	if (options.users !== undefined) args.push('--users', String(options.users));
	if (options.retryBaseMs !== undefined) args.push('--retry-base-ms', String(options.retryBaseMs));
	if (options.retryMaxAttempts !== undefined) args.push('--retry-max-attempts', String(options.retryMaxAttempts));
	if (options.latency?.perRequestMs !== undefined) args.push('--latency-ms', String(options.latency.perRequestMs));
	if (options.latency?.perDayMs !== undefined) args.push('--latency-per-day-ms', String(options.latency.perDayMs));
	if (options.quiet) args.push('--quiet');
	const child = startProcess('emulator', process.execPath, args, {
		cwd: REPO,
		env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, 'tsconfig.dev.json') },
		logFile: options.logFile,
	});
	const client = new EmulatorClient(`http://127.0.0.1:${options.port}`);
	await waitFor('the Terra emulator to answer /__emulator/health', async () => ((await client.health()).status === 'ok' ? true : undefined), {
		timeoutMs: 60_000,
		alive: () => {
			if (!child.isRunning()) throw new Error(`the emulator exited early:\n${child.logTail()}`);
		},
	});
	return { process: child, client };
}
