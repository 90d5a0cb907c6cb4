import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { requireNumericId } from '../../helpers/validation';
import { dateParameter } from '../../helpers/dates';
import type { EndpointRequest } from '../define';

export const plannedWorkoutId: INodeProperties = {
	displayName: 'Planned Workout ID',
	name: 'plannedWorkoutId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 2048',
	description: 'The planned_workout_id Terra returned when the workout was planned',
};

export function requireDate(context: IExecuteFunctions, itemIndex: number, field: string, name: string): string {
	return dateParameter(context, itemIndex, field, context.getNodeParameter(name, itemIndex), true)!;
}

/** Get, Reschedule and Delete address one planned workout of one user: its ID in the path, the user in the query. */
export async function byIdRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	request: EndpointRequest,
	body?: IDataObject,
) {
	const id = requireNumericId(
		context.getNode(),
		itemIndex,
		'Planned Workout ID',
		context.getNodeParameter('plannedWorkoutId', itemIndex),
	);
	const userId = await resolveUserId.call(context, itemIndex);
	const response = await request({ pathParams: { planned_workout_id: id }, qs: { user_id: userId }, body });
	return { id, response };
}
