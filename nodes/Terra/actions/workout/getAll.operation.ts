import type { IExecuteFunctions } from 'n8n-workflow';

import { terraRequest } from '../../transport';
import { returnAllOrLimit } from '../common.descriptions';
import { limitResults, listFrom } from '../../helpers/lists';
import { defineOperation } from '../define';

export const getAll = defineOperation({
	resource: 'workout',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many workout templates',
	endpoints: ['workout:getAll'],
	summary: 'List your workout templates, one item per template',
	properties: returnAllOrLimit,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { body } = await terraRequest.call(this, { endpoint: 'workout:getAll', itemIndex });
		return limitResults(this, itemIndex, listFrom(body, 'workouts'));
	},
});
