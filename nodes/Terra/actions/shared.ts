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
