import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';
import { plannedWorkoutId, byIdRequest } from './fields';

export const get = defineOperation({
	resource: 'plannedWorkout',
	operation: 'get',
	name: 'Get',
	action: 'Get planned workout',
	endpoint: 'plannedWorkout:get',
	description: 'Get one planned workout of a user',
	properties: [userLocator, plannedWorkoutId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const { response } = await byIdRequest(this, itemIndex, request);
		return response.body as IDataObject;
	},
});
