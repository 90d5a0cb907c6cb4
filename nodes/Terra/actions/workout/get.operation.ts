import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { locatorValue, requireNumericId } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';
import { workoutId } from './fields';

export const get = defineOperation({
	resource: 'workout',
	operation: 'get',
	name: 'Get',
	action: 'Get workout template',
	endpoint: 'workout:get',
	description: 'Get one workout template',
	properties: [workoutId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireNumericId(this.getNode(), itemIndex, 'Workout ID', locatorValue(this, 'workoutId', itemIndex));
		const { body } = await request({ pathParams: { workout_id: id } });
		return body as IDataObject;
	},
});
