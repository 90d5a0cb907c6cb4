import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest } from '../define';
import { plannedWorkoutId, requireDate, byIdRequest } from './fields';

export const reschedule = defineOperation({
	resource: 'plannedWorkout',
	operation: 'reschedule',
	name: 'Reschedule',
	action: 'Reschedule planned workout',
	endpoint: 'plannedWorkout:reschedule',
	description: 'Move a planned workout to another date',
	properties: [
		userLocator,
		plannedWorkoutId,
		{
			displayName: 'New Date',
			name: 'plannedDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Day to move the workout to. Only the date counts: the time part is ignored.',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const plannedDate = requireDate(this, itemIndex, 'New Date', 'plannedDate');
		const { response } = await byIdRequest(this, itemIndex, request, {
			planned_date: plannedDate,
		});
		return response.body as IDataObject;
	},
});
