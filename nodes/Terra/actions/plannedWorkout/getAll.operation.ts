import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput } from '../../helpers/validation';
import { returnAllOrLimit, userLocator } from '../common.descriptions';
import { calendarDate } from '../../helpers/dates';
import { limitResults, listFrom } from '../../helpers/lists';
import { defineOperation, type EndpointRequest } from '../define';

export const getAll = defineOperation({
	resource: 'plannedWorkout',
	operation: 'getAll',
	name: 'Get Many',
	action: 'Get many planned workouts',
	endpoint: 'plannedWorkout:getAll',
	description:
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
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'dateTime',
					default: '',
					description: 'First day of the range. Only the date counts: the time part is ignored.',
				},
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description: 'Last day of the range (inclusive). Only the date counts: the time part is ignored.',
				},
			],
		},
		...returnAllOrLimit,
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
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
		const { body } = await request({ qs: { user_id: userId, ...qs } });
		return limitResults(this, itemIndex, listFrom(body, 'planned_workouts'));
	},
});
