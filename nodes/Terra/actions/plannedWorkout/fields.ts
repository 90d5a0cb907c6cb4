import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { locatorValue, requireNumericId } from '../../helpers/validation';
import { dateParameter } from '../../helpers/dates';
import { idLocator } from '../common.descriptions';
import type { EndpointRequest } from '../define';

export const plannedWorkoutId: INodeProperties = idLocator({
	displayName: 'Planned Workout',
	name: 'plannedWorkoutId',
	searchListMethod: 'searchPlannedWorkouts',
	listPlaceholder: 'Select a planned workout of the user...',
	idPlaceholder: 'e.g. 2048',
	description:
		'The planned workout: pick one of the user’s from the list (choose the user first), or give the planned workout ID Terra returned when it was planned',
});

export function requireDate(context: IExecuteFunctions, itemIndex: number, field: string, name: string): string {
	return dateParameter(context, itemIndex, field, context.getNodeParameter(name, itemIndex), true)!;
}

/** Get, Reschedule and Delete address one planned workout of one user: its ID, and the user it belongs to. */
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
		locatorValue(context, 'plannedWorkoutId', itemIndex),
	);
	const userId = await resolveUserId.call(context, itemIndex);
	const response = await request({ pathParams: { planned_workout_id: id }, qs: { user_id: userId }, body });
	return { id, response };
}
