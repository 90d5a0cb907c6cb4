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
			hint: 'The ID from your own system that you gave Terra as the reference ID when the user connected',
		},
	],
};

/** How a date range reads everywhere in this node; shown once, under the End Date. */
export const DATE_RULE = 'Both days are included: 1 to 7 November gets seven days.';

export const startDate: INodeProperties = {
	displayName: 'Start Date',
	name: 'startDate',
	type: 'dateTime',
	default: '',
	required: true,
	description:
		'First day of data to get. Only the date counts: the time part is ignored. From an expression, $today.minus({ days: 1 }), an ISO date or a timestamp also work.',
};

export const endDate: INodeProperties = {
	displayName: 'End Date',
	name: 'endDate',
	type: 'dateTime',
	default: '',
	hint: DATE_RULE,
	description: 'Last day of data to get. Leave empty for the start day only. Only the date counts: the time part is ignored.',
};

/**
 * The Date Range presets in the order people think of them (nearest first, Custom last), not alphabetical. A named
 * constant, like n8n's Schedule Trigger keeps its intervals in their own order: the lint rule that alphabetizes
 * option lists reads literal arrays only.
 */
const DATE_RANGE_OPTIONS = [
	{ name: 'Today', value: 'today', description: 'Today so far' },
	{ name: 'Yesterday', value: 'yesterday', description: 'The whole of yesterday: a daily pull' },
	{ name: 'Last 7 Days', value: 'last7Days', description: 'The 7 full days before today (today not included)' },
	{ name: 'Last 30 Days', value: 'last30Days', description: 'The 30 full days before today (today not included)' },
	{ name: 'Custom', value: 'custom', description: 'A start and an end date, both included' },
];

export const datePreset: INodeProperties = {
	displayName: 'Date Range',
	name: 'datePreset',
	type: 'options',
	default: 'yesterday',
	description: 'Days of data to get, counted in the workflow’s timezone (workflow settings)',
	options: DATE_RANGE_OPTIONS,
};

export const userScope: INodeProperties = {
	displayName: 'Users',
	name: 'userScope',
	type: 'options',
	default: 'one',
	options: [
		{ name: 'One User', value: 'one', description: 'The user chosen below' },
		{
			name: 'All Connected Users',
			value: 'all',
			description: 'Every user connected to your Terra account (optionally filtered), one after another',
		},
	],
};

/** Filters for listing users: Terra’s user list cannot filter, so the node does, page by page. */
export const userFilters: INodeProperties = {
	displayName: 'User Filters',
	name: 'userFilters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Active Only',
			name: 'activeOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out users marked inactive (Terra sends no data updates for them)',
		},
		{
			displayName: 'Provider Names or IDs',
			name: 'providers',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getProviders' },
			default: [],
			description:
				'Only users connected through these providers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Reference ID',
			name: 'referenceId',
			type: 'string',
			default: '',
			description: 'Only the users connected under this reference ID (your own ID for the person)',
		},
	],
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

/** A Terra object picked From List (the default, searchable) or given By ID, as n8n's resource locators are. */
export function idLocator(spec: {
	displayName: string;
	name: string;
	searchListMethod: string;
	listPlaceholder: string;
	idPlaceholder: string;
	description: string;
}): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: spec.idPlaceholder },
		],
	};
}
