import type { INodeProperties } from 'n8n-workflow';

import { MAX_DAYS_PER_REQUEST } from '../../helpers/dates';
import { datePreset, endDate, startDate, userFilters, userLocator, userScope } from '../common.descriptions';
import { selectableFields, type TerraDataType } from './catalogue';

const forOneUser = { show: { userScope: ['one'] } };
const forAllUsers = { show: { userScope: ['all'] } };
const forCustomDates = { show: { datePreset: ['custom'] } };

const deliveryProperty: INodeProperties = {
	displayName: 'Delivery',
	name: 'delivery',
	type: 'options',
	default: 'inline',
	options: [
		{
			name: 'Return Data Here',
			value: 'inline',
			description: 'Terra answers with the data and this node outputs it',
		},
		{
			name: 'Send to My Webhook Destination',
			value: 'webhook',
			description:
				'Terra sends the data to your webhook destination; this node outputs Terra’s acknowledgement with its reference. Receive the data with a Terra Trigger.',
		},
	],
};

const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'simplified',
	displayOptions: { show: { delivery: ['inline'] } },
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description:
				'One item per record with the same few columns for every provider (missing values are null): user, date, ID and headline metrics. Ready for a sheet or table.',
		},
		{
			name: 'Full Records',
			value: 'full',
			description: 'One item per record exactly as Terra returns it (can be large with samples)',
		},
		{
			name: 'Raw Response',
			value: 'raw',
			description: 'One item per request with Terra’s whole response, including the user and Terra’s rate-limit details',
		},
		{
			name: 'Selected Fields',
			value: 'selected',
			description: 'One item per record with the user and the fields you pick',
		},
	],
};

/** Selected Fields: a picker of the type's known fields; any other dot path through an expression. */
function fieldsProperty(type: TerraDataType): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		default: [],
		required: true,
		displayOptions: { show: { delivery: ['inline'], output: ['selected'] } },
		options: selectableFields(type).map((path) => ({ name: path, value: path })),
		description:
			'The fields of Terra’s record to output, each named by its path (null when a record has none); user_id, reference_id and provider always come first. For a field not in the list, use an expression with its dot path, e.g. device_data.name.',
	};
}

function optionsProperty(type: TerraDataType): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description:
				'Longest the node waits in total, per user, when Terra asks it to slow down (rate limit), a provider is still processing, or Terra has a passing error, before failing',
		},
		{
			displayName: 'Parallel Users',
			name: 'userConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 4,
			displayOptions: { show: { '/userScope': ['all'] } },
			description:
				'How many users are fetched at the same time with All Connected Users. When Terra asks to slow down, all of them pause.',
		},
		{
			displayName: 'User Page Size',
			name: 'userPageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 500 },
			default: 500,
			displayOptions: { show: { '/userScope': ['all'] } },
			description: 'How many users each request asks Terra for when listing the connected users',
		},
	];
	if (type.dated) {
		options.push(
			{
				displayName: 'Parallel Requests',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 3,
				description: 'How many windows of a long range are fetched at the same time (per user)',
			},
			{
				displayName: 'Split Ranges Longer Than (Days)',
				name: 'windowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_DAYS_PER_REQUEST },
				default: 30,
				description:
					'Longer ranges are fetched as consecutive windows of this many days and merged in date order, which keeps each answer small enough for Terra’s 30-second time limit. With webhook delivery, ranges are only split at Terra’s 1,825-day limit.',
			},
		);
	}
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

/**
 * The parameters of a data type's Get / Get Many: one user or all connected users, then the date range (dated
 * types: a preset or custom days), delivery and output, samples where Terra has them, options.
 */
export function getProperties(type: TerraDataType): INodeProperties[] {
	const properties: INodeProperties[] = [
		userScope,
		{ ...userLocator, displayOptions: forOneUser },
		{ ...userFilters, displayOptions: forAllUsers },
	];
	if (type.dated) {
		properties.push(
			datePreset,
			{ ...startDate, displayOptions: forCustomDates },
			{ ...endDate, displayOptions: forCustomDates },
		);
	}
	properties.push(deliveryProperty, outputProperty, fieldsProperty(type));
	if (type.samples) {
		properties.push({
			displayName: 'Include Samples',
			name: 'withSamples',
			type: 'boolean',
			default: false,
			description:
				'Whether to include time-series samples (heart rate, GPS, …). Samples make responses much larger.',
		});
	}
	properties.push(optionsProperty(type));
	return properties;
}
