import type { IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';
import { sessionId, requireSessionId } from './fields';

export const remove = defineOperation({
	resource: 'labReport',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete lab report',
	endpoint: 'labReport:delete',
	description: 'Delete a lab report session',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireSessionId(this, itemIndex);
		await request({ pathParams: { session_id: id } });
		return { session_id: id, deleted: true };
	},
});
