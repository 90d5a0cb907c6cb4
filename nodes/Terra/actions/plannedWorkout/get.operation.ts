import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { defineOperation } from '../define';
import { plannedWorkoutId, byIdRequest } from './fields';

export const get = defineOperation({
	resource: 'plannedWorkout',
	operation: 'get',
	name: 'Get',
	action: 'Get a planned workout',
	endpoints: ['plannedWorkout:get'],
	summary: 'Get one planned workout of a user',
	properties: [plannedWorkoutId, userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { response } = await byIdRequest(this, itemIndex, 'plannedWorkout:get');
		return response.body as IDataObject;
	},
});
