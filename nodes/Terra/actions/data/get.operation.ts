import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { mapWithConcurrency } from '../../helpers/concurrency';
import { formatTerraDate, parseTerraDate, splitIntoWindows, type TerraDate } from '../../helpers/dates';
import { dedupeBySummaryId, simplifyRecord, type DataOutput } from '../../helpers/output';
import { resolveUserId } from '../../helpers/users';
import { invalidInput } from '../../helpers/validation';
import { WaitBudget, type TerraResponse } from '../../transport';
import { dateRangeNotice, endDate, startDate, userLocator } from '../common.descriptions';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import type { TerraDataType } from './catalogue';

/** Terra's rule r1: one request may cover at most this many days. */
export const MAX_DAYS_PER_REQUEST = 1825;

interface GetOptions {
	windowDays?: number;
	concurrency?: number;
	maxWaitSeconds?: number;
}

interface WindowRequest {
	start: TerraDate;
	end?: TerraDate;
}

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

function propertiesFor(type: TerraDataType): INodeProperties[] {
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

/** Garmin (and some others) answer a first request with "processing, retry after N s" instead of data. */
function processingDelaySeconds(body: unknown): number | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as IDataObject;
	if (record.type !== 'processing' && record.status !== 'processing') return undefined;
	if (Array.isArray(record.data)) return undefined;
	const seconds = Number(record.retry_after_seconds);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : 10;
}

function isNoDestinationProblem(body: unknown): boolean {
	if (!body || typeof body !== 'object') return false;
	const record = body as IDataObject;
	return typeof record.detail === 'string' && /destination/i.test(record.detail) && !('reference' in record);
}

function planWindows(
	start: TerraDate,
	end: TerraDate | undefined,
	windowDays: number,
): WindowRequest[] {
	if (!end) return [{ start }];
	// Keep the caller's format (dates stay dates); mixing a date with Unix seconds sends both as seconds.
	const format = start.format === end.format ? start.format : 'unix';
	return splitIntoWindows(start.seconds, end.seconds, windowDays).map((window) => ({
		start: { seconds: window.start, format },
		end: { seconds: window.end, format },
	}));
}

async function fetchWindow(
	context: IExecuteFunctions,
	type: TerraDataType,
	itemIndex: number,
	qs: IDataObject,
	budget: WaitBudget,
	request: EndpointRequest,
): Promise<TerraResponse<IDataObject>> {
	for (;;) {
		const response = await request<IDataObject>({ qs, waitBudget: budget });
		const delaySeconds = processingDelaySeconds(response.body);
		if (delaySeconds === undefined) return response;
		const waitMs = delaySeconds * 1000;
		if (budget.waitedMs + waitMs > budget.maxTotalWaitMs) {
			throw new NodeApiError(context.getNode(), response.body as JsonObject, {
				message: `Terra is still processing this ${type.displayName.toLowerCase()} request (retry after ${delaySeconds} s)`,
				description:
					'The provider (typically Garmin) prepares older data asynchronously. Run the node again later, raise “Max Wait (Seconds)”, or use webhook delivery.',
				itemIndex,
			});
		}
		context.logger.info(
			`Terra ${type.resource}: provider is processing ${String(qs.start_date)}–${String(qs.end_date ?? '')}, retrying in ${delaySeconds} s`,
		);
		budget.waitedMs += waitMs;
		await sleep(waitMs);
	}
}

export function createGetOperation(type: TerraDataType): TerraOperation {
	return defineOperation({
		resource: type.resource,
		operation: type.dated ? 'getAll' : 'get',
		name: type.dated ? 'Get Many' : 'Get',
		action: type.dated ? `Get ${type.plural} for a date range` : `Get ${type.plural}`,
		endpoint: type.getEndpoint,
		description: type.dated
			? `Get the user’s ${type.plural} between two dates`
			: `Get the user’s ${type.plural.replace(/s$/, '')}`,
		properties: propertiesFor(type),
		async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
			const node = this.getNode();
			const delivery = this.getNodeParameter('delivery', itemIndex, 'inline') as 'inline' | 'webhook';
			const output = (
				delivery === 'inline' ? this.getNodeParameter('output', itemIndex, 'simplified') : 'raw'
			) as DataOutput;
			const options = this.getNodeParameter('options', itemIndex, {}) as GetOptions;
			const withSamples = type.samples
				? (this.getNodeParameter('withSamples', itemIndex, false) as boolean)
				: undefined;

			let windows: WindowRequest[] = [];
			if (type.dated) {
				const start = parseTerraDate(node, itemIndex, 'Start Date', this.getNodeParameter('startDate', itemIndex));
				const endValue = this.getNodeParameter('endDate', itemIndex, '') as unknown;
				const end =
					endValue === '' || endValue === null || endValue === undefined
						? undefined
						: parseTerraDate(node, itemIndex, 'End Date', endValue);
				if (end && end.seconds < start.seconds) {
					throw invalidInput(
						node,
						itemIndex,
						`“End Date” (${formatTerraDate(end.seconds, end.format)}) is before “Start Date” (${formatTerraDate(start.seconds, start.format)})`,
						'The end date must be on or after the start date. It is exclusive: to include a day, end on the day after.',
					);
				}
				const windowDays =
					delivery === 'webhook'
						? MAX_DAYS_PER_REQUEST
						: Math.min(MAX_DAYS_PER_REQUEST, Math.max(1, Math.floor(options.windowDays ?? 30)));
				windows = planWindows(start, end, windowDays);
			}
			const userId = await resolveUserId.call(this, itemIndex);
			const budget = new WaitBudget(Math.max(0, options.maxWaitSeconds ?? 120) * 1000);
			const requests = type.dated ? windows : [undefined];

			let done = 0;
			const responses = await mapWithConcurrency(requests, Math.floor(options.concurrency ?? 3), async (window) => {
				const qs: IDataObject = { user_id: userId };
				if (window) {
					qs.start_date = formatTerraDate(window.start.seconds, window.start.format);
					if (window.end) qs.end_date = formatTerraDate(window.end.seconds, window.end.format);
				}
				qs.to_webhook = delivery === 'webhook';
				if (withSamples !== undefined) qs.with_samples = withSamples;
				const response = await fetchWindow(this, type, itemIndex, qs, budget, request);
				done++;
				if (requests.length > 1) {
					this.logger.info(
						`Terra ${type.resource}: window ${done}/${requests.length} (${String(qs.start_date)} to ${String(qs.end_date)}) fetched`,
					);
				}
				return { qs, response };
			});

			if (delivery === 'webhook') {
				return responses.map(({ qs, response }) => {
					if (isNoDestinationProblem(response.body)) {
						throw new NodeApiError(node, response.body as JsonObject, {
							message: `Terra has no webhook destination to send this data to: ${String(response.body.detail)}`,
							description:
								'Add a webhook destination in the Terra dashboard (Connections → Destinations → Webhook), or set Delivery to “Return Data Here”.',
							itemIndex,
						});
					}
					return {
						...response.body,
						reference: response.body.reference ?? response.reference,
						start_date: qs.start_date,
						end_date: qs.end_date,
						rate_limit: response.rateLimit as IDataObject | undefined,
					};
				});
			}
			if (output === 'raw') {
				return responses.map(({ response }) => ({
					...response.body,
					rate_limit: response.rateLimit as IDataObject | undefined,
				}));
			}

			const key = type.recordsKey ?? 'data';
			const user = responses.find(({ response }) => response.body?.user)?.response.body.user as
				| IDataObject
				| undefined;
			const records: IDataObject[] = [];
			for (const { response } of responses) {
				const value = response.body?.[key];
				if (Array.isArray(value)) records.push(...(value as IDataObject[]));
				else if (value && typeof value === 'object') records.push(value as IDataObject);
			}
			const merged = dedupeBySummaryId(records);
			return output === 'full' ? merged : merged.map((record) => simplifyRecord(record, type.simplified, user));
		},
	});
}
