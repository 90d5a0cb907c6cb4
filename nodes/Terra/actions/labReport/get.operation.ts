import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { defineOperation } from '../define';
import { sessionId, requireSessionId } from './fields';

export const get = defineOperation({
	resource: 'labReport',
	operation: 'get',
	name: 'Get',
	action: 'Get a lab report',
	endpoints: ['labReport:get'],
	summary: 'Get one lab report session with its extracted results',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:get',
			pathParams: { session_id: id },
			itemIndex,
		});
		return body as IDataObject;
	},
});
