/** The items a verified (or, with verification skipped, accepted) delivery starts the workflow with. */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { OPTION_DEFAULTS, type TriggerOptions } from './description';
import { ALL_EVENTS, eventTypeOf, isEventSelected } from './events';
import { eventItem, shapeEvent, type DeliveryMetadata } from './output';
import { fetchS3Payload, s3PayloadUrl } from './s3Payload';
import { simplifiedItems } from './simplified';

/** The items of one event per Output: Simplified records for data events, else the event (split when asked). */
function itemsOfEvent(body: unknown, metadata: DeliveryMetadata, output: string, split: boolean): IDataObject[] {
	return (output === 'simplified' ? simplifiedItems(body, metadata) : undefined) ?? shapeEvent(body, metadata, split);
}

export function optionsOf(context: Pick<IWebhookFunctions, 'getNodeParameter'>): TriggerOptions & typeof OPTION_DEFAULTS {
	const options = context.getNodeParameter('options', {}) as TriggerOptions;
	const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined && value !== ''));
	return { ...OPTION_DEFAULTS, ...defined };
}

export interface Delivery {
	body: unknown;
	metadata: DeliveryMetadata;
	verified: boolean;
}

/** The items a delivery starts the workflow with (none when its event is not selected). */
export async function itemsFor(this: IWebhookFunctions, delivery: Delivery, options: ReturnType<typeof optionsOf>): Promise<IDataObject[]> {
	const { body, metadata } = delivery;
	const selected = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
	const split = options.splitIntoRecords === true;
	const output = this.getNodeParameter('output', 'event') as string;
	const s3Url = options.fetchS3Payloads && metadata.eventType === 's3_payload' ? s3PayloadUrl(body) : undefined;
	if (s3Url === undefined) {
		if (!isEventSelected(metadata.eventType, selected)) {
			this.logger.debug('Terra Trigger acknowledged an event that is not selected', { eventType: metadata.eventType });
			return [];
		}
		return itemsOfEvent(body, metadata, output, split);
	}
	let error: string;
	if (!delivery.verified && options.fetchUnverifiedS3Payloads !== true) {
		error =
			'The s3_payload URL was not fetched: the delivery’s signature did not verify (turn on “Fetch S3 Payloads Without Verification” only for tests)';
	} else {
		const fetched = await fetchS3Payload.call(this, s3Url, {
			hosts: options.s3PayloadHosts,
			maxBytes: options.s3MaxSizeMb * 1024 * 1024,
			timeoutMs: options.s3TimeoutSeconds * 1000,
		});
		if ('event' in fetched) {
			const fetchedType = eventTypeOf(fetched.event);
			if (!isEventSelected(fetchedType, selected) && !selected.includes('s3_payload')) {
				this.logger.debug('Terra Trigger fetched an s3_payload event that is not selected', { eventType: fetchedType });
				return [];
			}
			return itemsOfEvent(fetched.event, { ...metadata, eventType: fetchedType, source: 's3_payload' }, output, split);
		}
		error = fetched.error;
	}
	this.logger.warn(`Terra Trigger: ${error}`, {
		node: this.getNode().name,
		workflowId: this.getWorkflow().id,
		reference: metadata.reference,
	});
	return [eventItem(body, metadata, { error })];
}

