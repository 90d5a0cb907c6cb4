import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { locatorValue, requireNumericId } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';
import { workoutId } from './fields';

export const remove = defineOperation({
	resource: 'workout',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete workout template',
	endpoint: 'workout:delete',
	description: 'Delete a template and every planned instance of it on every provider',
	properties: [workoutId],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const id = requireNumericId(this.getNode(), itemIndex, 'Workout ID', locatorValue(this, 'workoutId', itemIndex));
		const response = await request({ pathParams: { workout_id: id } });
		if (response.statusCode === 207) {
			// Some provider deletions failed: Terra keeps the template so the delete can be retried.
			return {
				workout_id: id,
				deleted: false,
				partial: true,
				message: (response.body as IDataObject | undefined)?.message,
			};
		}
		return { workout_id: id, deleted: true };
	},
});
