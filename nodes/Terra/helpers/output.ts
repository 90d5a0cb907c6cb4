import type { IDataObject } from 'n8n-workflow';

import type { SimplifiedColumns } from '../actions/data/catalogue';
import type { TerraResponse } from '../transport';
import type { UserRef } from './users';

export type DataOutput = 'simplified' | 'full' | 'raw' | 'selected';

export function valueAtPath(record: IDataObject, path: string): unknown {
	let current: unknown = record;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

function orNull(value: unknown): IDataObject[string] {
	return value === undefined ? null : (value as IDataObject[string]);
}

/** The user columns every Simplified and Selected Fields item starts with. */
function userColumns(user: UserRef): IDataObject {
	return { user_id: orNull(user.user_id), reference_id: orNull(user.reference_id), provider: orNull(user.provider) };
}

/** The calendar day of a Terra timestamp as written, i.e. in the record's own offset ("2024-03-05T23:10…+09:00"). */
function dayOf(value: unknown): string | null {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

/** The Simplified output: the type's columns, all present for every record (null when the record has no value). */
export function simplifyRecord(record: IDataObject, columns: SimplifiedColumns, type: string, user: UserRef): IDataObject {
	const simplified = userColumns(user);
	if (columns.date) {
		const date = dayOf(valueAtPath(record, columns.date));
		const terraId = columns.id ? valueAtPath(record, columns.id) : undefined;
		const keyPart = columns.id ? valueAtPath(record, columns.date) : date;
		simplified.date = date;
		simplified.record_id =
			typeof terraId === 'string' || typeof terraId === 'number'
				? String(terraId)
				: typeof keyPart === 'string' && user.user_id
					? `${type}:${user.user_id}:${keyPart}`
					: null;
	}
	for (const [name, path] of Object.entries(columns.metrics)) simplified[name] = orNull(valueAtPath(record, path));
	return simplified;
}

/** Selected Fields: the user, then each listed dot path as a field named by the path. */
export function selectFields(record: IDataObject, paths: string[], user: UserRef): IDataObject {
	const selected = userColumns(user);
	for (const path of paths) selected[path] = orNull(valueAtPath(record, path));
	return selected;
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

export interface RecordShape {
	output: 'simplified' | 'full' | 'selected';
	/** The data type (activity, daily, …): the prefix of keys made up for records without a Terra ID. */
	type: string;
	recordsKey: string;
	columns: SimplifiedColumns;
	/** Selected Fields: the dot paths. */
	fields: string[];
}

/**
 * Simplified, Full Records and Selected Fields: the records of every window in date order (under `recordsKey`, an
 * object counting as one record), each kept once, shaped with the user of the response (else `fallbackUser`).
 */
export function recordItems(responses: WindowResponse[], shape: RecordShape, fallbackUser: UserRef): IDataObject[] {
	const answered = responses.find(({ response }) => response.body?.user)?.response.body.user as UserRef | undefined;
	const user = { ...fallbackUser, ...answered };
	const records: IDataObject[] = [];
	for (const { response } of responses) {
		const value = response.body?.[shape.recordsKey];
		if (Array.isArray(value)) records.push(...(value as IDataObject[]));
		else if (value && typeof value === 'object') records.push(value as IDataObject);
	}
	const merged = dedupeBySummaryId(records);
	if (shape.output === 'full') return merged;
	if (shape.output === 'selected') return merged.map((record) => selectFields(record, shape.fields, user));
	return merged.map((record) => simplifyRecord(record, shape.columns, shape.type, user));
}
