import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Return All / Limit, as n8n's Get Many operations have them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

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

/** n8n's date picker gives "2024-05-01T00:00:00"; Terra's workout endpoints want the calendar date. */
export function calendarDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value.trim());
	if (!match) return undefined;
	const [year, month, day] = match[1].split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match[1] : undefined;
}
