import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Applies Return All / Limit to a list Terra returns in one response. */
export function limitResults(context: IExecuteFunctions, itemIndex: number, results: IDataObject[]): IDataObject[] {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return results;
	return results.slice(0, context.getNodeParameter('limit', itemIndex, 50) as number);
}

/** The body key Terra puts a list under, tolerating a bare array. */
export function listFrom(body: unknown, key: string): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const value = (body as IDataObject | undefined)?.[key];
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}
