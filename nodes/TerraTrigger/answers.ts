/**
 * How the trigger answers Terra, and what it logs about refused deliveries.
 *
 * The trigger answers every request itself and returns `noWebhookResponse`, so n8n never answers for it. An accepted
 * delivery gets its empty 200 right after verification: n8n's own "onReceived" answer comes only after
 * WorkflowRunner.run() has created the execution, and Terra (about 8 s timeout, then retries) should not wait for
 * that, nor for an s3_payload download.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { SignatureFailureReason } from './verifySignature';

/** What to check for each refusal reason, in the words of the README's table. */
const REFUSAL_HINTS: Record<SignatureFailureReason, string> = {
	'no-secret-configured': 'the Terra API credential has no Webhook Signing Secret',
	'missing-raw-body': 'n8n did not pass the request body to the node',
	'missing-header': 'the request has no X-Terra-Signature header; it probably did not come from Terra',
	'malformed-header': 'the X-Terra-Signature header is not in Terra’s t=…,v1=… format',
	'missing-timestamp': 'the X-Terra-Signature header has no t= part',
	'missing-v1-signature': 'the X-Terra-Signature header has no v1= signature',
	'no-matching-signature':
		'the signing secret in the credential is not this destination’s (copy it again from Connections → Destinations → Webhook → Edit), or a proxy changed the body',
	'timestamp-too-old': 'signed longer ago than Timestamp Tolerance: a replay, or this server’s clock is behind',
	'timestamp-in-future': 'signed later than now plus Timestamp Tolerance: this server’s clock is ahead',
};

export function rejectDelivery(this: IWebhookFunctions): IWebhookResponseData {
	this.getResponseObject().status(401).send('Unauthorized').end();
	return { noWebhookResponse: true };
}

export function acknowledgeDelivery(this: IWebhookFunctions): void {
	this.getResponseObject().status(200).end();
}

/** The webhook's result once the delivery is answered: an execution with these items, or none. */
export function afterAcknowledgement(this: IWebhookFunctions, items: IDataObject[]): IWebhookResponseData {
	if (items.length === 0) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(items)] };
}

/**
 * A refused delivery is logged at warn, so a wrong secret shows in n8n's log and not only as 401s in Terra's
 * dashboard. The reason and the signature's `t` are logged; the secret and the signature never are. With
 * verification skipped the delivery is accepted and this is only a debug line.
 */
export function logUnverified(
	this: IWebhookFunctions,
	verification: { reason: SignatureFailureReason; timestamp?: number },
	accepted: boolean,
): void {
	const details = {
		reason: verification.reason,
		signatureTimestamp: verification.timestamp,
		node: this.getNode().name,
		workflowId: this.getWorkflow().id,
	};
	const hint = REFUSAL_HINTS[verification.reason];
	if (accepted) {
		this.logger.debug(
			`Terra Trigger accepted an unverified webhook delivery (Skip Signature Verification is on): ${verification.reason}, ${hint}`,
			details,
		);
		return;
	}
	this.logger.warn(`Terra Trigger refused a webhook delivery (answered 401): ${verification.reason}, ${hint}`, details);
}
