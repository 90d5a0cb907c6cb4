import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput, parseJsonParameter, requireNumericId, requireText } from '../../helpers/validation';
import { terraRequest } from '../../transport';
import { returnAllOrLimit, userLocator } from '../common.descriptions';
import { calendarDate } from '../../helpers/dates';
import { limitResults, listFrom } from '../../helpers/lists';
import { defineOperation, defineResource } from '../define';

const SPORTS = [
	'backcountry_skiing',
	'cardio',
	'cycling',
	'elliptical',
	'hiking',
	'mountain_biking',
	'pilates',
	'rowing',
	'running',
	'stair_climbing',
	'strength',
	'swimming',
	'trail_running',
	'walking',
	'yoga',
];

function titleCase(value: string): string {
	return value.replace(/_/g, ' ').replace(/\b\w/g, (letter) => letter.toUpperCase());
}

const workoutId: INodeProperties = {
	displayName: 'Workout ID',
	name: 'workoutId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1024',
	description: 'The workout_id Terra returned when the template was created',
};

const STEP_BLOCKS_HINT =
	'Give a JSON array of step blocks, each {"completion_condition": {...}, "steps": [...]}, as in Terra’s WorkoutTemplate model.';

const create = defineOperation({
	resource: 'workout',
	operation: 'create',
	name: 'Create',
	action: 'Create a workout template',
	endpoints: ['workout:create'],
	summary: 'Create a reusable workout template (Planned Workouts API)',
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 5 x 1 km intervals',
		},
		{
			displayName: 'Sport',
			name: 'sport',
			type: 'options',
			default: 'running',
			options: SPORTS.map((sport) => ({ name: titleCase(sport), value: sport })),
		},
		{
			displayName: 'Step Blocks (JSON)',
			name: 'stepBlocks',
			type: 'json',
			default: '[]',
			required: true,
			description: 'The workout’s blocks of steps, in Terra’s WorkoutTemplate step_blocks format',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Description', name: 'description', type: 'string', default: '' },
				{
					displayName: 'Environment',
					name: 'environment',
					type: 'options',
					default: 'outdoor',
					options: [
						{ name: 'Indoor', value: 'indoor' },
						{ name: 'Outdoor', value: 'outdoor' },
						{ name: 'Pool', value: 'pool' },
					],
				},
				{ displayName: 'Estimated Calories', name: 'estimated_calories', type: 'number', default: 0 },
				{
					displayName: 'Estimated Distance (Meters)',
					name: 'estimated_distance_meters',
					type: 'number',
					default: 0,
				},
				{
					displayName: 'Estimated Duration (Seconds)',
					name: 'estimated_duration_seconds',
					type: 'number',
					default: 0,
				},
				{ displayName: 'Pool Length (Meters)', name: 'pool_length_meters', type: 'number', default: 25 },
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const node = this.getNode();
		const name = requireText(node, itemIndex, 'Name', this.getNodeParameter('name', itemIndex), 'Give the template a name.');
		const stepBlocks = parseJsonParameter(
			node,
			itemIndex,
			'Step Blocks (JSON)',
			this.getNodeParameter('stepBlocks', itemIndex),
			STEP_BLOCKS_HINT,
		);
		if (!Array.isArray(stepBlocks) || stepBlocks.length === 0) {
			throw invalidInput(node, itemIndex, '“Step Blocks (JSON)” has no step blocks', STEP_BLOCKS_HINT);
		}
		const body: IDataObject = {
			name,
			sport: this.getNodeParameter('sport', itemIndex) as string,
			step_blocks: stepBlocks as IDataObject[],
			...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		};
		const { body: response } = await terraRequest.call(this, { endpoint: 'workout:create', body, itemIndex });
		return response as IDataObject;
	},
});

const get = defineOperation({
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

const getAll = defineOperation({
	resource: 'workout',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many workout templates',
	endpoints: ['workout:getAll'],
	summary: 'List your workout templates, one item per template',
	properties: returnAllOrLimit,
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const { body } = await terraRequest.call(this, { endpoint: 'workout:getAll', itemIndex });
		return limitResults(this, itemIndex, listFrom(body, 'workouts'));
	},
});

const remove = defineOperation({
	resource: 'workout',
	operation: 'delete',
	name: 'Delete',
	action: 'Delete a workout template',
	endpoints: ['workout:delete'],
	summary: 'Delete a template and every planned instance of it on every provider',
	properties: [workoutId],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requireNumericId(this.getNode(), itemIndex, 'Workout ID', this.getNodeParameter('workoutId', itemIndex));
		const response = await terraRequest.call(this, {
			endpoint: 'workout:delete',
			pathParams: { workout_id: id },
			itemIndex,
		});
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

const plan = defineOperation({
	resource: 'workout',
	operation: 'plan',
	name: 'Plan',
	action: 'Plan a workout on a user’s calendar',
	endpoints: ['workout:plan'],
	summary: 'Schedule a template on a user’s provider calendar for a date',
	properties: [
		workoutId,
		userLocator,
		{
			displayName: 'Planned Date',
			name: 'plannedDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Day to schedule the workout on (its calendar date is used)',
		},
		{
			displayName: 'Athlete Metrics',
			name: 'metrics',
			type: 'collection',
			placeholder: 'Add Metric',
			default: {},
			description: 'Used by providers to turn relative targets (e.g. % of FTP) into absolute ones',
			options: [
				{ displayName: 'FTP (Watts)', name: 'ftp', type: 'number', default: 250 },
				{ displayName: 'Max Heart Rate (BPM)', name: 'max_heart_rate', type: 'number', default: 190 },
				{ displayName: 'Pool Length (Meters)', name: 'pool_length_meters', type: 'number', default: 25 },
				{
					displayName: 'Threshold Heart Rate (BPM)',
					name: 'threshold_heart_rate',
					type: 'number',
					default: 170,
				},
				{
					displayName: 'Threshold Speed (Meters per Second)',
					name: 'threshold_speed',
					type: 'number',
					default: 4,
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const node = this.getNode();
		const id = requireNumericId(node, itemIndex, 'Workout ID', this.getNodeParameter('workoutId', itemIndex));
		const plannedDate = calendarDate(this.getNodeParameter('plannedDate', itemIndex));
		if (!plannedDate) {
			throw invalidInput(node, itemIndex, '“Planned Date” is not a valid date', 'Pick a date, e.g. 2026-12-01.');
		}
		const userId = await resolveUserId.call(this, itemIndex);
		const { body } = await terraRequest.call(this, {
			endpoint: 'workout:plan',
			pathParams: { workout_id: id },
			qs: { user_id: userId },
			body: { planned_date: plannedDate, ...(this.getNodeParameter('metrics', itemIndex, {}) as IDataObject) },
			itemIndex,
		});
		return body as IDataObject;
	},
});

export const workout = defineResource(
	{
		name: 'Workout Template',
		value: 'workout',
		description: 'Reusable workouts you plan onto users’ calendars (Planned Workouts API)',
	},
	[create, get, getAll, remove, plan],
);
