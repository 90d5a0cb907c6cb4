/**
 * Ping delivery mode: Terra sends `{ type: "s3_payload", url, expires_in }` instead of the data, and the data is a
 * JSON document at `url` (a presigned, short-lived URL: fetch it without credentials, straight away).
 *
 * The URL comes from a request, so the fetch is fenced in: only allow-listed hosts (see s3Hosts.ts), redirects only
 * to the same origin (at most MAX_REDIRECTS), a size cap enforced while reading, and one deadline for everything.
 */
import { jsonParse, type IDataObject, type IN8nHttpFullResponse, type IWebhookFunctions } from 'n8n-workflow';

import { isPlainObject } from './output';
import { parseAllowedHosts, redactedUrl, refuseUrl } from './s3Hosts';

export const DEFAULT_S3_TIMEOUT_SECONDS = 30;
export const DEFAULT_S3_MAX_SIZE_MB = 32;
const MAX_REDIRECTS = 3;

export interface S3FetchLimits {
	/** The S3 Payload Hosts allow-list. */
	hosts: string;
	maxBytes: number;
	timeoutMs: number;
}

/** A failure with a complete, secret-free message for the error item and the log (never leaves this module). */
class S3PayloadError extends Error {}

/** The pointer's URL, if it is an http(s) URL. */
export function s3PayloadUrl(body: unknown): string | undefined {
	if (!isPlainObject(body) || typeof body.url !== 'string') return undefined;
	return /^https?:\/\//i.test(body.url) ? body.url : undefined;
}

type ResponseStream = AsyncIterable<Buffer | string> & { destroy?: () => void };

function headerOf(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function megabytes(bytes: number): string {
	return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Reads a response body, giving up as soon as it is larger than `maxBytes`. */
async function readCapped(stream: ResponseStream, maxBytes: number, what: string): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += bytes.length;
		if (size > maxBytes) {
			stream.destroy?.();
			throw new S3PayloadError(`${what} is larger than the ${megabytes(maxBytes)} allowed by Max S3 Payload Size (MB)`);
		}
		chunks.push(bytes);
	}
	return Buffer.concat(chunks);
}

async function get(this: IWebhookFunctions, url: URL, limits: S3FetchLimits, signal: AbortSignal) {
	return (await this.helpers.httpRequest({
		method: 'GET',
		url: url.href,
		encoding: 'stream',
		returnFullResponse: true,
		disableFollowRedirect: true,
		ignoreHttpStatusErrors: true,
		timeout: limits.timeoutMs,
		abortSignal: signal,
	})) as IN8nHttpFullResponse & { body: ResponseStream };
}

async function fetchWithinLimits(this: IWebhookFunctions, pointer: string, limits: S3FetchLimits, signal: AbortSignal) {
	const { rules } = parseAllowedHosts(limits.hosts);
	const parsed = parseUrl(pointer);
	if (parsed === undefined) throw new S3PayloadError('The s3_payload URL is not a valid URL');
	let url: URL = parsed;
	for (let redirects = 0; ; redirects++) {
		const refusal = refuseUrl(url, rules);
		if (refusal !== undefined) throw new S3PayloadError(`The s3_payload URL was not fetched: ${refusal}`);
		const response = await get.call(this, url, limits, signal);
		const status = response.statusCode;
		if (status >= 300 && status < 400) {
			response.body.destroy?.();
			const location = headerOf(response.headers, 'location');
			const target: URL | undefined = location === undefined ? undefined : parseUrl(location, url);
			if (target === undefined || target.origin !== url.origin) {
				const where = target === undefined ? 'without a valid Location' : `to ${target.host}`;
				throw new S3PayloadError(`The s3_payload URL redirected (HTTP ${status}) ${where}; redirects to another host are not followed`);
			}
			if (redirects >= MAX_REDIRECTS) throw new S3PayloadError(`The s3_payload URL redirected more than ${MAX_REDIRECTS} times`);
			url = target;
			continue;
		}
		if (status < 200 || status >= 300) {
			const text = (await readCapped(response.body, 64 * 1024, 'The error response').catch(() => Buffer.alloc(0))).toString();
			const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1];
			throw new S3PayloadError(`Fetching the s3_payload URL ${redactedUrl(url)} failed: HTTP ${status}${code ? ` ${code}` : ''}`);
		}
		const length = Number(headerOf(response.headers, 'content-length'));
		if (Number.isFinite(length) && length > limits.maxBytes) {
			response.body.destroy?.();
			throw new S3PayloadError(`The s3_payload (${megabytes(length)}) is larger than the ${megabytes(limits.maxBytes)} allowed by Max S3 Payload Size (MB)`);
		}
		return await readCapped(response.body, limits.maxBytes, 'The s3_payload');
	}
}

function parseUrl(text: string, base?: URL): URL | undefined {
	try {
		return new URL(text, base);
	} catch {
		return undefined;
	}
}

export type S3PayloadResult = { event: unknown } | { error: string };

/** Downloads and parses the event behind an s3_payload pointer; a failure is described, never thrown. */
export async function fetchS3Payload(this: IWebhookFunctions, pointer: string, limits: S3FetchLimits): Promise<S3PayloadResult> {
	const signal = AbortSignal.timeout(limits.timeoutMs);
	let bytes: Buffer;
	try {
		bytes = await fetchWithinLimits.call(this, pointer, limits, signal);
	} catch (error) {
		if (signal.aborted && !(error instanceof S3PayloadError)) {
			return { error: `Fetching the s3_payload URL took longer than ${limits.timeoutMs / 1000} s (S3 Fetch Timeout)` };
		}
		return { error: describeFetchError(error) };
	}
	try {
		return { event: jsonParse(bytes.toString('utf8')) };
	} catch {
		return { error: `The s3_payload (${megabytes(bytes.length)}) is not JSON` };
	}
}

/** A short, secret-free description of a failed fetch for the error item and the log. */
export function describeFetchError(error: unknown): string {
	if (error instanceof S3PayloadError) return error.message;
	if (!isPlainObject(error)) return `Fetching the s3_payload URL failed: ${String(error)}`;
	const status =
		(error.response as IDataObjectLike | undefined)?.status ?? (error.httpCode as string | number | undefined);
	const message = typeof error.message === 'string' ? error.message : 'Unknown error';
	return status !== undefined && !message.includes(String(status))
		? `Fetching the s3_payload URL failed (HTTP ${String(status)}): ${message}`
		: `Fetching the s3_payload URL failed: ${message}`;
}

interface IDataObjectLike {
	status?: number;
}
