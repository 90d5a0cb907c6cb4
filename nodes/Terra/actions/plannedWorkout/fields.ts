import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput, requireNumericId } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { calendarDate } from '../../helpers/dates';

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
	const date = calendarDate(context.getNodeParameter(name, itemIndex));
	if (!date) throw invalidInput(context.getNode(), itemIndex, `“${field}” is not a valid date`, 'Pick a date, e.g. 2026-12-01.');
	return date;
}

export async function byIdRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	endpoint: 'plannedWorkout:get' | 'plannedWorkout:reschedule' | 'plannedWorkout:delete',
	body?: IDataObject,
) {
	const id = requireNumericId(
		context.getNode(),
		itemIndex,
		'Planned Workout ID',
		context.getNodeParameter('plannedWorkoutId', itemIndex),
	);
	const userId = await resolveUserId.call(context, itemIndex);
	const response = await terraRequest.call(context, {
		endpoint,
		pathParams: { planned_workout_id: id },
		qs: { user_id: userId },
		body,
		itemIndex,
	});
	return { id, response };
}
