import type { INodeProperties } from 'n8n-workflow';

import { MAX_DAYS_PER_REQUEST } from '../../helpers/dates';
import { dateRangeNotice, endDate, startDate, userLocator } from '../common.descriptions';
import type { TerraDataType } from './catalogue';

const deliveryProperty: INodeProperties = {
	displayName: 'Delivery',
	name: 'delivery',
	type: 'options',
	default: 'inline',
	options: [
		{
			name: 'Return Data Here',
			value: 'inline',
			description: 'Terra answers with the data and this node outputs it (to_webhook=false)',
		},
		{
			name: 'Send to My Webhook Destination',
			value: 'webhook',
			description:
				'Terra sends the data to your webhook destination (to_webhook=true); this node outputs Terra’s acknowledgement with its reference. Receive the data with a Terra Trigger.',
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
			description: 'One item per record with its headline fields, the user ID and provider',
		},
		{
			name: 'Full Records',
			value: 'full',
			description: 'One item per record exactly as Terra returns it (can be large with samples)',
		},
		{
			name: 'Raw Response',
			value: 'raw',
			description: 'One item per request with Terra’s whole response, including the user and rate-limit headers',
		},
	],
};

function optionsProperty(type: TerraDataType): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description:
				'Longest the node waits in total for Terra’s rate limit (429 with Retry-After), a provider that is still processing, or transient errors, before failing',
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
				description: 'How many windows of a long range are fetched at the same time',
			},
			{
				displayName: 'Split Ranges Longer Than (Days)',
				name: 'windowDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_DAYS_PER_REQUEST },
				default: 30,
				description:
					'Longer ranges are fetched as consecutive windows of this many days and merged in date order, which keeps each response small enough for Terra’s 30-second gateway. With webhook delivery, ranges are only split at Terra’s 1,825-day limit.',
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

/** The parameters of a data type's Get / Get Many: dates only for dated types, samples only where Terra has them. */
export function getProperties(type: TerraDataType): INodeProperties[] {
	const properties: INodeProperties[] = [userLocator];
	if (type.dated) properties.push(dateRangeNotice, startDate, endDate);
	properties.push(deliveryProperty, outputProperty);
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
