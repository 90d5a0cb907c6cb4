import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { defineOperation, type EndpointRequest } from '../define';
import { sessionId, requireSessionId } from './fields';

export const get = defineOperation({
	resource: 'labReport',
	operation: 'get',
	name: 'Get',
	action: 'Get lab report',
	endpoint: 'labReport:get',
	description: 'Get one lab report session with its extracted results',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await request({ pathParams: { session_id: id } });
		return body as IDataObject;
	},
});
