import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requireNumericId } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { defineOperation } from '../define';
import { workoutId } from './fields';

export const get = defineOperation({
	resource: 'workout',
	operation: 'get',
	name: 'Get',
	action: 'Get a workout template',
	endpoints: ['workout:get'],
	summary: 'Get one workout template',
	properties: [workoutId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireNumericId(this.getNode(), itemIndex, 'Workout ID', this.getNodeParameter('workoutId', itemIndex));
		const { body } = await terraRequest.call(this, {
			endpoint: 'workout:get',
			pathParams: { workout_id: id },
			itemIndex,
		});
		return body as IDataObject;
	},
});
