import type { IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { defineOperation } from '../define';
import { sessionId, requireSessionId } from './fields';

export const remove = defineOperation({
	resource: 'labReport',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete a lab report',
	endpoints: ['labReport:delete'],
	summary: 'Delete a lab report session',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		await terraRequest.call(this, { endpoint: 'labReport:delete', pathParams: { session_id: id }, itemIndex });
		return { session_id: id, deleted: true };
	},
});
