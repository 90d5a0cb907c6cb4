/**
 * Ping delivery mode: Terra sends `{ type: "s3_payload", url, expires_in }` instead of the data, and the data is a
 * JSON document at `url` (a presigned, short-lived URL: fetch it without credentials, straight away).
 */
import { jsonParse, type IWebhookFunctions } from 'n8n-workflow';

import { isPlainObject } from './output';

export const S3_FETCH_TIMEOUT_MS = 30_000;

/** The pointer's URL, if it is an http(s) URL. */
export function s3PayloadUrl(body: unknown): string | undefined {
	if (!isPlainObject(body) || typeof body.url !== 'string') return undefined;
	return /^https?:\/\//i.test(body.url) ? body.url : undefined;
}

/** Downloads and parses the event behind an s3_payload pointer. Throws on HTTP or parse failure. */
export async function fetchS3Payload(this: IWebhookFunctions, url: string): Promise<unknown> {
	const response: unknown = await this.helpers.httpRequest({
		method: 'GET',
		url,
		json: true,
		timeout: S3_FETCH_TIMEOUT_MS,
	});
	if (typeof response === 'string') return jsonParse(response);
	if (Buffer.isBuffer(response)) return jsonParse(response.toString('utf8'));
	return response;
}

/** A short, secret-free description of a failed fetch for the error item and the log. */
export function describeFetchError(error: unknown): string {
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
