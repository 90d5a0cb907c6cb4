import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { listFrom } from '../../helpers/lists';
import { defineOperation } from '../define';
import { sessionId, requireSessionId } from './fields';

export const getFiles = defineOperation({
	resource: 'labReport',
	operation: 'getFiles',
	name: 'Get Files',
	action: 'Get lab report files',
	endpoints: ['labReport:getFiles'],
	summary: 'List a session’s input files with short-lived download URLs, one item per file',
	properties: [sessionId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireSessionId(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'labReport:getFiles',
			pathParams: { session_id: id },
			itemIndex,
		});
		const expiresAt = (body as IDataObject | undefined)?.expires_at;
		return listFrom(body, 'files').map((file) => ({
			session_id: id,
			...file,
			...(expiresAt ? { expires_at: expiresAt } : {}),
		}));
	},
});
