import { request } from 'undici';
import type { SendEventOptions, SendEventResult } from '../types';
import { Rng } from '../util/prng';
import { buildSampleEvent, type BuildEventOptions } from './events';
import { signTerraPayload } from './signature';

export const DEFAULT_SIGNING_SECRET = 'emulator-signing-secret';

/** How far off old-/future-timestamp variants are: well past the SDKs' 300 s default tolerance. */
const SKEW_SECONDS = 3600;

export interface PreparedEvent {
	rawBody: string;
	headers: Record<string, string>;
}

/**
 * Builds the exact bytes and headers a Terra webhook POST carries, then applies the test variant:
 * wrong-secret signs with another secret, old-/future-timestamp sign correctly for a skewed `t`,
 * unsigned drops the signature headers, malformed sends a value no parser accepts.
 */
export function prepareEvent(
	options: Omit<SendEventOptions, 'url'>,
	buildOptions: BuildEventOptions = {},
): PreparedEvent {
	const secret = options.secret ?? DEFAULT_SIGNING_SECRET;
	const variant = options.variant ?? 'valid';
	const now = Math.floor(Date.now() / 1000);
	const body =
		options.body ??
		buildSampleEvent(options.type, {
			...buildOptions,
			reference: options.reference ?? buildOptions.reference,
		});
	const rawBody = padded(JSON.stringify(body), options.padToBytes);
	const rng = new Rng('send-event', rawBody, now, Math.random());
	const reference =
		options.reference ??
		(typeof (body as { reference?: unknown }).reference === 'string'
			? String((body as { reference: string }).reference)
			: rng.uuid());

	let t = options.timestampSeconds ?? now;
	if (variant === 'old-timestamp') t = (options.timestampSeconds ?? now) - SKEW_SECONDS;
	if (variant === 'future-timestamp') t = (options.timestampSeconds ?? now) + SKEW_SECONDS;
	let signature: string | undefined;
	if (variant === 'valid' || variant === 'old-timestamp' || variant === 'future-timestamp')
		signature = signTerraPayload(secret, rawBody, t);
	else if (variant === 'wrong-secret') signature = signTerraPayload(`${secret}-wrong`, rawBody, t);
	else if (variant === 'malformed') signature = 'this-is-not-a-terra-signature';

	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'user-agent': 'Terra-Emulator/1.0',
		'terra-reference': reference,
		'x-terra-trace-id': rng.uuid(),
		'x-terra-ordering-timestamp': String(options.orderingTimestamp ?? Date.now()),
	};
	if (signature !== undefined) {
		const which = options.headerName ?? 'both';
		if (which === 'terra-signature' || which === 'both') headers['terra-signature'] = signature;
		if (which === 'x-terra-signature' || which === 'both') headers['x-terra-signature'] = signature;
	}
	return { rawBody, headers };
}

/** The JSON object text with a `padding` field added so that it is at least `bytes` long (unchanged without `bytes`). */
export function padded(json: string, bytes: number | undefined): string {
	if (bytes === undefined || json.length >= bytes || !json.endsWith('}')) return json;
	const head = `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"padding":"`;
	return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
}

/** POSTs prepared bytes with undici; throws on connection failure or timeout. */
export async function postRaw(
	url: string,
	rawBody: string,
	headers: Record<string, string>,
	timeoutMs = 10_000,
): Promise<{ status: number; body: string }> {
	const res = await request(url, {
		method: 'POST',
		body: rawBody,
		headers,
		headersTimeout: timeoutMs,
		bodyTimeout: timeoutMs,
	});
	const body = await res.body.text();
	return { status: res.statusCode, body };
}

/** Sends one signed sample event (the send-event CLI engine). Needs no running emulator. */
export async function sendEvent(
	options: SendEventOptions,
	buildOptions: BuildEventOptions = {},
): Promise<SendEventResult> {
	const { rawBody, headers } = prepareEvent(options, buildOptions);
	const res = await postRaw(options.url, rawBody, headers, options.timeoutMs);
	return { status: res.status, responseBody: res.body, rawBody, headers };
}
