import type { IDataObject } from 'n8n-workflow';

import type { TerraResponse } from '../transport';

export type DataOutput = 'simplified' | 'full' | 'raw';

export function valueAtPath(record: IDataObject, path: string): unknown {
	let current: unknown = record;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

/** The Simplified output: who the record belongs to, then the headline fields; absent fields are left out. */
export function simplifyRecord(
	record: IDataObject,
	fields: Record<string, string> | undefined,
	user: IDataObject | undefined,
): IDataObject {
	const simplified: IDataObject = {};
	if (user?.user_id !== undefined) simplified.user_id = user.user_id;
	if (user?.provider !== undefined) simplified.provider = user.provider;
	if (!fields) return { ...simplified, ...record };
	for (const [name, path] of Object.entries(fields)) {
		const value = valueAtPath(record, path);
		if (value !== undefined && value !== null) simplified[name] = value as IDataObject[string];
	}
	return simplified;
}

/**
 * Overlapping windows can return the same record twice (a sleep that crosses a window edge). Records with a
 * `metadata.summary_id` are kept once, in first-seen order; records without one are never merged.
 */
export function dedupeBySummaryId(records: IDataObject[]): IDataObject[] {
	const seen = new Set<string>();
	return records.filter((record) => {
		const id = valueAtPath(record, 'metadata.summary_id');
		if (typeof id !== 'string' || !id) return true;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}

/** One request of a data Get: the query sent (with its date window) and Terra's answer. */
export interface WindowResponse {
	qs: IDataObject;
	response: TerraResponse<IDataObject>;
}

/** Webhook delivery: Terra's acknowledgement, with the reference its events will carry and the window asked for. */
export function acknowledgementItem({ qs, response }: WindowResponse): IDataObject {
	return {
		...response.body,
		reference: response.body.reference ?? response.reference,
		start_date: qs.start_date,
		end_date: qs.end_date,
		rate_limit: response.rateLimit as IDataObject | undefined,
	};
}

/** Raw Response: Terra's whole answer to one request, plus its rate-limit headers. */
export function rawResponseItem({ response }: WindowResponse): IDataObject {
	return { ...response.body, rate_limit: response.rateLimit as IDataObject | undefined };
}

/**
 * Simplified and Full Records: the records of every window in date order (under `recordsKey`, an object counting
 * as one record), each kept once; Simplified maps them to their headline fields and the user of the response.
 */
export function recordItems(
	responses: WindowResponse[],
	output: 'simplified' | 'full',
	recordsKey: string,
	simplified: Record<string, string> | undefined,
): IDataObject[] {
	const user = responses.find(({ response }) => response.body?.user)?.response.body.user as IDataObject | undefined;
	const records: IDataObject[] = [];
	for (const { response } of responses) {
		const value = response.body?.[recordsKey];
		if (Array.isArray(value)) records.push(...(value as IDataObject[]));
		else if (value && typeof value === 'object') records.push(value as IDataObject);
	}
	const merged = dedupeBySummaryId(records);
	return output === 'full' ? merged : merged.map((record) => simplifyRecord(record, simplified, user));
}
