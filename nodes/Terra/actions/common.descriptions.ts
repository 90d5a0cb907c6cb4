import type { INodeProperties } from 'n8n-workflow';

import { UUID_PATTERN } from '../helpers/validation';

export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The Terra user: one end user’s connection to one provider. One person connected to two providers is two Terra users.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a user...',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 2f1c6b8e-6a3e-4c1d-9d0e-5b7f2a9c4e11',
			validation: [
				{
					type: 'regex',
					properties: { regex: UUID_PATTERN, errorMessage: 'Not a Terra user ID (a UUID)' },
				},
			],
		},
		{
			displayName: 'By Reference ID',
			name: 'referenceId',
			type: 'string',
			placeholder: 'e.g. customer-42',
			hint: 'The ID from your own system that you passed to Terra as reference_id when the user connected',
		},
	],
};

export const dateRangeNotice: INodeProperties = {
	displayName:
		'The end date is exclusive: to include today, set it to tomorrow. Without an end date Terra returns one day.',
	name: 'dateRangeNotice',
	type: 'notice',
	default: '',
};

export const startDate: INodeProperties = {
	displayName: 'Start Date',
	name: 'startDate',
	type: 'dateTime',
	default: '',
	required: true,
	description:
		'First day of data to get. Only the date counts: the time part is ignored and the day starts at 00:00 UTC. From an expression, Unix time in seconds also works.',
};

export const endDate: INodeProperties = {
	displayName: 'End Date',
	name: 'endDate',
	type: 'dateTime',
	default: '',
	description:
		'Day after the last day of data to get (exclusive). Leave empty for one day. Only the date counts: the time part is ignored. From an expression, Unix time in seconds also works.',
};

/** Return All / Limit, as n8n's Get Many operations have them. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];
