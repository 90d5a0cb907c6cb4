import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { resolveUserId } from '../../helpers/users';
import { invalidInput } from '../../helpers/validation';
import { DATE_RULE, returnAllOrLimit, userLocator } from '../common.descriptions';
import { customRange } from '../../helpers/dates';
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
		...returnAllOrLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: `Planned dates to list. Without dates Terra returns the last 30 days. ${DATE_RULE}`,
			options: [
				{
					displayName: 'Start Date',
					name: 'startDate',
					type: 'dateTime',
					default: '',
					description: 'First planned day to list. Only the date counts: the time part is ignored.',
				},
				{
					displayName: 'End Date',
					name: 'endDate',
					type: 'dateTime',
					default: '',
					description:
						'Last planned day to list, included. Leave empty for the start day only. Only the date counts: the time part is ignored.',
				},
			],
		},
	],
	async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
		const node = this.getNode();
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { startDate?: unknown; endDate?: unknown };
		const given = (value: unknown) => value !== undefined && value !== null && value !== '';
		const qs: IDataObject = {};
		if (given(filters.endDate) && !given(filters.startDate)) {
			throw invalidInput(
				node,
				itemIndex,
				'“End Date” is set but “Start Date” is not',
				'Add a Start Date (an End Date alone is not a range), or remove both: Terra then returns the last 30 days.',
			);
		}
		if (given(filters.startDate)) {
			// Terra's planned-workout dates are inclusive, like this node's: sent as they are.
			const range = customRange(this, itemIndex, filters.startDate, filters.endDate);
			qs.start_date = range.first;
			qs.end_date = range.last;
		}
		const userId = await resolveUserId.call(this, itemIndex);
		const { body } = await request({ qs: { user_id: userId, ...qs } });
		return limitResults(this, itemIndex, listFrom(body, 'planned_workouts'));
	},
});
