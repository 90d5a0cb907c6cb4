import type { IExecuteFunctions } from 'n8n-workflow';

import { listFrom } from '../../helpers/lists';
import { defineOperation, type EndpointRequest } from '../define';
import { sessionId, requireSessionId } from './fields';

export const getDeliveries = defineOperation({
	resource: 'labReport',
	operation: 'getDeliveries',
	name: 'Get Deliveries',
	action: 'Get lab report deliveries',
	endpoint: 'labReport:getDeliveries',
	description: 'List where a session’s results were delivered and how each delivery went, one item per destination',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await request({ pathParams: { session_id: id } });
		return listFrom(body, 'deliveries').map((delivery) => ({ session_id: id, ...delivery }));
	},
});
