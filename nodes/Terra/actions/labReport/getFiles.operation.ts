import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listFrom } from '../../helpers/lists';
import { defineOperation, type EndpointRequest } from '../define';
import { sessionId, requireSessionId } from './fields';

export const getFiles = defineOperation({
	resource: 'labReport',
	operation: 'getFiles',
	name: 'Get Files',
	action: 'Get lab report files',
	endpoint: 'labReport:getFiles',
	description: 'List a session’s input files with short-lived download URLs, one item per file',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await request({ pathParams: { session_id: id } });
		const expiresAt = (body as IDataObject | undefined)?.expires_at;
		return listFrom(body, 'files').map((file) => ({
			session_id: id,
			...file,
			...(expiresAt ? { expires_at: expiresAt } : {}),
		}));
	},
});
