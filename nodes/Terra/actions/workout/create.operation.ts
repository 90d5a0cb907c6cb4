import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { invalidInput, parseJsonParameter, requireText } from '../../helpers/validation';
import { defineOperation, type EndpointRequest } from '../define';

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

/** 10 min warm-up, then 5 × (1 km, 90 s recovery): the field's example, also used by the example workflows. */
export const STEP_BLOCKS_SAMPLE = [
	{
		completion_condition: { type: 'reps', value: 1 },
		steps: [{ completion_condition: { type: 'time', value: 600 }, intensity_type: 'warmup' }],
	},
	{
		completion_condition: { type: 'reps', value: 5 },
		steps: [
			{ completion_condition: { type: 'distance', value: 1000 }, intensity_type: 'active' },
			{ completion_condition: { type: 'time', value: 90 }, intensity_type: 'recovery' },
		],
	},
];

const STEP_BLOCKS_EXAMPLE = JSON.stringify(STEP_BLOCKS_SAMPLE, null, 2);

const STEP_BLOCKS_HINT =
	'Give a JSON array of step blocks, each {"completion_condition": {...}, "steps": [...]}, as in Terra’s WorkoutTemplate model.';

export const create = defineOperation({
	resource: 'workout',
	operation: 'create',
	name: 'Create',
	action: 'Create workout template',
	endpoint: 'workout:create',
	description: 'Create a reusable workout template',
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
			default: STEP_BLOCKS_EXAMPLE,
			required: true,
			description:
				'The workout’s blocks of steps in Terra’s workout template format. The example is a 10-minute warm-up, then 5 × (1 km hard, 90 s easy); replace it with your own.',
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
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
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
		const { body: response } = await request({ body });
		return response as IDataObject;
	},
});
