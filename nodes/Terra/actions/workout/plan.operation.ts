import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { locatorValue, requireNumericId } from '../../helpers/validation';
import { userLocator } from '../common.descriptions';
import { dateParameter } from '../../helpers/dates';
import { defineOperation, type EndpointRequest } from '../define';
import { workoutId } from './fields';

export const plan = defineOperation({
	resource: 'workout',
	operation: 'plan',
	name: 'Plan',
	action: 'Plan workout on user’s calendar',
	endpoint: 'workout:plan',
	description: 'Schedule a template on a user’s provider calendar for a date',
	properties: [
		workoutId,
		userLocator,
		{
			displayName: 'Planned Date',
			name: 'plannedDate',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'Day to schedule the workout on. Only the date counts: the time part is ignored.',
		},
		{
			displayName: 'Athlete Metrics',
			name: 'metrics',
			type: 'collection',
			placeholder: 'Add Field',
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
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const node = this.getNode();
		const id = requireNumericId(node, itemIndex, 'Workout ID', locatorValue(this, 'workoutId', itemIndex));
		const plannedDate = dateParameter(this, itemIndex, 'Planned Date', this.getNodeParameter('plannedDate', itemIndex), true);
		const userId = await resolveUserId.call(this, itemIndex);
		const { body } = await request({
			pathParams: { workout_id: id },
			qs: { user_id: userId },
			body: { planned_date: plannedDate, ...(this.getNodeParameter('metrics', itemIndex, {}) as IDataObject) },
		});
		return body as IDataObject;
	},
});
