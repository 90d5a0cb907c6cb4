import { defineResource } from '../define';
import { create } from './create.operation';
import { remove } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { plan } from './plan.operation';

export const workout = defineResource(
	{
		name: 'Workout Template',
		value: 'workout',
		description: 'Reusable workouts you plan onto users’ calendars (Planned Workouts API)',
	},
	[create, get, getAll, remove, plan],
);
