/**
 * What a successful (2xx) Terra answer must look like, declared per endpoint in endpoints.ts. A 2xx whose body is not
 * what the endpoint promises is an error naming the endpoint and what arrived, never an empty success: without the
 * check, a `{records: […]}` where `{data: […]}` was due would become zero items and a green execution.
 *
 * Checks are deliberately loose where Terra itself varies (the legacy host's `no_data` and `processing` bodies, the
 * webhook acknowledgement's several forms) and strict only about what the operation reads.
 */
import type { IDataObject } from 'n8n-workflow';

export interface ResponseShape {
	/** What was expected, for the error: "“users” or “data.results” as a list". */
	expected: string;
	/** Whether an empty 2xx body (e.g. 204) is a valid answer. */
	emptyAllowed: boolean;
	/** Whether `body` (parsed JSON) fits, given the request's query (some answers depend on it). */
	fits(body: unknown, qs: IDataObject): boolean;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(body: unknown, path: string): unknown {
	if (path === '') return body;
	let current: unknown = body;
	for (const key of path.split('.')) {
		if (!isObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

const quoted = (paths: string[]) =>
	paths.map((path) => (path === '' ? 'the body itself' : `“${path}”`)).join(' or ');

/** Any JSON object; `emptyAllowed` for deletes that may answer 204. */
export function object(options: { emptyAllowed?: boolean } = {}): ResponseShape {
	return {
		expected: options.emptyAllowed ? 'a JSON object or an empty body' : 'a JSON object',
		emptyAllowed: options.emptyAllowed ?? false,
		fits: (body) => isObject(body),
	};
}

/** A list at one of these paths ('' = the body is the list). */
export function list(...paths: string[]): ResponseShape {
	return {
		expected: `${quoted(paths)} as a list`,
		emptyAllowed: false,
		fits: (body) => paths.some((path) => Array.isArray(at(body, path))),
	};
}

/** GET /userInfo: a bare list of users for `reference_id`, `{user: {…}}` for `user_id`. */
export function userInfo(): ResponseShape {
	return {
		expected: 'a list of users, or an object with “user”',
		emptyAllowed: false,
		fits: (body) => Array.isArray(body) || isObject(at(body, 'user')),
	};
}

/** Legacy-host variants of a data answer that carry no records on purpose: no data, processing, provider throttled. */
const RECORDLESS_TYPES = new Set(['no_data', 'processing', 'rate_limit']);

function isToWebhook(qs: IDataObject): boolean {
	return qs.to_webhook === true || qs.to_webhook === 'true';
}

/**
 * A data GET (/activity, /sleep, …, /athlete). With to_webhook=true: an acknowledgement (`reference`, `status`, the
 * `large_request_processing` form) or the problem-shaped "no destination" 200. Otherwise the records under
 * `recordsKey` (`data` as a list; `athlete` as an object), or one of the legacy record-less bodies.
 */
export function dataResponse(recordsKey: 'data' | 'athlete'): ResponseShape {
	return {
		expected: `“${recordsKey}” ${recordsKey === 'data' ? 'as a list' : 'as an object'} (or, with webhook delivery, Terra’s acknowledgement)`,
		emptyAllowed: false,
		fits(body, qs) {
			if (!isObject(body)) return false;
			if (isToWebhook(qs)) {
				return ['reference', 'status', 'detail', 'type'].some((key) => typeof body[key] === 'string');
			}
			const records = body[recordsKey];
			if (recordsKey === 'data' ? Array.isArray(records) : isObject(records) || records === null) return true;
			return (
				!(recordsKey in body) &&
				(RECORDLESS_TYPES.has(String(body.type)) || body.status === 'processing')
			);
		},
	};
}

/** The keys of what arrived, for the error: "an object with keys status, result", "a list of 3", "a string". */
export function describeShape(body: unknown): string {
	if (body === undefined || body === '') return 'an empty body';
	if (Array.isArray(body)) return `a list of ${body.length}`;
	if (isObject(body)) {
		const keys = Object.keys(body);
		if (keys.length === 0) return 'an empty object';
		const shown = keys.slice(0, 6).join(', ');
		return `an object with keys ${shown}${keys.length > 6 ? `, … (${keys.length} keys)` : ''}`;
	}
	return `a ${body === null ? 'null' : typeof body}`;
}
