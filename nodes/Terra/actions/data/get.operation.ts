import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { mapWithConcurrency } from '../../helpers/concurrency';
import {
	formatTerraDate,
	MAX_DAYS_PER_REQUEST,
	parseTerraDate,
	planWindows,
	type TerraDateWindow,
} from '../../helpers/dates';
import {
	acknowledgementItem,
	rawResponseItem,
	recordItems,
	type DataOutput,
	type WindowResponse,
} from '../../helpers/output';
import { resolveUserId } from '../../helpers/users';
import { invalidInput } from '../../helpers/validation';
import { WaitBudget, type TerraResponse } from '../../transport';
import { PullPacer, requestCostDays, userRateBudget } from '../../transport/pacing';
import { requestUntilProcessed } from '../../transport/processing';
import { defineOperation, type EndpointRequest, type TerraOperation } from '../define';
import type { TerraDataType } from './catalogue';
import { getProperties } from './get.properties';

interface GetOptions {
	windowDays?: number;
	concurrency?: number;
	maxWaitSeconds?: number;
}

function isNoDestinationProblem(body: unknown): boolean {
	if (!body || typeof body !== 'object') return false;
	const record = body as IDataObject;
	return typeof record.detail === 'string' && /destination/i.test(record.detail) && !('reference' in record);
}

/** Start Date and End Date as the windows to request; the end may be left empty (one day). */
function dateWindows(context: IExecuteFunctions, itemIndex: number, windowDays: number): TerraDateWindow[] {
	const node = context.getNode();
	const start = parseTerraDate(node, itemIndex, 'Start Date', context.getNodeParameter('startDate', itemIndex));
	const endValue = context.getNodeParameter('endDate', itemIndex, '') as unknown;
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
	return planWindows(start, end, windowDays);
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
		properties: getProperties(type),
		async execute(this: IExecuteFunctions, itemIndex: number, request: EndpointRequest) {
			const delivery = this.getNodeParameter('delivery', itemIndex, 'inline') as 'inline' | 'webhook';
			const output = (
				delivery === 'inline' ? this.getNodeParameter('output', itemIndex, 'simplified') : 'raw'
			) as DataOutput;
			const options = this.getNodeParameter('options', itemIndex, {}) as GetOptions;
			const withSamples = type.samples
				? (this.getNodeParameter('withSamples', itemIndex, false) as boolean)
				: undefined;
			const windowDays =
				delivery === 'webhook'
					? MAX_DAYS_PER_REQUEST
					: Math.min(MAX_DAYS_PER_REQUEST, Math.max(1, Math.floor(options.windowDays ?? 30)));
			const windows = type.dated ? dateWindows(this, itemIndex, windowDays) : [undefined];
			const userId = await resolveUserId.call(this, itemIndex);
			const budget = new WaitBudget(Math.max(0, options.maxWaitSeconds ?? 120) * 1000);
			const costs = windows.map((window) => requestCostDays(window?.start.seconds, window?.end?.seconds));
			const pacer = new PullPacer(this, userRateBudget(this, userId), costs, budget, itemIndex);

			let done = 0;
			const responses: WindowResponse[] = await mapWithConcurrency(
				windows,
				Math.floor(options.concurrency ?? 3),
				async (window, index) => {
					const qs: IDataObject = { user_id: userId };
					if (window) {
						qs.start_date = formatTerraDate(window.start.seconds, window.start.format);
						if (window.end) qs.end_date = formatTerraDate(window.end.seconds, window.end.format);
					}
					qs.to_webhook = delivery === 'webhook';
					if (withSamples !== undefined) qs.with_samples = withSamples;
					await pacer.beforeSend(index);
					let response: TerraResponse<IDataObject> | undefined;
					try {
						response = await requestUntilProcessed(
							this,
							async () => await request<IDataObject>({ qs, waitBudget: budget }),
							{
								budget,
								itemIndex,
								subject: type.displayName.toLowerCase(),
								logLabel: `Terra ${type.resource}: provider is processing ${String(qs.start_date)}–${String(qs.end_date ?? '')}`,
							},
						);
					} finally {
						pacer.settle(index, response);
					}
					done++;
					if (windows.length > 1) {
						this.logger.info(
							`Terra ${type.resource}: window ${done}/${windows.length} (${String(qs.start_date)} to ${String(qs.end_date)}) fetched`,
						);
					}
					return { qs, response };
				},
			);

			if (delivery === 'webhook') {
				return responses.map((window) => {
					const { body } = window.response;
					if (isNoDestinationProblem(body)) {
						throw new NodeApiError(this.getNode(), body as JsonObject, {
							message: `Terra has no webhook destination to send this data to: ${String(body.detail)}`,
							description:
								'Add a webhook destination in the Terra dashboard (Connections → Destinations → Webhook), or set Delivery to “Return Data Here”.',
							itemIndex,
						});
					}
					return acknowledgementItem(window);
				});
			}
			if (output === 'raw') return responses.map(rawResponseItem);
			return recordItems(responses, output, type.recordsKey ?? 'data', type.simplified);
		},
	});
}
