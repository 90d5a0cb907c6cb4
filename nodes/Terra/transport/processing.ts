/**
 * Garmin (and some other providers) answer a first data request with "processing, retry after N s" instead of
 * data, while they prepare older data. This waits and asks again, inside the request's wait budget.
 */
import { NodeApiError, sleep, type IDataObject, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { TerraResponse, WaitBudget } from './index';

/**
 * Seconds to wait when the body says "processing", or undefined when it carries data (or anything else). A body with
 * a `reference` is Terra's acknowledgement of queued webhook work (the legacy `large_request_processing` form says
 * "processing" too): asking again would queue the work again, so it is an answer, not a request to come back.
 */
export function processingDelaySeconds(body: unknown): number | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const record = body as IDataObject;
	if (record.type !== 'processing' && record.status !== 'processing') return undefined;
	if (Array.isArray(record.data) || typeof record.reference === 'string') return undefined;
	const seconds = Number(record.retry_after_seconds);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : 10;
}

export interface ProcessingWait {
	budget: WaitBudget;
	itemIndex: number;
	/** What was asked for, for the error: "Terra is still processing this <subject> request". */
	subject: string;
	/** Names the request in the log line written before each wait. */
	logLabel: string;
}

/** Sends `send()` until the answer is not "processing", waiting as Terra asks; fails once the budget is spent. */
export async function requestUntilProcessed(
	context: IExecuteFunctions,
	send: () => Promise<TerraResponse<IDataObject>>,
	wait: ProcessingWait,
): Promise<TerraResponse<IDataObject>> {
	const { budget } = wait;
	for (;;) {
		const response = await send();
		const delaySeconds = processingDelaySeconds(response.body);
		if (delaySeconds === undefined) return response;
		const waitMs = delaySeconds * 1000;
		if (budget.waitedMs + waitMs > budget.maxTotalWaitMs) {
			throw new NodeApiError(context.getNode(), response.body as JsonObject, {
				message: `Terra is still processing this ${wait.subject} request (retry after ${delaySeconds} s)`,
				description:
					'The provider (typically Garmin) prepares older data asynchronously. Run the node again later, raise “Max Wait (Seconds)”, or use webhook delivery.',
				itemIndex: wait.itemIndex,
			});
		}
		context.logger.info(`${wait.logLabel}, retrying in ${delaySeconds} s`);
		budget.waitedMs += waitMs;
		await sleep(waitMs);
	}
}
