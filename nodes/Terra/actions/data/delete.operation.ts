import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { requireNonEmptyList } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import type { TerraDataType } from './catalogue';

interface ProcessedEntry {
	id?: unknown;
	response_code?: unknown;
}

/**
 * Terra answers 200 when every ID was deleted and 207 when results differ per ID, listing
 * `processed_data: [{id, response_code}]` (the provider's status per ID). Each ID becomes one output item.
 */
export function perIdResults(ids: string[], body: unknown, statusCode: number): IDataObject[] {
	const processed = (body as IDataObject | undefined)?.processed_data;
	const entries: ProcessedEntry[] = Array.isArray(processed)
		? (processed as ProcessedEntry[])
		: processed && typeof processed === 'object'
			? [processed as ProcessedEntry]
			: [];
	const byId = new Map(entries.map((entry) => [String(entry.id), entry]));
	return ids.map((id) => {
		const entry = byId.get(id);
		const code = entry?.response_code === undefined ? (statusCode === 200 ? 200 : undefined) : Number(entry.response_code);
		return {
			id,
			deleted: code !== undefined && code >= 200 && code < 300,
			...(code !== undefined ? { response_code: code } : {}),
		};
	});
}

export function createDeleteOperation(type: TerraDataType): TerraOperation {
	const bodyKey = type.deleteBodyKey ?? 'data';
	return defineOperation({
		resource: type.resource,
		operation: 'delete',
		name: 'Delete',
		action: `Delete ${type.plural}`,
		endpoint: type.deleteEndpoint!,
		description: `Delete ${type.plural} by log ID from the user’s provider (on Terra’s older API)`,
		properties: [
			{
				displayName:
					'Terra keeps this operation only on its older API; the node sends it there with the same credential. Each ID gets its own result: the provider may delete some and refuse others.',
				name: 'legacyNotice',
				type: 'notice',
				default: '',
			},
			userLocator,
			{
				displayName: 'Log IDs',
				name: 'logIds',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e.g. 6412ab3c, 6412ab3d',
				description: 'The log IDs Terra returned when the records were created, separated by commas',
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
			const ids = requireNonEmptyList(
				this.getNode(),
				itemIndex,
				'Log IDs',
				this.getNodeParameter('logIds', itemIndex),
				'Enter the log IDs Terra returned when the records were created, separated by commas.',
			);
			const userId = await resolveUserId.call(this, itemIndex);
			const response = await request({ qs: { user_id: userId }, body: { [bodyKey]: ids } });
			return perIdResults(ids, response.body, response.statusCode);
		},
	});
}
