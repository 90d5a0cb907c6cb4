import type { IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { listFrom } from '../../helpers/lists';
import { defineOperation } from '../define';
import { sessionId, requireSessionId } from './fields';

export const getDeliveries = defineOperation({
	resource: 'labReport',
	operation: 'getDeliveries',
	name: 'Get Deliveries',
	action: 'Get lab report deliveries',
	endpoints: ['labReport:getDeliveries'],
	summary: 'List where a session’s results were delivered and how each delivery went, one item per destination',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:getDeliveries',
			pathParams: { session_id: id },
			itemIndex,
		});
		return listFrom(body, 'deliveries').map((delivery) => ({ session_id: id, ...delivery }));
	},
});
