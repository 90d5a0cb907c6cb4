import type { IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';
import { plannedWorkoutId, byIdRequest } from './fields';

export const remove = defineOperation({
	resource: 'plannedWorkout',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete planned workout',
	endpoint: 'plannedWorkout:delete',
	description: 'Remove a planned workout from the user’s provider calendar',
	properties: [userLocator, plannedWorkoutId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const { id } = await byIdRequest(this, itemIndex, request);
		return { planned_workout_id: id, deleted: true };
	},
});
