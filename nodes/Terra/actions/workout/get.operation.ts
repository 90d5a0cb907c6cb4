import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requireNumericId } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';
import { workoutId } from './fields';

export const get = defineOperation({
	resource: 'workout',
	operation: 'get',
	name: 'Get',
	action: 'Get a workout template',
	endpoint: 'workout:get',
	description: 'Get one workout template',
	properties: [workoutId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireNumericId(this.getNode(), itemIndex, 'Workout ID', this.getNodeParameter('workoutId', itemIndex));
		const { body } = await request({ pathParams: { workout_id: id } });
		return body as IDataObject;
	},
});
