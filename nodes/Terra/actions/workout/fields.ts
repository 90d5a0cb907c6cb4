import type { INodeProperties } from 'n8n-workflow';

export const workoutId: INodeProperties = {
	displayName: 'Workout ID',
	name: 'workoutId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1024',
	description: 'The workout_id Terra returned when the template was created',
};

