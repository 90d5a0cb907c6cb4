/**
 * What a data Get does for one user: read its settings once, request every date window (bounded concurrency,
 * Garmin's "processing" waits, one wait budget per user, paced inside Terra's r2 budget by transport/pacing.ts), and
 * shape Terra's answers into output items.
 */
import { NodeApiError, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { mapWithConcurrency } from '../../helpers/concurrency';
import { dataWindows, MAX_DAYS_PER_REQUEST, readDateRange, type TerraWindow } from '../../helpers/dates';
import {
	acknowledgementItem,
	rawResponseItem,
	recordItems,
	type DataOutput,
	type WindowResponse,
} from '../../helpers/output';
import { WITHOUT_SCHEMA_WALK } from '../../helpers/parameters';
import type { UserRef } from '../../helpers/users';
import { invalidInput, parseIdList } from '../../helpers/validation';
import { WaitBudget, type TerraResponse } from '../../transport';
import type { RequestGate } from '../../transport/gate';
import { PullPacer, requestCostDays, userRateBudget } from '../../transport/pacing';
import { requestUntilProcessed } from '../../transport/processing';
import type { EndpointRequest } from '../define';
import type { TerraDataType } from './catalogue';

interface GetOptions {
	windowDays?: number;
	concurrency?: number;
	maxWaitSeconds?: number;
	userConcurrency?: number;
	userPageSize?: number;
}

/** A data Get's parameters for one input item, read once and shared by every user it fetches. */
export interface PullPlan {
	type: TerraDataType;
	delivery: 'inline' | 'webhook';
	output: DataOutput;
	fields: string[];
	withSamples?: boolean;
	/** The date windows to request (one undefined entry for athlete, which has no dates). */
	windows: Array<TerraWindow | undefined>;
	concurrency: number;
	maxWaitMs: number;
	options: GetOptions;
}

function selectedFields(context: IExecuteFunctions, itemIndex: number): string[] {
	const fields = parseIdList(context.getNodeParameter('fields', itemIndex, ''));
	if (fields.length) return fields;
	throw invalidInput(
		context.getNode(),
		itemIndex,
		'“Fields” is empty',
		'Pick one or more fields, or give their dot paths in an expression, e.g. metadata.start_time, heart_rate_data.summary.avg_hr_bpm.',
	);
}

export function readPullPlan(context: IExecuteFunctions, itemIndex: number, type: TerraDataType): PullPlan {
	const delivery = context.getNodeParameter('delivery', itemIndex, 'inline', WITHOUT_SCHEMA_WALK) as 'inline' | 'webhook';
	const output = (delivery === 'inline' ? context.getNodeParameter('output', itemIndex, 'simplified', WITHOUT_SCHEMA_WALK) : 'raw') as DataOutput;
	const options = context.getNodeParameter('options', itemIndex, {}, WITHOUT_SCHEMA_WALK) as GetOptions;
	const windowDays = delivery === 'webhook' ? MAX_DAYS_PER_REQUEST : Math.floor(options.windowDays ?? 30);
	return {
		type,
		delivery,
		output,
		fields: output === 'selected' ? selectedFields(context, itemIndex) : [],
		withSamples: type.samples ? (context.getNodeParameter('withSamples', itemIndex, false, WITHOUT_SCHEMA_WALK) as boolean) : undefined,
		windows: type.dated ? dataWindows(readDateRange(context, itemIndex), windowDays) : [undefined],
		concurrency: Math.floor(options.concurrency ?? 3),
		maxWaitMs: Math.max(0, options.maxWaitSeconds ?? 120) * 1000,
		options,
	};
}

/** Every window of the plan for one user, in date order. */
export async function fetchWindows(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: PullPlan,
	request: EndpointRequest,
	userId: string,
	gate?: RequestGate,
): Promise<WindowResponse[]> {
	const { type, windows } = plan;
	const budget = new WaitBudget(plan.maxWaitMs);
	const costs = windows.map((window) => requestCostDays(window?.start_date, window?.end_date));
	const pacer = new PullPacer(context, userRateBudget(context, userId), costs, budget, itemIndex);
	let done = 0;
	return await mapWithConcurrency(windows, plan.concurrency, async (window, index) => {
		const qs: IDataObject = { user_id: userId, ...window, to_webhook: plan.delivery === 'webhook' };
		if (plan.withSamples !== undefined) qs.with_samples = plan.withSamples;
		await pacer.beforeSend(index);
		let response: TerraResponse<IDataObject> | undefined;
		try {
			response = await requestUntilProcessed(
				context,
				async () => await request<IDataObject>({ qs, waitBudget: budget, gate }),
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
			context.logger.info(
				`Terra ${type.resource}: window ${done}/${windows.length} (${String(qs.start_date)} to ${String(qs.end_date)}, end excluded) fetched for ${userId}`,
			);
		}
		return { qs, response };
	});
}

function isNoDestinationProblem(body: unknown): boolean {
	if (!body || typeof body !== 'object') return false;
	const record = body as IDataObject;
	return typeof record.detail === 'string' && /destination/i.test(record.detail) && !('reference' in record);
}

/** The output items of one user's responses, per Delivery and Output. */
export function pullItems(
	context: IExecuteFunctions,
	itemIndex: number,
	plan: PullPlan,
	responses: WindowResponse[],
	user: UserRef,
): IDataObject[] {
	if (plan.delivery === 'webhook') {
		return responses.map((window) => {
			const { body } = window.response;
			if (isNoDestinationProblem(body)) {
				throw new NodeApiError(context.getNode(), body as JsonObject, {
					message: `Terra has no webhook destination to send this data to: ${String(body.detail)}`,
					description:
						'Add a webhook destination in the Terra dashboard (Connections → Destinations → Webhook), or set Delivery to “Return Data Here”.',
					itemIndex,
				});
			}
			return acknowledgementItem(window);
		});
	}
	if (plan.output === 'raw') return responses.map(rawResponseItem);
	return recordItems(
		responses,
		{
			output: plan.output,
			type: plan.type.resource,
			recordsKey: plan.type.recordsKey ?? 'data',
			columns: plan.type.simplified,
			fields: plan.fields,
		},
		user,
	);
}
