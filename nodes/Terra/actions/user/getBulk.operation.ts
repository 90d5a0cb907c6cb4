import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requireNonEmptyList, requireUuid } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';

export const getBulk = defineOperation({
	resource: 'user',
	operation: 'getBulk',
	name: 'Get Many by ID',
	action: 'Get many users by ID',
	endpoint: 'user:getBulk',
	description: 'Get several users by user ID in one request, one item per user',
	properties: [
		{
			displayName: 'User IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2f1c6b8e-6a3e-4c1d-9d0e-5b7f2a9c4e11, 8a0d…',
			description: 'Terra user IDs separated by commas (or an array from an expression)',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const ids = requireNonEmptyList(
			this.getNode(),
			itemIndex,
			'User IDs',
			this.getNodeParameter('userIds', itemIndex),
			'Enter one or more Terra user IDs separated by commas.',
		).map((id) => requireUuid(this.getNode(), itemIndex, 'User IDs', id));
		const { body } = await request({ body: ids });
		return Array.isArray(body) ? (body as IDataObject[]) : [];
	},
});
