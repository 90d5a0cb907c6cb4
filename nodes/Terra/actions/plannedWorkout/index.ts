import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput, requireNumericId } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { returnAllOrLimit, userLocator } from '../common.descriptions';
import { calendarDate } from '../../helpers/dates';
import { limitResults, listFrom } from '../../helpers/lists';
import { defineOperation, defineResource } from '../define';

const plannedWorkoutId: INodeProperties = {
	displayName: 'Planned Workout ID',
	name: 'plannedWorkoutId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 2048',
	description: 'The planned_workout_id Terra returned when the workout was planned',
};

function requireDate(context: IExecuteFunctions, itemIndex: number, field: string, name: string): string {
	const date = calendarDate(context.getNodeParameter(name, itemIndex));
	if (!date) throw invalidInput(context.getNode(), itemIndex, `“${field}” is not a valid date`, 'Pick a date, e.g. 2026-12-01.');
	return date;
}

const getAll = defineOperation({
	resource: 'plannedWorkout',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many planned workouts',
	endpoints: ['plannedWorkout:getAll'],
	summary:
		'List a user’s planned workouts, including ones created on the provider, one item per workout',
	properties: [
		userLocator,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description:
				'Without dates Terra returns the last 30 days. Give both dates or neither; here the end date is inclusive.',
			options: [
				{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '' },
				{ displayName: 'End Date', name: 'endDate', type: 'dateTime', default: '' },
			],
		},
		...returnAllOrLimit,
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const node = this.getNode();
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { startDate?: string; endDate?: string };
		const qs: IDataObject = {};
		if (filters.startDate || filters.endDate) {
			const start = calendarDate(filters.startDate);
			const end = calendarDate(filters.endDate);
			if (!start || !end) {
				throw invalidInput(
					node,
					itemIndex,
					`“${start ? 'End Date' : 'Start Date'}” is missing or not a valid date`,
					'Terra needs both dates of the range, or neither (then it returns the last 30 days).',
				);
			}
			if (end < start) {
				throw invalidInput(node, itemIndex, '“End Date” is before “Start Date”', 'Swap the dates.');
			}
			qs.start_date = start;
			qs.end_date = end;
		}
		const userId = await resolveUserId.call(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'plannedWorkout:getAll',
			qs: { user_id: userId, ...qs },
			itemIndex,
		});
		return limitResults(this, itemIndex, listFrom(body, 'planned_workouts'));
	},
});

async function byIdRequest(
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

const get = defineOperation({
	resource: 'plannedWorkout',
	operation: 'get',
	name: 'Get',
	action: 'Get a planned workout',
	endpoints: ['plannedWorkout:get'],
	summary: 'Get one planned workout of a user',
	properties: [plannedWorkoutId, userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { response } = await byIdRequest(this, itemIndex, 'plannedWorkout:get');
		return response.body as IDataObject;
	},
});

const reschedule = defineOperation({
	resource: 'plannedWorkout',
	operation: 'reschedule',
	name: 'Reschedule',
	action: 'Reschedule a planned workout',
	endpoints: ['plannedWorkout:reschedule'],
	summary: 'Move a planned workout to another date',
	properties: [
		plannedWorkoutId,
		userLocator,
		{
			displayName: 'New Date',
			name: 'plannedDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Day to move the workout to (its calendar date is used)',
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const plannedDate = requireDate(this, itemIndex, 'New Date', 'plannedDate');
		const { response } = await byIdRequest(this, itemIndex, 'plannedWorkout:reschedule', {
			planned_date: plannedDate,
		});
		return response.body as IDataObject;
	},
});

const remove = defineOperation({
	resource: 'plannedWorkout',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete a planned workout',
	endpoints: ['plannedWorkout:delete'],
	summary: 'Remove a planned workout from the user’s provider calendar',
	properties: [plannedWorkoutId, userLocator],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { id } = await byIdRequest(this, itemIndex, 'plannedWorkout:delete');
		return { planned_workout_id: id, deleted: true };
	},
});

export const plannedWorkout = defineResource(
	{
		name: 'Planned Workout',
		value: 'plannedWorkout',
		description: 'Workouts on users’ provider calendars (Planned Workouts API)',
	},
	[getAll, get, reschedule, remove],
);
