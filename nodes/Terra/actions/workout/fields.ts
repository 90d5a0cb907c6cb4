import type { INodeProperties } from 'n8n-workflow';

import { idLocator } from '../common.descriptions';

export const workoutId: INodeProperties = idLocator({
	displayName: 'Workout Template',
	name: 'workoutId',
	searchListMethod: 'searchWorkouts',
	listPlaceholder: 'Select a workout template...',
	idPlaceholder: 'e.g. 1024',
	description: 'The workout template: pick it from the list, or give the workout ID Terra returned when it was created',
});

