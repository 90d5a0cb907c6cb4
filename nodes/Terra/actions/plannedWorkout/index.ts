import { defineResource } from '../define';
import { remove } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { reschedule } from './reschedule.operation';

export const plannedWorkout = defineResource(
	{
		name: 'Planned Workout',
		value: 'plannedWorkout',
		description: 'Workouts on users’ provider calendars (Planned Workouts API)',
	},
	[getAll, get, reschedule, remove],
);
