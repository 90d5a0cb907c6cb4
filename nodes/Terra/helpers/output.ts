import type { IDataObject } from 'n8n-workflow';

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
