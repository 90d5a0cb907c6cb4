import type { IExecuteFunctions } from 'n8n-workflow';

import { returnAllOrLimit } from '../common.descriptions';
import { limitResults, listFrom } from '../../helpers/lists';
import { defineOperation, type EndpointRequest } from '../define';

export const getAll = defineOperation({
	resource: 'workout',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many workout templates',
	endpoint: 'workout:getAll',
	description: 'List your workout templates, one item per template',
	properties: returnAllOrLimit,
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const { body } = await request();
		return limitResults(this, itemIndex, listFrom(body, 'workouts'));
	},
});
